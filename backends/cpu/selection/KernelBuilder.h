// Shared by the heavy-op lowerings: the destinations of kernel ops and the types kernels take.
#ifndef AICC_BACKENDS_CPU_SELECTION_KERNELBUILDER_H
#define AICC_BACKENDS_CPU_SELECTION_KERNELBUILDER_H

#include <optional>

#include "backends/cpu/dialect/CpuDialect.h"
#include "dialects/OnnxSemantics.h"
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

/// The window of a Conv-like op (Conv, QLinearConv: `group`, `kernel_shape`, `strides`,
/// `dilations`, `auto_pad`, `pads`) over X [N, C, in...], W [OC, C/group, k...] and Y [N, OC, out...]
/// of isConvolutionWindowShape: explicit pads, kernel from W. Fails with a diagnostic on `op` when
/// the attributes and the shapes disagree.
template <typename ConvLike> mlir::FailureOr<mlir::aicc::WindowGeometry>
convGeometry(ConvLike op, mlir::Value xValue, mlir::Value wValue, mlir::Value yValue) {
  auto x = mlir::cast<mlir::RankedTensorType>(xValue.getType());
  auto w = mlir::cast<mlir::RankedTensorType>(wValue.getType());
  auto y = mlir::cast<mlir::RankedTensorType>(yValue.getType());
  int64_t spatial = x.getRank() - 2;
  int64_t group = op.getGroup();
  int64_t channels = x.getDimSize(1), outChannels = w.getDimSize(0);
  if (group < 1 || channels % group || outChannels % group || w.getDimSize(1) * group != channels)
    return op.emitOpError("W has ") << w.getDimSize(1) << " input channels per group; X has " << channels
                                    << " channels in " << group << " groups";
  if (y.getDimSize(1) != outChannels)
    return op.emitOpError("Y has ") << y.getDimSize(1) << " channels; W has " << outChannels << " filters";
  mlir::aicc::WindowGeometry g;
  g.in.assign(x.getShape().begin() + 2, x.getShape().end());
  g.out.assign(y.getShape().begin() + 2, y.getShape().end());
  g.kernel.assign(w.getShape().begin() + 2, w.getShape().end());
  if (auto shape = op.getKernelShape(); shape && llvm::ArrayRef<int64_t>(*shape) != llvm::ArrayRef<int64_t>(g.kernel))
    return op.emitOpError("kernel_shape does not match the spatial dims of W");
  g.strides = op.getStrides() ? llvm::SmallVector<int64_t>(*op.getStrides()) : llvm::SmallVector<int64_t>(spatial, 1);
  g.dilations =
      op.getDilations() ? llvm::SmallVector<int64_t>(*op.getDilations()) : llvm::SmallVector<int64_t>(spatial, 1);
  if ((int64_t)g.strides.size() != spatial || (int64_t)g.dilations.size() != spatial)
    return op.emitOpError("strides and dilations need one value per spatial dim");
  if (mlir::failed(mlir::aicc::resolvePadding(op, op.getAutoPad(), op.getPads(), g))) return mlir::failure();
  return g;
}

void populateConvKernelPatterns(mlir::RewritePatternSet &patterns);
void populateQuantizedConvKernelPatterns(mlir::RewritePatternSet &patterns);
void populateConvTransposeKernelPatterns(mlir::RewritePatternSet &patterns);
void populateMatMulKernelPatterns(mlir::RewritePatternSet &patterns);
void populatePoolKernelPatterns(mlir::RewritePatternSet &patterns);
void populateRnnKernelPatterns(mlir::RewritePatternSet &patterns);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_SELECTION_KERNELBUILDER_H
