// Artifacts a compile builds for the host and runs with aicc-run, in a process of its own:
// constant evaluation and calibration. A crash or a hang there does not end the compiler, and
// oneDNN's process-wide settings (the ISA an artifact's weights are packed for) stay the compile's.
#ifndef AICC_COMPILER_HOSTARTIFACT_H
#define AICC_COMPILER_HOSTARTIFACT_H

#include <optional>
#include <string>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Error.h"
#include "mlir/IR/BuiltinOps.h"

namespace aicc {

/// The folder libaiccrt was loaded from: a host artifact links against the runtime this process
/// runs, wherever it is installed.
std::optional<std::string> runtimeLibDir();

/// aicc-run, beside the running compiler (bin/aicc, bin/aicc-opt).
std::optional<std::string> aiccRunPath();

/// A fresh folder, removed with what it holds when this goes out of scope.
struct TemporaryFolder {
  llvm::SmallString<128> path;
  /// Creates it, named after `prefix`.
  llvm::Error create(llvm::StringRef prefix);
  ~TemporaryFolder();
  std::string file(llvm::StringRef name) const;
};

/// Compiles `module` (graph-optimized, entry function with its names) for the host, in f32, into
/// the shared object at `path`, linked against the runtime in `libDir`. Weights are not prepacked:
/// the artifact runs once, and its compile leaves the runtime's process-wide settings alone.
llvm::Error compileForHost(mlir::ModuleOp module, const std::string &path, const std::string &libDir,
                           llvm::StringRef producer);

} // namespace aicc

#endif // AICC_COMPILER_HOSTARTIFACT_H
