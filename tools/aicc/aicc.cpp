// aicc: compile an ONNX model into a shared object the aicc runtime loads, or into an object or
// archive (with a header) that a program links.
//
//   aicc MODEL.onnx -o OUT.so [--emit=so|mlir|optimized|llvm] [--mcpu=NAME] [--input-shape NAME=1x3x224x224] [-v]
//        [--mlir-timing]   (-v: time and memory per stage; --mlir-timing: time per MLIR pass)
//        [--quantize=dynamic]   (int8 matmuls with constant weights)
//        [--quantize=int8 --calibration-data DIR [--calibration-method=minmax|percentile|entropy]
//         [--keep-fp32=NODE_OR_OP_TYPE,...]]   (int8 convolutions too, activation ranges from DIR)
//        [--precision=bf16 [--keep-fp32=...]]   (convolutions, matmuls and LSTMs in bf16, f32 sums)
//        [--report FILE [--calibration-data DIR]]   (with --quantize or --precision=bf16: each kernel's
//         precision, the error against f32 on DIR)
//   aicc MODEL.onnx -o NAME.o|libNAME.a [--name NAME] [--header FILE]   (NAME.h beside the output)
//   aicc MODEL.onnx -c -o model.o   (model.so's object: link it with -shared -laiccrt -lm)
//        [--depfile FILE]  (a Makefile rule: the output depends on the model and its external data)
//   aicc --list-ops | --version
#include "aicc/model_abi.h"
#include "compiler/Compiler.h"
#include "compiler/Diagnostics.h"
#include "compiler/emit/LinkedArtifact.h"
#include "dnnl.h"
#include "llvm/Config/llvm-config.h"
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
static cl::opt<aicc::CompileOptions::Emit>
    emit("emit", cl::desc("What to produce"), cl::init(aicc::CompileOptions::Emit::SharedObject),
         cl::values(clEnumValN(aicc::CompileOptions::Emit::SharedObject, "so", "a loadable model artifact (default)"),
                    clEnumValN(aicc::CompileOptions::Emit::Mlir, "mlir", "the imported aicc dialect"),
                    clEnumValN(aicc::CompileOptions::Emit::Optimized, "optimized",
                               "after graph passes, kernel selection and fusion"),
                    clEnumValN(aicc::CompileOptions::Emit::LlvmIR, "llvm", "the optimized LLVM IR")),
         cl::cat(category));
static cl::opt<std::string> mcpu("mcpu", cl::desc("Target CPU (default: this machine's), e.g. x86-64-v3"),
                                 cl::cat(category));
static cl::opt<aicc::Quantization>
    quantize("quantize", cl::desc("Run in lower precision"), cl::init(aicc::Quantization::None),
             cl::values(clEnumValN(aicc::Quantization::Dynamic, "dynamic",
                                   "MatMul and Gemm with constant weights in int8 (weights per column, activations "
                                   "quantized on each run); f32 in, f32 out"),
                        clEnumValN(aicc::Quantization::Int8, "int8",
                                   "dynamic, and convolutions in int8 (weights per output channel, activations per "
                                   "tensor over the ranges they take on --calibration-data)")),
             cl::cat(category));
static cl::opt<aicc::Precision> precision(
    "precision", cl::desc("What the kernels that are not int8 compute in"), cl::init(aicc::Precision::F32),
    cl::values(clEnumValN(aicc::Precision::F32, "f32", "f32 (default)"),
               clEnumValN(aicc::Precision::Bf16, "bf16",
                          "convolutions, matmuls and LSTMs round their inputs (an LSTM its state) and weights to "
                          "bf16 and sum in f32, on CPUs with AVX512_BF16 or AMX; f32 in, f32 out")),
    cl::cat(category));
static cl::opt<std::string> calibrationData("calibration-data",
                                            cl::desc("With --quantize=int8: input sets in ONNX's test-data layout "
                                                     "(DIR/<set>/input_N.pb), run in f32 to measure activations; "
                                                     "with --report, also where the error against f32 is measured"),
                                            cl::value_desc("DIR"), cl::cat(category));
