// Constant subgraphs computed the way the model computes them: the ops are copied into a module
// of their own whose entry function returns the wanted values, compiled for the host CPU by the
// CPU target into a temporary artifact, and run once by aicc-run, which writes the values as
// TensorProto files that the importer reads back. Each op's lowering is thus the one definition of
// what it computes, at compile time as at run time. The run is a process of its own: a crash or a
// hang there leaves the ops to run time instead of ending the compile, and oneDNN's process-wide
// settings (the ISA the artifact's weights are packed for) stay the compile's.
#include "compiler/ConstantEvaluation.h"

#include "backends/cpu/selection/QuantizedKernels.h"
#include "compiler/ModuleConventions.h"
#include "compiler/TargetBackend.h"
#include "compiler/import/TensorImport.h"
#include "dialects/AiccDialect.h"
#include "passes/ConstantEvaluation.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"

#include <dlfcn.h>
#include <limits.h>

namespace aicc {
namespace {

using namespace mlir;

/// A run longer than this is not worth a compile's wait: the ops are left to run time.
constexpr unsigned kRunSeconds = 60;

/// The folder libaiccrt was loaded from: the evaluation artifact links against the runtime this
/// process runs, wherever it is installed.
std::optional<std::string> runtimeLibDir() {
  void *runtime = dlopen(AICC_RUNTIME_SONAME, RTLD_LAZY | RTLD_NOLOAD);
  if (!runtime) return std::nullopt;
  char origin[PATH_MAX];
  bool found = dlinfo(runtime, RTLD_DI_ORIGIN, origin) == 0;
  dlclose(runtime);
  if (!found) return std::nullopt;
  return std::string(origin);
}

/// aicc-run, beside the running compiler (bin/aicc, bin/aicc-opt).
std::optional<std::string> aiccRunPath() {
  std::string self = llvm::sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&runtimeLibDir));
  llvm::SmallString<256> path(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(path, "aicc-run");
  if (!llvm::sys::fs::can_execute(path)) return std::nullopt;
  return std::string(path);
}

/// A module whose entry function computes `results` by copies of `ops` and of the constants they
/// read.
OwningOpRef<ModuleOp> buildEvaluationModule(ArrayRef<Operation *> ops, ValueRange results) {
  MLIRContext *context = ops.front()->getContext();
  Location loc = UnknownLoc::get(context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  OpBuilder builder = OpBuilder::atBlockEnd(module->getBody());
  auto entry = func::FuncOp::create(builder, loc, kEntryFunction, builder.getFunctionType({}, results.getTypes()));
  SmallVector<Attribute> names;
  for (size_t i = 0; i < results.size(); ++i) names.push_back(builder.getStringAttr("value" + std::to_string(i)));
  entry->setAttr(attrs::kInputNames, builder.getArrayAttr({}));
  entry->setAttr(attrs::kOutputNames, builder.getArrayAttr(names));
  builder.setInsertionPointToStart(entry.addEntryBlock());
  IRMapping mapping;
  for (Operation *op : ops) {
    for (Value operand : op->getOperands())
      if (!mapping.contains(operand)) builder.clone(*operand.getDefiningOp(), mapping);
    builder.clone(*op, mapping);
  }
  SmallVector<Value> returned;
  for (Value result : results) returned.push_back(mapping.lookup(result));
  func::ReturnOp::create(builder, loc, returned);
  return module;
}

/// Removes a folder and what it holds when it goes out of scope.
struct TemporaryFolder {
  llvm::SmallString<128> path;
  ~TemporaryFolder() {
    if (!path.empty()) llvm::sys::fs::remove_directories(path);
  }
  std::string file(llvm::StringRef name) const {
    llvm::SmallString<128> joined(path);
    llvm::sys::path::append(joined, name);
    return std::string(joined);
  }
};

class CpuConstantEvaluation final : public ConstantEvaluationInterface {
public:
  using ConstantEvaluationInterface::ConstantEvaluationInterface;

  bool keepsUncomputed(Operation *op) const override { return cpu::isFoldedQuantizedWeights(op); }
  bool computesWhateverSize(Operation *op) const override { return cpu::quantizesFoldedWeights(op); }

  FailureOr<SmallVector<ElementsAttr>> evaluate(ArrayRef<Operation *> ops, ValueRange results) const override {
    if (ops.empty() || results.empty()) return failure();
    for (Value result : results)
      if (!isa<RankedTensorType>(result.getType())) return failure();
    std::optional<std::string> libDir = runtimeLibDir();
    std::optional<std::string> aiccRun = aiccRunPath();
    if (!libDir || !aiccRun) return failure();
    MLIRContext *context = ops.front()->getContext();
    // A failure here only leaves the ops to run with the model: it is not the compile's error.
    ScopedDiagnosticHandler silence(context, [](Diagnostic &) { return success(); });

    TemporaryFolder folder;
    if (llvm::sys::fs::createUniqueDirectory("aicc-constants", folder.path)) return failure();
    std::string artifact = folder.file("model.so"), inputs = folder.file("inputs"), outputs = folder.file("outputs");
    if (failed(compile(ops, results, artifact, *libDir))) return failure();
    if (llvm::sys::fs::create_directory(inputs)) return failure();
    llvm::StringRef args[] = {*aiccRun, artifact, inputs, "--iters", "1", "--warmup", "0", "--save-outputs", outputs};
    std::optional<llvm::StringRef> quiet[] = {llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef("")};
    if (llvm::sys::ExecuteAndWait(*aiccRun, args, std::nullopt, quiet, kRunSeconds) != 0) return failure();

    SmallVector<ElementsAttr> values;
    for (size_t i = 0; i < results.size(); ++i) {
      llvm::SmallString<128> path(outputs);
      llvm::sys::path::append(path, "output_" + std::to_string(i) + ".pb");
      auto file = llvm::MemoryBuffer::getFile(path);
      onnx::TensorProto tensor;
      if (!file || !tensor.ParseFromArray((*file)->getBufferStart(), (*file)->getBufferSize())) return failure();
      tensor.set_name((results[i].getDefiningOp()->getName().stripDialect() + "_folded").str());
      auto value = importTensor(context, tensor, "");
      if (!value) {
        llvm::consumeError(value.takeError());
        return failure();
      }
      auto type = dyn_cast<RankedTensorType>(value->getType());
      if (!type || type.getElementType() != cast<RankedTensorType>(results[i].getType()).getElementType())
        return failure();
      values.push_back(*value);
    }
    return values;
  }

private:
  /// Compiles `ops` into the artifact at `path`.
  static LogicalResult compile(ArrayRef<Operation *> ops, ValueRange results, const std::string &path,
                               const std::string &libDir) {
    OwningOpRef<ModuleOp> module = buildEvaluationModule(ops, results);
    std::unique_ptr<TargetBackend> backend = createCpuBackend();
    if (auto err = backend->optimize(*module, OptimizeRequest{})) {
      llvm::consumeError(std::move(err));
      return failure();
    }
    auto signature = describeSignature(*module);
    if (!signature) {
      llvm::consumeError(signature.takeError());
      return failure();
    }
    ArtifactDescription description;
    description.producer = "aicc constant evaluation";
    description.inputs = std::move(signature->first);
    description.outputs = std::move(signature->second);
    EmitRequest request;
    request.kind = EmitRequest::Kind::SharedObject;
    request.outputPath = path;
    request.runtimeLibDir = libDir;
    request.prepackWeights = false;
    if (auto err = backend->emit(*module, description, request)) {
      llvm::consumeError(std::move(err));
      return failure();
    }
    return success();
  }
};

} // namespace

void registerConstantEvaluation(DialectRegistry &registry) {
  // What the evaluation's own compile needs, also in a tool that only runs passes (aicc-opt).
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registry.addExtension(
      +[](MLIRContext *, mlir::aicc::AiccDialect *dialect) { dialect->addInterfaces<CpuConstantEvaluation>(); });
}

} // namespace aicc
