// See GraphBuilders.h.
#include "passes/GraphBuilders.h"

#include "dialects/AiccDialect.h"
#include "mlir/IR/Matchers.h"

namespace aicc {

using namespace mlir;

Operation *moveIntoLoopBody(OpBuilder &b, Location loc, Region &loopBody, Block &body, TypeRange carried,
                            function_ref<SmallVector<Value>(Value, ValueRange)> bind) {
  OpBuilder::InsertionGuard guard(b);
  Block *block = b.createBlock(&loopBody);
  Value iteration = block->addArgument(RankedTensorType::get({}, b.getI64Type()), loc);
  Value cond = block->addArgument(RankedTensorType::get({}, b.getI1Type()), loc);
  for (Type type : carried) block->addArgument(type, loc);
  b.setInsertionPointToStart(block);
  SmallVector<Value> values = bind(iteration, block->getArguments().drop_front(2));
  for (auto [arg, value] : llvm::zip_equal(body.getArguments(), values)) arg.replaceAllUsesWith(value);
  block->getOperations().splice(block->end(), body.getOperations());
  Operation *yield = block->getTerminator();
  SmallVector<Value> yielded{cond};
  yielded.append(yield->getOperands().begin(), yield->getOperands().end());
  yield->setOperands(yielded);
  return yield;
}

Value i64Constant(OpBuilder &b, Location loc, ArrayRef<int64_t> values, bool scalar) {
  auto type =
      RankedTensorType::get(scalar ? ArrayRef<int64_t>{} : ArrayRef<int64_t>{(int64_t)values.size()}, b.getI64Type());
  return mlir::aicc::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values)).getResult();
}

std::optional<int64_t> constantInt(Value value) {
  APInt v;
  if (!matchPattern(value, m_ConstantInt(&v))) return std::nullopt;
  return v.getSExtValue();
}

Value unsqueezeAt(OpBuilder &b, Location loc, Value t, int64_t axis) {
  auto type = cast<RankedTensorType>(t.getType());
  SmallVector<int64_t> dims(type.getShape());
  dims.insert(dims.begin() + axis, 1);
  return mlir::aicc::UnsqueezeOp::create(b, loc, RankedTensorType::get(dims, type.getElementType()), t,
                                         i64Constant(b, loc, {axis}));
}

Value moveLeadingDimTo(OpBuilder &b, Location loc, Value stack, int64_t axis) {
  if (axis == 0) return stack;
  auto type = cast<RankedTensorType>(stack.getType());
  SmallVector<int64_t> perm, dims;
  for (int64_t i = 0; i < type.getRank(); ++i) perm.push_back(i < axis ? i + 1 : i == axis ? 0 : i);
  for (int64_t p : perm) dims.push_back(type.getDimSize(p));
  return mlir::aicc::TransposeOp::create(b, loc, RankedTensorType::get(dims, type.getElementType()), stack,
                                         b.getDenseI64ArrayAttr(perm));
}

Value dimSize(OpBuilder &b, Location loc, Value tensor, int64_t dim) {
  Value dims = mlir::aicc::ShapeOp::create(b, loc, RankedTensorType::get({1}, b.getI64Type()), tensor,
                                           b.getI64IntegerAttr(dim + 1), b.getI64IntegerAttr(dim));
  return mlir::aicc::GatherOp::create(b, loc, RankedTensorType::get({}, b.getI64Type()), dims,
                                      i64Constant(b, loc, {0}, true), b.getI64IntegerAttr(0));
}

void setResultTypesFromReturn(func::FuncOp func) {
  auto returnOp = cast<func::ReturnOp>(func.getBody().back().getTerminator());
  func.setFunctionType(FunctionType::get(func.getContext(), func.getArgumentTypes(), returnOp.getOperandTypes()));
}

} // namespace aicc
