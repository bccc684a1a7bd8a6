// EvaluateConstantSubgraphs: ops whose operands are all constant and whose result is small are
// computed at compile time (ONNX semantics at opset 17) and become aicc.Constant, so computed
// shapes (Shape -> Gather -> Concat -> Reshape, Range, ConstantOfShape) are static and masks built in
// forward (Trilu of ones) are constants; see Passes.td.
#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"
#include "passes/ConstantTensor.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SmallBitVector.h"

#include <cmath>
#include <functional>
#include <limits>

namespace aicc {

#define GEN_PASS_DEF_EVALUATECONSTANTSUBGRAPHS
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// What an evaluation may read and produce; evaluations fail rather than exceed it.
struct Limits {
  int64_t maxElements;
};

/// The operands of the op being evaluated; absent optional inputs (aicc.none) are std::nullopt.
using Operands = ArrayRef<std::optional<ConstantTensor>>;

//===----------------------------------------------------------------------===//
// Shapes and indices
//===----------------------------------------------------------------------===//

/// A tensor type of `shape`, if its element count is within the limit (no overflow).
static FailureOr<RankedTensorType> boundedType(ArrayRef<int64_t> shape, Type elementType, Limits limits) {
  int64_t count = 1;
  for (int64_t size : shape) {
    if (size < 0 || (size > 0 && count > limits.maxElements / size)) return failure();
    count *= size;
  }
  if (count > limits.maxElements) return failure();
  return RankedTensorType::get(shape, elementType);
}

static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t dim = static_cast<int64_t>(shape.size()) - 2; dim >= 0; --dim)
    strides[dim] = strides[dim + 1] * shape[dim + 1];
  return strides;
}

/// For every element of `result` (row-major), the element of `input` it reads, where input dim d
/// is read at `offset[d] + index[d] * step[d]` of the result's index along `resultDim[d]` (-1:
/// index 0). One routine for broadcasting, slicing, transposing and tiling.
struct IndexMap {
  SmallVector<int64_t> resultDim, offset, step, modulo; // modulo 0: none
};

static std::vector<int64_t> mapIndices(ArrayRef<int64_t> resultShape, ArrayRef<int64_t> inputShape,
                                       const IndexMap &map) {
  int64_t count = 1;
  for (int64_t size : resultShape) count *= size;
  SmallVector<int64_t> inputStrides = stridesOf(inputShape);
  std::vector<int64_t> indices(count);
  SmallVector<int64_t> index(resultShape.size(), 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t source = 0;
    for (size_t d = 0; d < inputShape.size(); ++d) {
      int64_t i = map.resultDim[d] < 0 ? 0 : index[map.resultDim[d]];
      if (map.modulo[d]) i %= map.modulo[d];
      source += (map.offset[d] + i * map.step[d]) * inputStrides[d];
    }
    indices[flat] = source;
    for (int64_t d = static_cast<int64_t>(resultShape.size()) - 1; d >= 0; --d) {
      if (++index[d] < resultShape[d]) break;
      index[d] = 0;
    }
  }
  return indices;
}

/// The elements of `input` at `indices`, as a tensor of `type`.
static ConstantTensor gather(const ConstantTensor &input, RankedTensorType type, const std::vector<int64_t> &indices) {
  ConstantTensor result{type, {}, {}};
  for (int64_t index : indices) {
    if (input.isFloat())
      result.floats.push_back(input.floats[index]);
    else
      result.ints.push_back(input.ints[index]);
  }
  return result;
}

/// How `inputShape` is read when broadcast (numpy rules) to `resultShape`.
static IndexMap broadcastMap(ArrayRef<int64_t> resultShape, ArrayRef<int64_t> inputShape) {
  IndexMap map;
  size_t lead = resultShape.size() - inputShape.size();
  for (size_t d = 0; d < inputShape.size(); ++d) {
    bool broadcast = inputShape[d] == 1 && resultShape[lead + d] != 1;
    map.resultDim.push_back(broadcast ? -1 : static_cast<int64_t>(lead + d));
    map.offset.push_back(0);
    map.step.push_back(1);
    map.modulo.push_back(0);
  }
  return map;
}

/// The numpy broadcast of `shapes` (ONNX docs/Broadcasting.md), or failure when they conflict.
static FailureOr<SmallVector<int64_t>> broadcast(ArrayRef<ArrayRef<int64_t>> shapes) {
  size_t rank = 0;
  for (ArrayRef<int64_t> shape : shapes) rank = std::max(rank, shape.size());
  SmallVector<int64_t> result(rank, 1);
  for (ArrayRef<int64_t> shape : shapes)
    for (size_t d = 0; d < shape.size(); ++d) {
      int64_t &size = result[rank - shape.size() + d];
      if (shape[d] == size || shape[d] == 1) continue;
      if (size != 1) return failure();
      size = shape[d];
    }
  return result;
}

static Type resultElementType(Operation *op) { return cast<ShapedType>(op->getResult(0).getType()).getElementType(); }

//===----------------------------------------------------------------------===//
// Element values
//===----------------------------------------------------------------------===//

static bool isUnsigned(const ConstantTensor &tensor) { return tensor.type.getElementType().isUnsignedInteger(); }

static double asDouble(const ConstantTensor &tensor, int64_t i) {
  if (tensor.isFloat()) return tensor.floats[i];
  return isUnsigned(tensor) ? static_cast<double>(static_cast<uint64_t>(tensor.ints[i]))
                            : static_cast<double>(tensor.ints[i]);
}

/// Stores `value` (a double from float arithmetic or an integer's value) into element i. ONNX Cast
/// from float to integer truncates toward zero; to bool it tests for nonzero.
static LogicalResult storeDouble(ConstantTensor &tensor, int64_t i, double value) {
  if (tensor.isFloat()) {
    tensor.floats[i] = value;
    return success();
  }
  auto type = cast<IntegerType>(tensor.type.getElementType());
  if (type.getWidth() == 1) {
    tensor.ints[i] = value != 0;
    return success();
  }
  // Out-of-range or NaN conversions are undefined in ONNX: leave them to run time.
  if (!std::isfinite(value) || std::fabs(value) >= 9.2e18) return failure();
  tensor.ints[i] = wrapInteger(static_cast<int64_t>(std::trunc(value)), type);
  return success();
}

/// Applies `fn` to the broadcast operands element by element; the result holds `elementType`.
/// Integer operands are passed as int64 (wrapped to the result type), floats as double.
static FailureOr<ConstantTensor>
elementwise(ArrayRef<const ConstantTensor *> inputs, Type elementType, Limits limits,
            function_ref<LogicalResult(ArrayRef<int64_t> positions, ConstantTensor &result, int64_t out)> fn) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (const ConstantTensor *input : inputs) shapes.push_back(input->shape());
  FailureOr<SmallVector<int64_t>> shape = broadcast(shapes);
  if (failed(shape)) return failure();
  FailureOr<RankedTensorType> type = boundedType(*shape, elementType, limits);
  if (failed(type)) return failure();
  std::vector<std::vector<int64_t>> maps;
  for (const ConstantTensor *input : inputs)
    maps.push_back(mapIndices(*shape, input->shape(), broadcastMap(*shape, input->shape())));
  ConstantTensor result = ConstantTensor::zeros(*type);
  SmallVector<int64_t> positions(inputs.size());
  for (int64_t out = 0; out < result.size(); ++out) {
    for (size_t k = 0; k < inputs.size(); ++k) positions[k] = maps[k][out];
    if (failed(fn(positions, result, out))) return failure();
  }
  return result;
}

