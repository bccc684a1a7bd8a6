//===- ShapeInferenceControlFlow.cpp - If and Loop ------------------------===//
//
// A Loop's carried values keep one type through every iteration: the body's arguments take the
// initial values' types where ONNX left them open, and a body that yields another shape is an
// error (aicc compiles carried values of a fixed shape). A scan output stacks one value per
// iteration, so its leading dim is the trip count, which is known only when the loop runs a
// constant count with no condition. An If's results are what both branches agree on, a constant
// scalar standing in for a value the other branch defines (TorchScript's `break`).
//
//===----------------------------------------------------------------------===//

#include "dialects/ShapeInference.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::aicc;

TensorType mlir::aicc::joinTensorTypes(TensorType a, TensorType b) {
  auto ra = dyn_cast<RankedTensorType>(a), rb = dyn_cast<RankedTensorType>(b);
  if (!ra || !rb || ra.getRank() != rb.getRank()) return UnrankedTensorType::get(a.getElementType());
  SmallVector<int64_t> dims;
  for (auto [x, y] : llvm::zip(ra.getShape(), rb.getShape())) dims.push_back(x == y ? x : ShapedType::kDynamic);
  return RankedTensorType::get(dims, a.getElementType());
}

namespace {

/// Whether some value has both types: equal ranks, and equal sizes where both are static.
bool compatible(TensorType a, TensorType b) {
  auto ra = dyn_cast<RankedTensorType>(a), rb = dyn_cast<RankedTensorType>(b);
  if (!ra || !rb) return true;
  if (ra.getRank() != rb.getRank()) return false;
  for (auto [x, y] : llvm::zip(ra.getShape(), rb.getShape()))
    if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y) return false;
  return true;
}

/// Whether every value of type `specific` also conforms to `general`.
bool conformsTo(TensorType specific, TensorType general) {
  auto rg = dyn_cast<RankedTensorType>(general);
  if (!rg) return true;
  auto rs = dyn_cast<RankedTensorType>(specific);
  if (!rs || rs.getRank() != rg.getRank()) return false;
  for (auto [s, g] : llvm::zip(rs.getShape(), rg.getShape()))
    if (!ShapedType::isDynamic(g) && s != g) return false;
  return true;
}

void refineValue(Value value, TensorType to) {
  auto current = dyn_cast<TensorType>(value.getType());
  if (current && current != to && conformsTo(to, current)) value.setType(to);
}

} // namespace

LogicalResult mlir::aicc::inferLoopShape(LoopOp op) {
  Block &body = op.getBody().front();
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  size_t carried = op.getVInitial().size();
  if (!yield || body.getNumArguments() != carried + 2 || yield.getNumOperands() < carried + 1 ||
      op.getNumResults() != yield.getNumOperands() - 1)
    return op.emitOpError("body must take (iteration, condition, ")
           << carried << " carried values) and yield (condition, the carried values, the scan outputs)";

  for (size_t k = 0; k < carried; ++k) {
    auto init = dyn_cast<TensorType>(op.getVInitial()[k].getType());
    if (!init) continue; // sequences and optionals: their rules are the lowering's
    BlockArgument arg = body.getArgument(k + 2);
    refineValue(arg, init);
    auto argType = cast<TensorType>(arg.getType());
    auto next = dyn_cast<TensorType>(yield.getOperand(k + 1).getType());
    if (next && !compatible(next, argType))
      return op.emitOpError("carried value #") << k << " changes type across iterations (" << argType << " in, " << next
                                               << " out); aicc compiles loop-carried values of a fixed shape";
    refineValue(op.getResult(k), argType);
  }

  // A constant trip count with no condition is the only case where the stack's height is known.
  std::optional<int64_t> trips;
  APInt count;
  if (isa<NoneType>(op.getCond().getType()) && matchPattern(op.getM(), m_ConstantInt(&count)))
    trips = count.getSExtValue();
  for (size_t j = carried; j < op.getNumResults(); ++j) {
    Value result = op.getResult(j);
    auto resultType = dyn_cast<TensorType>(result.getType());
    auto row = dyn_cast<RankedTensorType>(yield.getOperand(j + 1).getType());
    if (!resultType) continue;
    SmallVector<int64_t> dims{trips.value_or(ShapedType::kDynamic)};
    if (row) {
      dims.append(row.getShape().begin(), row.getShape().end());
    } else if (auto ranked = dyn_cast<RankedTensorType>(resultType)) {
      dims.append(ranked.getShape().begin() + 1, ranked.getShape().end());
    } else {
      continue;
    }
    // Set, not refined: ONNX may record the height of the run it was exported from.
    result.setType(RankedTensorType::get(dims, resultType.getElementType()));
  }
  return success();
}

LogicalResult mlir::aicc::inferIfShape(IfOp op) {
  auto thenYield = dyn_cast<YieldOp>(op.getThenBranch().front().getTerminator());
  auto elseYield = dyn_cast<YieldOp>(op.getElseBranch().front().getTerminator());
  if (!thenYield || !elseYield || thenYield.getNumOperands() != op.getNumResults() ||
      elseYield.getNumOperands() != op.getNumResults())
    return op.emitOpError("both branches must yield its ") << op.getNumResults() << " results";
  for (auto [index, result] : llvm::enumerate(op.getResults())) {
    auto declared = dyn_cast<TensorType>(result.getType());
    auto a = dyn_cast<TensorType>(thenYield.getOperand(index).getType());
    auto b = dyn_cast<TensorType>(elseYield.getOperand(index).getType());
    if (!declared || !a || !b) continue;
    // TorchScript's placeholder for a value a `break` leaves undefined: a constant scalar (the
    // lowering fills the other branch's shape with it).
    auto placeholder = [](Value v) {
      auto type = dyn_cast<RankedTensorType>(v.getType());
      return type && type.getRank() == 0 && matchPattern(v, m_Constant());
    };
    if (placeholder(thenYield.getOperand(index)) && !placeholder(elseYield.getOperand(index)))
      a = b;
    else if (placeholder(elseYield.getOperand(index)) && !placeholder(thenYield.getOperand(index)))
      b = a;
    for (TensorType branch : {a, b})
      if (!compatible(branch, declared))
        return op.emitOpError("result #") << index << " is declared " << declared << " but a branch yields " << branch;
    TensorType both = joinTensorTypes(a, b);
    if (auto ranked = dyn_cast<RankedTensorType>(both))
      if (failed(refineResultShape(op, index, ranked.getShape()))) return failure();
  }
  return success();
}
