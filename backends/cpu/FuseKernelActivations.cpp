// FuseKernelActivations: an elementwise activation applied to the only use of a conv, deconv or
// matmul kernel becomes an eltwise entry at the end of the kernel's post-op list, so oneDNN applies
// it while the output is still in registers instead of in a second pass over memory.
#include "aicc/cpu_kernels.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/kernels/KernelBuilder.h"
#include "dialects/AiccDialect.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_FUSEKERNELACTIVATIONS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The scalar value of a constant Clip bound, if it is one.
std::optional<double> constantScalar(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || attr.getNumElements() != 1 || !attr.getElementType().isF32())
    return std::nullopt;
  return (*attr.getValues<APFloat>().begin()).convertToDouble();
}

/// The post-op list of a kernel that takes post-ops.
ArrayAttr postOpsOf(Operation *kernel) {
  return llvm::TypeSwitch<Operation *, ArrayAttr>(kernel)
      .Case<ConvOp, DeconvOp, MatMulOp>([](auto op) { return op.getPostOps(); })
      .Default([](Operation *) { return ArrayAttr(); });
}

template <typename ActivationOp> struct FuseIntoKernel : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp op, PatternRewriter &rewriter) const override {
    Value input = op->getOperand(0);
    Operation *kernel = input.getDefiningOp();
    ArrayAttr postOps = kernel ? postOpsOf(kernel) : ArrayAttr();
    if (!postOps || !input.hasOneUse() || input.getType() != op->getResult(0).getType())
      return rewriter.notifyMatchFailure(op, "not the only use of a kernel that takes post-ops");
    if (postOps.size() >= AICC_MAX_POST_OPS) return rewriter.notifyMatchFailure(op, "the post-op list is full");
    std::optional<EltwiseAttr> activation = describe(op);
    if (!activation) return rewriter.notifyMatchFailure(op, "not expressible as a oneDNN post-op");

    llvm::SmallVector<Attribute> list(postOps.getValue());
    list.push_back(*activation);
    rewriter.modifyOpInPlace(kernel, [&] { kernel->setAttr("post_ops", rewriter.getArrayAttr(list)); });
    kernel->emitRemark("fused ") << op->getName() << " as an eltwise post-op";
    rewriter.replaceOp(op, input);
    return success();
  }

  static std::optional<EltwiseAttr> describe(ActivationOp op);
};

EltwiseAttr eltwise(MLIRContext *context, Activation activation, double alpha = 0, double beta = 0) {
  return EltwiseAttr::get(context, activation, alpha, beta);
}

template <> std::optional<EltwiseAttr> FuseIntoKernel<::mlir::aicc::ReluOp>::describe(::mlir::aicc::ReluOp op) {
  return eltwise(op.getContext(), Activation::relu);
}
template <>
std::optional<EltwiseAttr> FuseIntoKernel<::mlir::aicc::LeakyReluOp>::describe(::mlir::aicc::LeakyReluOp op) {
  return eltwise(op.getContext(), Activation::leaky_relu, op.getAlpha().convertToDouble());
}
template <> std::optional<EltwiseAttr> FuseIntoKernel<::mlir::aicc::SigmoidOp>::describe(::mlir::aicc::SigmoidOp op) {
  return eltwise(op.getContext(), Activation::sigmoid);
}
template <> std::optional<EltwiseAttr> FuseIntoKernel<::mlir::aicc::TanhOp>::describe(::mlir::aicc::TanhOp op) {
  return eltwise(op.getContext(), Activation::tanh);
}
template <>
std::optional<EltwiseAttr> FuseIntoKernel<::mlir::aicc::HardSwishOp>::describe(::mlir::aicc::HardSwishOp op) {
  return eltwise(op.getContext(), Activation::hard_swish);
}
template <> std::optional<EltwiseAttr> FuseIntoKernel<::mlir::aicc::EluOp>::describe(::mlir::aicc::EluOp op) {
  return eltwise(op.getContext(), Activation::elu, op.getAlpha().convertToDouble());
}
template <> std::optional<EltwiseAttr> FuseIntoKernel<::mlir::aicc::ClipOp>::describe(::mlir::aicc::ClipOp op) {
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
  return eltwise(op.getContext(), Activation::clip, low, high);
}

struct FuseKernelActivationsPass : impl::FuseKernelActivationsBase<FuseKernelActivationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseIntoKernel<::mlir::aicc::ReluOp>, FuseIntoKernel<::mlir::aicc::LeakyReluOp>,
                 FuseIntoKernel<::mlir::aicc::SigmoidOp>, FuseIntoKernel<::mlir::aicc::TanhOp>,
                 FuseIntoKernel<::mlir::aicc::HardSwishOp>, FuseIntoKernel<::mlir::aicc::EluOp>,
                 FuseIntoKernel<::mlir::aicc::ClipOp>>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
