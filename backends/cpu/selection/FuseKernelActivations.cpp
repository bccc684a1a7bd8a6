// FuseKernelActivations: an elementwise activation applied to the only use of a conv, deconv or
// matmul kernel (an int8 convolution with an f32 result too) becomes an eltwise entry at the end
// of the kernel's post-op list, so oneDNN applies it while the output is still in registers
// instead of in a second pass over memory. Gelu arrives as one op (aicc-recognize-gelu made it);
// swish (SiLU) is matched in the decomposed form exporters write (FuseSwishIntoKernel).
#include "aicc/cpu_kernels.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/AiccDialect.h"
#include "mlir/IR/Matchers.h"
#include "passes/StaticQuantization.h"
#include "llvm/ADT/TypeSwitch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_FUSEKERNELACTIVATIONS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The value of a one-element f32 constant (a Clip bound), if it is one.
std::optional<double> constantScalar(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || attr.getNumElements() != 1 || !attr.getElementType().isF32())
    return std::nullopt;
  return (*attr.getValues<APFloat>().begin()).convertToDouble();
}

/// The post-op list of a kernel that takes post-ops on its f32 result (an int8 convolution's
/// post-ops on 8-bit results apply in Y's units, which its lowering chose).
ArrayAttr postOpsOf(Operation *kernel) {
  return llvm::TypeSwitch<Operation *, ArrayAttr>(kernel)
      .Case<ConvOp, DeconvOp, MatMulOp>([](auto op) { return op.getPostOps(); })
      .Case<QuantizedConvOp>([](QuantizedConvOp op) {
    return op.getDstType() == DataType::f32 ? op.getPostOps() : ArrayAttr();
  }).Default([](Operation *) { return ArrayAttr(); });
}

/// Replaces `root`, an activation of `x`, by `x` with `activation` appended to the post-op list of
/// the kernel that computes x. `uses` is how many uses x has, all of them in the activation (which
/// is replaced whole); the kernel remarks "fused <what> as an eltwise post-op".
LogicalResult fuseIntoKernelOf(PatternRewriter &rewriter, Operation *root, Value x, unsigned uses,
                               EltwiseAttr activation, const llvm::Twine &what) {
  Operation *kernel = x.getDefiningOp();
  ArrayAttr postOps = kernel ? postOpsOf(kernel) : ArrayAttr();
  if (!postOps || llvm::range_size(x.getUses()) != uses || x.getType() != root->getResult(0).getType())
    return rewriter.notifyMatchFailure(root, "not a kernel result used only by the activation");
  if (isa<QuantizedConvOp>(kernel) && root->hasAttr(kKeepFp32Attr))
    return rewriter.notifyMatchFailure(root, "kept out of int8 kernels (aicc --keep-fp32)");
  if (postOps.size() >= AICC_MAX_POST_OPS) return rewriter.notifyMatchFailure(root, "the post-op list is full");

  llvm::SmallVector<Attribute> list(postOps.getValue());
  list.push_back(activation);
  rewriter.modifyOpInPlace(kernel, [&] { kernel->setAttr("post_ops", rewriter.getArrayAttr(list)); });
  kernel->emitRemark("fused " + what + " as an eltwise post-op");
  rewriter.replaceOp(root, x);
  return success();
}

template <typename ActivationOp> struct FuseIntoKernel : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp op, PatternRewriter &rewriter) const override {
    std::optional<EltwiseAttr> activation = describe(op);
    if (!activation) return rewriter.notifyMatchFailure(op, "not expressible as a oneDNN post-op");
    return fuseIntoKernelOf(rewriter, op, op->getOperand(0), 1, *activation, op->getName().getStringRef());
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
template <> std::optional<EltwiseAttr> FuseIntoKernel<::mlir::aicc::GeluOp>::describe(::mlir::aicc::GeluOp op) {
  return eltwise(op.getContext(), op.getApproximate() == "tanh" ? Activation::gelu_tanh : Activation::gelu_erf);
}

/// x * Sigmoid(x) (SiLU, swish; what PyTorch exports for nn.SiLU and F.silu), x a kernel's result
/// used only by the two, as a swish post-op.
struct FuseSwishIntoKernel : OpRewritePattern<::mlir::aicc::MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(::mlir::aicc::MulOp root, PatternRewriter &rewriter) const override {
    Value x;
    for (auto [gate, other] : {std::pair(root.getA(), root.getB()), std::pair(root.getB(), root.getA())})
      if (auto sigmoid = gate.getDefiningOp<::mlir::aicc::SigmoidOp>();
          sigmoid && gate.hasOneUse() && sigmoid.getX() == other && !x) {
        if (sigmoid->hasAttr(kKeepFp32Attr) && isa_and_nonnull<QuantizedConvOp>(other.getDefiningOp()))
          return rewriter.notifyMatchFailure(root, "the Sigmoid is kept out of int8 kernels (aicc --keep-fp32)");
        x = other;
      }
    if (!x) return rewriter.notifyMatchFailure(root, "not x * Sigmoid(x)");

    // x's two uses are the product and the Sigmoid.
    return fuseIntoKernelOf(rewriter, root, x, 2, eltwise(getContext(), Activation::swish), "x * Sigmoid(x) (swish)");
  }
};

struct FuseKernelActivationsPass : impl::FuseKernelActivationsBase<FuseKernelActivationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseIntoKernel<::mlir::aicc::ReluOp>, FuseIntoKernel<::mlir::aicc::LeakyReluOp>,
                 FuseIntoKernel<::mlir::aicc::SigmoidOp>, FuseIntoKernel<::mlir::aicc::TanhOp>,
                 FuseIntoKernel<::mlir::aicc::HardSwishOp>, FuseIntoKernel<::mlir::aicc::EluOp>,
                 FuseIntoKernel<::mlir::aicc::ClipOp>, FuseIntoKernel<::mlir::aicc::GeluOp>, FuseSwishIntoKernel>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