/// The integer values of a 1-D or scalar constant (shapes, axes, indices).
static FailureOr<SmallVector<int64_t>> intList(const std::optional<ConstantTensor> &tensor) {
  if (!tensor || tensor->isFloat() || tensor->shape().size() > 1) return failure();
  return SmallVector<int64_t>(tensor->ints.begin(), tensor->ints.end());
}

//===----------------------------------------------------------------------===//
// Arithmetic and comparisons
//===----------------------------------------------------------------------===//

enum class Arith { Add, Sub, Mul, Div, Max, Min };

/// Add-14, Sub-14, Mul-14, Div-14, Max-13, Min-13. Integer Div truncates toward zero (as ONNX
/// Runtime and the reference implementation do); division by zero is left to run time.
static FailureOr<ConstantTensor> arithmetic(Arith kind, Operation *op, Operands operands, Limits limits) {
  SmallVector<const ConstantTensor *> inputs;
  for (const std::optional<ConstantTensor> &operand : operands) inputs.push_back(&*operand);
  Type elementType = resultElementType(op);
  bool isFloat = isa<FloatType>(elementType);
  bool isUnsignedInt = elementType.isUnsignedInteger();
  return elementwise(inputs, elementType, limits,
                     [&](ArrayRef<int64_t> at, ConstantTensor &result, int64_t out) -> LogicalResult {
    if (isFloat) {
      double acc = inputs[0]->floats[at[0]];
      for (size_t k = 1; k < inputs.size(); ++k) {
        double v = inputs[k]->floats[at[k]];
        switch (kind) {
        case Arith::Add: acc += v; break;
        case Arith::Sub: acc -= v; break;
        case Arith::Mul: acc *= v; break;
        case Arith::Div: acc /= v; break;
        case Arith::Max: acc = std::isnan(acc) || std::isnan(v) ? NAN : std::max(acc, v); break;
        case Arith::Min: acc = std::isnan(acc) || std::isnan(v) ? NAN : std::min(acc, v); break;
        }
      }
      result.floats[out] = acc;
      return success();
    }
    // Integers wrap like two's complement (computed unsigned to avoid C++ overflow).
    uint64_t acc = inputs[0]->ints[at[0]];
    for (size_t k = 1; k < inputs.size(); ++k) {
      uint64_t v = inputs[k]->ints[at[k]];
      int64_t sa = static_cast<int64_t>(acc), sv = static_cast<int64_t>(v);
      switch (kind) {
      case Arith::Add: acc += v; break;
      case Arith::Sub: acc -= v; break;
      case Arith::Mul: acc *= v; break;
      case Arith::Div:
        if (v == 0 || (!isUnsignedInt && sa == INT64_MIN && sv == -1)) return failure();
        acc = isUnsignedInt ? acc / v : static_cast<uint64_t>(sa / sv);
        break;
      case Arith::Max: acc = isUnsignedInt ? std::max(acc, v) : std::max(sa, sv); break;
      case Arith::Min: acc = isUnsignedInt ? std::min(acc, v) : std::min(sa, sv); break;
      }
    }
    result.ints[out] = wrapInteger(static_cast<int64_t>(acc), cast<IntegerType>(elementType));
    return success();
  });
}

enum class Compare { Equal, Less, Greater, LessOrEqual, GreaterOrEqual, And, Or, Xor };

/// Equal-13, Less-13, Greater-13, LessOrEqual-16, GreaterOrEqual-16, And-7, Or-7, Xor-7: bool
/// results. Integers compare exactly (unsigned as unsigned), floats as IEEE (NaN unequal).
static FailureOr<ConstantTensor> compare(Compare kind, Operation *op, Operands operands, Limits limits) {
  const ConstantTensor &a = *operands[0], &b = *operands[1];
  bool isFloat = a.isFloat(), isUnsignedInt = isUnsigned(a);
  return elementwise({&a, &b}, resultElementType(op), limits,
                     [&](ArrayRef<int64_t> at, ConstantTensor &result, int64_t out) {
    int order; // -1, 0, 1; 2 unordered
    if (isFloat) {
      double x = a.floats[at[0]], y = b.floats[at[1]];
      order = x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
    } else if (isUnsignedInt) {
      uint64_t x = a.ints[at[0]], y = b.ints[at[1]];
      order = x < y ? -1 : x > y ? 1 : 0;
    } else {
      int64_t x = a.ints[at[0]], y = b.ints[at[1]];
      order = x < y ? -1 : x > y ? 1 : 0;
    }
    bool x = !isFloat && a.ints[at[0]], y = !isFloat && b.ints[at[1]];
    bool value = false;
    switch (kind) {
    case Compare::Equal: value = order == 0; break;
    case Compare::Less: value = order == -1; break;
    case Compare::Greater: value = order == 1; break;
    case Compare::LessOrEqual: value = order == -1 || order == 0; break;
    case Compare::GreaterOrEqual: value = order == 1 || order == 0; break;
    case Compare::And: value = x && y; break;
    case Compare::Or: value = x || y; break;
    case Compare::Xor: value = x != y; break;
    }
    result.ints[out] = value;
    return success();
  });
}

/// Unary math on each element: Neg-13, Abs-13, Not-1, Floor-13, Ceil-13, Sqrt-13, Reciprocal-13,
/// Identity-16 and Cast-13 (the conversion is in storeDouble; int64 -> int64 stays exact).
static FailureOr<ConstantTensor> unary(Operation *op, Operands operands, Limits limits,
                                       std::function<double(double)> fn) {
  const ConstantTensor &input = *operands[0];
  Type elementType = resultElementType(op);
  bool exactInts = !input.isFloat() && isa<IntegerType>(elementType) && cast<IntegerType>(elementType).getWidth() > 1;
  return elementwise({&input}, elementType, limits, [&](ArrayRef<int64_t> at, ConstantTensor &result, int64_t out) {
    if (exactInts && !fn) {
      result.ints[out] = wrapInteger(input.ints[at[0]], cast<IntegerType>(elementType));
      return success();
    }
    double value = asDouble(input, at[0]);
    return storeDouble(result, out, fn ? fn(value) : value);
  });
}

static FailureOr<ConstantTensor> negate(Operation *op, Operands operands, Limits limits) {
  const ConstantTensor &input = *operands[0];
  if (input.isFloat()) return unary(op, operands, limits, [](double v) { return -v; });
  ConstantTensor result = input;
  for (int64_t &v : result.ints)
    v = wrapInteger(static_cast<int64_t>(0 - static_cast<uint64_t>(v)), cast<IntegerType>(input.type.getElementType()));
  return result;
}

