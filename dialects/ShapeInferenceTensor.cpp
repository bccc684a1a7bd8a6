//===- ShapeInferenceTensor.cpp - shapes of data-movement and reduce ops --===//
//
// Concat, Flatten, Gather, Reshape, Transpose and ReduceMax/Mean/Min/Sum, by the ONNX spec at
// each op's onnxSinceVersion (opset <= 17: ReduceSum-13 takes its axes as an input, the other
// reductions as an attribute). Axis attributes are range-checked by the verifiers.
//
//===----------------------------------------------------------------------===//

#include "dialects/ShapeInference.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::aicc;

static RankedTensorType rankedType(Value value) {
  return dyn_cast<RankedTensorType>(value.getType());
}

/// `axis` counted from the front; ONNX allows negative axes that count from the back.
static int64_t normalizeAxis(int64_t axis, int64_t rank) { return axis < 0 ? axis + rank : axis; }

/// The product of `sizes`, unknown if any of them is.
static int64_t product(ArrayRef<int64_t> sizes) {
  if (ShapedType::isDynamicShape(sizes))
    return ShapedType::kDynamic;
  int64_t result = 1;
  for (int64_t size : sizes)
    result *= size;
  return result;
}

/// The integer values of `value` when it is a constant (aicc.Constant), else nothing.
static std::optional<SmallVector<int64_t>> constantInts(Value value) {
  ElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  auto values = attr.tryGetValues<APInt>();
  if (!values)
    return std::nullopt;
  return llvm::to_vector(llvm::map_range(*values, [](const APInt &v) { return v.getSExtValue(); }));
}

LogicalResult mlir::aicc::inferConcatShape(ConcatOp op) {
  // Dims off the axis agree across inputs (verified); the axis dim is the sum of the inputs'.
  SmallVector<int64_t> shape;
  int64_t axis = 0, axisSize = 0;
  for (Value input : op.getInputs()) {
    RankedTensorType type = rankedType(input);
    if (!type) {
      axisSize = ShapedType::kDynamic;
      continue;
    }
    if (shape.empty()) {
      shape.assign(type.getRank(), ShapedType::kDynamic);
      axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), type.getRank());
    }
    for (auto [dim, size] : llvm::enumerate(type.getShape()))
      if (static_cast<int64_t>(dim) != axis && !ShapedType::isDynamic(size))
        shape[dim] = size;
    int64_t size = type.getDimSize(axis);
    axisSize = ShapedType::isDynamic(size) || ShapedType::isDynamic(axisSize)
                   ? ShapedType::kDynamic
                   : axisSize + size;
  }
  if (shape.empty())
    return success();
  shape[axis] = axisSize;
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferFlattenShape(FlattenOp op) {
  RankedTensorType input = rankedType(op.getInput());
  if (!input)
    return success();
  int64_t axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), input.getRank());
  ArrayRef<int64_t> dims = input.getShape();
  return refineResultShape(op, 0, {product(dims.take_front(axis)), product(dims.drop_front(axis))});
}

