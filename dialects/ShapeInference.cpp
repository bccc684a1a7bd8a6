//===- ShapeInference.cpp - result refinement and elementwise rules -------===//
//
// The interface definitions, the refinement every rule ends with, and the rules of elementwise
// ops: unary ops keep their input's shape, n-ary ops broadcast.
//
//===----------------------------------------------------------------------===//

#include "dialects/ShapeInference.h"

using namespace mlir;
using namespace mlir::aicc;

#include "dialects/ShapeInferenceInterface.cpp.inc"

LogicalResult mlir::aicc::refineResultShape(Operation *op, unsigned index, ArrayRef<int64_t> shape) {
  Value result = op->getResult(index);
  auto current = dyn_cast<TensorType>(result.getType());
  if (!current) return success();
  SmallVector<int64_t> refined(shape);
  for (auto [dim, size] : llvm::enumerate(refined))
    if (!ShapedType::isDynamic(size) && size < 0)
      return op->emitOpError() << "operands imply a negative size (" << size << ") in dimension " << dim
                               << " of result #" << index;
  Attribute encoding;
  if (auto ranked = dyn_cast<RankedTensorType>(current)) {
    if (ranked.getRank() != static_cast<int64_t>(shape.size()))
      return op->emitOpError() << "result #" << index << " has rank " << ranked.getRank()
                               << " but its operands imply rank " << shape.size();
    for (auto [dim, known] : llvm::enumerate(ranked.getShape())) {
      if (ShapedType::isDynamic(known)) continue;
      if (!ShapedType::isDynamic(refined[dim]) && refined[dim] != known)
        return op->emitOpError() << "result #" << index << " has size " << known << " in dimension " << dim
                                 << " but its operands imply " << refined[dim];
      refined[dim] = known;
    }
    encoding = ranked.getEncoding();
  }
  auto type = RankedTensorType::get(refined, current.getElementType(), encoding);
  if (type != current) result.setType(type);
  return success();
}

FailureOr<SmallVector<int64_t>> mlir::aicc::broadcastShapes(Operation *op, ArrayRef<ArrayRef<int64_t>> shapes) {
  size_t rank = 0;
  for (ArrayRef<int64_t> shape : shapes) rank = std::max(rank, shape.size());
  // Shapes align at their last dim. Per dim, all sizes other than 1 must agree; an unknown size
  // is 1 or that size, so it decides the result only when no static size other than 1 exists.
  SmallVector<int64_t> result(rank);
  for (size_t dim = 0; dim < rank; ++dim) {
    int64_t size = 1;
    bool unknown = false;
    for (ArrayRef<int64_t> shape : shapes) {
      if (dim + shape.size() < rank) continue;
      int64_t operandSize = shape[dim + shape.size() - rank];
      if (ShapedType::isDynamic(operandSize)) {
        unknown = true;
      } else if (operandSize != 1) {
        if (size != 1 && size != operandSize)
          return op->emitOpError() << "operands do not broadcast: sizes " << size << " and " << operandSize
                                   << " in dimension " << dim << " of the result";
        size = operandSize;
      }
    }
    result[dim] = size == 1 && unknown ? ShapedType::kDynamic : size;
  }
  return result;
}

LogicalResult mlir::aicc::inferSameShapeAsInput(Operation *op) {
  auto input = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  if (!input) return success();
  return refineResultShape(op, 0, input.getShape());
}

LogicalResult mlir::aicc::inferEveryResultLikeInput(Operation *op) {
  auto input = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  if (!input) return success();
  for (unsigned result = 0; result < op->getNumResults(); ++result)
    if (failed(refineResultShape(op, result, input.getShape()))) return failure();
  return success();
}

LogicalResult mlir::aicc::inferBroadcastShape(Operation *op) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Type type : op->getOperandTypes()) {
    auto ranked = dyn_cast<RankedTensorType>(type);
    if (!ranked) return success();
    shapes.push_back(ranked.getShape());
  }
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(op, shapes);
  if (failed(shape)) return failure();
  return refineResultShape(op, 0, *shape);
}