/// Pow-15 of a float X (the attention scale, sqrt(head size), is exported as Pow(d, 0.5)): X^Y
/// broadcast, Y of any numeric type.
static FailureOr<ConstantTensor> power(Operation *op, Operands operands, Limits limits) {
  const ConstantTensor &x = *operands[0], &y = *operands[1];
  if (!x.isFloat()) return failure();
  return elementwise({&x, &y}, resultElementType(op), limits,
                     [&](ArrayRef<int64_t> at, ConstantTensor &result, int64_t out) {
    result.floats[out] = std::pow(x.floats[at[0]], asDouble(y, at[1]));
    return success();
  });
}

/// Where-16: condition ? X : Y, all three broadcast.
static FailureOr<ConstantTensor> where(Operation *op, Operands operands, Limits limits) {
  const ConstantTensor &cond = *operands[0], &x = *operands[1], &y = *operands[2];
  return elementwise({&cond, &x, &y}, resultElementType(op), limits,
                     [&](ArrayRef<int64_t> at, ConstantTensor &result, int64_t out) {
    const ConstantTensor &from = cond.ints[at[0]] ? x : y;
    int64_t i = cond.ints[at[0]] ? at[1] : at[2];
    if (result.isFloat())
      result.floats[out] = from.floats[i];
    else
      result.ints[out] = from.ints[i];
    return success();
  });
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// Reads `input` into `shape` through `map` (same element type).
static FailureOr<ConstantTensor> remap(const ConstantTensor &input, ArrayRef<int64_t> shape, const IndexMap &map,
                                       Limits limits) {
  FailureOr<RankedTensorType> type = boundedType(shape, input.type.getElementType(), limits);
  if (failed(type)) return failure();
  return gather(input, *type, mapIndices(shape, input.shape(), map));
}

/// Same elements in a new shape (Reshape, Squeeze, Unsqueeze, Flatten).
static FailureOr<ConstantTensor> reshaped(const ConstantTensor &input, ArrayRef<int64_t> shape, Limits limits) {
  FailureOr<RankedTensorType> type = boundedType(shape, input.type.getElementType(), limits);
  if (failed(type) || type->getNumElements() != input.size()) return failure();
  ConstantTensor result = input;
  result.type = *type;
  return result;
}

/// Expand-13: broadcast `input` with `shape` (bidirectional: either side may be 1).
static FailureOr<ConstantTensor> expand(Operation *, Operands operands, Limits limits) {
  FailureOr<SmallVector<int64_t>> requested = intList(operands[1]);
  if (failed(requested)) return failure();
  FailureOr<SmallVector<int64_t>> shape = broadcast({operands[0]->shape(), *requested});
  if (failed(shape)) return failure();
  return remap(*operands[0], *shape, broadcastMap(*shape, operands[0]->shape()), limits);
}

/// Tile-13: result dim d is input dim d times repeats[d], read modulo the input dim.
static FailureOr<ConstantTensor> tile(Operation *, Operands operands, Limits limits) {
  FailureOr<SmallVector<int64_t>> repeats = intList(operands[1]);
  ArrayRef<int64_t> inputShape = operands[0]->shape();
  if (failed(repeats) || repeats->size() != inputShape.size()) return failure();
  IndexMap map;
  SmallVector<int64_t> shape;
  for (auto [d, size] : llvm::enumerate(inputShape)) {
    if ((*repeats)[d] < 0) return failure();
    shape.push_back(size * (*repeats)[d]);
    map.resultDim.push_back(d);
    map.offset.push_back(0);
    map.step.push_back(1);
    map.modulo.push_back(size);
  }
  return remap(*operands[0], shape, map, limits);
}

/// Trilu-14: element (..., i, j) of the last two dims is kept where j - i >= k (upper) or
/// j - i <= k (lower), and zero elsewhere; k defaults to 0.
static FailureOr<ConstantTensor> trilu(mlir::aicc::TriluOp op, Operands operands, Limits) {
  ConstantTensor result = *operands[0];
  ArrayRef<int64_t> shape = result.shape();
  if (shape.size() < 2) return failure();
  int64_t k = 0;
  if (operands[1]) {
    if (operands[1]->size() != 1) return failure();
    k = operands[1]->ints[0];
  }
  int64_t rows = shape[shape.size() - 2], cols = shape.back();
  for (int64_t at = 0; at < result.size(); ++at) {
    int64_t i = at / cols % rows, j = at % cols;
    // In __int128: k may be anywhere in int64's range.
    __int128 diagonal = static_cast<__int128>(j) - i;
    if (op.getUpper() != 0 ? diagonal >= k : diagonal <= k) continue;
    if (result.isFloat())
      result.floats[at] = 0;
    else
      result.ints[at] = 0;
  }
  return result;
}

/// Transpose-13: result dim d reads input dim perm[d] (reversed without perm).
static FailureOr<ConstantTensor> transpose(mlir::aicc::TransposeOp op, Operands operands, Limits limits) {
  const ConstantTensor &input = *operands[0];
  int64_t rank = input.shape().size();
  SmallVector<int64_t> perm =
      op.getPerm() ? llvm::to_vector(*op.getPerm()) : llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank)));
  if (static_cast<int64_t>(perm.size()) != rank) return failure();
  IndexMap map;
  map.resultDim.assign(rank, 0);
  map.offset.assign(rank, 0);
  map.step.assign(rank, 1);
  map.modulo.assign(rank, 0);
  SmallVector<int64_t> shape;
  for (auto [d, axis] : llvm::enumerate(perm)) {
    if (axis < 0 || axis >= rank) return failure();
    shape.push_back(input.shape()[axis]);
    map.resultDim[axis] = d;
  }
  return remap(input, shape, map, limits);
}

/// Concat-13 along `axis`.
static FailureOr<ConstantTensor> concat(mlir::aicc::ConcatOp op, Operands operands, Limits limits) {
  const ConstantTensor &first = *operands[0];
  int64_t rank = first.shape().size();
  std::optional<int64_t> normalized = mlir::aicc::normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
  if (!normalized) return failure();
  const int64_t axis = *normalized;
  SmallVector<int64_t> shape(first.shape());
  shape[axis] = 0;
  for (const std::optional<ConstantTensor> &input : operands) {
    if (static_cast<int64_t>(input->shape().size()) != rank) return failure();
    shape[axis] += input->shape()[axis];
  }
  FailureOr<RankedTensorType> type = boundedType(shape, first.type.getElementType(), limits);
  if (failed(type)) return failure();
  // Row-major: the result is, for each index before the axis, each input's block in turn.
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= shape[d];
  ConstantTensor result{*type, {}, {}};
  for (int64_t o = 0; o < outer; ++o)
    for (const std::optional<ConstantTensor> &input : operands) {
      int64_t block = outer ? input->size() / outer : 0;
      if (input->isFloat())
        result.floats.insert(result.floats.end(), input->floats.begin() + o * block,
                             input->floats.begin() + (o + 1) * block);
      else
        result.ints.insert(result.ints.end(), input->ints.begin() + o * block, input->ints.begin() + (o + 1) * block);
    }
  return result;
}