static cl::opt<aicc::CalibrationMethod> calibrationMethod(
    "calibration-method", cl::desc("How measured activations become ranges"), cl::init(aicc::CalibrationMethod::MinMax),
    cl::values(clEnumValN(aicc::CalibrationMethod::MinMax, "minmax", "the smallest and largest value (default)"),
               clEnumValN(aicc::CalibrationMethod::Percentile, "percentile",
                          "the values at --calibration-percentile and 100 minus it: outliers clipped"),
               clEnumValN(aicc::CalibrationMethod::Entropy, "entropy",
                          "TensorRT's entropy calibration: the clipping threshold that loses the least "
                          "information (KL divergence) to clipping and rounding")),
    cl::cat(category));
static cl::opt<double> calibrationPercentile("calibration-percentile",
                                             cl::desc("With --calibration-method=percentile (default 99.99)"),
                                             cl::init(99.99), cl::cat(category));
static cl::opt<std::string> reportPath("report",
                                       cl::desc("With --quantize or --precision=bf16: write a JSON report there: each "
                                                "kernel's precision and the outputs' error against f32 on the "
                                                "calibration data (-v prints a summary)"),
                                       cl::value_desc("path"), cl::cat(category));
static cl::list<std::string> keepFp32("keep-fp32",
                                      cl::desc("With --quantize or --precision=bf16: ONNX nodes (by name) or op types "
                                               "that stay f32"),
                                      cl::value_desc("name,..."), cl::CommaSeparated, cl::cat(category));
static cl::list<std::string> inputShapes("input-shape", cl::desc("Fix an input's shape: NAME=D0xD1x..."),
                                         cl::value_desc("name=dims"), cl::cat(category));
static cl::opt<bool> verbose("v", cl::desc("Print every diagnostic, and each stage's time and memory"),
                             cl::cat(category));
static cl::opt<std::string> linkName("name",
                                     cl::desc("With -o NAME.o or libNAME.a: the model's name in NAME_artifact() "
                                              "(default: from the output's file name)"),
                                     cl::value_desc("NAME"), cl::cat(category));
static cl::opt<std::string> headerPath("header",
                                       cl::desc("With -o *.o or *.a: where NAME.h goes (default: beside the output)"),
                                       cl::value_desc("path"), cl::cat(category));
static cl::opt<bool> compileOnly("c",
                                 cl::desc("Write the object that model.so is linked from, for a build system "
                                          "to link (-shared -laiccrt -lm)"),
                                 cl::cat(category));
static cl::opt<std::string> depfile("depfile",
                                    cl::desc("Also write a Makefile rule: the output depends on the model and its "
                                             "external-data files (for build systems)"),
                                    cl::value_desc("path"), cl::cat(category));
static cl::opt<bool> listOps("list-ops", cl::desc("Print the ONNX op types aicc compiles for the CPU"),
                             cl::cat(category));

static int error(const llvm::Twine &message) {
  llvm::errs() << "aicc: error: " << message << "\n";
  return 1;
}

static void printVersion(llvm::raw_ostream &os) {
  const dnnl_version_t *onednn = dnnl_version();
  os << "aicc " AICC_VERSION "\n"
     << "  LLVM " LLVM_VERSION_STRING "\n"
     << "  oneDNN " << onednn->major << "." << onednn->minor << "." << onednn->patch << "\n"
     << "  artifact ABI " << AICC_MODEL_ABI_VERSION << " (the runtime loads " << AICC_MODEL_ABI_OLDEST_VERSION << " to "
     << AICC_MODEL_ABI_VERSION << ")\n";
}

