//===- ShapeInferenceNN.cpp - shapes of Conv, pooling, Gemm and MatMul ----===//
//
// Sliding-window output sizes follow the "output_spatial_shape" formulas of the ONNX spec
// (Conv-11, MaxPool-12, AveragePool-11); matrix products follow Gemm-13 and numpy.matmul.
// Attribute lengths and ranks are already checked by the verifiers (ops/NN.cpp).
//
//===----------------------------------------------------------------------===//

#include "dialects/ShapeInference.h"
#include "dialects/OnnxSemantics.h"
#include "dialects/RecurrentShapes.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {
/// A sliding window over the spatial dims of an N x C x D1 x ... x Dn input.
struct Window {
  ArrayRef<int64_t> kernel; // may hold kDynamic when taken from a weight type
  std::optional<ArrayRef<int64_t>> strides, dilations, pads;
  StringRef autoPad;
  bool ceilMode = false;

  /// The output size of spatial axis `axis` for an input of `size` there.
  FailureOr<int64_t> outputSize(Operation *op, size_t axis, int64_t size) const {
    int64_t kernelSize = kernel[axis];
    if (ShapedType::isDynamic(size) || ShapedType::isDynamic(kernelSize)) return ShapedType::kDynamic;
    int64_t stride = strides ? (*strides)[axis] : 1;
    int64_t dilation = dilations ? (*dilations)[axis] : 1;
    int64_t effectiveKernel = dilation * (kernelSize - 1) + 1;
    // SAME_* pads so that every input position starts a window; VALID pads nothing.
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") return llvm::divideCeil(size, stride);
    int64_t padBegin = 0, padEnd = 0;
    if (pads && autoPad != "VALID") padBegin = (*pads)[axis], padEnd = (*pads)[axis + kernel.size()];
    int64_t span = size + padBegin + padEnd - effectiveKernel;
    if (span < 0)
      return op->emitOpError() << "window of extent " << effectiveKernel << " (with dilation)"
                               << " does not fit the padded size " << size + padBegin + padEnd << " of spatial axis "
                               << axis;
    if (!ceilMode || autoPad == "VALID") return span / stride + 1;
    // With ceil_mode the last window may start in the end padding; PyTorch, onnxruntime and
    // the ONNX reference implementation (since onnx 1.16) drop such a window.
    int64_t output = llvm::divideCeil(span, stride) + 1;
    return (output - 1) * stride >= size + padBegin ? output - 1 : output;
  }

  /// The N x C' x O1 x ... x On result shape for input `input` with `channels` output channels.
  FailureOr<SmallVector<int64_t>> resultShape(Operation *op, RankedTensorType input, int64_t channels) const {
    SmallVector<int64_t> shape = {input.getDimSize(0), channels};
    for (size_t axis = 0; axis < kernel.size(); ++axis) {
      FailureOr<int64_t> size = outputSize(op, axis, input.getDimSize(axis + 2));
      if (failed(size)) return failure();
      shape.push_back(*size);
    }
    return shape;
  }
};
} // namespace

/// Conv's result shape, for Conv and its integer forms: N x M x O1 x ... for input `xValue` and
/// weight `wValue`.
template <typename OpTy> static LogicalResult inferConvShapeOf(OpTy op, Value xValue, Value wValue) {
  RankedTensorType x = rankedType(xValue), w = rankedType(wValue);
  if (!x || !w) return success();
  // Without kernel_shape the kernel is W's spatial extent.
  Window window{op.getKernelShape().value_or(w.getShape().drop_front(2)), op.getStrides(), op.getDilations(),
                op.getPads(), op.getAutoPad()};
  FailureOr<SmallVector<int64_t>> shape = window.resultShape(op, x, w.getDimSize(0));
  return failed(shape) ? failure() : refineResultShape(op, 0, *shape);
}

LogicalResult mlir::aicc::inferConvShape(ConvOp op) { return inferConvShapeOf(op, op.getX(), op.getW()); }