/// Gather-13: data[:axis] ++ indices.shape ++ data[axis+1:], negative indices count from the back.
static FailureOr<ConstantTensor> gatherOp(mlir::aicc::GatherOp op, Operands operands, Limits limits) {
  const ConstantTensor &data = *operands[0], &indices = *operands[1];
  int64_t rank = data.shape().size();
  std::optional<int64_t> normalized = mlir::aicc::normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
  if (indices.isFloat() || !normalized) return failure();
  const int64_t axis = *normalized;
  int64_t axisSize = data.shape()[axis];
  SmallVector<int64_t> shape(data.shape().take_front(axis));
  llvm::append_range(shape, indices.shape());
  llvm::append_range(shape, data.shape().drop_front(axis + 1));
  FailureOr<RankedTensorType> type = boundedType(shape, data.type.getElementType(), limits);
  if (failed(type)) return failure();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= data.shape()[d];
  for (int64_t d = axis + 1; d < rank; ++d) inner *= data.shape()[d];
  std::vector<int64_t> sources;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t index : indices.ints) {
      // An index counts from the back as an axis does, in [-size, size).
      std::optional<int64_t> at = mlir::aicc::normalizeAxis(index, axisSize);
      if (!at) return failure();
      for (int64_t i = 0; i < inner; ++i) sources.push_back((o * axisSize + *at) * inner + i);
    }
  return gather(data, *type, sources);
}

/// ScatterND-16 and ScatterElements-16 write `update` over element `at` of the data's copy: replacing
/// it (reduction "none"; duplicates apply in order, as the CPU lowering does) or combined with it.
static LogicalResult scatterInto(ConstantTensor &result, int64_t at, const ConstantTensor &updates, int64_t from,
                                 StringRef reduction) {
  if (reduction == "none") {
    if (result.isFloat())
      result.floats[at] = updates.floats[from];
    else
      result.ints[at] = updates.ints[from];
    return success();
  }
  // Combined in double: the reductions on integers are left to run time, where they wrap.
  if (!result.isFloat()) return failure();
  double &old = result.floats[at], update = updates.floats[from];
  if (reduction == "add")
    old += update;
  else if (reduction == "mul")
    old *= update;
  else
    return failure();
  return success();
}

/// ScatterND-16: updates[i..., j...] goes to data[indices[i...], j...]; indices count from the back
/// when negative. One out of range leaves the op to run time, which reports it.
static FailureOr<ConstantTensor> scatterND(mlir::aicc::ScatterNDOp op, Operands operands, Limits) {
  const ConstantTensor &data = *operands[0], &indices = *operands[1], &updates = *operands[2];
  ArrayRef<int64_t> dataShape = data.shape(), indexShape = indices.shape();
  if (indices.isFloat() || indexShape.empty() || updates.type.getElementType() != data.type.getElementType())
    return failure();
  int64_t depth = indexShape.back(), rank = dataShape.size();
  if (depth > rank) return failure();
  SmallVector<int64_t> updateShape(indexShape.drop_back());
  llvm::append_range(updateShape, dataShape.drop_front(depth));
  if (ArrayRef<int64_t>(updateShape) != updates.shape()) return failure();
  SmallVector<int64_t> strides = stridesOf(dataShape);
  int64_t slice = 1;
  for (int64_t size : dataShape.drop_front(depth)) slice *= size;
  int64_t rows = 1;
  for (int64_t size : indexShape.drop_back()) rows *= size;
  ConstantTensor result = data;
  for (int64_t row = 0; row < rows; ++row) {
    int64_t base = 0;
    for (int64_t d = 0; d < depth; ++d) {
      std::optional<int64_t> at = mlir::aicc::normalizeAxis(indices.ints[row * depth + d], dataShape[d]);
      if (!at) return failure();
      base += *at * strides[d];
    }
    for (int64_t i = 0; i < slice; ++i)
      if (failed(scatterInto(result, base + i, updates, row * slice + i, op.getReduction()))) return failure();
  }
  return result;
}

/// ScatterElements-16: updates[i] goes to data at i with its `axis` coordinate replaced by
/// indices[i] (negative counts from the back).
static FailureOr<ConstantTensor> scatterElements(mlir::aicc::ScatterElementsOp op, Operands operands, Limits) {
  const ConstantTensor &data = *operands[0], &indices = *operands[1], &updates = *operands[2];
  int64_t rank = data.shape().size();
  std::optional<int64_t> axis = mlir::aicc::normalizeAxis(op.getAxis(), rank);
  if (!axis || indices.isFloat() || indices.shape() != updates.shape() ||
      static_cast<int64_t>(indices.shape().size()) != rank ||
      updates.type.getElementType() != data.type.getElementType())
    return failure();
  for (int64_t d = 0; d < rank; ++d)
    if (indices.shape()[d] > data.shape()[d] && d != *axis) return failure();
  SmallVector<int64_t> dataStrides = stridesOf(data.shape()), indexStrides = stridesOf(indices.shape());
  ConstantTensor result = data;
  for (int64_t i = 0; i < indices.size(); ++i) {
    int64_t at = 0;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t coordinate = i / indexStrides[d] % indices.shape()[d];
      if (d == *axis) {
        std::optional<int64_t> wrapped = mlir::aicc::normalizeAxis(indices.ints[i], data.shape()[d]);
        if (!wrapped) return failure();
        coordinate = *wrapped;
      }
      at += coordinate * dataStrides[d];
    }
    if (failed(scatterInto(result, at, updates, i, op.getReduction()))) return failure();
  }
  return result;
}

/// Unsqueeze-13: insert 1s at `axes` of the result (negative axes count from the result's back).
static FailureOr<ConstantTensor> unsqueeze(Operation *, Operands operands, Limits limits) {
  FailureOr<SmallVector<int64_t>> axes = intList(operands[1]);
  if (failed(axes)) return failure();
  const ConstantTensor &data = *operands[0];
  int64_t rank = data.shape().size() + axes->size();
  llvm::SmallBitVector inserted(rank);
  for (int64_t axis : *axes) {
    std::optional<int64_t> dim = mlir::aicc::normalizeAxis(axis, rank);
    if (!dim || inserted.test(*dim)) return failure();
    inserted.set(*dim);
  }
  SmallVector<int64_t> shape;
  const int64_t *next = data.shape().begin();
  for (int64_t d = 0; d < rank; ++d) shape.push_back(inserted.test(d) ? 1 : *next++);
  return reshaped(data, shape, limits);
}

