// Int8 convolutions → one aicc_cpu.quantized_conv (oneDNN's int8 kernels, requantization in their
// output scales, zero points and post-ops):
// - ONNX QLinearConv;
// - a QDQ graph's Conv (what ONNX Runtime's quantizer and PyTorch export): X and W each the result
//   of a DequantizeLinear, then optionally Relu and Clip ops, then QuantizeLinear; without the
//   QuantizeLinear, the kernel writes the dequantized f32 result, the activations applied.
// The kernel takes u8/s8 activations quantized per tensor, s8 weights with zero point 0 (per
// tensor or per output channel) and constant scales and zero points; anything else stays with the
// generated loops of Quantize.cpp, or the f32 convolution of the dequantized values. A QDQ bias in
// f32 (or dequantized from int32) is requantized to int32 at x_scale * w_scale, the accumulator's
// scale: exact for a bias the quantizer wrote at that scale, within half a unit of it otherwise.
#include "aicc/cpu_kernels.h"
#include "backends/cpu/selection/KernelBuilder.h"
#include "backends/cpu/selection/QuantizedKernels.h"
#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"
#include "mlir/IR/Matchers.h"
#include "passes/ConstantTensor.h"
#include "passes/StaticQuantization.h"

#include <cmath>

namespace aicc::cpu {
namespace {

using namespace mlir;

/// Whether W is s8 of a static shape with zero point 0 (the constant the kernel reads, or what
/// compile-time evaluation makes one of).
bool isKernelWeightType(Value w, Value zeroPoint) {
  auto type = dyn_cast<RankedTensorType>(w.getType());
  return type && type.hasStaticShape() && type.getRank() >= 3 && byteType(w) == DataType::s8 && isZeroPoint(zeroPoint);
}

/// W's DequantizeLinear as the kernel takes it: its scales, one or one per output channel (axis 0).
std::optional<llvm::SmallVector<double>> weightQuantization(mlir::aicc::DequantizeLinearOp dequantize) {
  Value w = dequantize.getX();
  if (!isKernelWeightType(w, dequantize.getXZeroPoint())) return std::nullopt;
  auto type = cast<RankedTensorType>(w.getType());
  std::optional<llvm::SmallVector<double>> scales = weightScales(dequantize.getXScale(), type.getDimSize(0));
  if (!scales || (scales->size() > 1 && mlir::aicc::normalizeAxis(dequantize.getAxis(), type.getRank()) != 0))
    return std::nullopt;
  return scales;
}

/// Everything the kernel op takes but the geometry.
struct QuantizedConvSpec {
  Value x, w, bias;                               // bias: i32 [OC], or null
  std::optional<std::vector<int32_t>> biasValues; // a constant bias to create instead
  DataType srcType, dstType;
  int64_t srcZeroPoint = 0, dstZeroPoint = 0;
  llvm::SmallVector<double> scales; // one, or one per output channel
  llvm::SmallVector<Attribute> postOps;
  RankedTensorType resultType;
};

/// Replaces `replaced` (whose one result has the convolution's shape) with the kernel; `conv`
/// gives the geometry, `fused` the other ops the kernel computes (their node names join the conv's).
template <typename ConvLike> LogicalResult replaceWithKernel(PatternRewriter &rewriter, ConvLike conv,
                                                             Operation *replaced, const QuantizedConvSpec &spec,
                                                             llvm::ArrayRef<Operation *> fused = {}) {
  Value y = replaced->getResult(0);
  if (!isConvolutionWindowShape(spec.x, spec.w, y))
    return rewriter.notifyMatchFailure(conv, "the kernel takes 1 to 3 spatial dims, static but for the batch");
  FailureOr<mlir::aicc::WindowGeometry> g =
      mlir::aicc::convGeometry(conv, cast<RankedTensorType>(spec.x.getType()), cast<RankedTensorType>(spec.w.getType()),
                               cast<RankedTensorType>(y.getType()));
  if (failed(g)) return failure();
  llvm::SmallVector<Location> locs{conv.getLoc()};
  for (Operation *op : fused) locs.push_back(op->getLoc());
  Location loc = rewriter.getFusedLoc(locs);
  llvm::SmallVector<float> scales(spec.scales.begin(), spec.scales.end());
  auto scalesType = RankedTensorType::get({(int64_t)scales.size()}, rewriter.getF32Type());
  Value scalesValue =
      mlir::aicc::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(scalesType, llvm::ArrayRef(scales)));
  Value bias = spec.bias;
  if (spec.biasValues) {
    auto biasType = RankedTensorType::get({(int64_t)spec.biasValues->size()}, rewriter.getI32Type());
    bias = mlir::aicc::ConstantOp::create(rewriter, loc,
                                          DenseElementsAttr::get(biasType, llvm::ArrayRef(*spec.biasValues)));
  }
  auto kernel =
      QuantizedConvOp::create(rewriter, loc, spec.resultType, spec.x, spec.w, bias, scalesValue,
                              emptyLike(rewriter, loc, spec.resultType, {{spec.x, 0}}), g->strides, g->dilations,
                              g->padsBegin, g->padsEnd, conv.getGroup(), spec.srcType, spec.dstType, spec.srcZeroPoint,
                              spec.dstZeroPoint, rewriter.getArrayAttr(spec.postOps), Layout::plain, Layout::plain);
  rewriter.replaceOp(replaced, kernel.getResult());
  return success();
}

struct QLinearConvToKernel : OpRewritePattern<mlir::aicc::QLinearConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(mlir::aicc::QLinearConvOp op, PatternRewriter &rewriter) const override {
    std::optional<DataType> srcType = byteType(op.getX()), dstType = byteType(op.getY());
    if (!srcType || !dstType) return rewriter.notifyMatchFailure(op, "X and Y are not u8 or s8 tensors");
    if (!isKernelWeightType(op.getW(), op.getWZeroPoint()) || !matchPattern(op.getW(), m_Constant()))
      return rewriter.notifyMatchFailure(op, "W is not a constant s8 tensor with zero point 0");
    auto w = cast<RankedTensorType>(op.getW().getType());
    auto b = dyn_cast<RankedTensorType>(op.getB().getType());
    if (b && (b.getRank() != 1 || b.getDimSize(0) != w.getDimSize(0)))
      return rewriter.notifyMatchFailure(op, "B does not hold one value per output channel");
    std::optional<double> xScale = scalarScale(op.getXScale()), yScale = scalarScale(op.getYScale());
    std::optional<llvm::SmallVector<double>> wScales = weightScales(op.getWScale(), w.getDimSize(0));
    std::optional<int64_t> xZero = scalarZeroPoint(op.getXZeroPoint()), yZero = scalarZeroPoint(op.getYZeroPoint());
    if (!xScale || !yScale || !wScales || !xZero || !yZero)
      return rewriter.notifyMatchFailure(op, "the scales and zero points are not constants the kernel takes");
    QuantizedConvSpec spec{op.getX(),
                           op.getW(),
                           isa<NoneType>(op.getB().getType()) ? Value() : op.getB(),
                           std::nullopt,
                           *srcType,
                           *dstType,
                           *xZero,
                           *yZero,
                           {},
                           {},
                           cast<RankedTensorType>(op.getY().getType())};
    for (double s : *wScales) spec.scales.push_back(*xScale * s / *yScale);
    return replaceWithKernel(rewriter, op, op, spec);
  }
};

