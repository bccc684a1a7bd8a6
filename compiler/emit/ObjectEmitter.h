// LLVM module → optimized native object file for an x86 CPU (the host's by default).
#ifndef AICC_COMPILER_EMIT_OBJECTEMITTER_H
#define AICC_COMPILER_EMIT_OBJECTEMITTER_H

#include <memory>
#include <string>

#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

namespace llvm {
class Module;
}

namespace aicc {

struct CpuTarget {
  std::unique_ptr<llvm::TargetMachine> machine;
  std::string cpu;
  std::string features;         // LLVM feature string given to the target machine
  std::string recordedFeatures; // comma-separated features of aicc/cpu_features.def the code may use
};

/// `cpuName` empty means the host CPU with exactly the host's features.
llvm::Expected<CpuTarget> createCpuTarget(llvm::StringRef cpuName);

/// Sets `target`'s triple, data layout and CPU on `module` and runs LLVM's O3 pipeline on it.
void optimizeModule(llvm::Module &module, CpuTarget &target);

/// Optimizes `module` (optimizeModule), then writes it as an object file.
llvm::Error emitObjectFile(llvm::Module &module, CpuTarget &target, llvm::StringRef path);

/// Links objects into a shared library that depends on libaiccrt (found in `runtimeLibDir`).
llvm::Error linkSharedObject(llvm::ArrayRef<std::string> objects, llvm::StringRef output,
                             llvm::StringRef runtimeLibDir);

/// Links objects into one relocatable object (ld -r), for a program to link.
llvm::Error linkRelocatableObject(llvm::ArrayRef<std::string> objects, llvm::StringRef output);

/// Writes a static archive whose one member, `memberName`, holds the bytes of `object`: no time
/// stamps, owners or modes.
llvm::Error writeStaticArchive(llvm::StringRef object, llvm::StringRef memberName, llvm::StringRef output);

} // namespace aicc

#endif // AICC_COMPILER_EMIT_OBJECTEMITTER_H
