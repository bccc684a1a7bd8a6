// ExpandCompositeOps: ONNX ops whose definition is a composition of others become that
// composition, so that they compile wherever the parts do (fused, vectorized, through oneDNN's
// pooling): MeanVarianceNormalization, LpNormalization, GlobalLpPool and LpPool; see Passes.td.
#include "dialects/AiccDialect.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc {

#define GEN_PASS_DEF_EXPANDCOMPOSITEOPS
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// The intermediate results are unranked: shape inference, which runs after the pass, refines them.
Type unrankedLike(Value value) { return UnrankedTensorType::get(cast<TensorType>(value.getType()).getElementType()); }

/// A rank-0 aicc.Constant holding `value` in `like`'s element type.
Value scalar(OpBuilder &b, Location loc, Value like, double value) {
  Type element = cast<TensorType>(like.getType()).getElementType();
  auto type = RankedTensorType::get({}, element);
  return mlir::aicc::ConstantOp::create(b, loc, DenseElementsAttr::get(type, b.getFloatAttr(element, value)));
}

/// x^p, elementwise, for p ≥ 1 as the Lp ops use it: |x| for 1, x·x for 2, |x|^p otherwise.
Value powerOf(OpBuilder &b, Location loc, Value x, int64_t p) {
  Type type = unrankedLike(x);
  if (p == 2) return mlir::aicc::MulOp::create(b, loc, type, x, x);
  Value magnitude = mlir::aicc::AbsOp::create(b, loc, type, x);
  if (p == 1) return magnitude;
  return mlir::aicc::PowOp::create(b, loc, type, magnitude, scalar(b, loc, x, static_cast<double>(p)));
}

/// s^(1/p), into `type`: the root that undoes powerOf.
Value rootOf(OpBuilder &b, Location loc, Value s, int64_t p, Type type) {
  if (p == 1) return mlir::aicc::IdentityOp::create(b, loc, type, s);
  if (p == 2) return mlir::aicc::SqrtOp::create(b, loc, type, s);
  return mlir::aicc::PowOp::create(b, loc, type, s, scalar(b, loc, s, 1.0 / static_cast<double>(p)));
}

/// MeanVarianceNormalization-13: (X - E[X]) / (sqrt(E[(X - E[X])²]) + 1e-9) over `axes`; the
/// centred form of the function body's E[X²] - E[X]², which cancels less.
struct ExpandMeanVarianceNormalization : OpRewritePattern<mlir::aicc::MeanVarianceNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(mlir::aicc::MeanVarianceNormalizationOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getX();
    Type type = unrankedLike(x);
    auto axes = rewriter.getDenseI64ArrayAttr(op.getAxes());
    auto keep = rewriter.getI64IntegerAttr(1);
    Value mean = mlir::aicc::ReduceMeanOp::create(rewriter, loc, type, x, axes, keep);
    Value centred = mlir::aicc::SubOp::create(rewriter, loc, type, x, mean);
    Value squares = mlir::aicc::MulOp::create(rewriter, loc, type, centred, centred);
    Value variance = mlir::aicc::ReduceMeanOp::create(rewriter, loc, type, squares, axes, keep);
    Value deviation = mlir::aicc::SqrtOp::create(rewriter, loc, type, variance);
    Value denominator = mlir::aicc::AddOp::create(rewriter, loc, type, deviation, scalar(rewriter, loc, x, 1e-9));
    rewriter.replaceOpWithNewOp<mlir::aicc::DivOp>(op, op.getType(), centred, denominator);
    return success();
  }
};

/// LpNormalization-1: x / ‖x‖_p along `axis`, p 1 or 2.
struct ExpandLpNormalization : OpRewritePattern<mlir::aicc::LpNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(mlir::aicc::LpNormalizationOp op, PatternRewriter &rewriter) const override {
    int64_t p = op.getP();
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto axes = rewriter.getDenseI64ArrayAttr({static_cast<int64_t>(op.getAxis())});
    auto keep = rewriter.getI64IntegerAttr(1);
    Type type = unrankedLike(x);
    Value norm = p == 1 ? mlir::aicc::ReduceL1Op::create(rewriter, loc, type, x, axes, keep).getResult()
                        : mlir::aicc::ReduceL2Op::create(rewriter, loc, type, x, axes, keep).getResult();
    rewriter.replaceOpWithNewOp<mlir::aicc::DivOp>(op, op.getType(), x, norm);
    return success();
  }
};

/// GlobalLpPool-2: (Σ |x|^p)^(1/p) over the spatial dims, kept as size 1.
struct ExpandGlobalLpPool : OpRewritePattern<mlir::aicc::GlobalLpPoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(mlir::aicc::GlobalLpPoolOp op, PatternRewriter &rewriter) const override {
    int64_t p = op.getP();
    auto input = dyn_cast<RankedTensorType>(op.getX().getType());
    if (!input) return rewriter.notifyMatchFailure(op, "the input's rank is not known yet");
    if (input.getRank() < 3) return op.emitOpError("input must be [N, C, D1, ...], got ") << input;
    Location loc = op.getLoc();
    SmallVector<int64_t> spatial = llvm::to_vector(llvm::seq<int64_t>(2, input.getRank()));
    Value powers = powerOf(rewriter, loc, op.getX(), p);
    Value sum = mlir::aicc::ReduceSumOp::create(rewriter, loc, unrankedLike(powers), powers,
                                                i64Constant(rewriter, loc, spatial), rewriter.getI64IntegerAttr(1),
                                                rewriter.getI64IntegerAttr(0));
    rewriter.replaceOp(op, rootOf(rewriter, loc, sum, p, op.getType()));
    return success();
  }
};

/// LpPool-11: (Σ |x|^p)^(1/p) over each window, padding counting as zeros: an AveragePool that
/// counts the padding, times the window's size.
struct ExpandLpPool : OpRewritePattern<mlir::aicc::LpPoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(mlir::aicc::LpPoolOp op, PatternRewriter &rewriter) const override {
    int64_t p = op.getP();
    Location loc = op.getLoc();
    int64_t window = 1;
    for (int64_t size : op.getKernelShape()) window *= size;
    Value powers = powerOf(rewriter, loc, op.getX(), p);
    Value mean = mlir::aicc::AveragePoolOp::create(rewriter, loc, unrankedLike(powers), powers, op.getAutoPadAttr(),
                                                   rewriter.getI64IntegerAttr(0), rewriter.getI64IntegerAttr(1),
                                                   op.getKernelShapeAttr(), op.getPadsAttr(), op.getStridesAttr());
    Value sum = mlir::aicc::MulOp::create(rewriter, loc, unrankedLike(mean), mean,
                                          scalar(rewriter, loc, mean, static_cast<double>(window)));
    rewriter.replaceOp(op, rootOf(rewriter, loc, sum, p, op.getType()));
    return success();
  }
};

struct ExpandCompositeOpsPass : impl::ExpandCompositeOpsBase<ExpandCompositeOpsPass> {
  void runOnOperation() override {
    // An invalid p is an error naming the node, before anything is rewritten.
    WalkResult checked = getOperation().walk([](Operation *op) {
      if (auto norm = dyn_cast<mlir::aicc::LpNormalizationOp>(op); norm && norm.getP() != 1 && norm.getP() != 2) {
        norm.emitOpError("p must be 1 or 2, got ") << norm.getP();
        return WalkResult::interrupt();
      }
      std::optional<int64_t> p;
      if (auto pool = dyn_cast<mlir::aicc::LpPoolOp>(op)) p = pool.getP();
      if (auto pool = dyn_cast<mlir::aicc::GlobalLpPoolOp>(op)) p = pool.getP();
      if (p && *p < 1) {
        op->emitOpError("p must be at least 1, got ") << *p;
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (checked.wasInterrupted()) return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpandMeanVarianceNormalization, ExpandLpNormalization, ExpandGlobalLpPool, ExpandLpPool>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) return signalPassFailure();
    if (failed(inferShapes(getOperation()))) return signalPassFailure();
  }
};

} // namespace
} // namespace aicc
