// ONNX's rules shared by every stage (see OnnxSemantics.h).
#include "dialects/OnnxSemantics.h"

#include <algorithm>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallBitVector.h"

namespace mlir::aicc {

RankedTensorType rankedType(Value value) { return dyn_cast<RankedTensorType>(value.getType()); }

std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

std::optional<int64_t> flattenAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis > rank) return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

std::pair<int64_t, int64_t> shapeRange(int64_t start, std::optional<int64_t> end, int64_t rank) {
  auto clamp = [rank](int64_t bound) { return std::clamp<int64_t>(bound < 0 ? bound + rank : bound, 0, rank); };
  const int64_t first = clamp(start);
  return {first, std::max(first, end ? clamp(*end) : rank)};
}

FailureOr<SliceAxes> sliceAxes(size_t count, size_t endsCount, std::optional<ArrayRef<int64_t>> axes,
                               std::optional<ArrayRef<int64_t>> steps, int64_t rank, std::string &reason) {
  if (endsCount != count || (axes && axes->size() != count) || (steps && steps->size() != count)) {
    reason = "inputs 'starts', 'ends', 'axes' and 'steps' must have the same length";
    return failure();
  }
  SliceAxes result{axes ? llvm::to_vector(*axes) : llvm::to_vector(llvm::seq<int64_t>(0, count)),
                   steps ? llvm::to_vector(*steps) : llvm::SmallVector<int64_t>(count, 1)};
  llvm::SmallBitVector seen(rank);
  for (auto [axis, step] : llvm::zip_equal(result.axes, result.steps)) {
    std::optional<int64_t> dim = normalizeAxis(axis, rank);
    if (!dim || seen.test(*dim)) {
      reason = "input 'axes' has an out-of-range or repeated axis";
      return failure();
    }
    if (step == 0) {
      reason = "input 'steps' has a 0";
      return failure();
    }
    seen.set(*dim);
    axis = *dim;
  }
  return result;
}

SliceRange sliceRange(int64_t start, int64_t end, int64_t step, int64_t size) {
  if (size == 0) return {0, 0}; // nothing to take, and no index to clamp to
  auto bound = [size](int64_t value, int64_t low, int64_t high) {
    if (value < 0) value = value < -size ? low : value + size; // no overflow on INT64_MIN
    return std::clamp(value, low, high);
  };
  const int64_t first = step > 0 ? bound(start, 0, size) : bound(start, 0, size - 1);
  const int64_t last = step > 0 ? bound(end, 0, size) : bound(end, -1, size - 1);
  // ceil(distance / |step|), in unsigned arithmetic: a step may be as large as INT64_MAX or as
  // small as INT64_MIN.
  const int64_t distance = step > 0 ? last - first : first - last;
  if (distance <= 0) return {first, 0};
  const uint64_t stride = step > 0 ? static_cast<uint64_t>(step) : 0 - static_cast<uint64_t>(step);
  return {first, static_cast<int64_t>((static_cast<uint64_t>(distance) - 1) / stride + 1)};
}

FailureOr<ReshapeDims> reshapeDims(ArrayRef<std::optional<int64_t>> requested, std::optional<int64_t> dataRank,
                                   bool allowZero, std::string &reason) {
  ReshapeDims result;
  for (auto [dim, size] : llvm::enumerate(requested)) {
    const bool copies = size && *size == 0 && !allowZero;
    if (copies && dataRank && static_cast<int64_t>(dim) >= *dataRank) {
      reason = "input 'shape' copies dimension " + std::to_string(dim) + " (0) but input 'data' has rank " +
               std::to_string(*dataRank);
      return failure();
    }
    if (size && *size == -1) {
      if (result.inferred) {
        reason = "input 'shape' has more than one -1";
        return failure();
      }
      result.inferred = dim;
    } else if (size && *size < 0) {
      reason = "input 'shape' has the invalid size " + std::to_string(*size);
      return failure();
    }
    result.copies.push_back(copies);
    result.sizes.push_back(copies || (size && *size == -1) ? std::nullopt : size);
  }
  return result;
}

LogicalResult resolvePadding(Operation *op, llvm::StringRef autoPad, std::optional<llvm::ArrayRef<int64_t>> pads,
                             WindowGeometry &g) {
  size_t rank = g.in.size();
  // Before any division by a stride or use of a kernel extent.
  for (size_t i = 0; i < rank; ++i)
    if (g.strides[i] < 1 || g.dilations[i] < 1 || g.kernel[i] < 1)
      return op->emitOpError("kernel sizes, strides and dilations must be positive");
  g.padsBegin.assign(rank, 0);
  g.padsEnd.assign(rank, 0);
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < rank; ++i) {
      int64_t extent = (g.kernel[i] - 1) * g.dilations[i] + 1;
      int64_t out = (g.in[i] + g.strides[i] - 1) / g.strides[i];
      int64_t total = std::max<int64_t>(0, (out - 1) * g.strides[i] + extent - g.in[i]);
      int64_t small = total / 2, large = total - small;
      g.padsBegin[i] = autoPad == "SAME_UPPER" ? small : large;
      g.padsEnd[i] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad == "NOTSET") {
    if (pads) {
      if (pads->size() != 2 * rank)
        return op->emitOpError("'pads' has ") << pads->size() << " values, expected " << 2 * rank;
      for (size_t i = 0; i < rank; ++i) {
        g.padsBegin[i] = (*pads)[i];
        g.padsEnd[i] = (*pads)[rank + i];
        if (g.padsBegin[i] < 0 || g.padsEnd[i] < 0) return op->emitOpError("negative 'pads' are not supported");
      }
    }
  } else if (autoPad != "VALID") {
    return op->emitOpError("unknown auto_pad '") << autoPad << "'";
  }

  for (size_t i = 0; i < rank; ++i) {
    int64_t extent = (g.kernel[i] - 1) * g.dilations[i] + 1;
    int64_t floorOut = (g.in[i] + g.padsBegin[i] + g.padsEnd[i] - extent) / g.strides[i] + 1;
    if (g.out[i] > floorOut)
      g.padsEnd[i] += (g.out[i] - 1) * g.strides[i] + extent - (g.in[i] + g.padsBegin[i] + g.padsEnd[i]);
    else if (g.out[i] < floorOut || floorOut < 1)
      return op->emitOpError("spatial dim ")
             << i << ": output size " << g.out[i] << " does not follow from input " << g.in[i] << ", kernel "
             << g.kernel[i] << ", stride " << g.strides[i] << " and padding";
  }
  return success();
}

} // namespace mlir::aicc
