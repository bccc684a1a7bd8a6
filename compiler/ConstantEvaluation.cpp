// Constant subgraphs computed the way the model computes them: the ops are copied into a module
// of their own whose entry function returns the wanted values, compiled for the host CPU by the
// CPU target into a temporary artifact, and run once by aicc-run, which writes the values as
// TensorProto files that the importer reads back. Each op's lowering is thus the one definition of
// what it computes, at compile time as at run time. A crash or a hang of the run (a process of
// its own, HostArtifact.h) leaves the ops to run time instead of ending the compile.
#include "compiler/ConstantEvaluation.h"

#include "backends/cpu/selection/QuantizedKernels.h"
#include "compiler/HostArtifact.h"
#include "compiler/ModuleConventions.h"
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

namespace aicc {
namespace {

using namespace mlir;

/// A run longer than this is not worth a compile's wait: the ops are left to run time.
constexpr unsigned kRunSeconds = 60;

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
    if (auto err = folder.create("aicc-constants")) {
      llvm::consumeError(std::move(err));
      return failure();
    }
    std::string artifact = folder.file("model.so"), inputs = folder.file("inputs"), outputs = folder.file("outputs");
    OwningOpRef<ModuleOp> module = buildEvaluationModule(ops, results);
    if (auto err = compileForHost(*module, artifact, *libDir, "aicc constant evaluation")) {
      llvm::consumeError(std::move(err));
      return failure();
    }
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
