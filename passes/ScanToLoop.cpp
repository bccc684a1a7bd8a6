// ScanToLoop: ONNX Scan is a Loop over the scan inputs' axis: its trip count is that axis's size,
// each iteration reads slice `i` (or `T-1-i` in reverse) of every scan input with a Gather, and
// the stacked scan outputs are reversed or moved to their axis afterwards (see Passes.td).
#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include <limits>

#include "mlir/IR/Builders.h"

namespace aicc {

#define GEN_PASS_DEF_SCANTOLOOP
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

int64_t attrAt(std::optional<ArrayRef<int64_t>> values, size_t index) {
  return values && index < values->size() ? (*values)[index] : 0;
}

LogicalResult convertScan(mlir::aicc::ScanOp scan) {
  Location loc = scan.getLoc();
  OperandRange operands = scan.getInitialStateAndScanInputs();
  int64_t numScanInputs = scan.getNumScanInputs();
  int64_t numStates = (int64_t)operands.size() - numScanInputs;
  int64_t numScanOutputs = (int64_t)scan.getNumResults() - numStates;
  Block &body = scan.getBody().front();
  if (numScanInputs < 1 || numStates < 0 || numScanOutputs < 0 ||
      (int64_t)body.getNumArguments() != (int64_t)operands.size())
    return scan.emitOpError("body must take the ")
           << numStates << " states and " << numScanInputs << " scan input slices";

  // The axes and sizes of the scan inputs; the first one's size is the trip count.
  OpBuilder b(scan);
  SmallVector<int64_t> inputAxes;
  for (int64_t j = 0; j < numScanInputs; ++j) {
    auto type = dyn_cast<RankedTensorType>(operands[numStates + j].getType());
    if (!type) return scan.emitOpError("scan input #") << j << " has no known rank";
    int64_t axis = attrAt(scan.getScanInputAxes(), j);
    if (axis < -type.getRank() || axis >= type.getRank())
      return scan.emitOpError("scan input axis ") << axis << " is out of range for rank " << type.getRank();
    inputAxes.push_back(axis < 0 ? axis + type.getRank() : axis);
  }
  auto scalar = RankedTensorType::get({}, b.getI64Type());
  Value first = operands[numStates];
  Value trips = dimSize(b, loc, first, inputAxes[0]);
  Value last = mlir::aicc::SubOp::create(b, loc, scalar, trips, i64Constant(b, loc, {1}, true));

  SmallVector<Type> types;
  for (int64_t k = 0; k < numStates; ++k) types.push_back(scan.getResult(k).getType());
  auto yield = cast<mlir::aicc::YieldOp>(body.getTerminator());
  for (int64_t j = 0; j < numScanOutputs; ++j) {
    auto row = dyn_cast<RankedTensorType>(yield.getOperand(numStates + j).getType());
    if (!row) return scan.emitOpError("scan output #") << j << " has rows of unknown rank";
    SmallVector<int64_t> dims{ShapedType::kDynamic};
    dims.append(row.getShape().begin(), row.getShape().end());
    types.push_back(RankedTensorType::get(dims, row.getElementType()));
  }
  Value none = mlir::aicc::NoneOp::create(b, loc);
  auto loop = mlir::aicc::LoopOp::create(b, loc, types, trips, none, operands.take_front(numStates));
  SmallVector<Type> stateTypes;
  for (int64_t k = 0; k < numStates; ++k) stateTypes.push_back(body.getArgument(k).getType());
  moveIntoLoopBody(b, loc, loop.getBody(), body, stateTypes, [&](Value iteration, ValueRange states) {
    SmallVector<Value> arguments(states);
    Value reversed = mlir::aicc::SubOp::create(b, loc, scalar, last, iteration);
    for (int64_t j = 0; j < numScanInputs; ++j) {
      Value index = attrAt(scan.getScanInputDirections(), j) ? reversed : iteration;
      arguments.push_back(mlir::aicc::GatherOp::create(b, loc, body.getArgument(numStates + j).getType(),
                                                       operands[numStates + j], index,
                                                       b.getI64IntegerAttr(inputAxes[j])));
    }
    return arguments;
  });

  b.setInsertionPointAfter(loop);
  SmallVector<Value> results(loop.getResults().take_front(numStates));
  for (int64_t j = 0; j < numScanOutputs; ++j) {
    Value stack = loop.getResult(numStates + j);
    auto type = cast<RankedTensorType>(stack.getType());
    if (attrAt(scan.getScanOutputDirections(), j))
      stack = mlir::aicc::SliceOp::create(b, loc, type, stack, i64Constant(b, loc, {-1}),
                                          i64Constant(b, loc, {std::numeric_limits<int64_t>::min()}),
                                          i64Constant(b, loc, {0}), i64Constant(b, loc, {-1}));
    int64_t rank = type.getRank();
    int64_t axis = attrAt(scan.getScanOutputAxes(), j);
    std::optional<int64_t> dim = mlir::aicc::normalizeAxis(axis, rank);
    if (!dim) return scan.emitOpError("scan output axis ") << axis << " is out of range for rank " << rank;
    results.push_back(moveLeadingDimTo(b, loc, stack, *dim));
  }
  scan.replaceAllUsesWith(results);
  scan.erase();
  return success();
}

struct ScanToLoopPass : impl::ScanToLoopBase<ScanToLoopPass> {
  void runOnOperation() override {
    SmallVector<mlir::aicc::ScanOp> scans;
    getOperation().walk([&](mlir::aicc::ScanOp scan) { scans.push_back(scan); });
    for (mlir::aicc::ScanOp scan : scans)
      if (failed(convertScan(scan))) return signalPassFailure();
    // The replacements may be typed more precisely than what they replace, results included.
    setResultTypesFromReturn(getOperation());
  }
};

} // namespace
} // namespace aicc
