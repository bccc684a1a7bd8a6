// ReturnDataShapedOutputs: an output whose size only the run computes cannot be passed in by the
// caller, sized before the run; it gets its buffer from the runtime (aicc_cpu.output_buffer) once
// the function knows its dims, and stops being a result.
#include "backends/cpu/Passes.h"

#include "mlir/IR/Builders.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_RETURNDATASHAPEDOUTPUTS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct ReturnDataShapedOutputsPass : impl::ReturnDataShapedOutputsBase<ReturnDataShapedOutputsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto dataDims = func->getAttrOfType<ArrayAttr>(kOutputDataDimsAttr);
    if (func.isExternal() || !func.isPublic() || !dataDims) return;
    Block &entry = func.getBody().front();
    auto returnOp = cast<func::ReturnOp>(entry.getTerminator());
    OpBuilder b(func.getContext());

    llvm::BitVector dropped(returnOp.getNumOperands());
    llvm::SmallVector<int64_t> indices;
    for (auto [index, result] : llvm::enumerate(returnOp.getOperands())) {
      auto dims = index < dataDims.size() ? dyn_cast<DenseI64ArrayAttr>(dataDims[index]) : nullptr;
      if (!dims || dims.empty()) continue;
      auto type = dyn_cast<MemRefType>(result.getType());
      if (!type) {
        func.emitError() << "output #" << index << " is not bufferized: " << result.getType();
        return signalPassFailure();
      }
      auto denseType = MemRefType::get(type.getShape(), type.getElementType());
      auto alloc = result.getDefiningOp<memref::AllocOp>();
      if (alloc && alloc->getBlock() == &entry && alloc.getType() == denseType) {
        // Computed in place: the request happens where the buffer was allocated.
        b.setInsertionPoint(alloc);
        auto request =
            OutputBufferOp::create(b, alloc.getLoc(), denseType, b.getI64IntegerAttr(index), alloc.getDynamicSizes());
        alloc.replaceAllUsesWith(request.getResult());
        alloc.erase();
      } else {
        b.setInsertionPoint(returnOp);
        Location loc = returnOp.getLoc();
        llvm::SmallVector<Value> sizes;
        for (int64_t d = 0; d < type.getRank(); ++d)
          if (type.isDynamicDim(d)) sizes.push_back(memref::DimOp::create(b, loc, result, d));
        auto request = OutputBufferOp::create(b, loc, denseType, b.getI64IntegerAttr(index), sizes);
        memref::CopyOp::create(b, loc, result, request.getResult());
      }
      dropped.set(index);
      indices.push_back(index);
    }
    if (indices.empty()) return;

    returnOp->eraseOperands(dropped);
    if (failed(func.eraseResults(dropped))) return signalPassFailure();
    func->setAttr(kDataShapedOutputsAttr, b.getDenseI64ArrayAttr(indices));
  }
};

} // namespace
} // namespace aicc::cpu
