// TileAndFuse: each chain of linalg ops (a consumer and the producers only it uses) becomes one loop
// nest. The outer level is an scf.forall over thread tiles, the inner an scf.for over vector tiles;
// the producers are computed tile by tile inside both, so a softmax or layer normalization reads its
// row once from memory and its intermediates stay in registers or L1. Tiles need not divide their
// loops (the remainder is peeled), and a reduction is never recomputed per tile. See Passes.td.
#include "backends/cpu/codegen/LoopBounds.h"
#include "backends/cpu/Passes.h"

#include <functional>
#include <limits>
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_TILEANDFUSE
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// A linalg op this pass tiles: at least one parallel loop.
bool isTileable(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() || !isa<TilingInterface>(op)) return false;
  return linalgOp.getNumParallelLoops() > 0;
}

/// A row's vector tiles are a multiple of 16 elements: whole AVX-512 (16 floats) and AVX2 (8)
/// vectors, with no lanes left over in every tile.
constexpr int64_t kRowTileMultiple = 16;

/// The size of the tiles that cut a loop of `range` iterations into pieces of at most `limit`:
/// a divisor (a multiple of `multiple`) if one is at least half the limit, so that every tile has
/// the same static shape; else `limit` for vector tiles (the remainder is peeled into a loop of
/// its own), or equal shares for thread tiles (threads get even work). Never a small divisor: a
/// prime range would make tiles of one iteration.
int64_t tileSizeFor(int64_t range, int64_t limit, bool balanced, int64_t multiple = 1) {
  limit = std::max<int64_t>(limit, 1);
  for (int64_t d = std::min(range, limit); d > 1 && 2 * d >= limit; --d)
    if (range % d == 0 && (d % multiple == 0 || d == range)) return d;
  if (!balanced) return limit >= multiple ? limit / multiple * multiple : limit;
  return llvm::divideCeil(range, llvm::divideCeil(range, limit));
}

/// Tile sizes that cut the parallel loops, innermost first kept whole, into tiles of at most
/// `budget` iterations (reduction loops are not cut here: each tile computes whole reductions).
/// A symbolic loop, and every loop outside it, is cut into 1s, but for a symbolic innermost
/// loop, which stays whole. `ranges` are the loops' bounds (loopBounds). 0 means "not tiled".
SmallVector<int64_t> tileSizesFor(linalg::LinalgOp op, ArrayRef<int64_t> ranges, int64_t budget, bool balanced) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  int64_t inner = 1;
  for (auto [range, it] : llvm::zip(ranges, iterators))
    if (it == utils::IteratorType::reduction) inner = ShapedType::isDynamic(range) ? budget : inner * range;
  SmallVector<int64_t> sizes(ranges.size(), 0);
  bool cut = false;
  for (int64_t d = static_cast<int64_t>(ranges.size()) - 1; d >= 0; --d) {
    if (iterators[d] == utils::IteratorType::reduction) continue;
    if (!cut && inner == 1 && ShapedType::isDynamic(ranges[d])) {
      // A symbolic innermost dim stays whole: a row per tile.
      cut = true;
    } else if (cut || ShapedType::isDynamic(ranges[d])) {
      sizes[d] = 1;
      cut = true;
    } else if (inner * ranges[d] <= budget) {
      inner *= ranges[d];
    } else {
      bool row = !balanced && d == static_cast<int64_t>(ranges.size()) - 1;
      sizes[d] = tileSizeFor(ranges[d], budget / inner, balanced, row ? kRowTileMultiple : 1);
      cut = true;
    }
  }
  return sizes;
}

/// Tile sizes for the reduction loops of a vector tile whose reductions are longer than `budget`
/// iterations (a row of 8191): chunks of the innermost reduction loop, each accumulated into a
/// vector of partial results that is reduced once after the loop. Empty when the reductions fit.
SmallVector<int64_t> reductionTileSizesFor(linalg::LinalgOp op, ArrayRef<int64_t> ranges, int64_t budget) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> sizes(ranges.size(), 0);
  bool cut = false;
  int64_t inner = 1;
  for (int64_t d = static_cast<int64_t>(ranges.size()) - 1; d >= 0; --d) {
    if (iterators[d] != utils::IteratorType::reduction) continue;
    if (ShapedType::isDynamic(ranges[d])) return {};
    if (cut) {
      sizes[d] = 1;
    } else if (inner * ranges[d] > budget) {
      bool row = d == static_cast<int64_t>(ranges.size()) - 1;
      sizes[d] = tileSizeFor(ranges[d], budget / inner, /*balanced=*/false, row ? kRowTileMultiple : 1);
      cut = true;
    } else {
      inner *= ranges[d];
    }
  }
  if (!cut) return {};
  return sizes;
}

