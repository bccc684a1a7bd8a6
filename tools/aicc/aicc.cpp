// aicc: compile an ONNX model into a shared object the aicc runtime loads.
//
//   aicc MODEL.onnx -o OUT.so [--emit=so|mlir|optimized|llvm] [--mcpu=NAME] [--input-shape NAME=1x3x224x224] [-v]
//        [--mlir-timing]   (-v: time and memory per stage; --mlir-timing: time per MLIR pass)
//   aicc --list-ops
#include "compiler/Compiler.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "mlir/Support/Timing.h"

namespace cl = llvm::cl;

static cl::OptionCategory category("aicc options");
static cl::opt<std::string> input(cl::Positional, cl::desc("<model.onnx>"), cl::cat(category));
static cl::opt<std::string> output("o", cl::desc("Output file (default: the model's name with .so, or - for text)"),
                                   cl::value_desc("path"), cl::cat(category));
static cl::opt<aicc::CompileOptions::Emit> emit(
    "emit", cl::desc("What to produce"), cl::init(aicc::CompileOptions::Emit::SharedObject),
    cl::values(clEnumValN(aicc::CompileOptions::Emit::SharedObject, "so", "a loadable model artifact (default)"),
               clEnumValN(aicc::CompileOptions::Emit::Mlir, "mlir", "the imported aicc dialect"),
               clEnumValN(aicc::CompileOptions::Emit::Optimized, "optimized", "after graph passes, kernel selection and fusion"),
               clEnumValN(aicc::CompileOptions::Emit::LlvmIR, "llvm", "the optimized LLVM IR")),
    cl::cat(category));
static cl::opt<std::string> mcpu("mcpu", cl::desc("Target CPU (default: this machine's), e.g. x86-64-v3"),
                                 cl::cat(category));
static cl::list<std::string> inputShapes("input-shape", cl::desc("Fix an input's shape: NAME=D0xD1x..."),
                                         cl::value_desc("name=dims"), cl::cat(category));
static cl::opt<bool> verbose("v", cl::desc("Print every diagnostic, and each stage's time and memory"),
                             cl::cat(category));
static cl::opt<bool> listOps("list-ops", cl::desc("Print the ONNX op types aicc compiles for the CPU"),
                             cl::cat(category));

static int error(const llvm::Twine &message) {
  llvm::errs() << "aicc: error: " << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerDefaultTimingManagerCLOptions(); // --mlir-timing: per-pass times of every pass manager
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, "aicc: ONNX model compiler\n");

  if (listOps) {
    for (const auto &op : aicc::supportedCpuOps()) llvm::outs() << op << "\n";
    return 0;
  }
  if (input.empty()) return error("no input model (usage: aicc MODEL.onnx -o OUT.so)");

  aicc::CompileOptions options;
  options.inputPath = input;
  options.emit = emit;
  options.cpu = mcpu;
  options.verbose = verbose;
  for (const auto &text : inputShapes) {
    auto shape = aicc::parseInputShapeOverride(text);
    if (!shape) return error(llvm::toString(shape.takeError()));
    options.inputShapes.push_back(std::move(*shape));
  }

  bool textual = emit != aicc::CompileOptions::Emit::SharedObject;
  options.outputPath = output;
  if (options.outputPath.empty()) {
    llvm::SmallString<256> path(input.getValue());
    llvm::sys::path::replace_extension(path, "so");
    options.outputPath = textual ? "-" : std::string(path);
  }

  // The runtime library is installed beside the compiler: bin/aicc, lib/libaiccrt.so.
  std::string self = llvm::sys::fs::getMainExecutable(argv[0], reinterpret_cast<void *>(&error));
  llvm::SmallString<256> libDir(llvm::sys::path::parent_path(llvm::sys::path::parent_path(self)));
  llvm::sys::path::append(libDir, "lib");
  options.runtimeLibDir = std::string(libDir);

  if (!textual) {
    if (auto err = aicc::compileModel(options, llvm::nulls())) return error(llvm::toString(std::move(err)));
    return 0;
  }
  std::error_code ec;
  llvm::ToolOutputFile out(options.outputPath, ec, llvm::sys::fs::OF_Text);
  if (ec) return error("cannot write '" + options.outputPath + "': " + ec.message());
  if (auto err = aicc::compileModel(options, out.os())) return error(llvm::toString(std::move(err)));
  out.keep();
  return 0;
}
