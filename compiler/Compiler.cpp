// The compilation driver; see Compiler.h.
#include "compiler/Compiler.h"
#include "compiler/Diagnostics.h"

#include <algorithm>
#include <set>

#include "compiler/ConstantEvaluation.h"
#include "compiler/GraphPipeline.h"
#include "compiler/QuantizationReport.h"
#include "compiler/StageTimer.h"
#include "compiler/TargetBackend.h"
#include "compiler/emit/LinkedArtifact.h"
#include "compiler/import/ModelLoader.h"
#include "compiler/import/OnnxImporter.h"
#include "dialects/AiccDialect.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "passes/Passes.h"
#include "onnx/defs/schema.h"

namespace aicc {
namespace {

using namespace mlir;

/// "node 'conv1'" for an op imported from an ONNX node, else "".
std::string nodeOf(Location loc) {
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::string node = nodeOf(inner); !node.empty()) return node;
  if (auto name = dyn_cast<NameLoc>(loc)) return "node '" + name.getName().str() + "'";
  return "";
}

/// Keeps the first error as one line naming its node; echoes everything under -v.
class FirstErrorCapture {
public:
  FirstErrorCapture(MLIRContext &context, bool verbose)
      : handler(&context, [this, verbose](Diagnostic &diag) {
          if (verbose)
            llvm::errs() << diag.getLocation() << ": " << diag.str() << "\n";
          else if (diag.getSeverity() == DiagnosticSeverity::Warning)
            llvm::errs() << "aicc: warning: " << diag.str() << "\n";
          if (diag.getSeverity() == DiagnosticSeverity::Error && message.empty()) {
            std::string node = nodeOf(diag.getLocation());
            message = (node.empty() ? "" : node + ": ") + diag.str();
            std::replace(message.begin(), message.end(), '\n', ' ');
          }
          return success();
        }) {}

  /// The captured diagnostic, or `fallback` when the failure emitted none.
  llvm::Error error(const llvm::Twine &fallback) const {
    return fail(message.empty() ? fallback : llvm::Twine(message));
  }

private:
  std::string message;
  ScopedDiagnosticHandler handler;
};

/// Writes `text` to `path` whole, or not at all.
llvm::Error writeFile(const std::string &path, llvm::StringRef text) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_Text);
  if (ec) return fail("cannot write '" + path + "': " + ec.message());
  out.os() << text;
  out.os().flush();
  if (out.os().has_error()) return fail("cannot write '" + path + "': " + out.os().error().message());
  out.keep();
  return llvm::Error::success();
}

/// A path as a Makefile rule (and Ninja's depfile reader) spells it.
std::string makeEscaped(llvm::StringRef path) {
  std::string escaped;
  for (char c : path) {
    if (c == ' ' || c == '#') escaped += '\\';
    if (c == '$') escaped += '$';
    escaped += c;
  }
  return escaped;
}

/// "target: source..." with one source per continued line.
std::string makeRule(llvm::StringRef target, llvm::ArrayRef<std::string> sources) {
  std::string rule = makeEscaped(target) + ":";
  for (const std::string &source : sources) rule += " \\\n  " + makeEscaped(source);
  return rule + "\n";
}

/// Prints the quantization summary (-v) and writes the report (--report).
llvm::Error finishReport(const QuantizationReport &report, const CompileOptions &options) {
  if (options.verbose) printSummary(report, llvm::errs());
  if (options.reportPath.empty()) return llvm::Error::success();
  std::string json;
  llvm::raw_string_ostream os(json);
  writeJson(report, os);
  return writeFile(options.reportPath, json);
}

} // namespace

OpCoverage cpuOpCoverage() {
  std::unique_ptr<TargetBackend> backend = createCpuBackend();
  llvm::StringSet<> supported;
  for (const auto &op : backend->supportedOps()) supported.insert(op);
  OpCoverage coverage;
  coverage.compiled = backend->supportedOps();
  // Old forms the version converter renames count when what they become is compiled.
  for (const auto &[old, current] : convertedOpTypes())
    if (supported.contains(current)) coverage.compiled.push_back(old);
  std::sort(coverage.compiled.begin(), coverage.compiled.end());
  std::set<std::string> all;
  for (const onnx::OpSchema &schema : onnx::OpSchemaRegistry::get_all_schemas())
    if (schema.domain().empty()) all.insert(schema.Name());
  coverage.total = all.size();
  for (const std::string &op : all) {
    if (std::binary_search(coverage.compiled.begin(), coverage.compiled.end(), op)) continue;
    std::optional<llvm::StringRef> why = backend->whyNotCompiled(op);
    coverage.notCompiled.emplace_back(op, why ? why->str() : "not implemented yet");
  }
  return coverage;
}

