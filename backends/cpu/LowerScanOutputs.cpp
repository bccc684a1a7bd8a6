// LowerScanOutputs: aicc_cpu.scan_append / scan_rows → the runtime's scan stacks
// (aicc_kernels_scan_row, aicc_kernels_scan_rows); see Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/RuntimeAddresses.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_LOWERSCANOUTPUTS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

Value i64(OpBuilder &b, Location loc, int64_t value) { return arith::ConstantIntOp::create(b, loc, b.getI64Type(), value); }

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
      if (func.getNumArguments() == 0 || func.getArgument(0).getType() != ptrType) {
        func.emitError("scan outputs need the runtime state as the first argument (aicc-cpu-lower-kernel-calls)");
        return signalPassFailure();
      }
      Value state = func.getArgument(0);
      used = true;
      // One dims array for all: each call's dims are read (or written) during the call only.
      int64_t maxRank = 1;
      for (ScanAppendOp op : appends) maxRank = std::max(maxRank, cast<MemRefType>(op.getRow().getType()).getRank());
      for (ScanRowsOp op : stacks) maxRank = std::max(maxRank, cast<MemRefType>(op.getType()).getRank());
      b.setInsertionPointToStart(&func.getBody().front());
      Value dims = memref::AllocaOp::create(b, func.getLoc(), MemRefType::get({maxRank}, b.getI64Type()));

      for (ScanAppendOp op : appends) {
        Location loc = op.getLoc();
        b.setInsertionPoint(op);
        auto rowType = cast<MemRefType>(op.getRow().getType());
        Value elements = arith::ConstantIndexOp::create(b, loc, 1);
        SmallVector<Value> sizes;
        for (int64_t d = 0; d < rowType.getRank(); ++d) {
          Value size = rowType.isDynamicDim(d) ? memref::DimOp::create(b, loc, op.getRow(), d).getResult()
                                               : arith::ConstantIndexOp::create(b, loc, rowType.getDimSize(d)).getResult();
          if (rowType.isDynamicDim(d)) sizes.push_back(size);
          elements = arith::MulIOp::create(b, loc, elements, size);
          memref::StoreOp::create(b, loc, arith::IndexCastOp::create(b, loc, b.getI64Type(), size), dims,
                                  ValueRange{arith::ConstantIndexOp::create(b, loc, d)});
        }
        Value address =
            func::CallOp::create(b, loc, kScanRowFunction, TypeRange{addressType},
                                 ValueRange{state, i64(b, loc, op.getSlot()), op.getIndex(), i64(b, loc, rowType.getRank()),
                                            pointerTo(b, loc, dims), i64(b, loc, layout.getTypeSize(rowType.getElementType()))})
                .getResult(0);
        Value kept = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                           memref::ExtractAlignedPointerAsIndexOp::create(b, loc, address),
                                           arith::ConstantIndexOp::create(b, loc, 0));
        auto guard = scf::IfOp::create(b, loc, kept, /*withElseRegion=*/false);
        b.setInsertionPointToStart(guard.thenBlock());
        auto denseType = MemRefType::get(rowType.getShape(), rowType.getElementType());
        memref::CopyOp::create(b, loc, op.getRow(), viewOfAddress(b, loc, address, denseType, elements, sizes, layout));
        op.replaceAllUsesWith(kept);
        op.erase();
      }

      for (ScanRowsOp op : stacks) {
        Location loc = op.getLoc();
        b.setInsertionPoint(op);
        auto type = cast<MemRefType>(op.getType());
        Value address = func::CallOp::create(b, loc, kScanRowsFunction, TypeRange{addressType},
                                             ValueRange{state, i64(b, loc, op.getSlot()), op.getCount(),
                                                        i64(b, loc, type.getRank() - 1), pointerTo(b, loc, dims)})
                            .getResult(0);
        Value count = arith::IndexCastOp::create(b, loc, b.getIndexType(), op.getCount());
        SmallVector<Value> sizes{count};
        Value elements = count;
        for (int64_t d = 1; d < type.getRank(); ++d) {
          Value size = arith::ConstantIndexOp::create(b, loc, type.getDimSize(d));
          if (type.isDynamicDim(d)) {
            Value word = memref::LoadOp::create(b, loc, dims, ValueRange{arith::ConstantIndexOp::create(b, loc, d - 1)});
            size = arith::IndexCastOp::create(b, loc, b.getIndexType(), word);
            sizes.push_back(size);
          }
          elements = arith::MulIOp::create(b, loc, elements, size);
        }
        op.replaceAllUsesWith(viewOfAddress(b, loc, address, type, elements, sizes, layout));
        op.erase();
      }
    }

    if (!used) return;
    b.setInsertionPointToEnd(module.getBody());
    auto i64Type = b.getI64Type();
    if (!module.lookupSymbol(kScanRowFunction))
      func::FuncOp::create(b, module.getLoc(), kScanRowFunction,
                           b.getFunctionType({ptrType, i64Type, i64Type, i64Type, ptrType, i64Type}, {addressType}))
          .setPrivate();
    if (!module.lookupSymbol(kScanRowsFunction))
      func::FuncOp::create(b, module.getLoc(), kScanRowsFunction,
                           b.getFunctionType({ptrType, i64Type, i64Type, i64Type, ptrType}, {addressType}))
          .setPrivate();
  }
};

} // namespace
} // namespace aicc::cpu
