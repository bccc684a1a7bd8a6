// Vectorize: linalg ops with static loops of at most `max-iterations` become vector ops (MLIR's
// linalg vectorizer); in a tile, so do dynamic ones whose loops are bounded (a loop's last,
// partial tile), under a mask. The canonicalizer after it folds a tile's intermediates away: a
// transfer_write of a producer's vector read back by its consumer is that vector. See Passes.td.
#include "backends/cpu/codegen/LoopBounds.h"
#include "backends/cpu/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_VECTORIZE
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct VectorizePass : impl::VectorizeBase<VectorizePass> {
  using VectorizeBase::VectorizeBase;

  void runOnOperation() override {
    // Each op with the vector sizes it takes: empty for a static op, its loops' bounds for a
    // dynamic one inside a tile (the last, partial tile of a loop), vectorized under a mask.
    SmallVector<std::pair<linalg::LinalgOp, SmallVector<int64_t>>> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics()) return;
      // A vector of i1 is stored as packed bits, a tensor of i1 as bytes: booleans stay scalar.
      auto isBool = [](Type t) { return getElementTypeOrSelf(t).isInteger(1); };
      if (llvm::any_of(op->getOperandTypes(), isBool) || llvm::any_of(op->getResultTypes(), isBool)) return;
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      bool inTile = op->getParentOfType<scf::ForOp>() || op->getParentOfType<scf::ForallOp>();
      SmallVector<int64_t> vectorSizes;
      if (llvm::any_of(ranges, ShapedType::isDynamic)) {
        if (!inTile) return;
        ranges = vectorSizes = loopBounds(op);
        if (llvm::any_of(ranges, ShapedType::isDynamic)) return;
      }
      // A 0-D op is a scalar already; vectorizing its tensor.extract makes an invalid vector.gather
      // (the element of a run-time shape, e.g. a symbolic dim read back from Shape).
      if (ranges.empty()) return;
      // An untiled op (a small tensor, outside any tile loop) with more than two non-unit dims
      // stays loops: its n-D broadcast reads lowered wrongly (test_mvn_expanded). Inside a tile
      // every op must vectorize, or its intermediate would need a buffer per iteration.
      if (!inTile && llvm::count_if(ranges, [](int64_t r) { return r > 1; }) > 2) return;
      if (computeProduct(ranges) <= maxIterations) candidates.push_back({op, vectorSizes});
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, vectorSizes] : candidates) {
      // Ops the vectorizer cannot take (it checks its preconditions first) stay loops.
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::VectorizationResult> result =
          linalg::vectorize(rewriter, op, vectorSizes, SmallVector<bool>(vectorSizes.size(), false),
                            /*vectorizeNDExtract=*/true);
      if (succeeded(result)) rewriter.replaceOp(op, result->replacements);
    }
    // Masked reads and writes take their mask as an operand: one-shot bufferization refuses a
    // vector.mask around a write it cannot do in place, and a write with a mask operand it can.
    RewritePatternSet masks(&getContext());
    vector::populateVectorMaskLoweringPatternsForSideEffectingOps(masks);
    if (failed(applyPatternsGreedily(getOperation(), std::move(masks)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