/// Squeeze-13: drop the 1-sized dims at `axes`, or all of them without axes.
static FailureOr<ConstantTensor> squeeze(Operation *, Operands operands, Limits limits) {
  const ConstantTensor &data = *operands[0];
  int64_t rank = data.shape().size();
  llvm::SmallBitVector dropped(rank);
  if (operands[1]) {
    FailureOr<SmallVector<int64_t>> axes = intList(operands[1]);
    if (failed(axes)) return failure();
    for (int64_t axis : *axes) {
      std::optional<int64_t> dim = mlir::aicc::normalizeAxis(axis, rank);
      if (!dim || data.shape()[*dim] != 1) return failure();
      dropped.set(*dim);
    }
  } else {
    for (int64_t d = 0; d < rank; ++d)
      if (data.shape()[d] == 1) dropped.set(d);
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    if (!dropped.test(d)) shape.push_back(data.shape()[d]);
  return reshaped(data, shape, limits);
}

/// Reshape-14: 0 copies the input dim (unless allowzero), one -1 is inferred.
static FailureOr<ConstantTensor> reshape(mlir::aicc::ReshapeOp op, Operands operands, Limits limits) {
  FailureOr<SmallVector<int64_t>> requested = intList(operands[1]);
  const ConstantTensor &data = *operands[0];
  if (failed(requested)) return failure();
  std::string reason;
  FailureOr<mlir::aicc::ReshapeDims> dims =
      mlir::aicc::reshapeDims(llvm::to_vector_of<std::optional<int64_t>>(*requested),
                              static_cast<int64_t>(data.shape().size()), op.getAllowzero() != 0, reason);
  if (failed(dims)) return failure();
  SmallVector<int64_t> shape;
  int64_t known = 1;
  for (auto [d, size] : llvm::enumerate(dims->sizes)) {
    shape.push_back(dims->copies[d] ? data.shape()[d] : size.value_or(-1));
    if (d != dims->inferred) known *= shape.back();
  }
  if (dims->inferred) {
    if (known == 0 || data.size() % known != 0) return failure();
    shape[*dims->inferred] = data.size() / known;
  }
  return reshaped(data, shape, limits);
}

/// Flatten-13: [prod(dims[:axis]), prod(dims[axis:])].
static FailureOr<ConstantTensor> flatten(mlir::aicc::FlattenOp op, Operands operands, Limits limits) {
  const ConstantTensor &input = *operands[0];
  int64_t rank = input.shape().size();
  std::optional<int64_t> axis = mlir::aicc::flattenAxis(static_cast<int64_t>(op.getAxis()), rank);
  if (!axis) return failure();
  int64_t outer = 1;
  for (int64_t d = 0; d < *axis; ++d) outer *= input.shape()[d];
  return reshaped(input, {outer, outer ? input.size() / outer : 0}, limits);
}

/// Slice-13: per listed axis, start/end clamped by the sign of step, negative values counting
/// from the back; count = ceil((end - start) / step).
static FailureOr<ConstantTensor> slice(Operation *, Operands operands, Limits limits) {
  const ConstantTensor &data = *operands[0];
  int64_t rank = data.shape().size();
  FailureOr<SmallVector<int64_t>> starts = intList(operands[1]), ends = intList(operands[2]);
  if (failed(starts) || failed(ends) || starts->size() != ends->size()) return failure();
  std::optional<SmallVector<int64_t>> axes, steps;
  for (auto [operand, list] : {std::pair(3, &axes), std::pair(4, &steps)})
    if (operands[operand]) {
      FailureOr<SmallVector<int64_t>> given = intList(operands[operand]);
      if (failed(given)) return failure();
      *list = *given;
    }
  std::string reason;
  FailureOr<mlir::aicc::SliceAxes> sliced =
      mlir::aicc::sliceAxes(starts->size(), ends->size(), axes, steps, rank, reason);
  if (failed(sliced)) return failure();
  IndexMap map;
  SmallVector<int64_t> shape(data.shape());
  for (int64_t d = 0; d < rank; ++d) {
    map.resultDim.push_back(d);
    map.offset.push_back(0);
    map.step.push_back(1);
    map.modulo.push_back(0);
  }
  for (auto [k, axis] : llvm::enumerate(sliced->axes)) {
    mlir::aicc::SliceRange range =
        mlir::aicc::sliceRange((*starts)[k], (*ends)[k], sliced->steps[k], data.shape()[axis]);
    shape[axis] = range.count;
    map.offset[axis] = range.start;
    map.step[axis] = sliced->steps[k];
  }
  return remap(data, shape, map, limits);
}

//===----------------------------------------------------------------------===//
// Generators and reductions
//===----------------------------------------------------------------------===//

/// ConstantOfShape-9: `value` (default f32 zero) repeated over `input`'s shape.
static FailureOr<ConstantTensor> constantOfShape(mlir::aicc::ConstantOfShapeOp op, Operands operands, Limits limits) {
  FailureOr<SmallVector<int64_t>> shape = intList(operands[0]);
  if (failed(shape)) return failure();
  std::optional<ConstantTensor> value;
  if (ElementsAttr attr = op.getValueAttr()) {
    value = ConstantTensor::read(attr);
    if (!value || value->size() != 1) return failure();
  }
  Type elementType = value ? value->type.getElementType() : Float32Type::get(op.getContext());
  FailureOr<RankedTensorType> type = boundedType(*shape, elementType, limits);
  if (failed(type)) return failure();
  ConstantTensor result = ConstantTensor::zeros(*type);
  if (value && value->isFloat())
    result.floats.assign(result.size(), value->floats[0]);
  else if (value)
    result.ints.assign(result.size(), value->ints[0]);
  return result;
}

/// Range-11: start + i * delta for i < max(ceil((limit - start) / delta), 0); scalars in.
static FailureOr<ConstantTensor> range(Operation *op, Operands operands, Limits limits) {
  const ConstantTensor &start = *operands[0], &limit = *operands[1], &delta = *operands[2];
  if (start.size() != 1 || limit.size() != 1 || delta.size() != 1) return failure();
  Type elementType = resultElementType(op);
  int64_t count;
  if (start.isFloat()) {
    if (delta.floats[0] == 0) return failure();
    double n = std::ceil((limit.floats[0] - start.floats[0]) / delta.floats[0]);
    if (!std::isfinite(n) || n > static_cast<double>(limits.maxElements)) return failure();
    count = std::max<int64_t>(static_cast<int64_t>(n), 0);
  } else {
    int64_t s = start.ints[0], l = limit.ints[0], d = delta.ints[0];
    if (d == 0) return failure();
    // Exact ceil division on the span, in 128 bits so int64 extremes do not overflow.
    __int128 span = static_cast<__int128>(l) - s;
    __int128 n = span / d + ((span % d != 0) && ((span > 0) == (d > 0)) ? 1 : 0);
    if (n > limits.maxElements) return failure();
    count = std::max<int64_t>(static_cast<int64_t>(n), 0);
  }
  FailureOr<RankedTensorType> type = boundedType({count}, elementType, limits);
  if (failed(type)) return failure();
  ConstantTensor result = ConstantTensor::zeros(*type);
  for (int64_t i = 0; i < count; ++i) {
    if (result.isFloat())
      result.floats[i] = start.floats[0] + static_cast<double>(i) * delta.floats[0];
    else
      result.ints[i] = wrapInteger(start.ints[0] + i * delta.ints[0], cast<IntegerType>(elementType));
  }
  return result;
}

enum class Reduce { Sum, Prod, Max, Min };

/// ReduceSum-13 (axes input), ReduceProd/Max/Min-13 (axes attribute): empty axes reduce all dims,
/// or none with noop_with_empty_axes.
static FailureOr<ConstantTensor> reduce(Reduce kind, Operation *op, const ConstantTensor &data, ArrayRef<int64_t> axes,
                                        bool keepDims, bool noopWhenEmpty, Limits limits) {
  int64_t rank = data.shape().size();
  llvm::SmallBitVector reduced(rank, axes.empty() && !noopWhenEmpty);
  for (int64_t axis : axes) {
    std::optional<int64_t> dim = mlir::aicc::normalizeAxis(axis, rank);
    if (!dim) return failure();
    reduced.set(*dim);
  }
  if (data.size() == 0 && (kind == Reduce::Max || kind == Reduce::Min)) return failure();
  SmallVector<int64_t> keptShape, shape;
  IndexMap map; // input element -> result element, by reading the input through the result
  for (int64_t d = 0; d < rank; ++d) {
    keptShape.push_back(reduced.test(d) ? 1 : data.shape()[d]);
    if (!reduced.test(d) || keepDims) shape.push_back(keptShape.back());
  }
  FailureOr<RankedTensorType> type = boundedType(shape, resultElementType(op), limits);
  if (failed(type)) return failure();
  // Which result element each input element contributes to.
  std::vector<int64_t> target = mapIndices(data.shape(), keptShape, broadcastMap(data.shape(), keptShape));
  ConstantTensor result = ConstantTensor::zeros(*type);
  std::vector<bool> started(result.size(), false);
  for (int64_t i = 0; i < data.size(); ++i) {
    int64_t out = target[i];
    auto combine = [&](auto acc, auto v) -> decltype(acc) {
      switch (kind) {
      case Reduce::Sum: return acc + v;
      case Reduce::Prod: return acc * v;
      case Reduce::Max: return std::max(acc, v);
      case Reduce::Min: return std::min(acc, v);
      }
      return acc;
    };
    if (data.isFloat())
      result.floats[out] = started[out] ? combine(result.floats[out], data.floats[i]) : data.floats[i];
    else
      result.ints[out] = started[out] ? combine(result.ints[out], data.ints[i]) : data.ints[i];
    started[out] = true;
  }
  // Empty reductions: the identity of the operation (sum 0, product 1).
  for (int64_t out = 0; out < result.size(); ++out)
    if (!started[out] && kind == Reduce::Prod) {
      if (result.isFloat())
        result.floats[out] = 1;
      else
        result.ints[out] = 1;
    }
  if (!result.isFloat())
    for (int64_t &v : result.ints) v = wrapInteger(v, cast<IntegerType>(result.type.getElementType()));
  return result;
}

template <typename ReduceOp>
static FailureOr<ConstantTensor> reduceWithAxesAttr(Reduce kind, ReduceOp op, Operands operands, Limits limits) {
  SmallVector<int64_t> axes(op.getAxes().value_or(ArrayRef<int64_t>()));
  return reduce(kind, op, *operands[0], axes, op.getKeepdims() != 0, false, limits);
}

static FailureOr<ConstantTensor> reduceSum(mlir::aicc::ReduceSumOp op, Operands operands, Limits limits) {
  SmallVector<int64_t> axes;
  if (operands[1]) {
    FailureOr<SmallVector<int64_t>> given = intList(operands[1]);
    if (failed(given)) return failure();
    axes = *given;
  }
  return reduce(Reduce::Sum, op, *operands[0], axes, op.getKeepdims() != 0, op.getNoopWithEmptyAxes() != 0, limits);
}

//===----------------------------------------------------------------------===//
// Shape queries (need only the operand's type)
//===----------------------------------------------------------------------===//

/// Shape-15: dims [start, end) of a statically shaped tensor, bounds clamped to [0, rank].
static FailureOr<ConstantTensor> shapeOf(mlir::aicc::ShapeOp op, Limits limits) {
  auto data = dyn_cast<RankedTensorType>(op.getData().getType());
  if (!data || !data.hasStaticShape()) return failure();
  auto [start, end] = mlir::aicc::shapeRange(op.getStart(), op.getEnd(), data.getRank());
  ArrayRef<int64_t> dims = data.getShape().slice(start, end - start);
  FailureOr<RankedTensorType> type = boundedType({static_cast<int64_t>(dims.size())}, resultElementType(op), limits);
  if (failed(type)) return failure();
  return ConstantTensor{*type, std::vector<int64_t>(dims.begin(), dims.end()), {}};
}

/// Gather-13 of a Shape-15's dims that are static, when others are not: x.shape[2] of a
/// tensor<?x2x192xf32> is 192 (nn.MultiheadAttention splits its in-projection by it). Without this
/// a symbolic sequence would leave the head size unknown.
static FailureOr<ConstantTensor> staticDimsOfShape(mlir::aicc::GatherOp op, Limits limits) {
  auto shape = op.getData().getDefiningOp<mlir::aicc::ShapeOp>();
  auto data = shape ? dyn_cast<RankedTensorType>(shape.getData().getType()) : nullptr;
  std::optional<ConstantTensor> indices = ConstantTensor::of(op.getIndices());
  if (!data || !indices || indices->isFloat() || indices->size() > limits.maxElements ||
      !mlir::aicc::normalizeAxis(static_cast<int64_t>(op.getAxis()), 1))
    return failure();
  auto [start, end] = mlir::aicc::shapeRange(shape.getStart(), shape.getEnd(), data.getRank());
  ConstantTensor result{RankedTensorType::get(indices->shape(), resultElementType(op)), {}, {}};
  for (int64_t index : indices->ints) {
    std::optional<int64_t> at = mlir::aicc::normalizeAxis(index, end - start);
    if (!at || data.isDynamicDim(start + *at)) return failure();
    result.ints.push_back(data.getDimSize(start + *at));
  }
  return result;
}

/// Size-13: the element count of a statically shaped tensor.
static FailureOr<ConstantTensor> sizeOf(mlir::aicc::SizeOp op, Limits limits) {
  auto data = dyn_cast<RankedTensorType>(op.getData().getType());
  if (!data || !data.hasStaticShape()) return failure();
  auto type = RankedTensorType::get({}, resultElementType(op));
  return ConstantTensor{type, {data.getNumElements()}, {}};
}

//===----------------------------------------------------------------------===//
// The pattern
//===----------------------------------------------------------------------===//

/// Whether `op`'s result may be replaced by a constant of `type`: equal types, or a refinement
/// (static shape where the op's type had unknown dims) whose users all accept any tensor — aicc ops
/// (which shape inference refines next) and the function's return (the signature is updated).
static bool canReplace(Value result, RankedTensorType type) {
  if (result.getType() == type) return true;
  auto current = dyn_cast<TensorType>(result.getType());
  if (!current || current.getElementType() != type.getElementType()) return false;
  if (auto ranked = dyn_cast<RankedTensorType>(current)) {
    if (ranked.getRank() != type.getRank() || ranked.getEncoding()) return false;
    for (auto [known, size] : llvm::zip(ranked.getShape(), type.getShape()))
      if (!ShapedType::isDynamic(known) && known != size) return false;
  }
  return llvm::all_of(result.getUsers(), [](Operation *user) {
    if (isa<func::ReturnOp>(user)) return isa<func::FuncOp>(user->getParentOp());
    return isa<mlir::aicc::AiccDialect>(user->getDialect()) && !isa<mlir::aicc::YieldOp>(user);
  });
}

/// Evaluates one kind of op; `Fn(op, operands, limits)` computes its result.
template <typename OpTy> struct EvaluateOp : OpRewritePattern<OpTy> {
  using Evaluator = std::function<FailureOr<ConstantTensor>(OpTy, Operands, Limits)>;

  EvaluateOp(MLIRContext *context, Limits limits, Evaluator evaluator, bool needsValues = true)
      : OpRewritePattern<OpTy>(context), limits(limits), evaluator(std::move(evaluator)), needsValues(needsValues) {}

  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    Operation *operation = op.getOperation();
    if (operation->getNumResults() != 1) return rewriter.notifyMatchFailure(op, "not a single-result op");
    auto resultType = dyn_cast<ShapedType>(operation->getResult(0).getType());
    if (!resultType || !isRepresentable(resultType.getElementType()))
      return rewriter.notifyMatchFailure(op, "result element type cannot be computed here");
    if (resultType.hasStaticShape() && resultType.getNumElements() > limits.maxElements)
      return rewriter.notifyMatchFailure(op, "result too large to compute at compile time");

    SmallVector<std::optional<ConstantTensor>> operands;
    if (needsValues) {
      for (Value operand : operation->getOperands()) {
        if (isa<NoneType>(operand.getType())) {
          operands.push_back(std::nullopt);
          continue;
        }
        // Operands are read in full: large ones (weights) are never shape arithmetic.
        auto type = dyn_cast<RankedTensorType>(operand.getType());
        if (!type || !type.hasStaticShape() || type.getNumElements() > limits.maxElements)
          return rewriter.notifyMatchFailure(op, "an operand is not a small static tensor");
        std::optional<ConstantTensor> value = ConstantTensor::of(operand);
        if (!value) return rewriter.notifyMatchFailure(op, "an operand is not a readable constant");
        operands.push_back(std::move(value));
      }
    }
    FailureOr<ConstantTensor> result = evaluator(op, operands, limits);
    if (failed(result)) return rewriter.notifyMatchFailure(op, "not evaluated (invalid or too large)");
    if (!canReplace(operation->getResult(0), result->type))
      return rewriter.notifyMatchFailure(op, "computed type does not fit the result's users");
    std::string name = (operation->getName().stripDialect() + "_folded").str();
    rewriter.replaceOpWithNewOp<mlir::aicc::ConstantOp>(op, result->toAttr(name));
    return success();
  }

  Limits limits;
  Evaluator evaluator;
  bool needsValues;
};