/// The iterations of `op`'s reduction loops, the work behind each element of its result; none if
/// a loop is symbolic.
std::optional<int64_t> reductionLength(linalg::LinalgOp op) {
  int64_t length = 1;
  for (auto [range, it] : llvm::zip(loopBounds(op), op.getIteratorTypesArray())) {
    if (it != utils::IteratorType::reduction) continue;
    if (ShapedType::isDynamic(range)) return std::nullopt;
    length *= range;
  }
  return length;
}

/// How many iterations of `group`'s ops one iteration of `root` stands for, at most: a mean over
/// rows of 64 is a root over the rows that fuses a sum of 64 iterations per row. 1 where the
/// loops are symbolic.
int64_t fusedIterationsPerRootIteration(Operation *root, const llvm::SetVector<Operation *> &group) {
  auto iterations = [](Operation *op) -> std::optional<int64_t> {
    SmallVector<int64_t> bounds = loopBounds(cast<linalg::LinalgOp>(op));
    if (llvm::any_of(bounds, ShapedType::isDynamic)) return std::nullopt;
    return computeProduct(bounds);
  };
  std::optional<int64_t> rootIterations = iterations(root);
  int64_t most = 1;
  for (Operation *op : group)
    if (std::optional<int64_t> opIterations = iterations(op); rootIterations && opIterations && *rootIterations > 0)
      most = std::max<int64_t>(most, llvm::divideCeil(*opIterations, *rootIterations));
  return most;
}

/// For each loop of `op`, the loop of the root it runs along (none where the chain's indexing maps
/// do not say).
using RootLoops = SmallVector<std::optional<unsigned>>;

/// The root loops that `producer`'s loops run along, from how `consumer` (with `consumerLoops`)
/// reads the producer's result through `operand`.
RootLoops producerRootLoops(linalg::LinalgOp consumer, const RootLoops &consumerLoops, OpOperand &operand,
                            linalg::LinalgOp producer, OpResult result) {
  RootLoops loops(producer.getNumLoops());
  AffineMap read = consumer.getMatchingIndexingMap(&operand);
  AffineMap written = producer.getIndexingMapMatchingResult(result);
  for (auto [readExpr, writtenExpr] : llvm::zip(read.getResults(), written.getResults())) {
    auto consumerLoop = dyn_cast<AffineDimExpr>(readExpr);
    auto producerLoop = dyn_cast<AffineDimExpr>(writtenExpr);
    if (consumerLoop && producerLoop) loops[producerLoop.getPosition()] = consumerLoops[consumerLoop.getPosition()];
  }
  return loops;
}

