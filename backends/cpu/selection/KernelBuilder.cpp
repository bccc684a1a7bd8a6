// Helpers shared by the heavy-op lowerings; see KernelBuilder.h.
#include "backends/cpu/selection/KernelBuilder.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace aicc::cpu {

using namespace mlir;

LogicalResult resolvePadding(Operation *op, llvm::StringRef autoPad, std::optional<llvm::ArrayRef<int64_t>> pads,
                             WindowGeometry &g) {
  size_t rank = g.in.size();
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
    if (g.strides[i] < 1 || g.dilations[i] < 1 || g.kernel[i] < 1)
      return op->emitOpError("kernel sizes, strides and dilations must be positive");
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

Value emptyLike(OpBuilder &builder, Location loc, RankedTensorType type, llvm::ArrayRef<DimSource> sizeOf) {
  llvm::SmallVector<Value> dynamicSizes;
  for (auto [d, size] : llvm::enumerate(type.getShape()))
    if (ShapedType::isDynamic(size)) {
      assert(d < sizeOf.size() && sizeOf[d].value && "every dynamic dim has a source");
      dynamicSizes.push_back(tensor::DimOp::create(builder, loc, sizeOf[d].value, sizeOf[d].dim));
    }
  return tensor::EmptyOp::create(builder, loc, type.getShape(), type.getElementType(), dynamicSizes);
}

bool isStaticF32(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

bool isBatchedF32(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() > 0 && tensor.getElementType().isF32() &&
         !ShapedType::isDynamicShape(tensor.getShape().drop_front());
}

bool isRankedF32(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getElementType().isF32();
}

bool isConvolutionKernelShape(Value x, Value w, Value b, Value y) {
  if (!isBatchedF32(x.getType()) || !isStaticF32(w.getType()) || !isBatchedF32(y.getType()) ||
      (!isa<NoneType>(b.getType()) && !isStaticF32(b.getType())))
    return false;
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  return rank >= 3 && rank <= 5 && cast<RankedTensorType>(w.getType()).getRank() == rank &&
         cast<RankedTensorType>(y.getType()).getRank() == rank;
}

} // namespace aicc::cpu
