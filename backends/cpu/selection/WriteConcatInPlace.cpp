// WriteConcatInPlace: the kernels that produce a Concat's inputs write straight into their slice of
// its result. Each such kernel's destination becomes a tensor.extract_slice of the Concat's buffer
// and its result is inserted back (tensor.insert_slice); one-shot bufferization turns each matching
// pair into a view of one buffer, so the Concat copies nothing. Applies where every slice is
// contiguous in the result (all dims before the axis are 1, e.g. batch-1 channel Concats, blocked or
// plain), so kernels still see dense memory; other inputs are copied into their slice as before.
#include "backends/cpu/Passes.h"
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_WRITECONCATINPLACE
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The kernel whose only use is `value`, written into a fresh tensor.empty, if there is one.
Operation *freshKernel(Value value) {
  Operation *def = value.getDefiningOp();
  auto dps = dyn_cast_or_null<DestinationStyleOpInterface>(def);
  if (!dps || !isa<KernelOpInterface>(def) || !value.hasOneUse() || dps.getNumDpsInits() != 1 ||
      cast<KernelOpInterface>(def).readsInit())
    return nullptr;
  return dps.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>() ? def : nullptr;
}

struct ConcatIntoSlices : OpRewritePattern<::mlir::aicc::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(::mlir::aicc::ConcatOp op, PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !type.hasStaticShape() || op.getInputs().size() < 2)
      return rewriter.notifyMatchFailure(op, "needs a static result and two inputs or more");
    const int64_t rank = type.getRank();
    std::optional<int64_t> normalized = ::mlir::aicc::normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (!normalized || llvm::any_of(type.getShape().take_front(*normalized), [](int64_t d) { return d != 1; }))
      return rewriter.notifyMatchFailure(op, "the slices are not contiguous");
    const int64_t axis = *normalized;

    // Offsets along the axis, and the inputs a kernel writes, in program order.
    llvm::SmallVector<int64_t> offsets;
    int64_t offset = 0;
    llvm::SmallVector<std::pair<Operation *, size_t>> kernels;
    for (auto [i, input] : llvm::enumerate(op.getInputs())) {
      offsets.push_back(offset);
      auto inputType = dyn_cast<RankedTensorType>(input.getType());
      if (!inputType || !inputType.hasStaticShape()) return rewriter.notifyMatchFailure(op, "dynamic input");
      offset += inputType.getDimSize(axis);
      if (inputType.getDimSize(axis) == 0) continue; // adds nothing, and has no slice to write
      if (Operation *kernel = freshKernel(input); kernel && kernel->getBlock() == op->getBlock())
        kernels.push_back({kernel, i});
    }
    if (kernels.empty()) return rewriter.notifyMatchFailure(op, "no input is written by a kernel");
    llvm::sort(kernels, [](auto &a, auto &b) { return a.first->isBeforeInBlock(b.first); });

    auto sliceAt = [&](size_t i) {
      auto inputType = cast<RankedTensorType>(op.getInputs()[i].getType());
      llvm::SmallVector<OpFoldResult> offs(rank, rewriter.getIndexAttr(0)), sizes,
          strides(rank, rewriter.getIndexAttr(1));
      offs[axis] = rewriter.getIndexAttr(offsets[i]);
      for (int64_t d : inputType.getShape()) sizes.push_back(rewriter.getIndexAttr(d));
      return std::tuple{offs, sizes, strides};
    };

    // An alloc_tensor, not a tensor.empty: canonicalization folds slices of an empty tensor into
    // new empty tensors, which would cut each kernel's destination loose from the Concat's buffer.
    rewriter.setInsertionPoint(kernels.front().first);
    Value dest = bufferization::AllocTensorOp::create(rewriter, op.getLoc(), type, ValueRange{});
    llvm::SmallVector<bool> written(op.getInputs().size(), false);
    for (auto [kernel, i] : kernels) {
      auto [offs, sizes, strides] = sliceAt(i);
      auto inputType = cast<RankedTensorType>(op.getInputs()[i].getType());
      rewriter.setInsertionPoint(kernel);
      Value slice = tensor::ExtractSliceOp::create(rewriter, kernel->getLoc(), inputType, dest, offs, sizes, strides);
      OpOperand &init = cast<DestinationStyleOpInterface>(kernel).getDpsInitsMutable()[0];
      Operation *empty = init.get().getDefiningOp();
      rewriter.modifyOpInPlace(kernel, [&] { init.set(slice); });
      if (empty->use_empty()) rewriter.eraseOp(empty);
      rewriter.setInsertionPointAfter(kernel);
      dest =
          tensor::InsertSliceOp::create(rewriter, kernel->getLoc(), kernel->getResult(0), dest, offs, sizes, strides);
      written[i] = true;
    }
    rewriter.setInsertionPoint(op);
    for (auto [i, input] : llvm::enumerate(op.getInputs())) {
      if (written[i] || cast<RankedTensorType>(input.getType()).getDimSize(axis) == 0) continue;
      auto [offs, sizes, strides] = sliceAt(i);
      dest = tensor::InsertSliceOp::create(rewriter, op.getLoc(), input, dest, offs, sizes, strides);
    }
    op->emitRemark("the kernels producing ")
        << kernels.size() << " of " << op.getInputs().size() << " inputs write into the Concat's buffer";
    rewriter.replaceOp(op, dest);
    return success();
  }
};

struct WriteConcatInPlacePass : impl::WriteConcatInPlaceBase<WriteConcatInPlacePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ConcatIntoSlices>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