/// The form of artifact -o asks for, from its extension, with the NAME of a linked one.
static llvm::Error chooseArtifact(aicc::CompileOptions &options) {
  llvm::StringRef path = options.outputPath;
  llvm::StringRef file = llvm::sys::path::filename(path);
  const bool object = path.ends_with(".o"), archive = path.ends_with(".a");
  if (compileOnly && (archive || path.ends_with(".so")))
    return aicc::fail("-c writes an object file: name it -o FILE.o");
  if (compileOnly || (!object && !archive)) {
    if (!linkName.empty() || !headerPath.empty())
      return aicc::fail("--name and --header are for a model linked into a program: -o NAME.o or libNAME.a");
    if (compileOnly) options.emit = aicc::CompileOptions::Emit::LoadableObject;
    return llvm::Error::success();
  }
  options.emit = object ? aicc::CompileOptions::Emit::Object : aicc::CompileOptions::Emit::Archive;
  llvm::StringRef stem = llvm::sys::path::stem(file);
  if (archive) stem.consume_front("lib");
  options.linkName = linkName.empty() ? stem.str() : linkName.getValue();
  if (!aicc::isLinkName(options.linkName))
    return aicc::fail("'" + options.linkName + "' cannot name a linked model: it must be a C identifier" +
                      (linkName.empty() ? " (name it with --name)" : ""));
  options.headerPath = headerPath;
  if (options.headerPath.empty()) {
    llvm::SmallString<256> header(llvm::sys::path::parent_path(path));
    llvm::sys::path::append(header, options.linkName + ".h");
    options.headerPath = std::string(header);
  }
  return llvm::Error::success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerDefaultTimingManagerCLOptions(); // --mlir-timing: per-pass times of every pass manager
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(argc, argv, "aicc: ONNX model compiler\n");

  if (listOps) {
    // One compiled op per line, then '#' lines (which tools reading the list skip): the count and
    // every op not compiled, with why.
    aicc::OpCoverage coverage = aicc::cpuOpCoverage();
    for (const auto &op : coverage.compiled) llvm::outs() << op << "\n";
    llvm::outs() << "# " << coverage.compiled.size() << " of the " << coverage.total
                 << " op types of ONNX 1.12's default domain (Scatter and Upsample through ONNX's version converter)\n";
    for (const auto &[op, why] : coverage.notCompiled) llvm::outs() << "# not compiled: " << op << ": " << why << "\n";
    return 0;
  }
  if (input.empty()) return error("no input model (usage: aicc MODEL.onnx -o OUT.so)");

  aicc::CompileOptions options;
  options.inputPath = input;
  options.emit = emit;
  options.cpu = mcpu;
  options.quantize = quantize;
  options.precision = precision;
  const bool lowered = quantize != aicc::Quantization::None || precision == aicc::Precision::Bf16;
  if (!calibrationData.empty() && quantize != aicc::Quantization::Int8 &&
      !(precision == aicc::Precision::Bf16 && !reportPath.empty()))
    return error("--calibration-data is for --quantize=int8, or --precision=bf16 with --report");
  if (quantize == aicc::Quantization::Int8 && calibrationData.empty())
    return error("--quantize=int8 needs --calibration-data DIR: input sets to measure the activations on");
  if (!keepFp32.empty() && !lowered) return error("--keep-fp32 is for --quantize or --precision=bf16");
  if (!(calibrationPercentile > 50 && calibrationPercentile <= 100))
    return error("--calibration-percentile must be above 50 and at most 100");
  if (calibrationMethod.getNumOccurrences() && quantize != aicc::Quantization::Int8)
    return error("--calibration-method is for --quantize=int8");
  if (calibrationPercentile.getNumOccurrences() && calibrationMethod != aicc::CalibrationMethod::Percentile)
    return error("--calibration-percentile is for --calibration-method=percentile");
  options.calibration.dataDir = calibrationData;
  options.calibration.method = calibrationMethod;
  options.calibration.percentile = calibrationPercentile;
  options.calibration.verbose = verbose;
  options.keepFp32.assign(keepFp32.begin(), keepFp32.end());
  if (!reportPath.empty() && !lowered) return error("--report is for --quantize or --precision=bf16");
  options.reportPath = reportPath;
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
    llvm::sys::path::replace_extension(path, compileOnly ? "o" : "so");
    options.outputPath = textual ? "-" : std::string(path);
  }
  if (!textual)
    if (auto err = chooseArtifact(options)) return error(llvm::toString(std::move(err)));
  options.depfilePath = depfile;

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
