// RecognizeLayerNorm: the layer normalization exporters write without an ONNX LayerNormalization
// op (PyTorch before opset 17, TensorFlow converters, hand-written models) becomes one, which the
// backends compute in one pass per row instead of six loop nests (see Passes.td).
#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"
#include "passes/ConstantTensor.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc {

#define GEN_PASS_DEF_RECOGNIZELAYERNORM
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// The first normalized axis of a ReduceMean with keepdims whose axes are the trailing dims
/// [axis, rank) of its input, or nothing.
std::optional<int64_t> trailingAxesOf(mlir::aicc::ReduceMeanOp mean) {
  auto type = dyn_cast<RankedTensorType>(mean.getData().getType());
  if (!type || mean.getKeepdims() != 1) return std::nullopt;
  int64_t rank = type.getRank();
  std::optional<ArrayRef<int64_t>> axes = mean.getAxes();
  if (!axes || axes->empty()) return rank == 0 ? std::nullopt : std::optional<int64_t>(0); // all dims
  llvm::SmallVector<int64_t> normalized;
  for (int64_t axis : *axes) {
    std::optional<int64_t> n = mlir::aicc::normalizeAxis(axis, rank);
    if (!n) return std::nullopt;
    normalized.push_back(*n);
  }
  llvm::sort(normalized);
  int64_t first = rank - static_cast<int64_t>(normalized.size());
  for (auto [k, axis] : llvm::enumerate(normalized))
    if (axis != first + static_cast<int64_t>(k)) return std::nullopt;
  return first;
}

/// Whether `square` is d², as Pow(d, 2) or Mul(d, d).
bool isSquareOf(Operation *square, Value d) {
  if (auto pow = dyn_cast<mlir::aicc::PowOp>(square)) return pow.getX() == d && isNear(floatScalar(pow.getY()), 2.0);
  if (auto mul = dyn_cast<mlir::aicc::MulOp>(square)) return mul.getA() == d && mul.getB() == d;
  return false;
}

/// The operand of commutative `op` that is not `known`, if `known` is one of its two operands.
Value otherOperand(Operation *op, Value known) {
  if (op->getOperand(0) == known) return op->getOperand(1);
  if (op->getOperand(1) == known) return op->getOperand(0);
  return {};
}

/// `values` (a constant whose shape, without leading 1s, is a suffix of `normalized` up to 1s) as a
/// tensor of exactly the normalized shape; nothing if it does not broadcast that way.
std::optional<ConstantTensor> asNormalizedShape(const ConstantTensor &values, ArrayRef<int64_t> normalized,
                                                Type elementType) {
  ArrayRef<int64_t> shape = values.shape();
  while (!shape.empty() && shape.front() == 1 && shape.size() > normalized.size()) shape = shape.drop_front();
  if (shape.size() > normalized.size() || !values.isFloat()) return std::nullopt;
  size_t lead = normalized.size() - shape.size();
  for (auto [d, size] : llvm::enumerate(shape))
    if (size != 1 && size != normalized[lead + d]) return std::nullopt;
  ConstantTensor result = ConstantTensor::zeros(RankedTensorType::get(normalized, elementType));
  for (int64_t at = 0; at < result.size(); ++at) {
    // Read the broadcast element: walk the normalized index from the last dim.
    int64_t rest = at, from = 0, stride = 1;
    for (int64_t d = static_cast<int64_t>(normalized.size()) - 1; d >= 0; --d) {
      int64_t index = rest % normalized[d];
      rest /= normalized[d];
      if (d >= static_cast<int64_t>(lead)) {
        int64_t size = shape[d - lead];
        from += (size == 1 ? 0 : index) * stride;
        stride *= size;
      }
    }
    result.floats[at] = values.floats[from];
  }
  return result;
}

