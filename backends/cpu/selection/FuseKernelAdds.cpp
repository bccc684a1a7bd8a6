// FuseKernelAdds: an aicc.Add whose operand is the only use of a conv, deconv or matmul kernel
// becomes part of that kernel, so its output is written once:
// - a constant that broadcasts along the output channels (conv: [OC] / [1, OC, 1, 1]; matmul: the
//   last dim) becomes the kernel's bias, when it has none and no post-ops yet;
// - a tensor of the output's own shape (a residual connection) becomes oneDNN's sum post-op: the
//   kernel's destination is that tensor, and the kernel adds its result to it. One-shot
//   bufferization then writes in place where the residual is dead, and copies it where it is not.
//   An int8 convolution with an f32 result takes it too (static quantization's last convolution
//   of a residual block).
#include "aicc/cpu_kernels.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/selection/KernelBuilder.h"
#include "backends/cpu/TensorReshape.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "passes/StaticQuantization.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_FUSEKERNELADDS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The shape a bias of `kernel` has, with the result's rank: [OC] for (de)convs, the result's
/// shape with every dim but the last set to 1 for matmuls.
llvm::SmallVector<int64_t> biasShape(Operation *kernel) {
  auto result = cast<RankedTensorType>(kernel->getResult(0).getType());
  if (isa<MatMulOp>(kernel)) {
    llvm::SmallVector<int64_t> shape(result.getRank(), 1);
    shape.back() = result.getShape().back();
    return shape;
  }
  return {result.getDimSize(1)};
}

/// Whether a constant of `type` adds the same value to every element of an output channel:
/// after dropping leading 1s, it is [OC] (matmul) or [OC, 1, ...] (conv), or a scalar.
bool broadcastsAlongChannels(Operation *kernel, RankedTensorType type) {
  auto result = cast<RankedTensorType>(kernel->getResult(0).getType());
  if (type.getRank() > result.getRank()) return false;
  llvm::ArrayRef<int64_t> shape = type.getShape();
  while (!shape.empty() && shape.front() == 1 && (int64_t)shape.size() > 1) shape = shape.drop_front();
  int64_t channels = isa<MatMulOp>(kernel) ? result.getShape().back() : result.getDimSize(1);
  if (isa<MatMulOp>(kernel)) return shape.size() == 1 && shape[0] == channels;
  // Conv: the constant's dims align to the result's from the right: [OC, 1, 1] for NCHW.
  int64_t channelPosition = type.getRank() - (result.getRank() - 1);
  if (channelPosition < 0) return false;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.getDimSize(i) != (i == channelPosition ? channels : 1)) return false;
  return true;
}

struct FuseAddIntoKernel : OpRewritePattern<::mlir::aicc::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(::mlir::aicc::AddOp op, PatternRewriter &rewriter) const override {
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!resultType || !isRankedF32(resultType)) return rewriter.notifyMatchFailure(op, "not an f32 Add");
    for (auto [kernelSide, other] : {std::pair{op.getA(), op.getB()}, std::pair{op.getB(), op.getA()}}) {
      Operation *kernel = kernelSide.getDefiningOp();
      auto quantized = dyn_cast_or_null<QuantizedConvOp>(kernel);
      if (!kernel ||
          !(isa<ConvOp, DeconvOp, MatMulOp>(kernel) || (quantized && quantized.getDstType() == DataType::f32)) ||
          !kernelSide.hasOneUse() || kernelSide.getType() != resultType)
        continue;
      if (quantized) {
        // The sum first, where oneDNN's kernels take it (an activation the int8 lowering fused
        // would come before it).
        if (!op->hasAttr(kKeepFp32Attr) && quantized.getPostOps().empty() &&
            succeeded(fuseSum(kernel, other, op, rewriter)))
          return success();
        continue;
      }
      if (succeeded(fuseBias(kernel, other, op, rewriter)) || succeeded(fuseSum(kernel, other, op, rewriter)))
        return success();
    }
    return rewriter.notifyMatchFailure(op, "no operand is the only use of a kernel that can absorb the other");
  }