llvm::Error compileModel(const CompileOptions &options, llvm::raw_ostream &text) {
  std::unique_ptr<TargetBackend> backend = createCpuBackend();
  DialectRegistry registry;
  registry.insert<mlir::aicc::AiccDialect>();
  backend->registerDialects(registry);
  registerConstantEvaluation(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  FirstErrorCapture diagnostics(context, options.verbose);

  LoadOptions load;
  load.inputShapes = options.inputShapes;
  llvm::StringSet<> supported;
  for (const auto &op : backend->supportedOps()) supported.insert(op);
  // Importing for inspection accepts every ONNX op; compiling only what the target lowers.
  if (options.emit != CompileOptions::Emit::Mlir) {
    load.isSupportedOp = [&](llvm::StringRef op) { return supported.contains(op); };
    load.whyNotCompiled = [&](llvm::StringRef op) -> std::optional<std::string> {
      if (std::optional<llvm::StringRef> why = backend->whyNotCompiled(op)) return why->str();
      return std::nullopt;
    };
  }
  StageTimer loading("load (parse, check, infer)", options.verbose);
  auto loaded = loadOnnxModel(options.inputPath, load);
  if (!loaded) return loaded.takeError();
  loading.stop();

  StageTimer importing("import", options.verbose);
  auto module = importOnnxModel(context, *loaded);
  if (!module) return module.takeError();
  if (failed(verify(**module))) return diagnostics.error("the imported model does not verify");
  if (auto err = checkKeptInFp32(**module, options.keepFp32)) return err;
  // The weights now live in the module's resource blobs: drop the protobuf's copy.
  std::string sourceHash = std::move(loaded->sha256);
  std::vector<std::string> dataFiles = std::move(loaded->dataFiles);
  loaded->proto = onnx::ModelProto();
  importing.stop();
  // Locations carry the ONNX node names: print them, so a reader can map ops back to the model.
  OpPrintingFlags printing;
  printing.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  printing.useLocalScope(); // locations inline, next to their op, rather than as #loc aliases
  if (options.emit == CompileOptions::Emit::Mlir) {
    (*module)->print(text, printing);
    return llvm::Error::success();
  }

  StageTimer graphPasses("graph passes", options.verbose);
  PassManager graph(&context);
  buildGraphPipeline(graph);
  applyDefaultTimingPassManagerCLOptions(graph);
  if (failed(graph.run(**module))) return diagnostics.error("graph optimization failed");
  graphPasses.stop();
  auto keptNodes = markKeptInFp32(**module, options.keepFp32);
  if (!keptNodes) return keptNodes.takeError();
  // Below f32: the report and -v say which kernels run in which precision.
  const bool lowered = options.quantize != Quantization::None || options.precision == Precision::Bf16;
  std::unique_ptr<Calibration> calibration;
  // bf16 reads calibration data only for the report's error against f32.
  const bool measureBf16 =
      options.precision == Precision::Bf16 && !options.calibration.dataDir.empty() && !options.reportPath.empty();
  if (options.quantize == Quantization::Int8 || measureBf16) {
    StageTimer calibrating("calibration", options.verbose);
    CalibrationOptions calibrationOptions = options.calibration;
    calibrationOptions.measureRanges = options.quantize == Quantization::Int8;
    // The report compares the artifact's outputs with these; -v alone does not (it would double
    // the compile and hold every set's outputs).
    calibrationOptions.keepOutputs = !options.reportPath.empty();
    auto calibrated = Calibration::run(**module, calibrationOptions);
    // A failed compile of the instrumented model names its node through the diagnostics.
    if (!calibrated) return diagnostics.error(llvm::toString(calibrated.takeError()));
    calibration = std::move(*calibrated);
  }
  // Static quantization's QDQ form, and that of a quantized model: 8-bit values moved as they are.
  PassManager quantization(&context);
  if (options.quantize == Quantization::Int8) quantization.addNestedPass<func::FuncOp>(createQuantizeStatically());
  quantization.addNestedPass<func::FuncOp>(createFoldQuantizedDataMovement());
  if (failed(quantization.run(**module))) return diagnostics.error("quantizing the graph failed");
  if (auto err = backend->optimize(
          **module, OptimizeRequest{options.cpu, options.quantize, options.precision, options.verbose, *keptNodes}))
    return diagnostics.error(llvm::toString(std::move(err)));
  QuantizationReport report;
  report.quantize = options.quantize;
  report.precision = options.precision;
  if (calibration) {
    report.calibration = &options.calibration;
    report.calibrationSets = calibration->numSets();
  }
  if (lowered) report.kernels = backend->kernelPrecisions(**module);
  if (options.emit == CompileOptions::Emit::Optimized) {
    (*module)->print(text, printing);
    report.noAccuracy = "no artifact (--emit=optimized)";
    return lowered ? finishReport(report, options) : llvm::Error::success();
  }

  auto signature = describeSignature(**module);
  if (!signature) return signature.takeError();
  ArtifactDescription description;
  description.producer = "aicc " AICC_VERSION;
  description.sourceHash = std::move(sourceHash);
  description.inputs = std::move(signature->first);
  description.outputs = std::move(signature->second);

  EmitRequest request;
  switch (options.emit) {
  case CompileOptions::Emit::LoadableObject: request.kind = EmitRequest::Kind::LoadableObject; break;
  case CompileOptions::Emit::Object: request.kind = EmitRequest::Kind::Object; break;
  case CompileOptions::Emit::Archive: request.kind = EmitRequest::Kind::Archive; break;
  case CompileOptions::Emit::LlvmIR: request.kind = EmitRequest::Kind::LlvmIR; break;
  default: request.kind = EmitRequest::Kind::SharedObject; break;
  }
  request.outputPath = options.outputPath;
  request.linkName = options.linkName;
  request.text = &text;
  request.cpu = options.cpu;
  request.runtimeLibDir = options.runtimeLibDir;
  request.verbose = options.verbose;
  if (auto err = backend->emit(**module, description, request)) {
    std::string fallback = llvm::toString(std::move(err));
    return diagnostics.error(fallback);
  }
  // The artifact is not left behind without its header or rule: a build would take it as done.
  auto removeArtifact = [&](llvm::Error err) {
    llvm::sys::fs::remove(options.outputPath);
    if (!options.headerPath.empty()) llvm::sys::fs::remove(options.headerPath);
    return err;
  };
  if (request.kind == EmitRequest::Kind::Object || request.kind == EmitRequest::Kind::Archive)
    if (auto err = writeFile(options.headerPath, linkedHeader(options.linkName, description)))
      return removeArtifact(std::move(err));
  if (!options.depfilePath.empty()) {
    std::vector<std::string> sources{options.inputPath};
    sources.insert(sources.end(), dataFiles.begin(), dataFiles.end());
    if (auto err = writeFile(options.depfilePath, makeRule(options.outputPath, sources)))
      return removeArtifact(std::move(err));
  }
  if (!lowered || (options.reportPath.empty() && !options.verbose)) return llvm::Error::success();
  // The accuracy is measured on the artifact itself, which this host must be able to run.
  if (options.reportPath.empty()) {
    report.noAccuracy = "measured for --report only";
  } else if (!calibration) {
    report.noAccuracy = "no calibration data (--calibration-data)";
  } else if (request.kind != EmitRequest::Kind::SharedObject) {
    report.noAccuracy = "the output is not a shared object this host runs";
  } else {
    StageTimer measuring("accuracy against f32", options.verbose);
    auto accuracy = calibration->compare(options.outputPath);
    if (accuracy)
      report.accuracy = std::move(*accuracy);
    else
      report.noAccuracy = llvm::toString(accuracy.takeError());
  }
  if (auto err = finishReport(report, options)) return removeArtifact(std::move(err));
  return llvm::Error::success();
}

} // namespace aicc
