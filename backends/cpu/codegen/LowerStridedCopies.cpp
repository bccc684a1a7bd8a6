// LowerStridedCopies: memref.copy with a strided side → linalg.copy, so that it becomes loops
// instead of a call into MLIR's runner library; see Passes.td.
#include "backends/cpu/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_LOWERSTRIDEDCOPIES
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct StridedCopyToLinalg : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op, PatternRewriter &rewriter) const override {
    auto contiguous = [](Value v) { return cast<MemRefType>(v.getType()).getLayout().isIdentity(); };
    if (contiguous(op.getSource()) && contiguous(op.getTarget()))
      return rewriter.notifyMatchFailure(op, "contiguous copies lower to memcpy");
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(), op.getTarget());
    return success();
  }
};

struct LowerStridedCopiesPass : impl::LowerStridedCopiesBase<LowerStridedCopiesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<StridedCopyToLinalg>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
