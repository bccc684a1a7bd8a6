// FoldQuantizedDataMovement: a QDQ graph's DequantizeLinear → data movement → QuantizeLinear with
// one scale and zero point throughout moves the quantized values instead (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/Passes.h"
#include "passes/StaticQuantization.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc {

#define GEN_PASS_DEF_FOLDQUANTIZEDDATAMOVEMENT
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// A per-tensor quantization by constants: 8-bit values, one scale, one zero point (absent: 0).
struct Quantization {
  Type element;
  double scale;
  int64_t zeroPoint;
  bool operator==(const Quantization &other) const {
    return element == other.element && scale == other.scale && zeroPoint == other.zeroPoint;
  }
};

std::optional<Quantization> quantization(Value quantized, Value scale, Value zeroPoint) {
  auto type = dyn_cast<RankedTensorType>(quantized.getType());
  std::optional<double> s = scalarScale(scale);
  std::optional<int64_t> zero = scalarZeroPoint(zeroPoint);
  if (!type || !type.getElementType().isInteger(8) || !s || !zero) return std::nullopt;
  return Quantization{type.getElementType(), *s, *zero};
}

std::optional<Quantization> quantizationOf(mlir::aicc::DequantizeLinearOp op) {
  return quantization(op.getX(), op.getXScale(), op.getXZeroPoint());
}

std::optional<Quantization> quantizationOf(mlir::aicc::QuantizeLinearOp op) {
  return quantization(op.getY(), op.getYScale(), op.getYZeroPoint());
}

/// Whether `quantize`'s scale and zero point are ops' results, which cloneScaleAndZeroPoint copies.
bool hasScaleAndZeroPointOps(mlir::aicc::QuantizeLinearOp quantize) {
  return quantize.getYScale().getDefiningOp() && quantize.getYZeroPoint().getDefiningOp();
}

/// `quantize`'s scale and zero point again at the rewriter's insertion point (the QuantizeLinear may
/// follow their definitions).
std::pair<Value, Value> cloneScaleAndZeroPoint(PatternRewriter &rewriter, mlir::aicc::QuantizeLinearOp quantize) {
  return {rewriter.clone(*quantize.getYScale().getDefiningOp())->getResult(0),
          rewriter.clone(*quantize.getYZeroPoint().getDefiningOp())->getResult(0)};
}

/// The operands of `op` that carry the data it moves (the rest are shapes and axes), if `op` is a
/// data-movement op: what it computes on quantized values is the quantized result.
llvm::SmallVector<OpOperand *> movedOperands(Operation *op) {
  if (isa<mlir::aicc::ConcatOp>(op))
    return llvm::map_to_vector(op->getOpOperands(), [](OpOperand &operand) { return &operand; });
  if (isa<mlir::aicc::ReshapeOp, mlir::aicc::FlattenOp, mlir::aicc::TransposeOp, mlir::aicc::SqueezeOp,
          mlir::aicc::UnsqueezeOp, mlir::aicc::IdentityOp>(op))
    return {&op->getOpOperand(0)};
  return {};
}

/// QuantizeLinear(DequantizeLinear(x)) → x, and QuantizeLinear(op(DequantizeLinear(x_i)...)) →
/// op(x_i...) for a data-movement op, everything quantized alike.
struct FoldIntoQuantize : OpRewritePattern<mlir::aicc::QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(mlir::aicc::QuantizeLinearOp quantize, PatternRewriter &rewriter) const override {
    std::optional<Quantization> q = quantizationOf(quantize);
    Operation *op = quantize.getX().getDefiningOp();
    if (!q || !op || quantize->hasAttr(kKeepFp32Attr))
      return rewriter.notifyMatchFailure(quantize, "not per tensor by constants, or kept in f32");
    auto dequantized = [&](Value v) -> Value {
      auto dequantize = v.getDefiningOp<mlir::aicc::DequantizeLinearOp>();
      return dequantize && quantizationOf(dequantize) == q ? dequantize.getX() : Value();
    };
    if (Value x = dequantized(quantize.getX()); x && x.getType() == quantize.getType()) {
      rewriter.replaceOp(quantize, x);
      return success();
    }
    llvm::SmallVector<OpOperand *> moved = movedOperands(op);
    if (moved.empty() || op->getNumResults() != 1 || !op->hasOneUse() || op->hasAttr(kKeepFp32Attr))
      return rewriter.notifyMatchFailure(quantize, "not the only reader of a data-movement op");
    // A Concat's other inputs are quantized as its result is, each on its own (QuantizeLinear is
    // elementwise): a requantization of 8-bit values, or the quantization an int8 conv before it
    // can write. Another op moves only inputs dequantized alike.
    const bool concat = isa<mlir::aicc::ConcatOp>(op);
    if (!concat && !llvm::all_of(moved, [&](OpOperand *operand) { return dequantized(operand->get()); }))
      return rewriter.notifyMatchFailure(op, "an input not dequantized as the result is quantized");
    if (concat && !hasScaleAndZeroPointOps(quantize))
      return rewriter.notifyMatchFailure(quantize, "a scale or zero point that is no op's result");
    // Where the op was: the QuantizeLinear may sit in a loop body the op was hoisted out of.
    rewriter.setInsertionPoint(op);
    IRMapping mapping;
    std::optional<std::pair<Value, Value>> constants; // cloned once, for the first input quantized here
    for (OpOperand *operand : moved) {
      if (mapping.contains(operand->get())) continue;
      Value x = dequantized(operand->get());
      if (!x) {
        if (!constants) constants = cloneScaleAndZeroPoint(rewriter, quantize);
        auto type = cast<RankedTensorType>(operand->get().getType());
        x = mlir::aicc::QuantizeLinearOp::create(rewriter, quantize.getLoc(), type.clone(q->element), operand->get(),
                                                 constants->first, constants->second, quantize.getAxis());
      }
      mapping.map(operand->get(), x);
    }
    Operation *moving = rewriter.clone(*op, mapping);
    moving->getResult(0).setType(quantize.getY().getType());
    moving->setLoc(rewriter.getFusedLoc({op->getLoc(), quantize.getLoc()}));
    rewriter.replaceOp(quantize, moving->getResults());
    rewriter.eraseOp(op);
    return success();
  }
};