/// The ops fused into `root`'s loop nest, tiled with `sizes`: tileable producers all of whose
/// users are in the nest. A reduction is not fused when the tiling cuts a root loop that the
/// reduction's result does not vary along (a softmax's row max read by the tiles of one row):
/// every such tile would compute the whole reduction again. It stays a nest of its own, computed
/// once, and its result is read from memory. So does any producer of a broadcast input (a
/// Resize's coordinate table over W, read by every row), which each tile would recompute.
/// `rowLoops`, if given, collects the root loops whose cut left a reduction out. A reduction
/// known to be longer than `maxReduction` iterations per result stays out too (its own nest cuts
/// it into chunks; fused, each tile would reduce a whole long row at once); a symbolic one (a
/// softmax over the sequence) is fused as before.
llvm::SetVector<Operation *> fusionGroup(Operation *root, ArrayRef<int64_t> sizes,
                                         llvm::SmallSetVector<unsigned, 4> *rowLoops = nullptr,
                                         int64_t maxReduction = std::numeric_limits<int64_t>::max()) {
  llvm::SetVector<Operation *> group;
  llvm::DenseMap<Operation *, RootLoops> rootLoops;
  group.insert(root);
  RootLoops identity;
  for (unsigned d = 0; d < sizes.size(); ++d) identity.push_back(d);
  rootLoops[root] = identity;
  for (size_t i = 0; i < group.size(); ++i) {
    auto consumer = cast<linalg::LinalgOp>(group[i]);
    for (OpOperand &operand : consumer->getOpOperands()) {
      auto result = dyn_cast<OpResult>(operand.get());
      Operation *producer = result ? result.getOwner() : nullptr;
      if (!producer || group.contains(producer) || producer->getBlock() != root->getBlock() ||
          !(isTileable(producer) || isa<linalg::FillOp>(producer)))
        continue;
      // Booleans are not vectorized (aicc-cpu-vectorize): fused, they would need a buffer per tile.
      if (llvm::any_of(producer->getResultTypes(), [](Type t) { return getElementTypeOrSelf(t).isInteger(1); }))
        continue;
      if (!llvm::all_of(producer->getUsers(), [&](Operation *user) { return group.contains(user); })) continue;
      auto linalgProducer = cast<linalg::LinalgOp>(producer);
      RootLoops loops = producerRootLoops(consumer, rootLoops[consumer], operand, linalgProducer, result);
      bool reduces = linalgProducer.getNumReductionLoops() > 0;
      if (reduces && reductionLength(linalgProducer).value_or(0) > maxReduction) continue;
      if (reduces || consumer.isDpsInput(&operand)) {
        bool recomputed = false;
        for (auto [d, size] : llvm::enumerate(sizes)) {
          if (size == 0 || llvm::is_contained(loops, std::optional<unsigned>(d))) continue;
          recomputed = true;
          if (rowLoops && reduces) rowLoops->insert(d);
        }
        if (recomputed) continue;
      }
      group.insert(producer);
      rootLoops[producer] = std::move(loops);
    }
  }
  return group;
}

/// The scalar ops a math-dialect function (exp, tanh, erf, ...) expands to, roughly
/// (aicc-cpu-approximate-math's polynomials).
constexpr int64_t kMathFunctionOps = 10;

/// The work of one iteration of `group`'s nest, in scalar ops: each op's body, and a load per
/// input. What threads share has to outweigh their fork and join (~2.5 us on 2 threads): a sum
/// over 8x4096 is 1.3 us alone, a swish-scale-shift chain over as many elements 6 us.
int64_t opsPerIteration(const llvm::SetVector<Operation *> &group) {
  int64_t ops = 0;
  for (Operation *op : group) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (!linalgOp) continue;
    ops += linalgOp.getNumDpsInputs();
    for (Operation &bodyOp : linalgOp.getBlock()->without_terminator())
      ops += isa<math::MathDialect>(bodyOp.getDialect()) ? kMathFunctionOps : 1;
  }
  return std::max<int64_t>(ops, 1);
}

/// The fewest thread tiles of whole rows worth having: fewer leave threads idle.
constexpr int64_t kMinRowTiles = 4;

/// Marks the vector-tile loops whose last tile may be partial, to be peeled once all are tiled.
constexpr llvm::StringLiteral kPeelMarker = "aicc.peel";

