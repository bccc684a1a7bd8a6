// ParallelizeLoops: the thread-tile loops (scf.forall, from aicc-cpu-tile-and-fuse) become
// aicc_cpu.parallel_for ops that libaiccrt runs on the session's threads. See Passes.td.
#include "backends/cpu/Passes.h"
#include "llvm/ADT/SetVector.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_PARALLELIZELOOPS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

std::string loopNestName(Operation *root) { return onnxNodeNames(root, "loop nest"); }

/// Replaces `forall` (bufferized: no results) by a parallel_for over its linearized iterations;
/// each range runs them in an scf.for that delinearizes the forall's induction variables. Static
/// bounds give a static count; upper bounds only the run knows (symbolic dims) a run-time one.
LogicalResult parallelize(scf::ForallOp forall, Value state) {
  std::optional<SmallVector<int64_t>> lbs = getConstantIntValues(forall.getMixedLowerBound());
  std::optional<SmallVector<int64_t>> steps = getConstantIntValues(forall.getMixedStep());
  if (!lbs || !steps || forall->getNumResults() != 0) return failure();

  OpBuilder b(forall);
  Location loc = forall.getLoc();
  auto i64 = b.getI64Type();
  // Each dim's trip count, folded where the bounds are constants.
  SmallVector<OpFoldResult> trips;
  for (auto [lb, ub, step] : llvm::zip_equal(*lbs, forall.getMixedUpperBound(), *steps)) {
    if (std::optional<int64_t> constant = getConstantIntValue(ub)) {
      trips.push_back(b.getIndexAttr(*constant > lb ? llvm::divideCeil(*constant - lb, step) : 0));
      continue;
    }
    Value span = arith::SubIOp::create(b, loc, cast<Value>(ub), arith::ConstantIndexOp::create(b, loc, lb));
    Value stepValue = arith::ConstantIndexOp::create(b, loc, step);
    trips.push_back(arith::CeilDivUIOp::create(b, loc, span, stepValue).getResult());
  }
  std::optional<SmallVector<int64_t>> staticTrips = getConstantIntValues(trips);
  ParallelForOp parallel;
  if (staticTrips) {
    int64_t count = computeProduct(*staticTrips);
    if (count < 1) return failure();
    parallel = ParallelForOp::create(b, loc, state, Value(), b.getI64IntegerAttr(count), loopNestName(forall));
  } else {
    Value count = arith::ConstantIndexOp::create(b, loc, 1);
    for (OpFoldResult trip : trips)
      count = arith::MulIOp::create(b, loc, count, getValueOrCreateConstantIndexOp(b, loc, trip));
    Value runCount = arith::IndexCastOp::create(b, loc, i64, count);
    parallel = ParallelForOp::create(b, loc, state, runCount, IntegerAttr(), loopNestName(forall));
  }
  Block *body = b.createBlock(&parallel.getBody(), parallel.getBody().end(), {i64, i64}, {loc, loc});
  Value begin = arith::IndexCastOp::create(b, loc, b.getIndexType(), body->getArgument(0));
  Value end = arith::IndexCastOp::create(b, loc, b.getIndexType(), body->getArgument(1));
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto loop = scf::ForOp::create(b, loc, begin, end, one);
  b.setInsertionPointToStart(loop.getBody());
  IRMapping mapping;
  Value rest = loop.getInductionVar();
  for (int64_t d = static_cast<int64_t>(trips.size()) - 1; d >= 0; --d) {
    // A run-time trip count is defined before the parallel_for: the body captures it.
    Value trip = getValueOrCreateConstantIndexOp(b, loc, trips[d]);
    Value index = d == 0 ? rest : arith::RemUIOp::create(b, loc, rest, trip).getResult();
    if (d > 0) rest = arith::DivUIOp::create(b, loc, rest, trip);
    Value scaled = arith::MulIOp::create(b, loc, index, arith::ConstantIndexOp::create(b, loc, (*steps)[d]));
    mapping.map(forall.getInductionVar(d),
                arith::AddIOp::create(b, loc, scaled, arith::ConstantIndexOp::create(b, loc, (*lbs)[d])));
  }
  for (Operation &op : forall.getBody()->without_terminator()) b.clone(op, mapping);
  b.setInsertionPointToEnd(body);
  ParallelEndOp::create(b, loc);
  forall.erase();
  return success();
}

/// Whether `op`, directly in the function body, is a loop nest of its own that runs on one thread:
/// a sequential tile loop (small roots), an untiled linalg op, or a copy.
bool isSequentialLoopNest(Operation *op) {
  return op->getNumResults() == 0 && isa<scf::ForOp, linalg::LinalgOp, memref::CopyOp>(op);
}

/// Moves `op` into a parallel_for of one iteration: it still runs on the calling thread, but
/// through the runtime like every other loop nest, so that the profile sees it.
void runThroughRuntime(Operation *op, Value state) {
  OpBuilder b(op);
  Location loc = op->getLoc();
  auto i64 = b.getI64Type();
  auto parallel = ParallelForOp::create(b, loc, state, Value(), b.getI64IntegerAttr(1), loopNestName(op));
  b.createBlock(&parallel.getBody(), parallel.getBody().end(), {i64, i64}, {loc, loc});
  auto end = ParallelEndOp::create(b, loc);
  op->moveBefore(end);
}

struct ParallelizeLoopsPass : impl::ParallelizeLoopsBase<ParallelizeLoopsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || func.getNumArguments() == 0 || !isa<LLVM::LLVMPointerType>(func.getArgument(0).getType()))
      return;
    Value state = func.getArgument(0);
    SmallVector<scf::ForallOp> loops(func.getBody().front().getOps<scf::ForallOp>());
    for (scf::ForallOp forall : loops)
      if (failed(parallelize(forall, state))) {
        forall.emitRemark(
            "thread tiles left sequential: the bounds are not constant but for the upper ones, or there are none");
        if (forall->getNumResults() == 0) runThroughRuntime(forall, state);
      }
    SmallVector<Operation *> sequential;
    for (Operation &op : func.getBody().front())
      if (isSequentialLoopNest(&op)) sequential.push_back(&op);
    for (Operation *op : sequential) runThroughRuntime(op, state);
  }
};

} // namespace
} // namespace aicc::cpu