private:
  static LogicalResult fuseBias(Operation *kernel, Value other, ::mlir::aicc::AddOp add, PatternRewriter &rewriter) {
    auto type = dyn_cast<RankedTensorType>(other.getType());
    bool constant = other.getDefiningOp() && other.getDefiningOp()->hasTrait<OpTrait::ConstantLike>();
    if (!constant || !type || !isStaticF32(type) || !broadcastsAlongChannels(kernel, type)) return failure();
    auto postOps = kernel->getAttrOfType<ArrayAttr>("post_ops");
    // The bias must come before any post-op, and there is one bias.
    auto matmul = dyn_cast<MatMulOp>(kernel);
    auto conv = dyn_cast<ConvOp>(kernel);
    bool hasBias = matmul ? matmul.getBias() != nullptr
                   : conv ? conv.getBias() != nullptr
                          : kernel->getNumOperands() == 4;
    if (!postOps.empty() || hasBias) return failure();
    auto biasType = RankedTensorType::get(biasShape(kernel), rewriter.getF32Type());
    // A scalar added to a multi-channel output stays an Add: the bias is per channel.
    if (type.getNumElements() != biasType.getNumElements()) return failure();
    // The bias is an operand of the kernel, so it (and its reshape, which does not fold for a
    // resource-backed constant) must come before the kernel; the Add and its constant may not.
    rewriter.setInsertionPoint(kernel);
    Operation *constantOp = other.getDefiningOp();
    if (constantOp->getBlock() != kernel->getBlock() || !constantOp->isBeforeInBlock(kernel))
      other = rewriter.clone(*constantOp)->getResult(0);
    Value bias = reshapeTo(rewriter, add.getLoc(), other, biasType);
    rewriter.modifyOpInPlace(kernel, [&] {
      // Deconv operands are (input, weights[, bias], init): the bias goes before the init.
      if (matmul)
        matmul.getBiasMutable().assign(bias);
      else if (conv)
        conv.getBiasMutable().assign(bias);
      else
        kernel->insertOperands(2, bias);
    });
    kernel->emitRemark("fused the Add of a constant as the kernel's bias");
    rewriter.replaceOp(add, kernel->getResult(0));
    return success();
  }

  static LogicalResult fuseSum(Operation *kernel, Value residual, ::mlir::aicc::AddOp add, PatternRewriter &rewriter) {
    auto postOps = kernel->getAttrOfType<ArrayAttr>("post_ops");
    if (residual.getType() != kernel->getResult(0).getType() ||
        llvm::any_of(postOps, [](Attribute a) { return isa<SumAttr>(a); }) || postOps.size() >= AICC_MAX_POST_OPS)
      return failure();
    // The residual becomes the kernel's destination, so it must exist before the kernel runs.
    if (Operation *def = residual.getDefiningOp();
        def && (def->getBlock() != kernel->getBlock() || !def->isBeforeInBlock(kernel)))
      return failure();
    llvm::SmallVector<Attribute> list(postOps.getValue());
    list.push_back(SumAttr::get(rewriter.getContext(), 1.0));
    Value oldInit = cast<DestinationStyleOpInterface>(kernel).getDpsInits()[0];
    rewriter.modifyOpInPlace(kernel, [&] {
      cast<DestinationStyleOpInterface>(kernel).getDpsInitsMutable()[0].set(residual);
      kernel->setAttr("post_ops", rewriter.getArrayAttr(list));
    });
    if (Operation *oldDef = oldInit.getDefiningOp(); oldDef && isOpTriviallyDead(oldDef)) rewriter.eraseOp(oldDef);
    kernel->emitRemark("fused the residual Add as a sum post-op");
    rewriter.replaceOp(add, kernel->getResult(0));
    return success();
  }
};

struct FuseKernelAddsPass : impl::FuseKernelAddsBase<FuseKernelAddsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseAddIntoKernel>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