template <typename OpTy> static void add(RewritePatternSet &patterns, Limits limits,
                                         typename EvaluateOp<OpTy>::Evaluator evaluator, bool needsValues = true) {
  patterns.add(std::make_unique<EvaluateOp<OpTy>>(patterns.getContext(), limits, std::move(evaluator), needsValues));
}

/// An evaluator taking the op as a plain Operation.
template <typename OpTy>
static typename EvaluateOp<OpTy>::Evaluator generic(FailureOr<ConstantTensor> (*fn)(Operation *, Operands, Limits)) {
  return [fn](OpTy op, Operands operands, Limits limits) { return fn(op.getOperation(), operands, limits); };
}

template <typename OpTy> static void addArithmetic(RewritePatternSet &patterns, Limits limits, Arith kind) {
  add<OpTy>(patterns, limits,
            [kind](OpTy op, Operands operands, Limits limits) { return arithmetic(kind, op, operands, limits); });
}

template <typename OpTy> static void addCompare(RewritePatternSet &patterns, Limits limits, Compare kind) {
  add<OpTy>(patterns, limits,
            [kind](OpTy op, Operands operands, Limits limits) { return compare(kind, op, operands, limits); });
}

template <typename OpTy> static void addUnary(RewritePatternSet &patterns, Limits limits, double (*fn)(double)) {
  add<OpTy>(patterns, limits, [fn](OpTy op, Operands operands, Limits limits) {
    return unary(op, operands, limits, fn ? std::function<double(double)>(fn) : nullptr);
  });
}

