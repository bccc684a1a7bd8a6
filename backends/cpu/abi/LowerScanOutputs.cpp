// LowerScanOutputs: aicc_cpu.scan_append / scan_rows → the runtime's scan stacks
// (aicc_kernels_scan_row, aicc_kernels_scan_rows); see Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/abi/RuntimeAddresses.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_LOWERSCANOUTPUTS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct LowerScanOutputsPass : impl::LowerScanOutputsBase<LowerScanOutputsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    OpBuilder b(context);
    DataLayout layout(module);
    auto ptrType = LLVM::LLVMPointerType::get(context);
    auto addressType = MemRefType::get({}, b.getI8Type());
    bool used = false;

    for (auto func : module.getOps<func::FuncOp>()) {
      SmallVector<ScanAppendOp> appends;
      SmallVector<ScanRowsOp> stacks;
      func.walk([&](ScanAppendOp op) { appends.push_back(op); });
      func.walk([&](ScanRowsOp op) { stacks.push_back(op); });
      if (appends.empty() && stacks.empty()) continue;
      FailureOr<Value> state = runtimeState(func, "scan outputs");
      if (failed(state)) return signalPassFailure();
      used = true;
      // One dims array for all: each call's dims are read (or written) during the call only.
      int64_t maxRank = 1;
      for (ScanAppendOp op : appends) maxRank = std::max(maxRank, cast<MemRefType>(op.getRow().getType()).getRank());
      for (ScanRowsOp op : stacks) maxRank = std::max(maxRank, cast<MemRefType>(op.getType()).getRank());
      b.setInsertionPointToStart(&func.getBody().front());
      Value dims = dimsArray(b, func.getLoc(), maxRank);

      for (ScanAppendOp op : appends) {
        Location loc = op.getLoc();
        b.setInsertionPoint(op);
        auto rowType = cast<MemRefType>(op.getRow().getType());
        SmallVector<Value> sizes = sizesOf(b, loc, op.getRow());
        Value elements = storeDims(b, loc, sizes, dims);
        Value address =
            func::CallOp::create(b, loc, kScanRowFunction, TypeRange{addressType},
                                 ValueRange{*state, i64Constant(b, loc, op.getSlot()), op.getIndex(),
                                            i64Constant(b, loc, rowType.getRank()), pointerTo(b, loc, dims),
                                            i64Constant(b, loc, layout.getTypeSize(rowType.getElementType()))})
                .getResult(0);
        Value kept = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                           memref::ExtractAlignedPointerAsIndexOp::create(b, loc, address),
                                           arith::ConstantIndexOp::create(b, loc, 0));
        auto guard = scf::IfOp::create(b, loc, kept, /*withElseRegion=*/false);
        b.setInsertionPointToStart(guard.thenBlock());
        auto denseType = MemRefType::get(rowType.getShape(), rowType.getElementType());
        SmallVector<Value> dynamicSizes;
        for (int64_t d = 0; d < rowType.getRank(); ++d)
          if (rowType.isDynamicDim(d)) dynamicSizes.push_back(sizes[d]);
        memref::CopyOp::create(b, loc, op.getRow(),
                               viewOfAddress(b, loc, address, denseType, elements, dynamicSizes, layout));
        op.replaceAllUsesWith(kept);
        op.erase();
      }

      for (ScanRowsOp op : stacks) {
        Location loc = op.getLoc();
        b.setInsertionPoint(op);
        auto type = cast<MemRefType>(op.getType());
        Value address =
            func::CallOp::create(b, loc, kScanRowsFunction, TypeRange{addressType},
                                 ValueRange{*state, i64Constant(b, loc, op.getSlot()), op.getCount(),
                                            i64Constant(b, loc, type.getRank() - 1), pointerTo(b, loc, dims)})
                .getResult(0);
        Value count = arith::IndexCastOp::create(b, loc, b.getIndexType(), op.getCount());
        op.replaceAllUsesWith(viewOfWrittenDims(b, loc, address, type, {count}, dims, layout));
        op.erase();
      }
    }

    if (!used) return;
    auto i64Type = b.getI64Type();
    declareRuntimeFunction(b, module, kScanRowFunction, {ptrType, i64Type, i64Type, i64Type, ptrType, i64Type},
                           addressType);
    declareRuntimeFunction(b, module, kScanRowsFunction, {ptrType, i64Type, i64Type, i64Type, ptrType}, addressType);
  }
};

} // namespace
} // namespace aicc::cpu
