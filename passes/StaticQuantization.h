//===- StaticQuantization.h - what static int8 quantization touches -------*- C++ -*-===//
//
// aicc --quantize=int8 runs in two steps over the same graph-optimized module: calibration makes
// each convolution's activation input an output of an instrumented copy of the model and runs it
// over the calibration data (ExposeCalibrationPoints); the measured ranges are then attached to
// the convolutions, and QuantizeStatically rewrites them into the QDQ form the int8 conv kernel
// folds. Both steps select the convolutions and their inputs here, in one order, so the k-th
// output of the instrumented model is the k-th calibration point of the module being compiled.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_PASSES_STATICQUANTIZATION_H
#define AICC_PASSES_STATICQUANTIZATION_H

#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace aicc {

/// Unit attribute: the op stays f32 under quantization (aicc --keep-fp32), and reads its
/// operands unquantized.
constexpr llvm::StringLiteral kKeepFp32Attr = "aicc.keep_fp32";
/// array<f64: min, max> on a convolution: the range its X took on the calibration data.
constexpr llvm::StringLiteral kInputRangeAttr = "aicc.x_range";

/// The convolutions static quantization runs in int8, in order: those of `func`'s body (not of a
/// loop's) with an f32 X and a constant f32 W of static shape (1 to 3 spatial dims), not kept in f32.
llvm::SmallVector<mlir::aicc::ConvOp> staticallyQuantizedConvs(mlir::func::FuncOp func);

/// The X of `convs`, each value once, in the order of its first convolution: what calibration
/// measures.
llvm::SmallVector<mlir::Value> calibrationPoints(llvm::ArrayRef<mlir::aicc::ConvOp> convs);

/// A per-tensor quantization's constants as the int8 rewrites (the graph's and the int8 kernels')
/// take them: a zero point absent (0) or a one-element integer constant; a one-element, finite,
/// positive scale.
std::optional<int64_t> scalarZeroPoint(mlir::Value zeroPoint);
std::optional<double> scalarScale(mlir::Value scale);

} // namespace aicc

#endif // AICC_PASSES_STATICQUANTIZATION_H