/// The bias of a QDQ Conv as floats: a constant, or DequantizeLinear of constants (per tensor or
/// along its one axis).
std::optional<std::vector<double>> biasValues(Value bias, int64_t outChannels) {
  std::optional<ConstantTensor> values;
  if (auto dequantize = bias.getDefiningOp<mlir::aicc::DequantizeLinearOp>()) {
    std::optional<ConstantTensor> data = ConstantTensor::of(dequantize.getX());
    std::optional<ConstantTensor> scale = ConstantTensor::of(dequantize.getXScale());
    std::optional<int64_t> zero = scalarZeroPoint(dequantize.getXZeroPoint());
    if (!data || data->isFloat() || !scale || !scale->isFloat() || !zero ||
        (scale->size() != 1 && scale->size() != data->size()))
      return std::nullopt;
    std::vector<double> result;
    for (int64_t i = 0; i < data->size(); ++i)
      result.push_back(double(data->ints[i] - *zero) * scale->floats[scale->size() == 1 ? 0 : i]);
    values = ConstantTensor{cast<RankedTensorType>(bias.getType()), {}, result};
  } else {
    values = ConstantTensor::of(bias);
  }
  if (!values || !values->isFloat() || values->size() != outChannels) return std::nullopt;
  return values->floats;
}

