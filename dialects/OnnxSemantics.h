// ONNX's rules that several stages apply to the same op: axis normalisation, bound clamping,
// attribute defaults and output dims. The verifiers, shape inference, folding, constant evaluation
// and the lowerings all ask here, so that an op means one thing everywhere (onnx-mlir's shape
// helpers work the same way). Each function names the op version whose rule it is.
#ifndef AICC_DIALECTS_ONNXSEMANTICS_H
#define AICC_DIALECTS_ONNXSEMANTICS_H

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::aicc {

/// The ranked tensor type of `value`, or null.
RankedTensorType rankedType(Value value);

/// An axis in [-rank, rank) as a dim in [0, rank), negative axes counting from the back; nullopt
/// out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// Flatten-13's axis in [-rank, rank] as the number of dims in the first output dim; nullopt out
/// of range.
std::optional<int64_t> flattenAxis(int64_t axis, int64_t rank);

/// Shape-15: the dims [start, end) it returns, for bounds that count from the back when negative
/// and are clamped to [0, rank]; no end is rank, and end is at least start.
std::pair<int64_t, int64_t> shapeRange(int64_t start, std::optional<int64_t> end, int64_t rank);

/// Slice-13's axes and steps for `count` starts: axes default to 0, 1, ... and count from the back
/// when negative, steps default to 1. Fails with `reason` when ends, axes or steps have another
/// length, an axis is out of range or repeated, or a step is 0.
struct SliceAxes {
  llvm::SmallVector<int64_t> axes, steps;
};
FailureOr<SliceAxes> sliceAxes(size_t count, size_t endsCount, std::optional<ArrayRef<int64_t>> axes,
                               std::optional<ArrayRef<int64_t>> steps, int64_t rank, std::string &reason);

/// Slice-13 along a dim of `size` elements: start and end count from the back when negative and
/// are clamped to the dim for the sign of `step` (not 0); the slice takes `count` elements from
/// `start`, `step` apart.
struct SliceRange {
  int64_t start, count;
};
SliceRange sliceRange(int64_t start, int64_t end, int64_t step, int64_t size);

/// Reshape-14's output dims before its -1 is inferred: `requested` holds the 'shape' input's
/// values, nullopt where one is not a known number. A 0 copies the data's dim at the same index
/// (`copies`) unless `allowZero`; one -1 (`inferred`) takes what is left of the element count.
/// Fails with `reason` on a second -1, a size below -1, or a copied dim past `dataRank` (when the
/// data's rank is known).
struct ReshapeDims {
  llvm::SmallVector<std::optional<int64_t>> sizes; // the requested sizes; nullopt where copied,
                                                   // inferred or not known
  llvm::SmallVector<bool> copies;                  // whether each dim is the data's dim there
  std::optional<size_t> inferred;
};
FailureOr<ReshapeDims> reshapeDims(ArrayRef<std::optional<int64_t>> requested, std::optional<int64_t> dataRank,
                                   bool allowZero, std::string &reason);

/// The spatial geometry of a sliding-window op (Conv, pooling): per spatial axis, input and output sizes, kernel,
/// strides, dilations and explicit pads.
struct WindowGeometry {
  SmallVector<int64_t> in, out, kernel, strides, dilations, padsBegin, padsEnd;
};

/// Conv-11 and the pooling ops: fills padsBegin/padsEnd from `auto_pad` and `pads` ( SAME_UPPER puts
/// the odd padding cell at the end, SAME_LOWER at the beginning), then widens padsEnd where the
/// declared output needs more windows than the padding gives (ceil_mode), since the kernels derive
/// the output size with floor division. Fails, with a diagnostic on `op`, on inconsistent geometry.
LogicalResult resolvePadding(Operation *op, StringRef autoPad, std::optional<ArrayRef<int64_t>> pads,
                             WindowGeometry &g);

/// Conv-11's window, for each op with its attributes (Conv, ConvInteger, QLinearConv: `group`,
/// `kernel_shape`, `strides`, `dilations`, `auto_pad`, `pads`), over x [N, C, in...],
/// w [M, C / group, k...] and y [N, M, out...] of one rank with static spatial dims: explicit pads,
/// the kernel from w. Fails with a diagnostic on `op` when the attributes and the shapes disagree.
template <typename ConvLike>
FailureOr<WindowGeometry> convGeometry(ConvLike op, RankedTensorType x, RankedTensorType w, RankedTensorType y) {
  int64_t spatial = x.getRank() - 2, group = static_cast<int64_t>(op.getGroup());
  int64_t channels = x.getDimSize(1), outChannels = w.getDimSize(0);
  if (group < 1 || channels % group || outChannels % group || w.getDimSize(1) * group != channels)
    return op.emitOpError("group ") << group << " does not split " << channels << " input and " << outChannels
                                    << " output channels with w " << w;
  if (y.getDimSize(1) != outChannels)
    return op.emitOpError("y has ") << y.getDimSize(1) << " channels; w has " << outChannels << " filters";
  WindowGeometry g;
  g.in.assign(x.getShape().begin() + 2, x.getShape().end());
  g.out.assign(y.getShape().begin() + 2, y.getShape().end());
  g.kernel.assign(w.getShape().begin() + 2, w.getShape().end());
  if (std::optional<ArrayRef<int64_t>> kernel = op.getKernelShape(); kernel && *kernel != ArrayRef(g.kernel))
    return op.emitOpError("kernel_shape differs from w's spatial dims");
  g.strides = op.getStrides() ? SmallVector<int64_t>(*op.getStrides()) : SmallVector<int64_t>(spatial, 1);
  g.dilations = op.getDilations() ? SmallVector<int64_t>(*op.getDilations()) : SmallVector<int64_t>(spatial, 1);
  if ((int64_t)g.strides.size() != spatial || (int64_t)g.dilations.size() != spatial)
    return op.emitOpError("strides and dilations need one value per spatial dim");
  if (failed(resolvePadding(op, op.getAutoPad(), op.getPads(), g))) return failure();
  return g;
}

} // namespace mlir::aicc

#endif // AICC_DIALECTS_ONNXSEMANTICS_H
