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

bool isConvolutionKernelShape(Value x, Value w, Value b, Value y) {
  if (!isBatchedF32(x.getType()) || !isStaticF32(w.getType()) || !isBatchedF32(y.getType()) ||
      (!isa<NoneType>(b.getType()) && !isStaticF32(b.getType())))
    return false;
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  return rank >= 3 && rank <= 5 && cast<RankedTensorType>(w.getType()).getRank() == rank &&
         cast<RankedTensorType>(y.getType()).getRank() == rank;
}

} // namespace aicc::cpu