/// An activation between a QDQ Conv and its QuantizeLinear: Relu, or Clip with constant bounds
/// (PyTorch writes ReLU6 as both).
/// The kernel applies post-ops to the result in y_scale's units, before y_zero_point: Relu is the
/// same there, Clip's bounds are divided by y_scale.
struct ClampingActivation {
  Operation *op;
  bool isClip;
  double low, high;
};
std::optional<ClampingActivation> activationOf(Operation *op) {
  if (isa<mlir::aicc::ReluOp>(op)) return ClampingActivation{op, false, 0, 0};
  auto clip = dyn_cast<mlir::aicc::ClipOp>(op);
  if (!clip) return std::nullopt;
  ClampingActivation result{op, true, -INFINITY, INFINITY};
  for (auto [bound, value] : {std::pair{clip.getMin(), &result.low}, std::pair{clip.getMax(), &result.high}}) {
    if (isa<NoneType>(bound.getType())) continue;
    std::optional<double> constant = floatScalar(bound);
    if (!constant) return std::nullopt;
    *value = *constant;
  }
  return result;
}

Attribute postOp(MLIRContext *context, const ClampingActivation &activation, double yScale) {
  if (!activation.isClip) return EltwiseAttr::get(context, Activation::relu, llvm::APFloat(0.0), llvm::APFloat(0.0));
  return EltwiseAttr::get(context, Activation::clip, llvm::APFloat(activation.low / yScale),
                          llvm::APFloat(activation.high / yScale));
}

struct QdqConvToKernel : OpRewritePattern<mlir::aicc::ConvOp> {
  // Before ConvToKernel, which would run the dequantized values through the f32 kernel.
  QdqConvToKernel(MLIRContext *context) : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(mlir::aicc::ConvOp op, PatternRewriter &rewriter) const override {
    auto xDq = op.getX().getDefiningOp<mlir::aicc::DequantizeLinearOp>();
    auto wDq = op.getW().getDefiningOp<mlir::aicc::DequantizeLinearOp>();
    if (!xDq || !wDq || !isFoldedQuantizedWeights(wDq))
      return rewriter.notifyMatchFailure(op, "X and W are not both dequantized");
    std::optional<InputQuantization> x = inputQuantization(xDq);
    if (!x) return rewriter.notifyMatchFailure(op, "X is not u8 or s8 quantized per tensor by constants");
    std::optional<llvm::SmallVector<double>> wScales = weightQuantization(wDq);
    if (!wScales || !matchPattern(wDq.getX(), m_Constant()))
      return rewriter.notifyMatchFailure(
          op, "W is not a constant s8 tensor with zero point 0, quantized per tensor or per output channel");
    int64_t outChannels = cast<RankedTensorType>(wDq.getX().getType()).getDimSize(0);

    QuantizedConvSpec spec{xDq.getX(),   wDq.getX(), nullptr, std::nullopt, x->type, DataType::f32,
                           x->zeroPoint, 0,          {},      {},           nullptr};
    // The accumulator's scale per output channel.
    llvm::SmallVector<double> accScales;
    for (double s : *wScales) accScales.push_back(x->scale * s);
    if (!isa<NoneType>(op.getB().getType())) {
      std::optional<std::vector<double>> bias = biasValues(op.getB(), outChannels);
      if (!bias) return rewriter.notifyMatchFailure(op, "B is not constant");
      std::vector<int32_t> &quantized = spec.biasValues.emplace();
      for (int64_t oc = 0; oc < outChannels; ++oc) {
        double v = std::nearbyint((*bias)[oc] / accScales[accScales.size() == 1 ? 0 : oc]);
        if (!(std::abs(v) <= double(INT32_MAX))) return rewriter.notifyMatchFailure(op, "B does not fit int32");
        quantized.push_back(static_cast<int32_t>(v));
      }
    }

    // The QuantizeLinear the result reaches through activations, each the only user of the last
    // and none kept in f32 (aicc --keep-fp32).
    Operation *replaced = op;
    Operation *next = op->hasOneUse() ? *op->user_begin() : nullptr;
    llvm::SmallVector<ClampingActivation> activations;
    while (next && !next->hasAttr(kKeepFp32Attr) && activations.size() < AICC_MAX_POST_OPS) {
      std::optional<ClampingActivation> activation = activationOf(next);
      if (!activation) break;
      activations.push_back(*activation);
      next = next->hasOneUse() ? *next->user_begin() : nullptr;
    }
    auto quantize = dyn_cast_or_null<mlir::aicc::QuantizeLinearOp>(next);
    std::optional<double> yScale = quantize ? scalarScale(quantize.getYScale()) : std::nullopt;
    std::optional<int64_t> yZero = quantize ? scalarZeroPoint(quantize.getYZeroPoint()) : std::nullopt;
    std::optional<DataType> dstType = quantize ? byteType(quantize.getY()) : std::nullopt;
    if (yScale && yZero && dstType) {
      replaced = quantize;
      spec.dstType = *dstType;
      spec.dstZeroPoint = *yZero;
      for (const ClampingActivation &activation : activations)
        spec.postOps.push_back(postOp(op.getContext(), activation, *yScale));
      for (double s : accScales) spec.scales.push_back(s / *yScale);
    } else {
      // An f32 result: the activations apply to the dequantized values, their own units.
      spec.scales = accScales;
      if (!activations.empty()) replaced = activations.back().op;
      for (const ClampingActivation &activation : activations)
        spec.postOps.push_back(postOp(op.getContext(), activation, 1.0));
    }
    spec.resultType = cast<RankedTensorType>(replaced->getResult(0).getType());
    llvm::SmallVector<Operation *> fused;
    for (const ClampingActivation &activation : activations) fused.push_back(activation.op);
    if (replaced != op && !llvm::is_contained(fused, replaced)) fused.push_back(replaced);
    if (failed(replaceWithKernel(rewriter, op, replaced, spec, fused))) return failure();
    // What the kernel replaced: the activations and the conv, now unused.
    if (replaced != op) {
      for (const ClampingActivation &activation : llvm::reverse(activations))
        if (activation.op != replaced) rewriter.eraseOp(activation.op);
      rewriter.eraseOp(op);
    }
    return success();
  }
};

} // namespace

