// The convolutions static quantization selects, and the quantization constants the int8 rewrites
// take; see StaticQuantization.h.
#include "passes/StaticQuantization.h"
#include "passes/ConstantTensor.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

namespace aicc {

using namespace mlir;

llvm::SmallVector<mlir::aicc::ConvOp> staticallyQuantizedConvs(func::FuncOp func) {
  llvm::SmallVector<mlir::aicc::ConvOp> convs;
  // Only the function's own: a value inside a loop body is not one an output can show.
  for (mlir::aicc::ConvOp conv : func.getOps<mlir::aicc::ConvOp>()) {
    if (conv->hasAttr(kKeepFp32Attr)) continue;
    auto x = dyn_cast<RankedTensorType>(conv.getX().getType());
    auto w = dyn_cast<RankedTensorType>(conv.getW().getType());
    if (!x || !w || !x.getElementType().isF32() || !w.getElementType().isF32() || !w.hasStaticShape() ||
        w.getRank() < 3 || w.getRank() > 5 || !matchPattern(conv.getW(), m_Constant()))
      continue;
    convs.push_back(conv);
  }
  return convs;
}

llvm::SmallVector<Value> calibrationPoints(llvm::ArrayRef<mlir::aicc::ConvOp> convs) {
  llvm::SmallVector<Value> points;
  llvm::SmallPtrSet<void *, 16> seen;
  for (mlir::aicc::ConvOp conv : convs)
    if (seen.insert(conv.getX().getAsOpaquePointer()).second) points.push_back(conv.getX());
  return points;
}

std::optional<int64_t> scalarZeroPoint(Value zeroPoint) {
  if (isa<NoneType>(zeroPoint.getType())) return 0;
  std::optional<ConstantTensor> values = ConstantTensor::of(zeroPoint);
  if (!values || values->isFloat() || values->size() != 1) return std::nullopt;
  return values->ints.front();
}

std::optional<double> scalarScale(Value scale) {
  std::optional<double> value = floatScalar(scale);
  if (!value || !std::isfinite(*value) || *value <= 0) return std::nullopt;
  return value;
}

} // namespace aicc