LogicalResult mlir::aicc::inferConvIntegerShape(ConvIntegerOp op) { return inferConvShapeOf(op, op.getX(), op.getW()); }

LogicalResult mlir::aicc::inferQLinearConvShape(QLinearConvOp op) { return inferConvShapeOf(op, op.getX(), op.getW()); }

LogicalResult mlir::aicc::inferConvTransposeShape(ConvTransposeOp op) {
  // ConvTranspose-11: output_shape when given (auto_pad then places the padding), else
  // stride * (in - 1) + output_padding + dilation * (kernel - 1) + 1 - pads, or in * stride with
  // SAME_*. Channels: W's dim 1 per group.
  RankedTensorType x = rankedType(op.getX()), w = rankedType(op.getW());
  if (!x || !w || x.getRank() < 3 || w.getRank() != x.getRank()) return success();
  int64_t spatial = x.getRank() - 2;
  int64_t perGroup = w.getDimSize(1), group = static_cast<int64_t>(op.getGroup());
  SmallVector<int64_t> shape{x.getDimSize(0),
                             ShapedType::isDynamic(perGroup) ? ShapedType::kDynamic : perGroup * group};
  if (std::optional<ArrayRef<int64_t>> outputShape = op.getOutputShape()) {
    // The spatial dims; writers that also list N and C put them first.
    if (static_cast<int64_t>(outputShape->size()) < spatial) return success();
    llvm::append_range(shape, outputShape->take_back(spatial));
    return refineResultShape(op, 0, shape);
  }
  auto valueAt = [](std::optional<ArrayRef<int64_t>> values, int64_t index, int64_t fill) {
    return values && static_cast<int64_t>(values->size()) > index ? (*values)[index] : fill;
  };
  ArrayRef<int64_t> kernel = op.getKernelShape().value_or(w.getShape().drop_front(2));
  StringRef autoPad = op.getAutoPad();
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t in = x.getDimSize(2 + i), k = valueAt(kernel, i, ShapedType::kDynamic);
    int64_t stride = valueAt(op.getStrides(), i, 1);
    if (ShapedType::isDynamic(in) || ShapedType::isDynamic(k)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      shape.push_back(in * stride);
      continue;
    }
    bool padded = autoPad != "VALID";
    int64_t pads = padded ? valueAt(op.getPads(), i, 0) + valueAt(op.getPads(), i + spatial, 0) : 0;
    shape.push_back(stride * (in - 1) + valueAt(op.getOutputPadding(), i, 0) +
                    valueAt(op.getDilations(), i, 1) * (k - 1) + 1 - pads);
  }
  return refineResultShape(op, 0, shape);
}

template <typename PoolOp> static LogicalResult inferPool(PoolOp op, std::optional<ArrayRef<int64_t>> dilations) {
  RankedTensorType x = rankedType(op.getX());
  if (!x) return success();
  Window window{op.getKernelShape(), op.getStrides(), dilations, op.getPads(), op.getAutoPad(), op.getCeilMode() != 0};
  FailureOr<SmallVector<int64_t>> shape = window.resultShape(op, x, x.getDimSize(1));
  if (failed(shape)) return failure();
  // MaxPool's optional second result (Indices) has the shape of the first.
  for (unsigned result = 0; result < op->getNumResults(); ++result)
    if (failed(refineResultShape(op, result, *shape))) return failure();
  return success();
}

LogicalResult mlir::aicc::inferPoolShape(MaxPoolOp op) { return inferPool(op, op.getDilations()); }

LogicalResult mlir::aicc::inferPoolShape(AveragePoolOp op) { return inferPool(op, std::nullopt); }

LogicalResult mlir::aicc::inferGlobalPoolShape(Operation *op) {
  RankedTensorType x = rankedType(op->getOperand(0));
  if (!x || x.getRank() < 2) return success();
  SmallVector<int64_t> shape(x.getRank(), 1);
  shape[0] = x.getDimSize(0);
  shape[1] = x.getDimSize(1);
  return refineResultShape(op, 0, shape);
}

LogicalResult mlir::aicc::inferGemmShape(GemmOp op) {
  // The result is M x N whatever is known about A' (M x K) and B' (K x N).
  RankedTensorType a = rankedType(op.getA()), b = rankedType(op.getB());
  int64_t m = a ? a.getDimSize(op.getTransA() ? 1 : 0) : ShapedType::kDynamic;
  int64_t n = b ? b.getDimSize(op.getTransB() ? 0 : 1) : ShapedType::kDynamic;
  return refineResultShape(op, 0, {m, n});
}

/// numpy.matmul's shape, for MatMul and its integer forms.
static LogicalResult inferMatMulShapeOf(Operation *op, Value aValue, Value bValue) {
  RankedTensorType a = rankedType(aValue), b = rankedType(bValue);
  if (!a || !b) return success();
  // numpy.matmul: a 1-D A is promoted to 1 x K and a 1-D B to K x 1; the promoted dims are
  // removed from the result. The batch dims (all but the last two) broadcast.
  ArrayRef<int64_t> batchA = a.getShape().drop_back(std::min<int64_t>(2, a.getRank()));
  ArrayRef<int64_t> batchB = b.getShape().drop_back(std::min<int64_t>(2, b.getRank()));
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(op, {batchA, batchB});
  if (failed(shape)) return failure();
  if (a.getRank() >= 2) shape->push_back(a.getDimSize(a.getRank() - 2));
  if (b.getRank() >= 2) shape->push_back(b.getDimSize(b.getRank() - 1));
  return refineResultShape(op, 0, *shape);
}

LogicalResult mlir::aicc::inferMatMulShape(MatMulOp op) { return inferMatMulShapeOf(op, op.getA(), op.getB()); }

LogicalResult mlir::aicc::inferMatMulIntegerShape(MatMulIntegerOp op) {
  return inferMatMulShapeOf(op, op.getA(), op.getB());
}

LogicalResult mlir::aicc::inferQLinearMatMulShape(QLinearMatMulOp op) {
  return inferMatMulShapeOf(op, op.getA(), op.getB());
}

LogicalResult mlir::aicc::inferDynamicQuantizeLinearShape(DynamicQuantizeLinearOp op) {
  // y has x's shape; its scale and zero point are scalars (left as declared when a model gives
  // them a shape of one element).
  for (unsigned result : {1u, 2u})
    if (!rankedType(op->getResult(result)) && failed(refineResultShape(op, result, {}))) return failure();
  RankedTensorType x = rankedType(op.getX());
  return x ? refineResultShape(op, 0, x.getShape()) : success();
}

LogicalResult mlir::aicc::inferRecurrentShape(Operation *op) {
  // RNN-14, GRU-14, LSTM-14: layout 0 gives Y [T, D, B, H] and the states [D, B, H]; layout 1
  // gives [B, T, D, H] and [B, D, H]. H is hidden_size, or R's last dim.
  RankedTensorType x = rankedType(op->getOperand(0)), r = rankedType(op->getOperand(2));
  if (!x || x.getRank() != 3) return success();
  auto direction = op->getAttrOfType<StringAttr>("direction");
  int64_t D = direction && direction.getValue() == "bidirectional" ? 2 : 1;
  int64_t H = ShapedType::kDynamic;
  if (auto hidden = op->getAttrOfType<IntegerAttr>("hidden_size"))
    H = hidden.getInt();
  else if (r && r.getRank() == 3)
    H = r.getDimSize(2);
  auto layout = op->getAttrOfType<IntegerAttr>("layout");
  bool batchMajor = layout && layout.getInt() == 1;
  ::aicc::RecurrentShapes shapes =
      ::aicc::recurrentShapes(x.getDimSize(batchMajor ? 1 : 0), x.getDimSize(batchMajor ? 0 : 1), D, H, batchMajor);
  for (unsigned i = 0; i < op->getNumResults(); ++i)
    if (failed(refineResultShape(op, i, i == 0 ? shapes.y : shapes.state))) return failure();
  return success();
}
