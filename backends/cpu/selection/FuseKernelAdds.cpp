// FuseKernelAdds: an aicc.Add whose operand is the only use of a conv, deconv or matmul kernel
// becomes part of that kernel, so its output is written once:
// - a constant that broadcasts along the output channels (conv: [OC] / [1, OC, 1, 1]; matmul: the
//   last dim) becomes the kernel's bias, when it has none and no post-ops yet;
// - a tensor of the output's own shape (a residual connection) becomes oneDNN's sum post-op: the
//   kernel's destination is that tensor, and the kernel adds its result to it. One-shot
//   bufferization then writes in place where the residual is dead, and copies it where it is not.
//   An int8 convolution with an f32 result takes it too (static quantization's last convolution
//   of a residual block);
// - in a QDQ graph, QuantizeLinear([Relu](Add(DequantizeLinear(k), DequantizeLinear(r)))) with k
//   an int8 convolution's u8 or s8 result (a residual block as ONNX Runtime's quantizer writes
//   it): the convolution writes the QuantizeLinear's result into r. Its post-ops compute what
//   the graph does: k rounded and saturated in k's units, plus r in r's own quantization (the sum
//   post-op), scaled into the result's units; the block runs no loop of its own. A Relu fuses
//   only where the result's saturation is one (u8, zero point 0): with it the post-ops would be
//   one more than a kernel holds.
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

struct FuseQuantizedResidual : OpRewritePattern<::mlir::aicc::QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(::mlir::aicc::QuantizeLinearOp quantize, PatternRewriter &rewriter) const override {
    std::optional<double> yScale = scalarScale(quantize.getYScale());
    std::optional<int64_t> yZeroPoint = scalarZeroPoint(quantize.getYZeroPoint());
    auto yType = dyn_cast<RankedTensorType>(quantize.getType());
    if (!yScale || !yZeroPoint || !yType) return rewriter.notifyMatchFailure(quantize, "not per tensor");
    Value sum = quantize.getX();
    auto relu = sum.getDefiningOp<::mlir::aicc::ReluOp>();
    if (relu) {
      if (!relu->hasOneUse()) return rewriter.notifyMatchFailure(quantize, "the Relu has other readers");
      if (!yType.getElementType().isUnsignedInteger(8) || *yZeroPoint != 0)
        return rewriter.notifyMatchFailure(quantize, "a Relu whose result's saturation is not one");
      sum = relu.getX();
    }
    auto add = sum.getDefiningOp<::mlir::aicc::AddOp>();
    if (!add || !add->hasOneUse()) return rewriter.notifyMatchFailure(quantize, "not the only reader of an Add");
    for (Operation *op : {quantize.getOperation(), add.getOperation(), relu ? relu.getOperation() : nullptr})
      if (op && op->hasAttr(kKeepFp32Attr)) return rewriter.notifyMatchFailure(quantize, "kept in f32");
    for (auto [kernelSide, other] : {std::pair{add.getA(), add.getB()}, std::pair{add.getB(), add.getA()}}) {
      auto kernelValue = kernelSide.getDefiningOp<::mlir::aicc::DequantizeLinearOp>();
      auto residualValue = other.getDefiningOp<::mlir::aicc::DequantizeLinearOp>();
      if (!kernelValue || !residualValue || !kernelValue->hasOneUse()) continue;
      auto conv = kernelValue.getX().getDefiningOp<QuantizedConvOp>();
      std::optional<double> kScale = scalarScale(kernelValue.getXScale());
      std::optional<int64_t> kZeroPoint = scalarZeroPoint(kernelValue.getXZeroPoint());
      std::optional<double> rScale = scalarScale(residualValue.getXScale());
      std::optional<int64_t> rZeroPoint = scalarZeroPoint(residualValue.getXZeroPoint());
      Value residual = residualValue.getX();
      // The convolution's result dequantized as it was quantized; no post-ops of its own (the
      // fused list replaces them); the residual typed as the result will be, and there before
      // the convolution.
      if (!conv || !conv->getResult(0).hasOneUse() || conv.getDstType() == DataType::f32 ||
          !conv.getPostOps().empty() || !kScale || !kZeroPoint ||
          *kZeroPoint != static_cast<int64_t>(conv.getDstZeroPoint()) || !rScale || !rZeroPoint ||
          residual.getType() != yType || cast<ShapedType>(conv->getResult(0).getType()).getShape() != yType.getShape())
        continue;
      if (Operation *def = residual.getDefiningOp();
          def && (def->getBlock() != conv->getBlock() || !def->isBeforeInBlock(conv)))
        continue;
      // In k's units (its zero point taken off): k rounded, saturated to k's range, plus r; then
      // in the result's.
      const bool kUnsigned = conv.getDstType() == DataType::u8;
      const double kLowest = kUnsigned ? 0 : -128, kHighest = kUnsigned ? 255 : 127;
      auto eltwise = [&](Activation activation, double alpha, double beta) {
        return EltwiseAttr::get(getContext(), activation, llvm::APFloat(alpha), llvm::APFloat(beta));
      };
      const Attribute postOps[] = {eltwise(Activation::round, 0, 0),
                                   eltwise(Activation::clip, kLowest - *kZeroPoint, kHighest - *kZeroPoint),
                                   SumAttr::get(getContext(), *rScale / *kScale, *rZeroPoint),
                                   eltwise(Activation::linear, *kScale / *yScale, 0)};
      fuse(conv, postOps, residual, quantize, relu, rewriter);
      // What the fused kernel replaces, from the QuantizeLinear's operand up to the old kernel.
      for (Operation *dead :
           {relu ? relu.getOperation() : nullptr, add.getOperation(), kernelValue.getOperation(), conv.getOperation()})
        if (dead && dead->use_empty()) rewriter.eraseOp(dead);
      return success();
    }
    return rewriter.notifyMatchFailure(quantize, "no operand of the Add is an int8 convolution's alone");
  }

private:
  // Replaces `quantize` with a copy of `conv` that writes into `residual` with `postOps`.
  static void fuse(QuantizedConvOp conv, llvm::ArrayRef<Attribute> postOps, Value residual,
                   ::mlir::aicc::QuantizeLinearOp quantize, ::mlir::aicc::ReluOp relu, PatternRewriter &rewriter) {
    rewriter.setInsertionPoint(conv);
    auto yType = cast<RankedTensorType>(quantize.getType());
    const DataType dstType = yType.getElementType().isUnsignedInteger() ? DataType::u8 : DataType::s8;
    auto fused = cast<QuantizedConvOp>(rewriter.clone(*conv));
    rewriter.modifyOpInPlace(fused, [&] {
      fused.getInitMutable().assign(residual);
      fused.setDstType(dstType);
      fused.setDstZeroPoint(*scalarZeroPoint(quantize.getYZeroPoint()));
      fused.setPostOpsAttr(rewriter.getArrayAttr(postOps));
      fused->getResult(0).setType(yType);
      llvm::SmallVector<Location> locations{conv.getLoc(), quantize.getLoc()};
      if (relu) locations.push_back(relu.getLoc());
      fused->setLoc(rewriter.getFusedLoc(locations));
    });
    fused->emitRemark("fused the residual Add of a QDQ block as a sum post-op");
    rewriter.replaceOp(quantize, fused->getResult(0));
  }
};

struct FuseKernelAddsPass : impl::FuseKernelAddsBase<FuseKernelAddsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseAddIntoKernel, FuseQuantizedResidual>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