/// Tiles `root` with `sizes` using `loopType`, fusing the producers in `group` into the loops.
/// `strategy` and `reductionDims` say how reduction loops are cut (by default they are not).
/// Returns the tiled consumer and the fused producers' tiles, or nothing if the op was not tiled
/// (one tile covers it all).
std::optional<llvm::SetVector<Operation *>>
tileAndFuse(RewriterBase &rewriter, TilingInterface root, ArrayRef<int64_t> sizes,
            scf::SCFTilingOptions::LoopType loopType, const llvm::SetVector<Operation *> &group,
            ReductionTilingStrategy strategy = ReductionTilingStrategy::FullReduction,
            ArrayRef<unsigned> reductionDims = {}) {
  if (llvm::all_of(sizes, [](int64_t s) { return s == 0; })) return std::nullopt;
  scf::SCFTilingOptions tiling;
  tiling.setLoopType(loopType);
  tiling.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  tiling.setReductionTilingStrategy(strategy);
  tiling.setReductionDims(reductionDims);
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn([&](tensor::ExtractSliceOp, OpResult producer,
                                 bool isDestination) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
    if (!group.contains(producer.getOwner())) return std::nullopt;
    // Where the reduction loops are cut, the result's initial value is set once, before the
    // chunks accumulate into it, not in every chunk.
    if (isDestination && !reductionDims.empty()) return std::nullopt;
    return scf::SCFTileAndFuseOptions::ControlFnResult{};
  });
  rewriter.setInsertionPoint(root);
  FailureOr<scf::SCFTileAndFuseResult> result = scf::tileConsumerAndFuseProducersUsingSCF(rewriter, root, options);
  if (failed(result)) return std::nullopt;
  for (OpResult value : root->getResults()) rewriter.replaceAllUsesWith(value, result->replacements.lookup(value));
  if (loopType == scf::SCFTilingOptions::LoopType::ForOp)
    for (LoopLikeOpInterface loop : result->loops) loop->setAttr(kPeelMarker, rewriter.getUnitAttr());
  return llvm::SetVector<Operation *>(result->tiledAndFusedOps.begin(), result->tiledAndFusedOps.end());
}

/// Cuts a vector tile's reduction loops with `sizes` (its parallel loops already cut): a loop
/// over chunks that accumulates a vector of partial results, each chunk elementwise (MLIR's
/// partial-reduction tiling), and one reduction of the partial results after it. A body that
/// reads its position (ArgMax's index) is cut into chunks that each reduce into the result:
/// MLIR's partial-reduction tiling does not offset linalg.index by the chunk's start.
/// Returns whether it did.
bool tileReductions(RewriterBase &rewriter, Operation *op, ArrayRef<int64_t> sizes,
                    const llvm::SetVector<Operation *> &group) {
  SmallVector<unsigned> reductionDims;
  for (auto [d, size] : llvm::enumerate(sizes))
    if (size != 0) reductionDims.push_back(d);
  bool readsPosition = !cast<linalg::LinalgOp>(op).getBlock()->getOps<linalg::IndexOp>().empty();
  return tileAndFuse(rewriter, cast<TilingInterface>(op), sizes, scf::SCFTilingOptions::LoopType::ForOp, group,
                     readsPosition ? ReductionTilingStrategy::FullReduction
                                   : ReductionTilingStrategy::PartialReductionOuterReduction,
                     reductionDims)
      .has_value();
}

/// Splits each marked loop into its full tiles and a last, partial one, so that the full tiles
/// have one static shape for the vectorizer (MLIR's loop peeling); a partial tile of a static
/// loop is static too once its single iteration is folded.
void peelMarkedLoops(RewriterBase &rewriter, func::FuncOp func) {
  while (true) {
    scf::ForOp marked;
    func.walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
      if (!loop->hasAttr(kPeelMarker)) return WalkResult::advance();
      marked = loop;
      return WalkResult::interrupt();
    });
    if (!marked) return;
    marked->removeAttr(kPeelMarker);
    scf::ForOp partial;
    rewriter.setInsertionPoint(marked);
    if (succeeded(scf::peelForLoopAndSimplifyBounds(rewriter, marked, partial))) partial->removeAttr(kPeelMarker);
  }
}

struct TileAndFusePass : impl::TileAndFuseBase<TileAndFusePass> {
  using TileAndFuseBase::TileAndFuseBase;

