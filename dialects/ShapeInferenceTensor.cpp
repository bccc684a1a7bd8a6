//===- ShapeInferenceTensor.cpp - shapes of data-movement and reduce ops --===//
//
// Concat, ConstantOfShape, Expand, Flatten, Gather, Range, Reshape, Resize, Slice, Squeeze, Tile,
// Transpose, Unsqueeze and ReduceMax/Mean/Min/Sum, by the ONNX spec at each op's onnxSinceVersion
// (opset <= 17: ReduceSum-13 takes its axes as an input, the other reductions as an attribute).
// Axis attributes are range-checked by the verifiers. Shapes, axes, repeats, scales and sizes
// given as inputs are known once they are constants (EvaluateConstantSubgraphs computes them).
//
//===----------------------------------------------------------------------===//

#include "dialects/OnnxSemantics.h"
#include "dialects/ShapeInference.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/SmallBitVector.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::aicc;

/// The product of `sizes`, unknown if any of them is.
static int64_t product(ArrayRef<int64_t> sizes) {
  if (ShapedType::isDynamicShape(sizes)) return ShapedType::kDynamic;
  int64_t result = 1;
  for (int64_t size : sizes) result *= size;
  return result;
}

/// The integer values of `value` when it is a constant (aicc.Constant), else nothing.
static std::optional<SmallVector<int64_t>> constantInts(Value value) {
  ElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr))) return std::nullopt;
  auto values = attr.tryGetValues<APInt>();
  if (!values) return std::nullopt;
  return llvm::to_vector(llvm::map_range(*values, [](const APInt &v) { return v.getSExtValue(); }));
}

/// `depth` bounds the walk up the chain.
static std::optional<SmallVector<ShapeElement>> walkShapeElements(Value value, int depth);

std::optional<SmallVector<ShapeElement>> mlir::aicc::shapeElements(Value value) { return walkShapeElements(value, 0); }

static std::optional<SmallVector<ShapeElement>> walkShapeElements(Value value, int depth) {
  if (auto ints = constantInts(value)) {
    SmallVector<ShapeElement> elements;
    for (int64_t v : *ints) elements.push_back({v, nullptr, -1});
    return elements;
  }
  Operation *def = value.getDefiningOp();
  if (!def || depth > 8) return std::nullopt;
  if (auto shape = dyn_cast<ShapeOp>(def)) {
    RankedTensorType data = rankedType(shape.getData());
    if (!data) return std::nullopt;
    auto [start, end] = shapeRange(shape.getStart(), shape.getEnd(), data.getRank());
    SmallVector<ShapeElement> elements;
    for (int64_t d = start; d < end; ++d)
      elements.push_back(data.isDynamicDim(d) ? ShapeElement{std::nullopt, shape.getData(), d}
                                              : ShapeElement{data.getDimSize(d), nullptr, -1});
    return elements;
  }
  if (auto concat = dyn_cast<ConcatOp>(def)) {
    SmallVector<ShapeElement> elements;
    for (Value input : concat.getInputs()) {
      auto part = walkShapeElements(input, depth + 1);
      if (!part) return std::nullopt;
      elements.append(*part);
    }
    return elements;
  }
  if (auto unsqueeze = dyn_cast<UnsqueezeOp>(def)) {
    RankedTensorType data = rankedType(unsqueeze.getData());
    if (!data || data.getRank() != 0) return std::nullopt;
    return walkShapeElements(unsqueeze.getData(), depth + 1);
  }
  if (auto cast = dyn_cast<CastOp>(def))
    return isa<IntegerType>(getElementTypeOrSelf(cast.getInput().getType()))
               ? walkShapeElements(cast.getInput(), depth + 1)
               : std::nullopt;
  // Arithmetic on single known elements (w // heads in a head split).
  if (isa<AddOp, SubOp, MulOp, DivOp>(def)) {
    auto lhs = walkShapeElements(def->getOperand(0), depth + 1), rhs = walkShapeElements(def->getOperand(1), depth + 1);
    if (!lhs || !rhs || lhs->size() != 1 || rhs->size() != 1 || !lhs->front().value || !rhs->front().value)
      return std::nullopt;
    int64_t a = *lhs->front().value, b = *rhs->front().value;
    if (isa<DivOp>(def) && (b == 0 || a % b != 0)) return std::nullopt;
    int64_t result = isa<AddOp>(def) ? a + b : isa<SubOp>(def) ? a - b : isa<MulOp>(def) ? a * b : a / b;
    return SmallVector<ShapeElement>{{result, nullptr, -1}};
  }
  if (auto gather = dyn_cast<GatherOp>(def)) {
    auto from = walkShapeElements(gather.getData(), depth + 1);
    auto indices = constantInts(gather.getIndices());
    RankedTensorType indicesType = rankedType(gather.getIndices());
    if (!from || !indices || !indicesType || indicesType.getRank() > 1 || gather.getAxis() != 0) return std::nullopt;
    SmallVector<ShapeElement> elements;
    for (int64_t index : *indices) {
      int64_t size = from->size();
      if (index < -size || index >= size) return std::nullopt;
      elements.push_back((*from)[index < 0 ? index + size : index]);
    }
    return elements;
  }
  return std::nullopt;
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
      std::optional<int64_t> dim = normalizeAxis(static_cast<int64_t>(op.getAxis()), type.getRank());
      if (!dim) return success(); // the verifier names the axis
      shape.assign(type.getRank(), ShapedType::kDynamic);
      axis = *dim;
    }
    for (auto [dim, size] : llvm::enumerate(type.getShape()))
      if (static_cast<int64_t>(dim) != axis && !ShapedType::isDynamic(size)) shape[dim] = size;
    int64_t size = type.getDimSize(axis);
    axisSize = ShapedType::isDynamic(size) || ShapedType::isDynamic(axisSize) ? ShapedType::kDynamic : axisSize + size;
  }
  if (shape.empty()) return success();
  shape[axis] = axisSize;
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferFlattenShape(FlattenOp op) {
  RankedTensorType input = rankedType(op.getInput());
  if (!input) return success();
  std::optional<int64_t> axis = flattenAxis(static_cast<int64_t>(op.getAxis()), input.getRank());
  if (!axis) return success(); // the verifier names the axis
  ArrayRef<int64_t> dims = input.getShape();
  return refineResultShape(op, 0, {product(dims.take_front(*axis)), product(dims.drop_front(*axis))});
}