/// A Concat of Slices that together take every element of one constant exactly once (PyTorch's
/// scripted LSTMCell puts its gates into ONNX's order this way, inside the decoder's loop) is a
/// reordering of that constant: computed whatever its size when nothing else reads the constant,
/// since the result then replaces it instead of duplicating it.
struct ReorderConstantBlocks : OpRewritePattern<mlir::aicc::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(mlir::aicc::ConcatOp op, PatternRewriter &rewriter) const override {
    Value source;
    SmallVector<mlir::aicc::SliceOp> slices;
    for (Value input : op.getInputs()) {
      auto slice = input.getDefiningOp<mlir::aicc::SliceOp>();
      if (!slice || !input.hasOneUse() || (source && slice.getData() != source))
        return rewriter.notifyMatchFailure(op, "not a concat of single-use slices of one value");
      source = slice.getData();
      slices.push_back(slice);
    }
    auto sourceType = source ? dyn_cast<RankedTensorType>(source.getType()) : nullptr;
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!sourceType || !resultType || !sourceType.hasStaticShape() || !resultType.hasStaticShape() ||
        sourceType.getNumElements() != resultType.getNumElements())
      return rewriter.notifyMatchFailure(op, "not a reordering of the whole source");
    for (Operation *user : source.getUsers())
      if (!llvm::is_contained(slices, dyn_cast<mlir::aicc::SliceOp>(user)))
        return rewriter.notifyMatchFailure(op, "the source has other readers");
    std::optional<ConstantTensor> data = ConstantTensor::of(source);
    if (!data) return rewriter.notifyMatchFailure(op, "the source is not a constant");

    Limits unbounded{std::numeric_limits<int64_t>::max()};
    SmallVector<std::optional<ConstantTensor>> parts;
    for (mlir::aicc::SliceOp slice : slices) {
      SmallVector<std::optional<ConstantTensor>> operands{data};
      for (Value bound : {Value(slice.getStarts()), Value(slice.getEnds()), slice.getAxes(), slice.getSteps()}) {
        if (isa<NoneType>(bound.getType())) {
          operands.push_back(std::nullopt);
          continue;
        }
        std::optional<ConstantTensor> value = ConstantTensor::of(bound);
        if (!value) return rewriter.notifyMatchFailure(op, "a slice's bounds are not constant");
        operands.push_back(std::move(value));
      }
      FailureOr<ConstantTensor> part = ::aicc::slice(slice, operands, unbounded);
      if (failed(part)) return rewriter.notifyMatchFailure(op, "a slice is not evaluated");
      parts.push_back(std::move(*part));
    }
    FailureOr<ConstantTensor> result = concat(op, parts, unbounded);
    if (failed(result) || result->type != resultType)
      return rewriter.notifyMatchFailure(op, "the concat is not evaluated");
    rewriter.replaceOpWithNewOp<mlir::aicc::ConstantOp>(op, result->toAttr("Concat_reordered"));
    return success();
  }
};

