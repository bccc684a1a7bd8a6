// TileAndFuse: each chain of linalg ops (a consumer and the producers only it uses) becomes one loop
// nest. The outer level is an scf.forall over thread tiles, the inner an scf.for over vector tiles;
// the producers are computed tile by tile inside both, so a softmax or layer normalization reads its
// row once from memory and its intermediates stay in registers or L1. See Passes.td.
#include "backends/cpu/Passes.h"

#include <functional>
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_TILEANDFUSE
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// A linalg op this pass tiles: at least one parallel loop. Symbolic parallel dims are tiled by 1;
/// a symbolic reduction dim stays whole in every tile (a row of run-time length, not vectorized,
/// but threaded and fused with its row's producers).
bool isTileable(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() || !isa<TilingInterface>(op))
    return false;
  return linalgOp.getNumParallelLoops() > 0;
}

/// The largest divisor of `n` that is at most `limit` (at least 1).
int64_t largestDivisorAtMost(int64_t n, int64_t limit) {
  for (int64_t d = std::min(n, std::max<int64_t>(limit, 1)); d > 1; --d)
    if (n % d == 0) return d;
  return 1;
}

/// Tile sizes that cut the parallel loops, innermost first kept whole, into tiles of at most
/// `budget` iterations (reduction loops are never cut: each tile computes whole reductions).
/// Sizes divide their loop, so every tile has the same static shape; a dynamic loop, and every
/// loop outside it, is cut into 1s, but for a dynamic innermost loop, which stays whole. 0 means
/// "not tiled".
SmallVector<int64_t> tileSizesFor(linalg::LinalgOp op, int64_t budget) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  int64_t inner = 1;
  for (auto [range, it] : llvm::zip(ranges, iterators))
    if (it == utils::IteratorType::reduction) inner = ShapedType::isDynamic(range) ? budget : inner * range;
  SmallVector<int64_t> sizes(ranges.size(), 0);
  bool cut = false;
  for (int64_t d = static_cast<int64_t>(ranges.size()) - 1; d >= 0; --d) {
    if (iterators[d] == utils::IteratorType::reduction) continue;
    if (!cut && inner == 1 && ShapedType::isDynamic(ranges[d])) {
      // A symbolic innermost dim stays whole: a row per tile, so that a fused reduction over it
      // (softmax's max and sum) runs once per row, not once per element.
      cut = true;
    } else if (cut || ShapedType::isDynamic(ranges[d])) {
      sizes[d] = 1;
      cut = true;
    } else if (inner * ranges[d] <= budget) {
      inner *= ranges[d];
    } else {
      sizes[d] = largestDivisorAtMost(ranges[d], budget / inner);
      cut = true;
    }
  }
  return sizes;
}

/// The ops fused into `root`'s loop nest: tileable producers all of whose users are in the nest.
llvm::SetVector<Operation *> fusionGroup(Operation *root) {
  llvm::SetVector<Operation *> group;
  group.insert(root);
  for (size_t i = 0; i < group.size(); ++i) {
    for (Value operand : group[i]->getOperands()) {
      Operation *producer = operand.getDefiningOp();
      if (!producer || group.contains(producer) || producer->getBlock() != root->getBlock() ||
          !(isTileable(producer) || isa<linalg::FillOp>(producer)))
        continue;
      // Booleans are not vectorized (aicc-cpu-vectorize): fused, they would need a buffer per tile.
      if (llvm::any_of(producer->getResultTypes(), [](Type t) { return getElementTypeOrSelf(t).isInteger(1); }))
        continue;
      if (llvm::all_of(producer->getUsers(), [&](Operation *user) { return group.contains(user); }))
        group.insert(producer);
    }
  }
  return group;
}

/// Tiles `root` with `sizes` using `loopType`, fusing the producers in `group` into the loops.
/// Returns the tiled consumer, or null if the op was not tiled (one tile covers it all).
Operation *tileAndFuse(RewriterBase &rewriter, TilingInterface root, ArrayRef<int64_t> sizes,
                       scf::SCFTilingOptions::LoopType loopType, const llvm::SetVector<Operation *> &group) {
  if (llvm::all_of(sizes, [](int64_t s) { return s == 0; }))
    return nullptr;
  scf::SCFTilingOptions tiling;
  tiling.setLoopType(loopType);
  tiling.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn([&](tensor::ExtractSliceOp, OpResult producer,
                                 bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
    if (!group.contains(producer.getOwner())) return std::nullopt;
    return scf::SCFTileAndFuseOptions::ControlFnResult{};
  });
  rewriter.setInsertionPoint(root);
  FailureOr<scf::SCFTileAndFuseResult> result = scf::tileConsumerAndFuseProducersUsingSCF(rewriter, root, options);
  if (failed(result))
    return nullptr;
  for (OpResult value : root->getResults())
    rewriter.replaceAllUsesWith(value, result->replacements.lookup(value));
  return result->tiledAndFusedOps.front();
}

struct TileAndFusePass : impl::TileAndFuseBase<TileAndFusePass> {
  using TileAndFuseBase::TileAndFuseBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Roots in reverse order: a consumer is tiled before its producers, which then fuse into it.
    // A Loop's or If's body (scf.while, scf.if) is tiled like the function's own code.
    SmallVector<Operation *> roots;
    std::function<void(Block &)> collect = [&](Block &block) {
      for (Operation &op : llvm::reverse(block)) {
        if (isTileable(&op)) roots.push_back(&op);
        if (isa<scf::WhileOp, scf::IfOp>(op))
          for (Region &region : op.getRegions())
            for (Block &nested : region) collect(nested);
      }
    };
    collect(func.getBody().front());

    IRRewriter rewriter(&getContext());
    llvm::DenseSet<Operation *> fused;
    for (Operation *root : roots) {
      if (fused.contains(root)) continue;
      llvm::SetVector<Operation *> group = fusionGroup(root);
      fused.insert(group.begin(), group.end());
      auto linalgRoot = cast<linalg::LinalgOp>(root);
      // A symbolic dim may be large: its loop is always one the threads share.
      SmallVector<int64_t> ranges = linalgRoot.getStaticLoopRanges();
      auto threadLoop = llvm::any_of(ranges, ShapedType::isDynamic) || computeProduct(ranges) >= minParallelIterations
                            ? scf::SCFTilingOptions::LoopType::ForallOp
                            : scf::SCFTilingOptions::LoopType::ForOp;
      Operation *threadTile = tileAndFuse(rewriter, cast<TilingInterface>(root),
                                          tileSizesFor(linalgRoot, threadTileIterations), threadLoop, group);
      // The thread tile's ops are now its own chain, fused the same way into vector tiles.
      Operation *inner = threadTile ? threadTile : root;
      if (!isTileable(inner)) continue;
      tileAndFuse(rewriter, cast<TilingInterface>(inner), tileSizesFor(cast<linalg::LinalgOp>(inner), vectorTileIterations),
                  scf::SCFTilingOptions::LoopType::ForOp, fusionGroup(inner));
    }
    // The untiled originals (and the thread-level copies of what the vector tiles recompute) are
    // now unused; erase them, so that nothing later vectorizes dead code.
    (void)runRegionDCE(rewriter, func->getRegions());
  }
};

} // namespace
} // namespace aicc::cpu