LogicalResult mlir::aicc::inferGatherShape(GatherOp op) {
  // data[:axis] ++ indices.shape ++ data[axis+1:]
  RankedTensorType data = rankedType(op.getData()), indices = rankedType(op.getIndices());
  if (!data || !indices)
    return success();
  int64_t axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), data.getRank());
  SmallVector<int64_t> shape(data.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(axis + 1));
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferReshapeShape(ReshapeOp op) {
  std::optional<SmallVector<int64_t>> requested = constantInts(op.getShape());
  if (!requested) {
    // The rank is the length of 'shape' even when its values are unknown.
    RankedTensorType shapeType = rankedType(op.getShape());
    if (!shapeType || shapeType.getRank() != 1 || shapeType.isDynamicDim(0))
      return success();
    return refineResultShape(op, 0, SmallVector<int64_t>(shapeType.getDimSize(0),
                                                         ShapedType::kDynamic));
  }
  // Reshape-14: 0 copies the input dim at the same index (unless allowzero), -1 is inferred
  // from the element count.
  RankedTensorType data = rankedType(op.getData());
  SmallVector<int64_t> shape;
  std::optional<size_t> inferred;
  for (auto [dim, size] : llvm::enumerate(*requested)) {
    if (size == -1) {
      if (inferred)
        return op.emitOpError() << "input 'shape' has more than one -1";
      inferred = dim;
      shape.push_back(ShapedType::kDynamic);
    } else if (size == 0 && op.getAllowzero() == 0) {
      if (data && static_cast<int64_t>(dim) >= data.getRank())
        return op.emitOpError() << "input 'shape' copies dimension " << dim
                                << " (0) but input 'data' has rank " << data.getRank();
      shape.push_back(data ? data.getDimSize(dim) : ShapedType::kDynamic);
    } else if (size < 0) {
      return op.emitOpError() << "input 'shape' has the invalid size " << size;
    } else {
      shape.push_back(size);
    }
  }
  if (inferred && data && data.hasStaticShape()) {
    SmallVector<int64_t> others(shape);
    others.erase(others.begin() + *inferred);
    int64_t known = product(others);
    if (!ShapedType::isDynamic(known) && known != 0) {
      if (data.getNumElements() % known != 0)
        return op.emitOpError() << "cannot reshape " << data.getNumElements()
                                << " elements into a shape with " << known
                                << " elements besides the -1";
      shape[*inferred] = data.getNumElements() / known;
    }
  }
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferTransposeShape(TransposeOp op) {
  RankedTensorType data = rankedType(op.getData());
  if (!data)
    return success();
  // Without 'perm' the dims are reversed.
  SmallVector<int64_t> perm = op.getPerm()
                                  ? llvm::to_vector(*op.getPerm())
                                  : llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(
                                        0, data.getRank())));
  SmallVector<int64_t> shape;
  for (int64_t axis : perm)
    shape.push_back(data.getDimSize(axis));
  return refineResultShape(op, 0, shape);
}

/// Reduces `data` over `axes` (nothing known: std::nullopt). Empty axes reduce every dim, or none
/// with noop_with_empty_axes (ReduceSum-13).
static LogicalResult inferReduce(Operation *op, Value data,
                                 std::optional<SmallVector<int64_t>> axes, bool keepDims,
                                 bool noopWithEmptyAxes) {
  RankedTensorType type = rankedType(data);
  if (!type)
    return success();
  int64_t rank = type.getRank();
  if (!axes) {
    // A kept dim is 1 if reduced, else unchanged: only 1-sized dims are known either way.
    if (!keepDims)
      return success();
    SmallVector<int64_t> shape;
    for (int64_t size : type.getShape())
      shape.push_back(size == 1 ? 1 : ShapedType::kDynamic);
    return refineResultShape(op, 0, shape);
  }
  if (axes->empty() && noopWithEmptyAxes)
    return refineResultShape(op, 0, type.getShape());
  llvm::SmallBitVector reduced(rank, axes->empty());
  for (int64_t axis : *axes) {
    if (axis < -rank || axis >= rank)
      return op->emitOpError() << "reduction axis " << axis << " is out of range for rank "
                               << rank;
    reduced.set(normalizeAxis(axis, rank));
  }
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (!reduced.test(dim))
      shape.push_back(type.getDimSize(dim));
    else if (keepDims)
      shape.push_back(1);
  }
  return refineResultShape(op, 0, shape);
}

template <typename ReduceOp>
static LogicalResult inferReduceWithAxesAttr(ReduceOp op) {
  SmallVector<int64_t> axes(op.getAxes().value_or(ArrayRef<int64_t>()));
  return inferReduce(op, op.getData(), axes, op.getKeepdims() != 0, false);
}

LogicalResult mlir::aicc::inferReduceShape(ReduceMaxOp op) { return inferReduceWithAxesAttr(op); }
LogicalResult mlir::aicc::inferReduceShape(ReduceMeanOp op) { return inferReduceWithAxesAttr(op); }
LogicalResult mlir::aicc::inferReduceShape(ReduceMinOp op) { return inferReduceWithAxesAttr(op); }

LogicalResult mlir::aicc::inferReduceShape(ReduceSumOp op) {
  std::optional<SmallVector<int64_t>> axes =
      isa<NoneType>(op.getAxes().getType()) ? SmallVector<int64_t>() : constantInts(op.getAxes());
  return inferReduce(op, op.getData(), axes, op.getKeepdims() != 0,
                     op.getNoopWithEmptyAxes() != 0);
}
