// Shared by the heavy-op lowerings: the destinations of kernel ops and the types kernels take.
#ifndef AICC_BACKENDS_CPU_SELECTION_KERNELBUILDER_H
#define AICC_BACKENDS_CPU_SELECTION_KERNELBUILDER_H

#include <optional>

#include "backends/cpu/dialect/CpuDialect.h"
#include "dialects/AiccDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace aicc::cpu {

/// Dim `dim` of `value`: where a kernel's destination takes a symbolic dim's size from.
struct DimSource {
  mlir::Value value;
  int64_t dim;
};

/// A fresh destination tensor of `type` for a kernel op; its dynamic dim d has the size of
/// `sizeOf[d]` (only those entries are read).
mlir::Value emptyLike(mlir::OpBuilder &builder, mlir::Location loc, mlir::RankedTensorType type,
                      llvm::ArrayRef<DimSource> sizeOf = {});

/// Whether `type` is a statically shaped f32 tensor.
bool isStaticF32(mlir::Type type);

/// Whether `type` is a ranked f32 tensor whose dims are static but for the first (a symbolic
/// batch): what the sliding-window kernels take, whose primitives are created per batch size.
bool isBatchedF32(mlir::Type type);

/// Whether `type` is a ranked f32 tensor, any dim symbolic: what the matmul kernel takes.
bool isRankedF32(mlir::Type type);

/// Whether a Conv/ConvTranspose's X, W, optional B (none when absent) and Y are f32 tensors with 1
/// to 3 spatial dims and one rank, static but for X's and Y's batch: what the (de)convolution
/// kernels take.
bool isConvolutionKernelShape(mlir::Value x, mlir::Value w, mlir::Value b, mlir::Value y);

/// Whether X, W and Y have a convolution's ranks (3 to 5, one rank), static but for X's and Y's
/// batch, whatever their element types.
bool isConvolutionWindowShape(mlir::Value x, mlir::Value w, mlir::Value y);

/// A quantized matmul's static A (u8 or s8): op(A) = scale * (A - zeroPoint).
struct StaticA {
  DataType type;
  double scale;
  int64_t zeroPoint;
};

/// One aicc_cpu.matmul writing a fresh `resultType` tensor, whose symbolic dims have the sizes of
/// `sizeOf`; with `bScales`, a quantized one (B i8), whose A is f32 (dynamic) or `staticA`.
mlir::Value buildMatMul(mlir::PatternRewriter &rewriter, mlir::Location loc, mlir::Value a, mlir::Value b,
                        mlir::Value bias, mlir::Value bScales, mlir::RankedTensorType resultType,
                        llvm::ArrayRef<DimSource> sizeOf, bool transA, bool transB, double alpha,
                        std::optional<StaticA> staticA = std::nullopt);

/// Gemm's beta * C as the matmul kernel's bias, of the result's rank (null without C), or an
/// error on `op` where C does not broadcast to the m x n result.
mlir::FailureOr<mlir::Value> gemmBias(mlir::PatternRewriter &rewriter, mlir::aicc::GemmOp op, int64_t m, int64_t n);

/// numpy.matmul of `a` and `b` (ONNX MatMul's semantics) as one aicc_cpu.matmul: a 1-D operand and
/// missing batch dims padded with 1s, the product reshaped to `yType`; with `bScales`, a quantized
/// matmul (B i8, A f32 or `staticA`). Fails, with an error on `op` where the shapes cannot multiply.
mlir::FailureOr<mlir::Value> buildNumpyMatMul(mlir::PatternRewriter &rewriter, mlir::Operation *op, mlir::Value a,
                                              mlir::Value b, mlir::Value bScales, mlir::RankedTensorType yType,
                                              std::optional<StaticA> staticA = std::nullopt);

void populateConvKernelPatterns(mlir::RewritePatternSet &patterns);
void populateQuantizedConvKernelPatterns(mlir::RewritePatternSet &patterns);
void populateConvTransposeKernelPatterns(mlir::RewritePatternSet &patterns);
void populateMatMulKernelPatterns(mlir::RewritePatternSet &patterns);
void populateDynamicMatMulKernelPatterns(mlir::RewritePatternSet &patterns);
void populateQuantizedMatMulKernelPatterns(mlir::RewritePatternSet &patterns);
void populatePoolKernelPatterns(mlir::RewritePatternSet &patterns);
void populateRnnKernelPatterns(mlir::RewritePatternSet &patterns);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_SELECTION_KERNELBUILDER_H
