// ScanToLoop: ONNX Scan is a Loop over the scan inputs' axis: its trip count is that axis's size,
// each iteration reads slice `i` (or `T-1-i` in reverse) of every scan input with a Gather, and
// the stacked scan outputs are reversed or moved to their axis afterwards (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/Passes.h"

#include <limits>

#include "mlir/IR/Builders.h"

namespace aicc {

#define GEN_PASS_DEF_SCANTOLOOP
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;
namespace onnx = mlir::aicc;

Value i64Tensor(OpBuilder &b, Location loc, ArrayRef<int64_t> values, bool scalar = false) {
  auto type = RankedTensorType::get(scalar ? ArrayRef<int64_t>{} : ArrayRef<int64_t>{(int64_t)values.size()},
                                    b.getI64Type());
  return onnx::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values)).getResult();
}

int64_t attrAt(std::optional<ArrayRef<int64_t>> values, size_t index) {
  return values && index < values->size() ? (*values)[index] : 0;
}

LogicalResult convertScan(onnx::ScanOp scan) {
  Location loc = scan.getLoc();
  OperandRange operands = scan.getInitialStateAndScanInputs();
  int64_t numScanInputs = scan.getNumScanInputs();
  int64_t numStates = (int64_t)operands.size() - numScanInputs;
  int64_t numScanOutputs = (int64_t)scan.getNumResults() - numStates;
  Block &body = scan.getBody().front();
  if (numScanInputs < 1 || numStates < 0 || numScanOutputs < 0 || (int64_t)body.getNumArguments() != (int64_t)operands.size())
    return scan.emitOpError("body must take the ") << numStates << " states and " << numScanInputs << " scan input slices";

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
  Value shape = onnx::ShapeOp::create(b, loc, RankedTensorType::get({1}, b.getI64Type()), first,
                                      b.getI64IntegerAttr(inputAxes[0] + 1), b.getI64IntegerAttr(inputAxes[0]));
  Value trips = onnx::GatherOp::create(b, loc, scalar, shape, i64Tensor(b, loc, {0}, true), b.getI64IntegerAttr(0));
  Value last = onnx::SubOp::create(b, loc, scalar, trips, i64Tensor(b, loc, {1}, true));

  SmallVector<Type> types;
  for (int64_t k = 0; k < numStates; ++k) types.push_back(scan.getResult(k).getType());
  auto yield = cast<onnx::YieldOp>(body.getTerminator());
  for (int64_t j = 0; j < numScanOutputs; ++j) {
    auto row = dyn_cast<RankedTensorType>(yield.getOperand(numStates + j).getType());
    if (!row) return scan.emitOpError("scan output #") << j << " has rows of unknown rank";
    SmallVector<int64_t> dims{ShapedType::kDynamic};
    dims.append(row.getShape().begin(), row.getShape().end());
    types.push_back(RankedTensorType::get(dims, row.getElementType()));
  }
  Value none = onnx::NoneOp::create(b, loc);
  auto loop = onnx::LoopOp::create(b, loc, types, trips, none, operands.take_front(numStates));
  Block *loopBody = b.createBlock(&loop.getBody());
  Value iteration = loopBody->addArgument(scalar, loc);
  Value cond = loopBody->addArgument(RankedTensorType::get({}, b.getI1Type()), loc);
  SmallVector<Value> replacements;
  for (int64_t k = 0; k < numStates; ++k) replacements.push_back(loopBody->addArgument(body.getArgument(k).getType(), loc));
  b.setInsertionPointToStart(loopBody);
  Value reversed = onnx::SubOp::create(b, loc, scalar, last, iteration);
  for (int64_t j = 0; j < numScanInputs; ++j) {
    Value index = attrAt(scan.getScanInputDirections(), j) ? reversed : iteration;
    Value slice = onnx::GatherOp::create(b, loc, body.getArgument(numStates + j).getType(), operands[numStates + j], index,
                                         b.getI64IntegerAttr(inputAxes[j]));
    replacements.push_back(slice);
  }
  b.setInsertionPointToEnd(loopBody);
  loopBody->getOperations().splice(loopBody->end(), body.getOperations());
  for (auto [arg, value] : llvm::zip(body.getArguments(), replacements)) arg.replaceAllUsesWith(value);
  SmallVector<Value> yielded{cond};
  yielded.append(yield.getOperands().begin(), yield.getOperands().end());
  yield->setOperands(yielded);

  b.setInsertionPointAfter(loop);
  SmallVector<Value> results(loop.getResults().take_front(numStates));
  for (int64_t j = 0; j < numScanOutputs; ++j) {
    Value stack = loop.getResult(numStates + j);
    auto type = cast<RankedTensorType>(stack.getType());
    if (attrAt(scan.getScanOutputDirections(), j))
      stack = onnx::SliceOp::create(b, loc, type, stack, i64Tensor(b, loc, {-1}),
                                    i64Tensor(b, loc, {std::numeric_limits<int64_t>::min()}), i64Tensor(b, loc, {0}),
                                    i64Tensor(b, loc, {-1}));
    int64_t rank = type.getRank();
    int64_t axis = attrAt(scan.getScanOutputAxes(), j);
    if (axis < -rank || axis >= rank)
      return scan.emitOpError("scan output axis ") << axis << " is out of range for rank " << rank;
    if (axis < 0) axis += rank;
    if (axis != 0) {
      SmallVector<int64_t> perm, dims;
      for (int64_t i = 0; i < rank; ++i) perm.push_back(i < axis ? i + 1 : i == axis ? 0 : i);
      for (int64_t p : perm) dims.push_back(type.getDimSize(p));
      stack = onnx::TransposeOp::create(b, loc, RankedTensorType::get(dims, type.getElementType()), stack,
                                        b.getDenseI64ArrayAttr(perm));
    }
    results.push_back(stack);
  }
  scan.replaceAllUsesWith(results);
  scan.erase();
  return success();
}

struct ScanToLoopPass : impl::ScanToLoopBase<ScanToLoopPass> {
  void runOnOperation() override {
    SmallVector<onnx::ScanOp> scans;
    getOperation().walk([&](onnx::ScanOp scan) { scans.push_back(scan); });
    for (onnx::ScanOp scan : scans)
      if (failed(convertScan(scan))) return signalPassFailure();
    // The replacements may be typed more precisely than what they replace, results included.
    func::FuncOp func = getOperation();
    auto returnOp = cast<func::ReturnOp>(func.getBody().back().getTerminator());
    func.setFunctionType(FunctionType::get(func.getContext(), func.getArgumentTypes(), returnOp.getOperandTypes()));
  }
};

} // namespace
} // namespace aicc
