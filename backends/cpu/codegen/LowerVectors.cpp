// LowerVectors: the vectorizer's n-D vector ops become the 1-D ones LLVM has instructions for. See
// Passes.td.
#include "backends/cpu/Passes.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_LOWERVECTORS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// shape_cast(broadcast(x)) as one broadcast of x where that is what it computes: the broadcast
/// only prepends dims to x's shape, and the shape_cast only reshapes those (x's shape ends both).
/// What upstream's ShapeCastBroadcastFolder should fold (see miscompilingUpstreamPatterns).
struct FoldShapeCastOfPrependingBroadcast : OpRewritePattern<vector::ShapeCastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::ShapeCastOp cast, PatternRewriter &rewriter) const override {
    auto broadcast = cast.getSource().getDefiningOp<vector::BroadcastOp>();
    auto source = broadcast ? dyn_cast<VectorType>(broadcast.getSourceType()) : nullptr;
    if (!source) return rewriter.notifyMatchFailure(cast, "not a shape_cast of a vector broadcast");
    ArrayRef<int64_t> kept = source.getShape();
    auto endsWithKept = [&](ArrayRef<int64_t> shape) {
      return shape.size() >= kept.size() && shape.take_back(kept.size()) == kept;
    };
    if (!endsWithKept(broadcast.getResultVectorType().getShape()) ||
        !endsWithKept(cast.getResultVectorType().getShape()))
      return rewriter.notifyMatchFailure(cast, "the broadcast or the shape_cast changes the source's dims");
    rewriter.replaceOpWithNewOp<vector::BroadcastOp>(cast, cast.getResultVectorType(), broadcast.getSource());
    return success();
  }
};

struct LowerVectorsPass : impl::LowerVectorsBase<LowerVectorsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // First drop the unit dims tiles carry (1x1xNxM) and read contiguous tiles as one 1-D vector.
    RewritePatternSet shapes(context);
    vector::populateCastAwayVectorLeadingOneDimPatterns(shapes);
    vector::populateVectorTransferDropUnitDimsPatterns(shapes);
    vector::populateFlattenVectorTransferPatterns(shapes);
    vector::populateVectorTransferPermutationMapLoweringPatterns(shapes);
    vector::populateSinkVectorOpsPatterns(shapes);
    vector::BroadcastOp::getCanonicalizationPatterns(shapes, context);
    vector::ShapeCastOp::getCanonicalizationPatterns(shapes, context);
    vector::TransferReadOp::getCanonicalizationPatterns(shapes, context);
    vector::TransferWriteOp::getCanonicalizationPatterns(shapes, context);
    shapes.add<FoldShapeCastOfPrependingBroadcast>(context);
    FrozenRewritePatternSet shapePatterns(std::move(shapes), miscompilingUpstreamPatterns());
    if (failed(applyPatternsGreedily(getOperation(), shapePatterns))) return signalPassFailure();

    // Then lower what is left to 1-D vector ops: row reductions reduce their innermost dim.
    RewritePatternSet lowering(context);
    vector::populateVectorMultiReductionLoweringPatterns(lowering,
                                                         vector::VectorMultiReductionLowering::InnerReduction);
    vector::populateVectorBroadcastLoweringPatterns(lowering);
    vector::populateVectorShapeCastLoweringPatterns(lowering);
    vector::populateVectorTransposeLoweringPatterns(lowering, vector::VectorTransposeLowering::Shuffle1D);
    vector::populateVectorTransferLoweringPatterns(lowering, /*maxTransferRank=*/1);
    vector::populateVectorMaskOpLoweringPatterns(lowering);
    vector::populateVectorGatherLoweringPatterns(lowering);
    vector::populateVectorStepLoweringPatterns(lowering);
    if (failed(applyPatternsGreedily(getOperation(), std::move(lowering)))) return signalPassFailure();

    // maxnumf reductions come only from buildShiftMax (softmax's shift), where a NaN reaches the
    // result through x - m whatever m is. nnan lets LLVM reduce with a vmaxps tree; without it,
    // x86 reduces the last vector lane by lane (~16 scalar max/unord pairs a row).
    getOperation()->walk([](vector::ReductionOp reduction) {
      if (reduction.getKind() == vector::CombiningKind::MAXNUMF)
        reduction.setFastmath(arith::FastMathFlags::nnan | reduction.getFastmath());
    });
  }
};

} // namespace
} // namespace aicc::cpu
