// FuseKernelActivations: an elementwise activation applied to the only use of a conv or matmul kernel
// becomes the kernel's eltwise post-op (aicc_activation in aicc/cpu_kernels.h), so oneDNN applies it
// while the output is still in registers instead of in a second pass over memory.
#include "aicc/cpu_kernels.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/kernels/KernelBuilder.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_FUSEKERNELACTIVATIONS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// Index of the `activation` param (followed by act_alpha, act_beta) in a kernel's params, laid out
/// as aicc/cpu_kernels.h documents; none for kernels without post-ops.
std::optional<size_t> activationIndex(KernelOp kernel) {
  llvm::ArrayRef<int64_t> params = kernel.getParams();
  if (params.empty()) return std::nullopt;
  switch (kernel.getKind()) {
  case KernelKind::conv: return 5 + 7 * params[0] + 1;  // header, 7 per-dim vectors, has_bias
  case KernelKind::matmul: return 1 + 4 * params[0] + 4; // R, a/b/y/bias dims, trans_a/b, has_bias, alpha
  default: return std::nullopt;
  }
}

/// The scalar value of a constant Clip bound, if it is one.
std::optional<double> constantScalar(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || attr.getNumElements() != 1 || !attr.getElementType().isF32())
    return std::nullopt;
  return (*attr.getValues<APFloat>().begin()).convertToDouble();
}

template <typename ActivationOp> struct FuseIntoKernel : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp op, PatternRewriter &rewriter) const override {
    Value input = op->getOperand(0);
    auto kernel = input.getDefiningOp<KernelOp>();
    if (!kernel || !input.hasOneUse() || kernel->getNumResults() != 1 || input.getType() != op->getResult(0).getType())
      return rewriter.notifyMatchFailure(op, "not the only use of a single-result kernel");
    std::optional<size_t> index = activationIndex(kernel);
    if (!index || *index + 2 >= kernel.getParams().size() || kernel.getParams()[*index] != AICC_ACT_NONE)
      return rewriter.notifyMatchFailure(op, "the kernel takes no (further) activation");
    std::optional<std::array<int64_t, 3>> activation = describe(op);
    if (!activation) return rewriter.notifyMatchFailure(op, "not expressible as a oneDNN post-op");

    llvm::SmallVector<int64_t> params(kernel.getParams());
    std::copy(activation->begin(), activation->end(), params.begin() + *index);
    rewriter.modifyOpInPlace(kernel, [&] { kernel.setParams(params); });
    rewriter.replaceOp(op, input);
    return success();
  }

  /// {activation, act_alpha, act_beta} for this op.
  static std::optional<std::array<int64_t, 3>> describe(ActivationOp op);
};

template <> std::optional<std::array<int64_t, 3>> FuseIntoKernel<::mlir::aicc::ReluOp>::describe(::mlir::aicc::ReluOp) {
  return std::array<int64_t, 3>{AICC_ACT_RELU, doubleParam(0), doubleParam(0)};
}
template <>
std::optional<std::array<int64_t, 3>> FuseIntoKernel<::mlir::aicc::LeakyReluOp>::describe(::mlir::aicc::LeakyReluOp op) {
  return std::array<int64_t, 3>{AICC_ACT_LEAKY_RELU, doubleParam(op.getAlpha().convertToDouble()), doubleParam(0)};
}
template <>
std::optional<std::array<int64_t, 3>> FuseIntoKernel<::mlir::aicc::SigmoidOp>::describe(::mlir::aicc::SigmoidOp) {
  return std::array<int64_t, 3>{AICC_ACT_SIGMOID, doubleParam(0), doubleParam(0)};
}
template <> std::optional<std::array<int64_t, 3>> FuseIntoKernel<::mlir::aicc::TanhOp>::describe(::mlir::aicc::TanhOp) {
  return std::array<int64_t, 3>{AICC_ACT_TANH, doubleParam(0), doubleParam(0)};
}
template <> std::optional<std::array<int64_t, 3>> FuseIntoKernel<::mlir::aicc::ClipOp>::describe(::mlir::aicc::ClipOp op) {
  // ONNX Clip: an absent bound is no bound.
  double low = -std::numeric_limits<double>::infinity(), high = std::numeric_limits<double>::infinity();
  if (!isa<NoneType>(op.getMin().getType())) {
    std::optional<double> value = constantScalar(op.getMin());
    if (!value) return std::nullopt;
    low = *value;
  }
  if (!isa<NoneType>(op.getMax().getType())) {
    std::optional<double> value = constantScalar(op.getMax());
    if (!value) return std::nullopt;
    high = *value;
  }
  return std::array<int64_t, 3>{AICC_ACT_CLIP, doubleParam(low), doubleParam(high)};
}

struct FuseKernelActivationsPass : impl::FuseKernelActivationsBase<FuseKernelActivationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseIntoKernel<::mlir::aicc::ReluOp>, FuseIntoKernel<::mlir::aicc::LeakyReluOp>,
                 FuseIntoKernel<::mlir::aicc::SigmoidOp>, FuseIntoKernel<::mlir::aicc::TanhOp>,
                 FuseIntoKernel<::mlir::aicc::ClipOp>>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
