// What the int8 kernel selection (LowerQuantizedConv.cpp, LowerQuantizedMatMul.cpp) tells the
// passes before it, the checks of quantization constants its lowerings share (LowerDynamicMatMul.cpp
// too), and the weight quantization of the dynamic-quantization passes.
#ifndef AICC_BACKENDS_CPU_SELECTION_QUANTIZEDKERNELS_H
#define AICC_BACKENDS_CPU_SELECTION_QUANTIZEDKERNELS_H

#include "backends/cpu/dialect/CpuDialect.h"
#include "dialects/AiccDialect.h"
#include "llvm/ADT/SmallVector.h"
#include "mlir/IR/Operation.h"
#include "passes/StaticQuantization.h"

#include <optional>
#include <vector>

namespace aicc::cpu {

/// Whether `op` is a DequantizeLinear of weights that an int8 kernel reads as they are: the W of
/// a QDQ Conv, its only user, whose X is dequantized too, both as the kernel takes them (s8
/// weights of zero point 0 per tensor or output channel, u8/s8 X per tensor), or the B of a QDQ
/// MatMul or Gemm likewise (isFoldedQuantizedMatMulWeights). Computing it at compile time would
/// leave f32 weights where the kernel wants the int8 ones.
bool isFoldedQuantizedWeights(mlir::Operation *op);
bool isFoldedQuantizedMatMulWeights(mlir::aicc::DequantizeLinearOp dequantize);

/// Whether `op` is a QuantizeLinear whose only user is such a DequantizeLinear: it makes the int8
/// weights from f32 ones (a quantization-aware training export), and is worth computing at
/// compile time whatever their size.
bool quantizesFoldedWeights(mlir::Operation *op);

/// The data type a quantized tensor's elements have, if the int8 kernels take it (u8, s8).
std::optional<DataType> byteType(mlir::Value value);

/// An activation's DequantizeLinear as the int8 kernels take it: u8 or s8 per tensor, by constants.
struct InputQuantization {
  DataType type;
  double scale;
  int64_t zeroPoint;
};
std::optional<InputQuantization> inputQuantization(mlir::aicc::DequantizeLinearOp dequantize);

/// Whether a zero point is absent or constant zeros.
bool isZeroPoint(mlir::Value zeroPoint);

/// Weight scales as the int8 kernels take them: a float constant of one value or `count` values
/// (one per output channel or column), each finite and positive.
std::optional<llvm::SmallVector<double>> weightScales(mlir::Value scale, int64_t count);

/// B [k, n] (or [n, k] where transB) quantized to s8 per column of op(B), symmetrically: the
/// values, in B's layout, and one scale per column (max |column| / 127, which the int8 products
/// cannot saturate on VNNI). Defined in QuantizeMatMulsDynamically.cpp.
struct QuantizedWeights {
  std::vector<int64_t> values;
  llvm::SmallVector<float> scales;
};
QuantizedWeights quantizePerColumn(const std::vector<double> &b, int64_t k, int64_t n, bool transB);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_SELECTION_QUANTIZEDKERNELS_H
