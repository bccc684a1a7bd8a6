// Helpers shared by the heavy-op lowerings; see KernelBuilder.h.
#include "backends/cpu/selection/KernelBuilder.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace aicc::cpu {

using namespace mlir;

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

bool isConvolutionWindowShape(Value x, Value w, Value y) {
  auto xType = dyn_cast<RankedTensorType>(x.getType()), wType = dyn_cast<RankedTensorType>(w.getType());
  auto yType = dyn_cast<RankedTensorType>(y.getType());
  if (!xType || !wType || !yType || xType.getRank() < 3 || xType.getRank() > 5 || wType.getRank() != xType.getRank() ||
      yType.getRank() != xType.getRank() || !wType.hasStaticShape())
    return false;
  return !ShapedType::isDynamicShape(xType.getShape().drop_front()) &&
         !ShapedType::isDynamicShape(yType.getShape().drop_front());
}

bool isConvolutionKernelShape(Value x, Value w, Value b, Value y) {
  return isConvolutionWindowShape(x, w, y) && isBatchedF32(x.getType()) && isStaticF32(w.getType()) &&
         isBatchedF32(y.getType()) && (isa<NoneType>(b.getType()) || isStaticF32(b.getType()));
}

} // namespace aicc::cpu