static void populateEvaluationPatterns(RewritePatternSet &patterns, Limits limits) {
  patterns.add<ReorderConstantBlocks>(patterns.getContext());
  addArithmetic<mlir::aicc::AddOp>(patterns, limits, Arith::Add);
  addArithmetic<mlir::aicc::SubOp>(patterns, limits, Arith::Sub);
  addArithmetic<mlir::aicc::MulOp>(patterns, limits, Arith::Mul);
  addArithmetic<mlir::aicc::DivOp>(patterns, limits, Arith::Div);
  addArithmetic<mlir::aicc::MaxOp>(patterns, limits, Arith::Max);
  addArithmetic<mlir::aicc::MinOp>(patterns, limits, Arith::Min);
  addCompare<mlir::aicc::EqualOp>(patterns, limits, Compare::Equal);
  addCompare<mlir::aicc::LessOp>(patterns, limits, Compare::Less);
  addCompare<mlir::aicc::GreaterOp>(patterns, limits, Compare::Greater);
  addCompare<mlir::aicc::LessOrEqualOp>(patterns, limits, Compare::LessOrEqual);
  addCompare<mlir::aicc::GreaterOrEqualOp>(patterns, limits, Compare::GreaterOrEqual);
  addCompare<mlir::aicc::AndOp>(patterns, limits, Compare::And);
  addCompare<mlir::aicc::OrOp>(patterns, limits, Compare::Or);
  addCompare<mlir::aicc::XorOp>(patterns, limits, Compare::Xor);
  addUnary<mlir::aicc::IdentityOp>(patterns, limits, nullptr);
  addUnary<mlir::aicc::CastOp>(patterns, limits, nullptr);
  addUnary<mlir::aicc::AbsOp>(patterns, limits, [](double v) { return std::fabs(v); });
  addUnary<mlir::aicc::NotOp>(patterns, limits, [](double v) { return v == 0 ? 1.0 : 0.0; });
  addUnary<mlir::aicc::FloorOp>(patterns, limits, [](double v) { return std::floor(v); });
  addUnary<mlir::aicc::CeilOp>(patterns, limits, [](double v) { return std::ceil(v); });
  addUnary<mlir::aicc::SqrtOp>(patterns, limits, [](double v) { return std::sqrt(v); });
  addUnary<mlir::aicc::ReciprocalOp>(patterns, limits, [](double v) { return 1 / v; });
  add<mlir::aicc::NegOp>(patterns, limits, generic<mlir::aicc::NegOp>(negate));
  add<mlir::aicc::WhereOp>(patterns, limits, generic<mlir::aicc::WhereOp>(where));
  add<mlir::aicc::PowOp>(patterns, limits, generic<mlir::aicc::PowOp>(power));
  add<mlir::aicc::ExpandOp>(patterns, limits, generic<mlir::aicc::ExpandOp>(expand));
  add<mlir::aicc::TileOp>(patterns, limits, generic<mlir::aicc::TileOp>(tile));
  add<mlir::aicc::UnsqueezeOp>(patterns, limits, generic<mlir::aicc::UnsqueezeOp>(unsqueeze));
  add<mlir::aicc::SqueezeOp>(patterns, limits, generic<mlir::aicc::SqueezeOp>(squeeze));
  add<mlir::aicc::SliceOp>(patterns, limits, generic<mlir::aicc::SliceOp>(slice));
  add<mlir::aicc::RangeOp>(patterns, limits, generic<mlir::aicc::RangeOp>(range));
  add<mlir::aicc::TransposeOp>(patterns, limits, transpose);
  add<mlir::aicc::TriluOp>(patterns, limits, trilu);
  add<mlir::aicc::ConcatOp>(patterns, limits, concat);
  add<mlir::aicc::GatherOp>(patterns, limits, gatherOp);
  add<mlir::aicc::ScatterNDOp>(patterns, limits, scatterND);
  add<mlir::aicc::ScatterElementsOp>(patterns, limits, scatterElements);
  add<mlir::aicc::GatherOp>(patterns, limits,
                            [](mlir::aicc::GatherOp op, Operands, Limits l) { return staticDimsOfShape(op, l); },
                            /*needsValues=*/false);
  add<mlir::aicc::ReshapeOp>(patterns, limits, reshape);
  add<mlir::aicc::FlattenOp>(patterns, limits, flatten);
  add<mlir::aicc::ConstantOfShapeOp>(patterns, limits, constantOfShape);
  add<mlir::aicc::ReduceSumOp>(patterns, limits, reduceSum);
  add<mlir::aicc::ReduceProdOp>(patterns, limits, [](mlir::aicc::ReduceProdOp op, Operands operands, Limits l) {
    return reduceWithAxesAttr(Reduce::Prod, op, operands, l);
  });
  add<mlir::aicc::ReduceMaxOp>(patterns, limits, [](mlir::aicc::ReduceMaxOp op, Operands operands, Limits l) {
    return reduceWithAxesAttr(Reduce::Max, op, operands, l);
  });
  add<mlir::aicc::ReduceMinOp>(patterns, limits, [](mlir::aicc::ReduceMinOp op, Operands operands, Limits l) {
    return reduceWithAxesAttr(Reduce::Min, op, operands, l);
  });
  add<mlir::aicc::ShapeOp>(patterns, limits, [](mlir::aicc::ShapeOp op, Operands, Limits l) { return shapeOf(op, l); },
                           /*needsValues=*/false);
  add<mlir::aicc::SizeOp>(patterns, limits, [](mlir::aicc::SizeOp op, Operands, Limits l) { return sizeOf(op, l); },
                          /*needsValues=*/false);
}

struct EvaluateConstantSubgraphsPass : impl::EvaluateConstantSubgraphsBase<EvaluateConstantSubgraphsPass> {
  using EvaluateConstantSubgraphsBase::EvaluateConstantSubgraphsBase;
  static constexpr int kMaxRounds = 8;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    RewritePatternSet patterns(&getContext());
    populateEvaluationPatterns(patterns, Limits{maxElements});
    FrozenRewritePatternSet frozen(std::move(patterns));
    // A folded shape makes the next op's result static, which may let a Shape of it fold: refine
    // shapes and evaluate in turn until evaluation changes nothing (bounded; each round that
    // changes something folds at least one op).
    for (int round = 0;; ++round) {
      if (failed(inferShapes(func))) return signalPassFailure();
      if (round == kMaxRounds) break;
      bool changed = false;
      // Not converging within the driver's iteration limit leaves correct IR, just less folded.
      (void)applyPatternsGreedily(func, frozen, GreedyRewriteConfig(), &changed);
      if (!changed) break;
    }
  }
};

} // namespace
} // namespace aicc