LogicalResult mlir::aicc::inferGatherShape(GatherOp op) {
  // data[:axis] ++ indices.shape ++ data[axis+1:]
  RankedTensorType data = rankedType(op.getData()), indices = rankedType(op.getIndices());
  if (!data || !indices) return success();
  std::optional<int64_t> axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), data.getRank());
  if (!axis) return success(); // the verifier names the axis
  SmallVector<int64_t> shape(data.getShape().take_front(*axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(*axis + 1));
  return refineResultShape(op, 0, shape);
}

/// DepthToSpace-13 and SpaceToDepth-13 on [N, C, H, W]: the channels divided by (or multiplied
/// by) blocksize², height and width multiplied (divided). Sizes that do not divide stay unknown
/// for the lowering to report.
static LogicalResult inferBlockRearrangement(Operation *op, Value input, int64_t block, bool toSpace) {
  RankedTensorType type = rankedType(input);
  if (!type || type.getRank() != 4 || block < 1) return success();
  auto scaled = [&](int64_t size, bool multiply, int64_t factor) {
    if (ShapedType::isDynamic(size)) return ShapedType::kDynamic;
    if (multiply) return size * factor;
    return size % factor == 0 ? size / factor : ShapedType::kDynamic;
  };
  return refineResultShape(op, 0,
                           {type.getDimSize(0), scaled(type.getDimSize(1), !toSpace, block * block),
                            scaled(type.getDimSize(2), toSpace, block), scaled(type.getDimSize(3), toSpace, block)});
}

LogicalResult mlir::aicc::inferDepthToSpaceShape(DepthToSpaceOp op) {
  return inferBlockRearrangement(op, op.getInput(), op.getBlocksize(), true);
}

LogicalResult mlir::aicc::inferSpaceToDepthShape(SpaceToDepthOp op) {
  return inferBlockRearrangement(op, op.getInput(), op.getBlocksize(), false);
}

LogicalResult mlir::aicc::inferGatherElementsShape(GatherElementsOp op) {
  // GatherElements-13: the result has the indices' shape.
  RankedTensorType indices = rankedType(op.getIndices());
  return indices ? refineResultShape(op, 0, indices.getShape()) : success();
}

LogicalResult mlir::aicc::inferGatherNDShape(GatherNDOp op) {
  // indices.shape[:-1] ++ data.shape[batch_dims + m:], m = indices.shape[-1] (static).
  RankedTensorType data = rankedType(op.getData()), indices = rankedType(op.getIndices());
  if (!data || !indices || indices.getRank() < 1 || indices.isDynamicDim(indices.getRank() - 1)) return success();
  int64_t batch = static_cast<int64_t>(op.getBatchDims()), m = indices.getShape().back();
  if (batch < 0 || batch + m > data.getRank())
    return op.emitOpError() << "indices index " << m << " dims after " << batch << " batch dims of data of rank "
                            << data.getRank();
  SmallVector<int64_t> shape(indices.getShape().drop_back());
  llvm::append_range(shape, data.getShape().drop_front(batch + m));
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferNonZeroShape(NonZeroOp op) {
  // One row per input dim, one column per non-zero element: a count only the data gives.
  RankedTensorType input = rankedType(op.getX());
  if (!input) return success();
  return refineResultShape(op, 0, {input.getRank(), ShapedType::kDynamic});
}

LogicalResult mlir::aicc::inferCompressShape(CompressOp op) {
  // The input with as many slices along the axis as the condition selects; without an axis, the
  // selected elements of the flattened input.
  RankedTensorType input = rankedType(op.getInput());
  if (!input) return success();
  std::optional<int64_t> axis = op.getAxis();
  if (!axis) return refineResultShape(op, 0, {ShapedType::kDynamic});
  int64_t rank = input.getRank();
  std::optional<int64_t> dim = normalizeAxis(*axis, rank);
  if (!dim) return op.emitOpError() << "axis " << *axis << " is out of range for rank " << rank;
  SmallVector<int64_t> shape(input.getShape());
  shape[*dim] = ShapedType::kDynamic;
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferResizeShape(ResizeOp op) {
  // Resize-13: the input's rank; each dim is sizes[i] when 'sizes' is given, else
  // floor(input_dim * scales[i]) as ONNX's reference computes it (in double). An empty tensor
  // stands for an absent input. Dims the result type already knows are kept: the CPU lowering
  // checks them against the inputs and names the mismatch.
  RankedTensorType input = rankedType(op.getX());
  if (!input) return success();
  int64_t rank = input.getRank();
  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  std::optional<SmallVector<int64_t>> sizes = constantInts(op.getSizes());
  if (sizes && !sizes->empty()) {
    if (static_cast<int64_t>(sizes->size()) == rank)
      for (auto [dim, size] : llvm::enumerate(*sizes))
        if (size >= 0) shape[dim] = size;
  } else if (ElementsAttr scales;
             matchPattern(op.getScales(), m_Constant(&scales)) && scales.getNumElements() == rank) {
    if (auto values = scales.tryGetValues<APFloat>())
      for (auto [dim, scale] : llvm::enumerate(*values)) {
        double factor = scale.convertToFloat();
        if (!input.isDynamicDim(dim) && factor > 0)
          shape[dim] = static_cast<int64_t>(std::floor(input.getDimSize(dim) * factor));
      }
  }
  if (RankedTensorType current = rankedType(op.getY()); current && current.getRank() == rank)
    for (int64_t dim = 0; dim < rank; ++dim)
      if (!current.isDynamicDim(dim)) shape[dim] = current.getDimSize(dim);
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferReshapeShape(ReshapeOp op) {
  std::optional<SmallVector<ShapeElement>> requested = shapeElements(op.getShape());
  if (!requested) {
    // The rank is the length of 'shape' even when its values are unknown.
    RankedTensorType shapeType = rankedType(op.getShape());
    if (!shapeType || shapeType.getRank() != 1 || shapeType.isDynamicDim(0)) return success();
    return refineResultShape(op, 0, SmallVector<int64_t>(shapeType.getDimSize(0), ShapedType::kDynamic));
  }
  // Reshape-14: 0 copies the input dim at the same index (unless allowzero), -1 is inferred
  // from the element count. An element that is a dim of some tensor (shapeElements) stays
  // symbolic, static if that dim is; the -1 is then the data's static element count over the
  // static sizes around it, when the symbolic dims on both sides are the same dims of the data.
  RankedTensorType data = rankedType(op.getData());
  SmallVector<std::optional<int64_t>> values;
  for (const ShapeElement &element : *requested) values.push_back(element.value);
  std::string reason;
  FailureOr<ReshapeDims> dims =
      reshapeDims(values, data ? std::optional<int64_t>(data.getRank()) : std::nullopt, op.getAllowzero() != 0, reason);
  if (failed(dims)) return op.emitOpError() << reason;
  std::optional<size_t> inferred = dims->inferred;
  SmallVector<int64_t> shape;
  SmallVector<std::pair<Value, int64_t>> symbolic; // the data dims the result copies
  for (auto [dim, element] : llvm::enumerate(*requested)) {
    if (!element.value) {
      auto of = cast<RankedTensorType>(element.of.getType());
      shape.push_back(of.getDimSize(element.dim));
      if (of.isDynamicDim(element.dim)) symbolic.push_back({element.of, element.dim});
    } else if (dims->copies[dim]) {
      shape.push_back(data ? data.getDimSize(dim) : ShapedType::kDynamic);
      if (data && data.isDynamicDim(dim)) symbolic.push_back({op.getData(), static_cast<int64_t>(dim)});
    } else {
      shape.push_back(dims->sizes[dim].value_or(ShapedType::kDynamic));
    }
  }
  if (inferred && data) {
    SmallVector<std::pair<Value, int64_t>> dataSymbolic;
    int64_t dataStatic = 1, othersStatic = 1;
    for (int64_t d = 0; d < data.getRank(); ++d) {
      if (data.isDynamicDim(d))
        dataSymbolic.push_back({op.getData(), d});
      else
        dataStatic *= data.getDimSize(d);
    }
    for (auto [dim, size] : llvm::enumerate(shape))
      if (dim != *inferred && !ShapedType::isDynamic(size)) othersStatic *= size;
    bool sameSymbolic = dataSymbolic.size() == symbolic.size() &&
                        std::is_permutation(dataSymbolic.begin(), dataSymbolic.end(), symbolic.begin());
    if (sameSymbolic && othersStatic != 0) {
      if (dataStatic % othersStatic != 0)
        return op.emitOpError() << "cannot reshape " << dataStatic << " elements into a shape with " << othersStatic
                                << " elements besides the -1";
      shape[*inferred] = dataStatic / othersStatic;
    }
  }
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferShapeShape(ShapeOp op) {
  // Shape-15: one element per dim in [start, end) of a ranked input, whatever the dims are.
  RankedTensorType data = rankedType(op.getData());
  if (!data) return success();
  auto [start, end] = shapeRange(op.getStart(), op.getEnd(), data.getRank());
  return refineResultShape(op, 0, {end - start});
}

LogicalResult mlir::aicc::inferSplitShape(SplitOp op) {
  // Split-13: every output is the input with its own size along the axis: `split`'s entry, or an
  // equal share of a static axis. The other dims (symbolic ones too) are the input's.
  RankedTensorType input = rankedType(op.getInput());
  if (!input) return success();
  const int64_t rank = input.getRank();
  std::optional<int64_t> normalized = normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
  if (!normalized)
    return op.emitOpError() << "axis " << static_cast<int64_t>(op.getAxis()) << " is out of range for rank " << rank;
  const int64_t axis = *normalized;
  int64_t parts = op.getOutputs().size();
  SmallVector<int64_t> sizes(parts, ShapedType::kDynamic);
  if (std::optional<SmallVector<int64_t>> split = constantInts(op.getSplit())) {
    if (static_cast<int64_t>(split->size()) != parts)
      return op.emitOpError() << "'split' has " << split->size() << " sizes for " << parts << " outputs";
    sizes = *split;
  } else if (isa<NoneType>(op.getSplit().getType()) && !input.isDynamicDim(axis) &&
             input.getDimSize(axis) % parts == 0) {
    sizes.assign(parts, input.getDimSize(axis) / parts);
  }
  for (int64_t i = 0; i < parts; ++i) {
    SmallVector<int64_t> shape(input.getShape());
    shape[axis] = sizes[i];
    if (failed(refineResultShape(op, i, shape))) return failure();
  }
  return success();
}

LogicalResult mlir::aicc::inferSliceShape(SliceOp op) {
  // Slice-13, per listed axis (default: the first len(starts) dims): start and end count from the
  // back when negative and are clamped by the sign of step, count = ceil((end - start) / step).
  // Dims not listed keep the input's size, so the rank is known even before the bounds are.
  RankedTensorType data = rankedType(op.getData());
  if (!data) return success();
  const int64_t rank = data.getRank();
  SmallVector<int64_t> shape(data.getShape());
  std::optional<SmallVector<int64_t>> starts = constantInts(op.getStarts()), ends = constantInts(op.getEnds());
  std::optional<SmallVector<int64_t>> axes, steps;
  const bool hasAxes = !isa<NoneType>(op.getAxes().getType()), hasSteps = !isa<NoneType>(op.getSteps().getType());
  if (hasAxes) axes = constantInts(op.getAxes());
  if (hasSteps) steps = constantInts(op.getSteps());
  if (!starts || !ends || (hasAxes && !axes) || (hasSteps && !steps)) {
    // Which dims are sliced is unknown without constant axes; with them, those dims are.
    if (axes)
      for (int64_t axis : *axes)
        if (std::optional<int64_t> d = normalizeAxis(axis, rank)) shape[*d] = ShapedType::kDynamic;
    return refineResultShape(op, 0, axes ? shape : SmallVector<int64_t>(rank, ShapedType::kDynamic));
  }
  std::string reason;
  FailureOr<SliceAxes> sliced = sliceAxes(starts->size(), ends->size(), axes, steps, rank, reason);
  if (failed(sliced)) return op.emitOpError() << reason;
  for (auto [k, d] : llvm::enumerate(sliced->axes)) {
    const int64_t dim = data.getDimSize(d);
    shape[d] = ShapedType::isDynamic(dim) ? ShapedType::kDynamic
                                          : sliceRange((*starts)[k], (*ends)[k], sliced->steps[k], dim).count;
  }
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferTransposeShape(TransposeOp op) {
  RankedTensorType data = rankedType(op.getData());
  if (!data) return success();
  // Without 'perm' the dims are reversed.
  SmallVector<int64_t> perm = op.getPerm() ? llvm::to_vector(*op.getPerm())
                                           : llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, data.getRank())));
  SmallVector<int64_t> shape;
  for (int64_t axis : perm) shape.push_back(data.getDimSize(axis));
  return refineResultShape(op, 0, shape);
}

/// Reduces `data` over `axes` (nothing known: std::nullopt). Empty axes reduce every dim, or none
/// with noop_with_empty_axes (ReduceSum-13).
static LogicalResult inferReduce(Operation *op, Value data, std::optional<SmallVector<int64_t>> axes, bool keepDims,
                                 bool noopWithEmptyAxes) {
  RankedTensorType type = rankedType(data);
  if (!type) return success();
  int64_t rank = type.getRank();
  if (!axes) {
    // A kept dim is 1 if reduced, else unchanged: only 1-sized dims are known either way.
    if (!keepDims) return success();
    SmallVector<int64_t> shape;
    for (int64_t size : type.getShape()) shape.push_back(size == 1 ? 1 : ShapedType::kDynamic);
    return refineResultShape(op, 0, shape);
  }
  if (axes->empty() && noopWithEmptyAxes) return refineResultShape(op, 0, type.getShape());
  llvm::SmallBitVector reduced(rank, axes->empty());
  for (int64_t axis : *axes) {
    std::optional<int64_t> dim = normalizeAxis(axis, rank);
    if (!dim) return op->emitOpError() << "reduction axis " << axis << " is out of range for rank " << rank;
    reduced.set(*dim);
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

template <typename ReduceOp> static LogicalResult inferReduceWithAxesAttr(ReduceOp op) {
  SmallVector<int64_t> axes(op.getAxes().value_or(ArrayRef<int64_t>()));
  return inferReduce(op, op.getData(), axes, op.getKeepdims() != 0, false);
}

LogicalResult mlir::aicc::inferReduceShape(ReduceMaxOp op) { return inferReduceWithAxesAttr(op); }
LogicalResult mlir::aicc::inferReduceShape(ReduceMeanOp op) { return inferReduceWithAxesAttr(op); }
LogicalResult mlir::aicc::inferReduceShape(ReduceMinOp op) { return inferReduceWithAxesAttr(op); }

LogicalResult mlir::aicc::inferReduceShape(ReduceL1Op op) { return inferReduceWithAxesAttr(op); }
LogicalResult mlir::aicc::inferReduceShape(ReduceL2Op op) { return inferReduceWithAxesAttr(op); }
LogicalResult mlir::aicc::inferReduceShape(ReduceLogSumOp op) { return inferReduceWithAxesAttr(op); }
LogicalResult mlir::aicc::inferReduceShape(ReduceLogSumExpOp op) { return inferReduceWithAxesAttr(op); }
LogicalResult mlir::aicc::inferReduceShape(ReduceProdOp op) { return inferReduceWithAxesAttr(op); }
LogicalResult mlir::aicc::inferReduceShape(ReduceSumSquareOp op) { return inferReduceWithAxesAttr(op); }

// ArgMax-13/ArgMin-13: one axis, reduced to one index (kept as size 1 with keepdims).
LogicalResult mlir::aicc::inferReduceShape(ArgMaxOp op) {
  SmallVector<int64_t> axis{static_cast<int64_t>(op.getAxis())};
  return inferReduce(op, op.getData(), axis, op.getKeepdims() != 0, false);
}
LogicalResult mlir::aicc::inferReduceShape(ArgMinOp op) {
  SmallVector<int64_t> axis{static_cast<int64_t>(op.getAxis())};
  return inferReduce(op, op.getData(), axis, op.getKeepdims() != 0, false);
}

LogicalResult mlir::aicc::inferReduceShape(ReduceSumOp op) {
  std::optional<SmallVector<int64_t>> axes =
      isa<NoneType>(op.getAxes().getType()) ? SmallVector<int64_t>() : constantInts(op.getAxes());
  return inferReduce(op, op.getData(), axes, op.getKeepdims() != 0, op.getNoopWithEmptyAxes() != 0);
}

/// The length of a 1-D `value` when its type says it (the rank a shape input implies).
static std::optional<int64_t> staticLength(Value value) {
  RankedTensorType type = rankedType(value);
  if (!type || type.getRank() != 1 || type.isDynamicDim(0)) return std::nullopt;
  return type.getDimSize(0);
}

LogicalResult mlir::aicc::inferConstantOfShapeShape(ConstantOfShapeOp op) {
  // ConstantOfShape-9: the result's shape is the input's values.
  if (std::optional<SmallVector<int64_t>> shape = constantInts(op.getInput())) {
    for (int64_t size : *shape)
      if (size < 0) return op.emitOpError() << "input 'input' has the negative size " << size;
    return refineResultShape(op, 0, *shape);
  }
  if (std::optional<int64_t> rank = staticLength(op.getInput()))
    return refineResultShape(op, 0, SmallVector<int64_t>(*rank, ShapedType::kDynamic));
  return success();
}

LogicalResult mlir::aicc::inferOneHotShape(OneHotOp op) {
  // OneHot-11: the indices' shape with `depth` inserted at `axis` (a float depth counts as its
  // integer part).
  RankedTensorType indices = rankedType(op.getIndices());
  if (!indices) return success();
  const int64_t rank = indices.getRank() + 1;
  std::optional<int64_t> normalized = normalizeAxis(op.getAxis(), rank);
  if (!normalized)
    return op.emitOpError() << "axis " << op.getAxis() << " is out of range for a result of rank " << rank;
  const int64_t axis = *normalized;
  int64_t depth = ShapedType::kDynamic;
  Attribute value;
  if (matchPattern(op.getDepth(), m_Constant(&value)))
    if (auto elements = dyn_cast<DenseElementsAttr>(value); elements && elements.getNumElements() == 1) {
      if (isa<FloatType>(elements.getElementType()))
        depth = static_cast<int64_t>(elements.getSplatValue<APFloat>().convertToDouble());
      else
        depth = elements.getSplatValue<APInt>().getSExtValue();
      if (depth < 1) return op.emitOpError() << "depth must be positive, got " << depth;
    }
  SmallVector<int64_t> shape(indices.getShape());
  shape.insert(shape.begin() + axis, depth);
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferExpandShape(ExpandOp op) {
  // Expand-13: the input broadcast with 'shape' (either side may hold the 1).
  RankedTensorType input = rankedType(op.getInput());
  if (!input) return success();
  std::optional<SmallVector<int64_t>> requested = constantInts(op.getShape());
  if (!requested) {
    std::optional<int64_t> length = staticLength(op.getShape());
    if (!length) return success();
    int64_t rank = std::max<int64_t>(*length, input.getRank());
    return refineResultShape(op, 0, SmallVector<int64_t>(rank, ShapedType::kDynamic));
  }
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(op, {input.getShape(), *requested});
  if (failed(shape)) return failure();
  return refineResultShape(op, 0, *shape);
}

LogicalResult mlir::aicc::inferRangeShape(RangeOp op) {
  // Range-11: max(ceil((limit - start) / delta), 0) elements.
  auto scalar = [](Value value) -> std::optional<double> {
    ElementsAttr attr;
    if (!matchPattern(value, m_Constant(&attr)) || attr.getNumElements() != 1) return std::nullopt;
    if (auto ints = attr.tryGetValues<APInt>()) return static_cast<double>((*ints->begin()).getSExtValue());
    if (auto floats = attr.tryGetValues<APFloat>()) {
      APFloat value = *floats->begin();
      bool losesInfo = false;
      value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &losesInfo);
      return value.convertToDouble();
    }
    return std::nullopt;
  };
  std::optional<double> start = scalar(op.getStart()), limit = scalar(op.getLimit()), delta = scalar(op.getDelta());
  int64_t count = ShapedType::kDynamic;
  if (start && limit && delta) {
    if (*delta == 0) return op.emitOpError() << "input 'delta' is zero";
    double n = std::ceil((*limit - *start) / *delta);
    if (std::isfinite(n) && n < 9.2e18) count = std::max<int64_t>(static_cast<int64_t>(n), 0);
  }
  return refineResultShape(op, 0, {count});
}

/// The axes of Squeeze/Unsqueeze normalized against `rank`, or nothing while they are unknown.
static FailureOr<std::optional<llvm::SmallBitVector>> axesSet(Operation *op, Value axes, int64_t rank) {
  std::optional<SmallVector<int64_t>> values = constantInts(axes);
  if (!values) return std::optional<llvm::SmallBitVector>();
  llvm::SmallBitVector set(rank);
  for (int64_t axis : *values) {
    std::optional<int64_t> dim = normalizeAxis(axis, rank);
    if (!dim || set.test(*dim))
      return op->emitOpError() << "input 'axes' has the invalid or repeated axis " << axis << " for rank " << rank;
    set.set(*dim);
  }
  return std::optional<llvm::SmallBitVector>(set);
}

LogicalResult mlir::aicc::inferSqueezeShape(SqueezeOp op) {
  // Squeeze-13: drop the dims at 'axes', or every 1-sized dim without axes.
  RankedTensorType data = rankedType(op.getData());
  if (!data) return success();
  llvm::SmallBitVector dropped(data.getRank());
  if (isa<NoneType>(op.getAxes().getType())) {
    // An unknown dim may be 1: the rank is known only when every dim is.
    if (!data.hasStaticShape()) return success();
    for (auto [dim, size] : llvm::enumerate(data.getShape()))
      if (size == 1) dropped.set(dim);
  } else {
    FailureOr<std::optional<llvm::SmallBitVector>> axes = axesSet(op, op.getAxes(), data.getRank());
    if (failed(axes)) return failure();
    if (!*axes) return success();
    dropped = **axes;
  }
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(data.getShape())) {
    if (!dropped.test(dim)) {
      shape.push_back(size);
    } else if (!ShapedType::isDynamic(size) && size != 1) {
      return op.emitOpError() << "cannot squeeze dimension " << dim << " of size " << size;
    }
  }
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferUnsqueezeShape(UnsqueezeOp op) {
  // Unsqueeze-13: 1s inserted at 'axes', which count in the result's rank.
  RankedTensorType data = rankedType(op.getData());
  std::optional<SmallVector<int64_t>> values = constantInts(op.getAxes());
  if (!data || !values) return success();
  int64_t rank = data.getRank() + static_cast<int64_t>(values->size());
  FailureOr<std::optional<llvm::SmallBitVector>> inserted = axesSet(op, op.getAxes(), rank);
  if (failed(inserted)) return failure();
  SmallVector<int64_t> shape;
  const int64_t *next = data.getShape().begin();
  for (int64_t dim = 0; dim < rank; ++dim) shape.push_back((**inserted).test(dim) ? 1 : *next++);
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferPadShape(PadOp op) {
  // Pad-13: dim d grows by pads[d] + pads[rank + d] (negative pads crop). Exporters compute the
  // pads (PyTorch's F.pad: ConstantOfShape, Concat, Slice, Transpose), which ONNX's own inference
  // leaves unknown until they are folded.
  RankedTensorType input = rankedType(op.getData());
  std::optional<SmallVector<int64_t>> pads = constantInts(op.getPads());
  if (!input) return success();
  const int64_t rank = input.getRank();
  if (!pads) return refineResultShape(op, 0, SmallVector<int64_t>(rank, ShapedType::kDynamic));
  if (static_cast<int64_t>(pads->size()) != 2 * rank)
    return op.emitOpError() << "input 'pads' has " << pads->size() << " entries but input 'data' has rank " << rank
                            << " (2 per dim needed)";
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t size = input.getDimSize(d);
    if (ShapedType::isDynamic(size)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    const int64_t padded = size + (*pads)[d] + (*pads)[rank + d];
    if (padded < 0)
      return op.emitOpError() << "pads " << (*pads)[d] << " and " << (*pads)[rank + d] << " crop dim " << d
                              << " of size " << size << " below 0";
    shape.push_back(padded);
  }
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferTileShape(TileOp op) {
  // Tile-13: dim d is repeated repeats[d] times.
  RankedTensorType input = rankedType(op.getInput());
  std::optional<SmallVector<int64_t>> repeats = constantInts(op.getRepeats());
  if (!input) return success();
  if (!repeats) return refineResultShape(op, 0, SmallVector<int64_t>(input.getRank(), ShapedType::kDynamic));
  if (static_cast<int64_t>(repeats->size()) != input.getRank())
    return op.emitOpError() << "input 'repeats' has " << repeats->size() << " entries but input 'input' has rank "
                            << input.getRank();
  SmallVector<int64_t> shape;
  for (auto [size, repeat] : llvm::zip(input.getShape(), *repeats)) {
    if (repeat < 0) return op.emitOpError() << "input 'repeats' has the negative entry " << repeat;
    shape.push_back(ShapedType::isDynamic(size) ? ShapedType::kDynamic : size * repeat);
  }
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferTopKShape(TopKOp op) {
  // TopK-11: the input with K elements along `axis`; K is a one-element tensor.
  RankedTensorType x = rankedType(op.getX());
  if (!x) return success();
  int64_t rank = x.getRank();
  std::optional<int64_t> axis = normalizeAxis(op.getAxis(), rank);
  if (!axis) return op.emitOpError() << "axis " << op.getAxis() << " is out of range for rank " << rank;
  SmallVector<int64_t> shape(x.getShape());
  shape[*axis] = ShapedType::kDynamic;
  if (std::optional<SmallVector<int64_t>> k = constantInts(op.getK()); k && k->size() == 1) {
    if ((*k)[0] < 0 || (!x.isDynamicDim(*axis) && (*k)[0] > x.getDimSize(*axis)))
      return op.emitOpError() << "K = " << (*k)[0] << " is outside [0, " << x.getDimSize(*axis) << "]";
    shape[*axis] = (*k)[0];
  }
  if (failed(refineResultShape(op, 0, shape))) return failure();
  return refineResultShape(op, 1, shape);
}

LogicalResult mlir::aicc::inferUniqueShape(UniqueOp op) {
  // Unique-11: U unique slices along `axis` (or U unique elements of the flattened input), a count
  // only the data gives; Y, indices and counts have U entries, inverse_indices one per slice.
  RankedTensorType x = rankedType(op.getX());
  if (!x) return success();
  int64_t slices = x.hasStaticShape() ? x.getNumElements() : ShapedType::kDynamic;
  SmallVector<int64_t> shape{ShapedType::kDynamic};
  if (std::optional<int64_t> given = op.getAxis()) {
    std::optional<int64_t> axis = normalizeAxis(*given, x.getRank());
    if (!axis) return op.emitOpError() << "axis " << *given << " is out of range for rank " << x.getRank();
    slices = x.getDimSize(*axis);
    shape.assign(x.getShape().begin(), x.getShape().end());
    shape[*axis] = ShapedType::kDynamic;
  }
  if (failed(refineResultShape(op, 0, shape)) || failed(refineResultShape(op, 1, {ShapedType::kDynamic})) ||
      failed(refineResultShape(op, 2, {slices})))
    return failure();
  return refineResultShape(op, 3, {ShapedType::kDynamic});
}

LogicalResult mlir::aicc::inferWindowShape(Operation *op) {
  int64_t length = ShapedType::kDynamic;
  if (std::optional<SmallVector<int64_t>> size = constantInts(op->getOperand(0)); size && size->size() == 1) {
    if ((*size)[0] < 0) return op->emitOpError() << "size must not be negative, got " << (*size)[0];
    length = (*size)[0];
  }
  return refineResultShape(op, 0, {length});
}

LogicalResult mlir::aicc::inferDetShape(DetOp op) {
  // Det-11: [*, M, M] → [*].
  RankedTensorType x = rankedType(op.getX());
  if (!x) return success();
  if (x.getRank() < 2) return op.emitOpError() << "input must have at least 2 dims, got " << x;
  int64_t m = x.getDimSize(x.getRank() - 1), m2 = x.getDimSize(x.getRank() - 2);
  if (!ShapedType::isDynamic(m) && !ShapedType::isDynamic(m2) && m != m2)
    return op.emitOpError() << "input must hold square matrices, got " << x;
  return refineResultShape(op, 0, x.getShape().drop_back(2));
}
