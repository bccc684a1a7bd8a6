// Code generation for x86: target machine, optimization, object file; linking into a shared object,
// a relocatable object or a static archive.
#include "compiler/emit/ObjectEmitter.h"
#include "compiler/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/MC/MCSubtargetInfo.h"

namespace aicc {
namespace {

/// The features the runtime can check on the machine that loads the artifact.
constexpr const char *kCheckedFeatures[] = {
#define AICC_CPU_FEATURE(name) name,
#include "aicc/cpu_features.def"
#undef AICC_CPU_FEATURE
};

} // namespace

llvm::Expected<CpuTarget> createCpuTarget(llvm::StringRef cpuName) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target) return fail("no LLVM target for " + triple.str() + ": " + error);

  CpuTarget result;
  if (cpuName.empty()) {
    result.cpu = llvm::sys::getHostCPUName().str();
    llvm::SmallVector<std::string> features;
    for (const auto &[name, enabled] : llvm::sys::getHostCPUFeatures())
      features.push_back((enabled ? "+" : "-") + name.str());
    llvm::sort(features);
    result.features = llvm::join(features, ",");
  } else {
    result.cpu = cpuName.str();
  }

  // Ask a generic subtarget first: creating one for an unknown CPU prints warnings to stderr.
  std::unique_ptr<llvm::MCSubtargetInfo> generic(target->createMCSubtargetInfo(triple, "", ""));
  if (!generic || !generic->isCPUStringValid(result.cpu))
    return fail("unknown --mcpu '" + result.cpu +
                "' (try x86-64, x86-64-v2, x86-64-v3, x86-64-v4, skylake-avx512, znver4)");

  llvm::TargetOptions options;
  result.machine.reset(target->createTargetMachine(triple, result.cpu, result.features, options, llvm::Reloc::PIC_,
                                                   std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!result.machine) return fail("cannot create a target machine for CPU '" + result.cpu + "'");
  const llvm::MCSubtargetInfo *subtarget = result.machine->getMCSubtargetInfo();

  llvm::SmallVector<llvm::StringRef> recorded;
  for (const char *feature : kCheckedFeatures)
    if (subtarget->checkFeatures(std::string("+") + feature)) recorded.push_back(feature);
  result.recordedFeatures = llvm::join(recorded, ",");
  return result;
}

void optimizeModule(llvm::Module &module, CpuTarget &target) {
  llvm::TargetMachine &machine = *target.machine;
  module.setTargetTriple(machine.getTargetTriple());
  module.setDataLayout(machine.createDataLayout());
  // The vectorizer and instruction selection read the CPU from each function.
  for (llvm::Function &f : module) {
    if (f.isDeclaration()) continue;
    f.addFnAttr("target-cpu", target.cpu);
    if (!target.features.empty()) f.addFnAttr("target-features", target.features);
  }

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder passes(&machine);
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(cgscc);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, cgscc, modules);
  passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3).run(module, modules);
}

llvm::Error emitObjectFile(llvm::Module &module, CpuTarget &target, llvm::StringRef path) {
  optimizeModule(module, target);
  llvm::TargetMachine &machine = *target.machine;

  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec) return fail("cannot write '" + path + "': " + ec.message());
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, out.os(), nullptr, llvm::CodeGenFileType::ObjectFile))
    return fail("the target cannot emit object files");
  codegen.run(module);
  out.keep();
  return llvm::Error::success();
}

namespace {

/// Runs clang-22 as the linker driver with `args` (after the program name); the error names
/// `output` and the linker's first error line.
llvm::Error runLinker(llvm::ArrayRef<llvm::StringRef> args, llvm::StringRef output) {
  auto clang = llvm::sys::findProgramByName("clang-22", {"/usr/lib/llvm-22/bin", "/usr/bin"});
  if (!clang) clang = llvm::sys::findProgramByName("clang", {"/usr/lib/llvm-22/bin"});
  if (!clang) return fail("cannot find clang-22 to link the artifact (install clang-22)");
  llvm::SmallVector<llvm::StringRef> argv{*clang};
  argv.append(args.begin(), args.end());
  llvm::SmallString<128> log;
  if (auto ec = llvm::sys::fs::createTemporaryFile("aicc-link", "log", log))
    return fail("cannot create a temporary file: " + ec.message());
  llvm::FileRemover removeLog(log);
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(log), llvm::StringRef(log)};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*clang, argv, std::nullopt, redirects, 0, 0, &message);
  if (rc != 0) {
    // The linker's first error line says what is wrong; the rest is clang's summary.
    std::string detail = message;
    if (auto text = llvm::MemoryBuffer::getFile(log)) {
      llvm::SmallVector<llvm::StringRef> lines;
      (*text)->getBuffer().split(lines, '\n', -1, false);
      auto error =
          llvm::find_if(lines, [](llvm::StringRef l) { return l.contains("error") || l.contains("undefined"); });
      if (error != lines.end()) detail = error->trim().str();
    }
    return fail("linking '" + output + "' failed: " + detail);
  }
  return llvm::Error::success();
}

} // namespace

llvm::Error linkSharedObject(llvm::ArrayRef<std::string> objects, llvm::StringRef output,
                             llvm::StringRef runtimeLibDir) {
  std::string libFlag = ("-L" + runtimeLibDir).str();
  llvm::SmallVector<llvm::StringRef> args{"-shared", "-o", output};
  for (const auto &object : objects) args.push_back(object);
  // -z defs: an unresolved symbol is a compile-time error, not a failure at dlopen. libm serves the
  // math functions LLVM has no inline expansion for (expf, tanhf, erff, ...).
  args.append({libFlag, "-laiccrt", "-lm", "-Wl,-z,defs", "-Wl,-z,noexecstack"});
  return runLinker(args, output);
}

llvm::Error linkRelocatableObject(llvm::ArrayRef<std::string> objects, llvm::StringRef output) {
  llvm::SmallVector<llvm::StringRef> args{"-r", "-nostdlib", "-o", output};
  for (const auto &object : objects) args.push_back(object);
  return runLinker(args, output);
}

llvm::Error writeStaticArchive(llvm::StringRef object, llvm::StringRef memberName, llvm::StringRef output) {
  auto buffer = llvm::MemoryBuffer::getFile(object, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) return fail("cannot read '" + object + "': " + buffer.getError().message());
  llvm::NewArchiveMember member((*buffer)->getMemBufferRef());
  member.MemberName = memberName;
  // Deterministic: no time stamps, owners or modes, so that two compiles are byte-identical.
  if (auto err = llvm::writeArchive(output, member, llvm::SymtabWritingMode::NormalSymtab, llvm::object::Archive::K_GNU,
                                    /*Deterministic=*/true, /*Thin=*/false))
    return fail("cannot write '" + output + "': " + llvm::toString(std::move(err)));
  return llvm::Error::success();
}

} // namespace aicc