/// Whether `x` is the only result of a convolution of dequantized X and W through Relu and Clip ops,
/// each the only reader of the last: an int8 convolution that can write quantized values.
bool isQuantizedConvResult(Value x) {
  Operation *op = x.getDefiningOp();
  while (op && isa<mlir::aicc::ReluOp, mlir::aicc::ClipOp>(op) && op->getOperand(0).hasOneUse())
    op = op->getOperand(0).getDefiningOp();
  auto conv = dyn_cast_or_null<mlir::aicc::ConvOp>(op);
  return conv && conv.getX().getDefiningOp<mlir::aicc::DequantizeLinearOp>() &&
         conv.getW().getDefiningOp<mlir::aicc::DequantizeLinearOp>();
}

/// QuantizeLinear(MaxPool(x)) where x is only the MaxPool's and an int8 convolution's result: the
/// MaxPool reads x quantized alike (QuantizeLinear → DequantizeLinear), which the convolution can
/// write and the pooling move as it is. Exact: quantization is monotone, so the max of quantized
/// values is the quantized max. (A quantization-aware-training export quantizes only the
/// convolutions' inputs: Conv → Relu → MaxPool → QuantizeLinear.)
struct QuantizeMaxPoolInput : OpRewritePattern<mlir::aicc::QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(mlir::aicc::QuantizeLinearOp quantize, PatternRewriter &rewriter) const override {
    auto pool = quantize.getX().getDefiningOp<mlir::aicc::MaxPoolOp>();
    if (!pool || !pool.getY().hasOneUse() || !quantizationOf(quantize) || quantize->hasAttr(kKeepFp32Attr) ||
        pool->hasAttr(kKeepFp32Attr) || (!isa<NoneType>(pool.getIndices().getType()) && !pool.getIndices().use_empty()))
      return rewriter.notifyMatchFailure(quantize, "not the only reader of a MaxPool, quantized per tensor");
    Value x = pool.getX();
    if (!x.hasOneUse() || !isQuantizedConvResult(x))
      return rewriter.notifyMatchFailure(pool, "its input is not only its, or not an int8 convolution's");
    if (!hasScaleAndZeroPointOps(quantize))
      return rewriter.notifyMatchFailure(quantize, "a scale or zero point that is no op's result");
    rewriter.setInsertionPoint(pool);
    auto [scale, zeroPoint] = cloneScaleAndZeroPoint(rewriter, quantize);
    auto type = cast<RankedTensorType>(x.getType());
    Value quantized = mlir::aicc::QuantizeLinearOp::create(
        rewriter, x.getLoc(), type.clone(cast<ShapedType>(quantize.getY().getType()).getElementType()), x, scale,
        zeroPoint, quantize.getAxis());
    Value dequantized = mlir::aicc::DequantizeLinearOp::create(rewriter, x.getLoc(), type, quantized, scale, zeroPoint,
                                                               quantize.getAxis());
    rewriter.modifyOpInPlace(pool, [&] { pool.getXMutable().assign(dequantized); });
    return success();
  }
};

struct FoldQuantizedDataMovement : impl::FoldQuantizedDataMovementBase<FoldQuantizedDataMovement> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoQuantize, QuantizeMaxPoolInput>(&getContext());
    // This pass runs on every model: it rewrites what it matches and leaves the rest as it is.
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns), config))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc
