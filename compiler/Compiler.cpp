// The compilation driver; see Compiler.h.
#include "compiler/Compiler.h"
#include "compiler/Diagnostics.h"

#include <algorithm>

#include "compiler/GraphPipeline.h"
#include "compiler/StageTimer.h"
#include "compiler/TargetBackend.h"
#include "compiler/import/OnnxImporter.h"
#include "dialects/AiccDialect.h"
#include "llvm/ADT/StringSet.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

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
          if (verbose) llvm::errs() << diag.getLocation() << ": " << diag.str() << "\n";
          if (diag.getSeverity() == DiagnosticSeverity::Error && message.empty()) {
            std::string node = nodeOf(diag.getLocation());
            message = (node.empty() ? "" : node + ": ") + diag.str();
            std::replace(message.begin(), message.end(), '\n', ' ');
          }
          return success();
        }) {}

  /// The captured diagnostic, or `fallback` when the failure emitted none.
  llvm::Error error(const llvm::Twine &fallback) const { return fail(message.empty() ? fallback : llvm::Twine(message)); }

private:
  std::string message;
  ScopedDiagnosticHandler handler;
};

} // namespace

std::vector<std::string> supportedCpuOps() {
  std::vector<std::string> ops = createCpuBackend()->supportedOps();
  std::sort(ops.begin(), ops.end());
  return ops;
}

llvm::Error compileModel(const CompileOptions &options, llvm::raw_ostream &text) {
  std::unique_ptr<TargetBackend> backend = createCpuBackend();
  DialectRegistry registry;
  registry.insert<mlir::aicc::AiccDialect>();
  backend->registerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  FirstErrorCapture diagnostics(context, options.verbose);

  LoadOptions load;
  load.inputShapes = options.inputShapes;
  llvm::StringSet<> supported;
  for (const auto &op : backend->supportedOps()) supported.insert(op);
  // Importing for inspection accepts every ONNX op; compiling only what the target lowers.
  if (options.emit != CompileOptions::Emit::Mlir)
    load.isSupportedOp = [&](llvm::StringRef op) { return supported.contains(op); };
  StageTimer loading("load (parse, check, infer)", options.verbose);
  auto loaded = loadOnnxModel(options.inputPath, load);
  if (!loaded) return loaded.takeError();
  loading.stop();

  StageTimer importing("import", options.verbose);
  auto module = importOnnxModel(context, *loaded);
  if (!module) return module.takeError();
  if (failed(verify(**module))) return diagnostics.error("the imported model does not verify");
  // The weights now live in the module's resource blobs: drop the protobuf's copy.
  std::string sourceHash = std::move(loaded->sha256);
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
  if (auto err = backend->optimize(**module, options.cpu, options.verbose))
    return diagnostics.error(llvm::toString(std::move(err)));
  if (options.emit == CompileOptions::Emit::Optimized) {
    (*module)->print(text, printing);
    return llvm::Error::success();
  }

  auto signature = describeSignature(**module);
  if (!signature) return signature.takeError();
  ArtifactDescription description;
  description.producer = "aicc " AICC_VERSION;
  description.sourceHash = std::move(sourceHash);
  description.inputs = std::move(signature->first);
  description.outputs = std::move(signature->second);

  EmitRequest request;
  request.kind = options.emit == CompileOptions::Emit::LlvmIR ? EmitRequest::Kind::LlvmIR
                                                              : EmitRequest::Kind::SharedObject;
  request.outputPath = options.outputPath;
  request.text = &text;
  request.cpu = options.cpu;
  request.runtimeLibDir = options.runtimeLibDir;
  request.verbose = options.verbose;
  if (auto err = backend->emit(**module, std::move(description), request)) {
    std::string fallback = llvm::toString(std::move(err));
    return diagnostics.error(fallback);
  }
  return llvm::Error::success();
}

} // namespace aicc