  /// Tiles `root` (in a thread tile, or one that needs none) into vector tiles, fusing its chain;
  /// adds what it fused to `fused`.
  void tileIntoVectors(RewriterBase &rewriter, Operation *root, llvm::DenseSet<Operation *> &fused) {
    auto linalgRoot = cast<linalg::LinalgOp>(root);
    SmallVector<int64_t> bounds = loopBounds(linalgRoot);
    SmallVector<int64_t> reductionSizes = reductionTileSizesFor(linalgRoot, bounds, vectorTileIterations);
    // Chunks of a reduction cut its loop too: a reduction read by every chunk stays out.
    auto groupFor = [&](int64_t budget) {
      SmallVector<int64_t> sizes = tileSizesFor(linalgRoot, bounds, budget, /*balanced=*/false);
      SmallVector<int64_t> cuts(sizes);
      for (auto [d, size] : llvm::enumerate(reductionSizes)) cuts[d] = std::max(cuts[d], size);
      return std::make_pair(sizes, fusionGroup(root, cuts, nullptr, vectorTileIterations));
    };
    auto [sizes, group] = groupFor(vectorTileIterations);
    // The budget is for every op of the tile: a root that fuses reductions (a mean's division
    // of its sums) takes fewer of its own iterations per tile, so that the sums vectorize too.
    if (int64_t perIteration = fusedIterationsPerRootIteration(root, group); perIteration > 1)
      std::tie(sizes, group) = groupFor(std::max<int64_t>(vectorTileIterations / perIteration, 1));
    std::optional<llvm::SetVector<Operation *>> tiles =
        tileAndFuse(rewriter, cast<TilingInterface>(root), sizes, scf::SCFTilingOptions::LoopType::ForOp, group);
    bool chunked = !reductionSizes.empty() &&
                   tileReductions(rewriter, tiles ? tiles->front() : root, reductionSizes, tiles ? *tiles : group);
    if (tiles || chunked)
      fused.insert(group.begin(), group.end());
    else
      fused.insert(root);
  }

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
      auto linalgRoot = cast<linalg::LinalgOp>(root);
      SmallVector<int64_t> ranges = linalgRoot.getStaticLoopRanges();
      SmallVector<int64_t> threadSizes =
          tileSizesFor(linalgRoot, loopBounds(linalgRoot), threadTileIterations, /*balanced=*/true);
      llvm::SmallSetVector<unsigned, 4> rowLoops;
      llvm::SetVector<Operation *> group = fusionGroup(root, threadSizes, &rowLoops);
      // Rows longer than a thread tile (softmax over 8191): whole rows make bigger thread tiles,
      // but one nest whose reductions and their readers share the row in cache, where cutting the
      // row makes a nest (and a join of the threads) per reduction. Unless too few rows are left
      // to share between threads.
      if (!rowLoops.empty()) {
        SmallVector<int64_t> wholeRows(threadSizes);
        for (unsigned d : rowLoops) wholeRows[d] = 0;
        int64_t tiles = 1;
        for (auto [range, size] : llvm::zip(ranges, wholeRows))
          if (size != 0) tiles *= ShapedType::isDynamic(range) ? kMinRowTiles : llvm::divideCeil(range, size);
        if (tiles >= kMinRowTiles) {
          threadSizes = wholeRows;
          group = fusionGroup(root, threadSizes);
        }
      }
      // A symbolic dim may be large: its loop is always one the threads share.
      auto threadLoop = llvm::any_of(ranges, ShapedType::isDynamic) ||
                                computeProduct(ranges) * opsPerIteration(group) >= minParallelWork
                            ? scf::SCFTilingOptions::LoopType::ForallOp
                            : scf::SCFTilingOptions::LoopType::ForOp;
      std::optional<llvm::SetVector<Operation *>> threadTiles =
          tileAndFuse(rewriter, cast<TilingInterface>(root), threadSizes, threadLoop, group);
      // The thread tile's ops are now a block of their own, tiled the same way into vector tiles:
      // the chain's root first, then what it did not fuse (a reduction whose tiles it cuts). A
      // root that one thread tile covers is tiled into vector tiles where it is; its producers,
      // fused into nothing yet, stay roots of their own (a mean's sum has its thread tiles).
      SmallVector<Operation *> innerRoots;
      if (threadTiles) {
        fused.insert(group.begin(), group.end());
        for (Operation &op : llvm::reverse(*threadTiles->front()->getBlock()))
          if (isTileable(&op)) innerRoots.push_back(&op);
      } else {
        innerRoots.push_back(root);
      }
      for (Operation *innerRoot : innerRoots)
        if (!fused.contains(innerRoot)) tileIntoVectors(rewriter, innerRoot, fused);
    }
    peelMarkedLoops(rewriter, func);
    // The untiled originals (and the thread-level copies of what the vector tiles recompute) are
    // now unused; erase them, so that nothing later vectorizes dead code.
    (void)runRegionDCE(rewriter, func->getRegions());
  }
};

} // namespace
} // namespace aicc::cpu
