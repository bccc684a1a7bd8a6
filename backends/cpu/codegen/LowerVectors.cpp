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
    if (failed(applyPatternsGreedily(getOperation(), std::move(shapes)))) return signalPassFailure();

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
