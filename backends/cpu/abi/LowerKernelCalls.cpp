// LowerKernelCalls: bufferized aicc_cpu kernel ops → aicc_kernel_run(state, index, args) calls, and
// the kernel table that tells the runtime, at model init, which oneDNN primitive to create for each
// index (#aicc_cpu.kernel: the op's parameters, from KernelOpInterface::getKernelParams) and which
// operands are constant weights, which the runtime reads from the table rather than from the call.
#include "backends/cpu/Passes.h"
#include "backends/cpu/abi/RuntimeAddresses.h"

#include "aicc/cpu_kernels.h"
#include "llvm/ADT/SetVector.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_LOWERKERNELCALLS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The constant global a buffer reads, if it is one (weights and biases after bufferization, maybe
/// reshaped to the kernel's rank).
Attribute constantSource(Value buffer) {
  while (Operation *view = buffer.getDefiningOp()) {
    if (!isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(view)) break;
    buffer = view->getOperand(0);
  }
  auto get = buffer.getDefiningOp<memref::GetGlobalOp>();
  if (!get) return UnitAttr::get(buffer.getContext());
  auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(get, get.getNameAttr());
  if (!global || !global.getConstant()) return UnitAttr::get(buffer.getContext());
  return get.getNameAttr();
}

/// The address of the first element of a dense buffer, as an index.
Value dataAddress(OpBuilder &b, Location loc, Value buffer, DataLayout &layout) {
  auto type = cast<MemRefType>(buffer.getType());
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, buffer);
  Value elementBytes = arith::ConstantIndexOp::create(b, loc, layout.getTypeSize(type.getElementType()));
  Value offsetBytes = arith::MulIOp::create(b, loc, metadata.getOffset(), elementBytes);
  return arith::AddIOp::create(b, loc, base, offsetBytes);
}

/// The value of a run-time parameter word: a dim or a stride of a kernel operand.
Value runValue(OpBuilder &b, Location loc, const RunValues::Source &source) {
  if (!source.stride) return memref::DimOp::create(b, loc, source.value, source.dim);
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, source.value);
  return metadata.getStrides()[source.dim];
}

/// Whether the buffers `op` writes have elements at the run's dims, or null where their shapes
/// are static.
Value hasElements(OpBuilder &b, Location loc, Operation *op) {
  auto dps = dyn_cast<DestinationStyleOpInterface>(op);
  if (!dps) return Value();
  Value any;
  for (Value init : dps.getDpsInits()) {
    auto type = dyn_cast<MemRefType>(init.getType());
    if (!type || type.hasStaticShape()) continue;
    Value elements = arith::ConstantIndexOp::create(b, loc, 1);
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        elements = arith::MulIOp::create(b, loc, elements, memref::DimOp::create(b, loc, init, d));
    Value nonEmpty =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, elements, arith::ConstantIndexOp::create(b, loc, 0));
    any = any ? arith::OrIOp::create(b, loc, any, nonEmpty).getResult() : nonEmpty;
  }
  return any;
}

struct LowerKernelCallsPass : impl::LowerKernelCallsBase<LowerKernelCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    OpBuilder builder(context);
    DataLayout layout(module);
    auto ptrType = LLVM::LLVMPointerType::get(context);
    llvm::SmallVector<Attribute> table;

    for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      if (func.isExternal() || func->hasAttr(kWorkspaceBytesFunctionAttr)) continue;
      if (failed(func.insertArgument(0, ptrType, {}, func.getLoc()))) return signalPassFailure();
      Value state = func.getArgument(0);

      llvm::SmallVector<KernelOpInterface> kernels;
      func.walk([&](KernelOpInterface op) { kernels.push_back(op); });
      if (kernels.empty()) continue;

      // Parameters first: the words only the run knows add slots after a kernel's pointers.
      llvm::SmallVector<Attribute> params;
      llvm::SmallVector<RunValues> runValues(kernels.size());
      for (auto [op, run] : llvm::zip_equal(kernels, runValues)) {
        params.push_back(op.getKernelParams(run));
        if (run.sources().size() > AICC_MAX_RUN_VALUES) {
          op->emitOpError("depends on ") << run.sources().size() << " run-time dims; the runtime takes "
                                         << AICC_MAX_RUN_VALUES << " at most";
          return signalPassFailure();
        }
      }

      // One argument array, reused by every call: the kernels do not keep it past the call.
      int64_t maxArgs = 0;
      for (auto [op, run] : llvm::zip_equal(kernels, runValues))
        maxArgs = std::max<int64_t>(maxArgs, op.getNumKernelArgs() + run.sources().size());
      builder.setInsertionPointToStart(&func.getBody().front());
      Value args = memref::AllocaOp::create(builder, func.getLoc(), MemRefType::get({maxArgs}, builder.getIndexType()));

      for (auto [op, opParams, run] : llvm::zip_equal(kernels, params, runValues)) {
        if (op->getNumResults() != 0) {
          op->emitOpError("must be bufferized before its call is lowered");
          return signalPassFailure();
        }
        Location loc = op.getLoc();
        builder.setInsertionPoint(op);
        // A kernel whose output has no elements at this run's dims (a selection of nothing) has
        // nothing to compute; oneDNN takes no empty dims.
        if (!run.sources().empty())
          if (Value nonEmpty = hasElements(builder, loc, op)) {
            auto guard = scf::IfOp::create(builder, loc, nonEmpty, /*withElseRegion=*/false);
            builder.setInsertionPointToStart(guard.thenBlock());
          }
        int64_t numArgs = op.getNumKernelArgs();
        llvm::SmallVector<Value> slotValues(numArgs);
        llvm::SmallVector<Attribute> constants(numArgs, builder.getUnitAttr());
        llvm::SetVector<Operation *> constantViews;
        for (auto [slot, operand] : llvm::zip_equal(op.getOperandSlots(), op->getOperands())) {
          constants[slot] = constantSource(operand);
          if (isa<UnitAttr>(constants[slot]))
            slotValues[slot] = dataAddress(builder, loc, operand, layout);
          else
            constantViews.insert(operand.getDefiningOp());
        }
        for (const RunValues::Source &source : run.sources()) slotValues.push_back(runValue(builder, loc, source));
        Value null = arith::ConstantIndexOp::create(builder, loc, 0);
        for (auto [slot, value] : llvm::enumerate(slotValues)) {
          Value index = arith::ConstantIndexOp::create(builder, loc, slot);
          memref::StoreOp::create(builder, loc, value ? value : null, args, index);
        }
        Value argsPtr = pointerTo(builder, loc, args);
        Value kernelIndex = arith::ConstantIntOp::create(builder, loc, builder.getI64Type(), (int64_t)table.size());
        func::CallOp::create(builder, loc, kKernelRunFunction, TypeRange{}, ValueRange{state, kernelIndex, argsPtr});

        table.push_back(KernelAttr::get(context, op.getKernelKind(), onnxNodeNames(op, op->getName().getStringRef()),
                                        numArgs, opParams, builder.getArrayAttr(constants), ArrayAttr()));
        op->erase();
        // A constant's address is not passed at run time: its get_global (and reshapes) die, so
        // that a global replaced by a prepacked copy has no users left.
        while (!constantViews.empty()) {
          Operation *view = constantViews.pop_back_val();
          if (!isOpTriviallyDead(view)) continue;
          for (Value source : view->getOperands())
            if (Operation *def = source.getDefiningOp()) constantViews.insert(def);
          view->erase();
        }
      }
    }

    if (!table.empty())
      declareRuntimeFunction(builder, module, kKernelRunFunction, {ptrType, builder.getI64Type(), ptrType}, {});
    module->setAttr(kKernelTableAttr, builder.getArrayAttr(table));
  }
};

} // namespace
} // namespace aicc::cpu
