// Shared by the heavy-op lowerings: ONNX padding rules and the destinations of kernel ops.
#ifndef AICC_BACKENDS_CPU_SELECTION_KERNELBUILDER_H
#define AICC_BACKENDS_CPU_SELECTION_KERNELBUILDER_H

#include <optional>

#include "backends/cpu/dialect/CpuDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace aicc::cpu {

/// Spatial geometry of a sliding-window op (Conv, pooling) in ONNX terms.
struct WindowGeometry {
  llvm::SmallVector<int64_t> in, out, kernel, strides, dilations, padsBegin, padsEnd;
};

/// Fills padsBegin/padsEnd from ONNX `auto_pad` and `pads` (ONNX Conv/Pool spec: SAME_UPPER puts
/// the odd padding cell at the end, SAME_LOWER at the beginning), then widens padsEnd where the
/// declared output needs more windows than the padding gives (ceil_mode), since oneDNN derives the
/// output size with floor division. Fails, with a diagnostic on `op`, on inconsistent geometry.
mlir::LogicalResult resolvePadding(mlir::Operation *op, llvm::StringRef autoPad,
                                   std::optional<llvm::ArrayRef<int64_t>> pads, WindowGeometry &g);

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

void populateConvKernelPatterns(mlir::RewritePatternSet &patterns);
void populateConvTransposeKernelPatterns(mlir::RewritePatternSet &patterns);
void populateMatMulKernelPatterns(mlir::RewritePatternSet &patterns);
void populatePoolKernelPatterns(mlir::RewritePatternSet &patterns);
void populateRnnKernelPatterns(mlir::RewritePatternSet &patterns);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_SELECTION_KERNELBUILDER_H
