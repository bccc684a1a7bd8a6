// OutlineParallelLoops: each aicc_cpu.parallel_for, its body by now in the LLVM dialect, becomes a
// function `void body(ctx, begin, end)` and a call aicc_parallel_for(state, count, body, ctx, name),
// where ctx points at a stack struct of the values the body uses from its function. See Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/abi/RuntimeAddresses.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_OUTLINEPARALLELLOOPS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// Values the body can recreate instead of reading them from the context: constants.
bool isRematerializable(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 && isMemoryEffectFree(def);
}

LogicalResult outline(ParallelForOp op, ModuleOp module, LLVM::LLVMFuncOp runtimeFn, int64_t index) {
  auto parent = op->getParentOfType<LLVM::LLVMFuncOp>();
  if (!parent) return op.emitOpError("must be inside an llvm.func when it is outlined");
  MLIRContext *context = op.getContext();
  Location loc = op.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(context);
  auto i64 = IntegerType::get(context, 64);

  llvm::SetVector<Value> usedAbove;
  getUsedValuesDefinedAbove(op.getBody(), usedAbove);
  SmallVector<Value> captured, constants;
  for (Value v : usedAbove) (isRematerializable(v) ? constants : captured).push_back(v);
  SmallVector<Type> fieldTypes = llvm::map_to_vector(captured, [](Value v) { return v.getType(); });
  auto contextType = LLVM::LLVMStructType::getLiteral(context, fieldTypes);

  // The body function: load the captured values, recreate the constants, run the region.
  OpBuilder b(context);
  b.setInsertionPoint(parent);
  std::string name = (parent.getName() + "_parallel_" + llvm::Twine(index)).str();
  auto fn = LLVM::LLVMFuncOp::create(b, loc, name,
                                     LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {ptr, i64, i64}));
  fn.setLinkage(LLVM::Linkage::Internal);
  Block *entry = fn.addEntryBlock(b);
  b.setInsertionPointToStart(entry);
  IRMapping inside;
  for (auto [i, value] : llvm::enumerate(captured)) {
    Value field = LLVM::GEPOp::create(b, loc, ptr, contextType, entry->getArgument(0),
                                      ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
    inside.map(value, LLVM::LoadOp::create(b, loc, value.getType(), field));
  }
  for (Value value : constants) inside.map(value, b.clone(*value.getDefiningOp())->getResult(0));
  Block *first = &op.getBody().front();
  fn.getBody().getBlocks().splice(fn.getBody().end(), op.getBody().getBlocks());
  LLVM::BrOp::create(b, loc, ValueRange{entry->getArgument(1), entry->getArgument(2)}, first);
  for (auto [from, to] : inside.getValueMap()) replaceAllUsesInRegionWith(from, to, fn.getBody());
  fn.walk([&](ParallelEndOp end) {
    OpBuilder at(end);
    LLVM::ReturnOp::create(at, end.getLoc(), ValueRange{});
    end.erase();
  });

  // The call: the context struct lives in the caller's frame for the duration of the call.
  b.setInsertionPointToStart(&parent.getBody().front());
  Value one = LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(1));
  Value ctx = LLVM::AllocaOp::create(b, loc, ptr, contextType, one);
  b.setInsertionPoint(op);
  for (auto [i, value] : llvm::enumerate(captured)) {
    Value field =
        LLVM::GEPOp::create(b, loc, ptr, contextType, ctx, ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
    LLVM::StoreOp::create(b, loc, value, field);
  }
  Value count = op.getRunCount()
                    ? op.getRunCount()
                    : LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(*op.getCount())).getResult();
  Value body = LLVM::AddressOfOp::create(b, loc, fn);
  Value label = cString(b, module, loc, name + "_name", op.getName());
  LLVM::CallOp::create(b, loc, runtimeFn, ValueRange{op.getState(), count, body, ctx, label});
  op.erase();
  return success();
}

struct OutlineParallelLoopsPass : impl::OutlineParallelLoopsBase<OutlineParallelLoopsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<ParallelForOp> loops;
    module.walk([&](ParallelForOp op) { loops.push_back(op); });
    if (loops.empty()) return;

    MLIRContext *context = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(context);
    auto i64 = IntegerType::get(context, 64);
    auto runtimeFn = module.lookupSymbol<LLVM::LLVMFuncOp>(kParallelForFunction);
    if (!runtimeFn) {
      OpBuilder b(module.getBody(), module.getBody()->end());
      runtimeFn = LLVM::LLVMFuncOp::create(
          b, module.getLoc(), kParallelForFunction,
          LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {ptr, i64, ptr, ptr, ptr}));
    }
    for (auto [i, op] : llvm::enumerate(loops))
      if (failed(outline(op, module, runtimeFn, static_cast<int64_t>(i)))) return signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