std::optional<DataType> byteType(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.getElementType().isInteger(8)) return std::nullopt;
  return type.getElementType().isUnsignedInteger() ? DataType::u8 : DataType::s8;
}

std::optional<InputQuantization> inputQuantization(mlir::aicc::DequantizeLinearOp dequantize) {
  std::optional<DataType> type = byteType(dequantize.getX());
  std::optional<double> scale = scalarScale(dequantize.getXScale());
  std::optional<int64_t> zeroPoint = scalarZeroPoint(dequantize.getXZeroPoint());
  if (!type || !scale || !zeroPoint) return std::nullopt;
  return InputQuantization{*type, *scale, *zeroPoint};
}

bool isZeroPoint(Value zeroPoint) {
  if (isa<NoneType>(zeroPoint.getType())) return true;
  std::optional<ConstantTensor> values = ConstantTensor::of(zeroPoint);
  return values && !values->isFloat() && llvm::all_of(values->ints, [](int64_t v) { return v == 0; });
}

std::optional<llvm::SmallVector<double>> weightScales(Value scale, int64_t count) {
  std::optional<ConstantTensor> values = ConstantTensor::of(scale);
  if (!values || !values->isFloat() || (values->size() != 1 && values->size() != count)) return std::nullopt;
  if (!llvm::all_of(values->floats, [](double s) { return std::isfinite(s) && s > 0; })) return std::nullopt;
  return llvm::SmallVector<double>(values->floats.begin(), values->floats.end());
}

bool isFoldedQuantizedWeights(Operation *op) {
  auto dequantize = dyn_cast<mlir::aicc::DequantizeLinearOp>(op);
  if (!dequantize || !dequantize->hasOneUse()) return false;
  if (isFoldedQuantizedMatMulWeights(dequantize)) return true;
  auto conv = dyn_cast<mlir::aicc::ConvOp>(*dequantize->user_begin());
  if (!conv || conv.getW() != dequantize.getResult()) return false;
  auto xDequantize = conv.getX().getDefiningOp<mlir::aicc::DequantizeLinearOp>();
  return xDequantize && inputQuantization(xDequantize) && weightQuantization(dequantize);
}

bool quantizesFoldedWeights(Operation *op) {
  return isa<mlir::aicc::QuantizeLinearOp>(op) && op->hasOneUse() && isFoldedQuantizedWeights(*op->user_begin());
}

void populateQuantizedConvKernelPatterns(RewritePatternSet &patterns) {
  patterns.add<QLinearConvToKernel, QdqConvToKernel>(patterns.getContext());
}

} // namespace aicc::cpu