/// (x - mean) / sqrt(var + eps) over the trailing dims, mean = ReduceMean(x), var = ReduceMean((x -
/// mean)²), optionally times a constant scale and plus a constant bias, with every intermediate
/// used only inside the expression, as one LayerNormalization. Rooted at the division (or the
/// multiplication by a Reciprocal of the square root).
template <typename RootOp> struct RecognizeLayerNorm : OpRewritePattern<RootOp> {
  using OpRewritePattern<RootOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(RootOp root, PatternRewriter &rewriter) const override {
    // d / std, or d * Reciprocal(std).
    Value d, std;
    SmallVector<Operation *> chain{root};
    if constexpr (std::is_same_v<RootOp, mlir::aicc::DivOp>) {
      d = root.getA();
      std = root.getB();
    } else {
      for (auto [a, b] : {std::pair(root.getA(), root.getB()), std::pair(root.getB(), root.getA())})
        if (auto reciprocal = soleProducer<mlir::aicc::ReciprocalOp>(b); reciprocal && !d) {
          d = a;
          std = reciprocal.getX();
          chain.push_back(reciprocal);
        }
      if (!d) return rewriter.notifyMatchFailure(root, "not a product with a Reciprocal");
    }
    auto sqrt = soleProducer<mlir::aicc::SqrtOp>(std);
    auto addEps = sqrt ? soleProducer<mlir::aicc::AddOp>(sqrt.getX()) : nullptr;
    if (!addEps) return rewriter.notifyMatchFailure(root, "the divisor is not Sqrt(Add(...))");
    mlir::aicc::ReduceMeanOp variance;
    Value epsilon;
    for (auto [a, b] : {std::pair(addEps.getA(), addEps.getB()), std::pair(addEps.getB(), addEps.getA())})
      if (auto mean = soleProducer<mlir::aicc::ReduceMeanOp>(a); mean && !variance) {
        variance = mean;
        epsilon = b;
      }
    std::optional<double> eps = variance ? floatScalar(epsilon) : std::nullopt;
    if (!eps || *eps < 0) return rewriter.notifyMatchFailure(root, "not Sqrt(ReduceMean(...) + epsilon)");
    Operation *square = variance.getData().getDefiningOp();
    auto sub = d.getDefiningOp<mlir::aicc::SubOp>();
    if (!square || !variance.getData().hasOneUse() || !isSquareOf(square, d) || !sub)
      return rewriter.notifyMatchFailure(root, "the variance is not the mean of (x - mean)²");
    // d is read by the square (once, or twice by Mul(d, d)) and the division, nothing else.
    if (llvm::any_of(d.getUsers(), [&](Operation *user) { return user != square && user != root; }))
      return rewriter.notifyMatchFailure(root, "x - mean has other users");
    Value x = sub.getA();
    auto mean = soleProducer<mlir::aicc::ReduceMeanOp>(sub.getB());
    if (!mean || mean.getData() != x) return rewriter.notifyMatchFailure(root, "x - mean is not x - ReduceMean(x)");
    std::optional<int64_t> axis = trailingAxesOf(mean);
    if (!axis || trailingAxesOf(variance) != axis)
      return rewriter.notifyMatchFailure(root, "the means are not over the same trailing dims");
    auto xType = cast<RankedTensorType>(x.getType());
    ArrayRef<int64_t> normalized = xType.getShape().drop_front(*axis);
    if (!isa<FloatType>(xType.getElementType()) || ShapedType::isDynamicShape(normalized) || root.getType() != xType)
      return rewriter.notifyMatchFailure(root, "not a float tensor with static normalized dims");
    chain.append({sqrt, addEps, variance, square, sub, mean});

    // The affine part: * scale, then + bias, each a constant that broadcasts to the normalized dims.
    Value result = root.getResult();
    Type element = xType.getElementType();
    auto affine = [&](auto op) -> std::optional<ConstantTensor> {
      if (!op || op.getType() != xType) return std::nullopt;
      std::optional<ConstantTensor> values = ConstantTensor::of(otherOperand(op, result));
      return values ? asNormalizedShape(*values, normalized, element) : std::nullopt;
    };
    std::optional<ConstantTensor> scale, bias;
    if (result.hasOneUse()) {
      auto mul = dyn_cast<mlir::aicc::MulOp>(*result.getUsers().begin());
      if ((scale = affine(mul))) {
        chain.insert(chain.begin(), mul);
        result = mul.getResult();
      }
    }
    if (result.hasOneUse()) {
      auto add = dyn_cast<mlir::aicc::AddOp>(*result.getUsers().begin());
      if ((bias = affine(add))) {
        chain.insert(chain.begin(), add);
        result = add.getResult();
      }
    }
    if (!scale) {
      scale = ConstantTensor::zeros(RankedTensorType::get(normalized, element));
      std::fill(scale->floats.begin(), scale->floats.end(), 1.0);
    }

    Location loc = chain.front()->getLoc();
    Value scaleValue = mlir::aicc::ConstantOp::create(rewriter, loc, scale->toAttr("LayerNorm_scale"));
    Value biasValue = bias ? Value(mlir::aicc::ConstantOp::create(rewriter, loc, bias->toAttr("LayerNorm_bias")))
                           : Value(mlir::aicc::NoneOp::create(rewriter, loc));
    Type none = rewriter.getNoneType();
    auto layerNorm = mlir::aicc::LayerNormalizationOp::create(
        rewriter, loc, TypeRange{xType, none, none}, x, scaleValue, biasValue, rewriter.getI64IntegerAttr(*axis),
        rewriter.getF32FloatAttr(static_cast<float>(*eps)), rewriter.getI64IntegerAttr(1));
    rewriter.replaceAllUsesWith(result, layerNorm.getY());
    for (Operation *op : chain) rewriter.eraseOp(op);
    return success();
  }
};

struct RecognizeLayerNormPass : impl::RecognizeLayerNormBase<RecognizeLayerNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RecognizeLayerNorm<mlir::aicc::DivOp>, RecognizeLayerNorm<mlir::aicc::MulOp>>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc
