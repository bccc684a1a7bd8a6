// Shared by the heavy-op lowerings: ONNX padding rules and building aicc_cpu.kernel ops.
#ifndef AICC_BACKENDS_CPU_KERNELS_KERNELBUILDER_H
#define AICC_BACKENDS_CPU_KERNELS_KERNELBUILDER_H

#include <optional>

#include "aicc/cpu_kernels.h"
#include "backends/cpu/CpuDialect.h"
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

/// An f64 parameter stored bit-for-bit in an int64 slot (aicc/cpu_kernels.h).
int64_t doubleParam(double value);

/// Appends the per-dimension vectors in the order aicc/cpu_kernels.h lists them.
void appendGeometry(llvm::SmallVectorImpl<int64_t> &params, const WindowGeometry &g, bool withDilations);

/// A kernel op writing a fresh `resultType` tensor; `inputs` pairs each operand with its arg slot.
mlir::Value buildKernel(mlir::PatternRewriter &rewriter, mlir::Location loc, KernelKind kind,
                        llvm::ArrayRef<int64_t> params, llvm::ArrayRef<std::pair<int64_t, mlir::Value>> inputs,
                        mlir::RankedTensorType resultType, int64_t resultSlot, int64_t numArgs);

/// Whether `type` is a statically shaped f32 tensor: the element type and shapes the kernels take.
bool isStaticF32(mlir::Type type);

void populateConvKernelPatterns(mlir::RewritePatternSet &patterns);
void populateMatMulKernelPatterns(mlir::RewritePatternSet &patterns);
void populatePoolKernelPatterns(mlir::RewritePatternSet &patterns);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_KERNELS_KERNELBUILDER_H
