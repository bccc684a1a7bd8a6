// FoldBatchNormIntoConv: an inference BatchNormalization applied to the only use of a Conv,
// ConvTranspose or Gemm with constant weights becomes new constant weights and bias of that op, so
// the normalization costs nothing at run time (the fold every inference engine does; see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/ConstantTensor.h"
#include "passes/Passes.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace aicc {

#define GEN_PASS_DEF_FOLDBATCHNORMINTOCONV
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// BatchNormalization-15 in inference form: y = (x - mean) * s + B with s = scale / sqrt(var + eps)
/// per channel (dim 1 of x). shift = B - mean * s, so y = x * s + shift.
struct ChannelAffine {
  std::vector<double> scale, shift;
};

static bool isF32Tensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.hasStaticShape() && type.getElementType().isF32();
}

/// An f32 activation [N, C, ...] whose channel count is static (its batch may be symbolic).
static bool hasStaticChannels(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getElementType().isF32() && type.getRank() >= 2 && !type.isDynamicDim(1);
}

/// The per-channel affine map of `bn`, if it is an inference BatchNormalization over f32 with
/// constant 1-D parameters of `channels` entries.
static FailureOr<ChannelAffine> inferenceAffine(mlir::aicc::BatchNormalizationOp bn, int64_t channels) {
  if (bn.getTrainingMode() != 0 || !bn.getRunningMean().use_empty() || !bn.getRunningVar().use_empty())
    return failure();
  std::optional<ConstantTensor> params[4];
  Value operands[4] = {bn.getScale(), bn.getB(), bn.getInputMean(), bn.getInputVar()};
  for (auto [param, operand] : llvm::zip(params, operands)) {
    if (!isF32Tensor(operand)) return failure();
    param = ConstantTensor::of(operand);
    if (!param || param->shape() != ArrayRef<int64_t>{channels}) return failure();
  }
  double epsilon = bn.getEpsilon().convertToDouble();
  ChannelAffine affine;
  for (int64_t c = 0; c < channels; ++c) {
    double s = params[0]->floats[c] / std::sqrt(params[3]->floats[c] + epsilon);
    affine.scale.push_back(s);
    affine.shift.push_back(params[1]->floats[c] - params[2]->floats[c] * s);
  }
  return affine;
}

/// The blob name a folded copy of `value`'s constant gets: the original resource's name when it
/// has one (keeps the ONNX initializer's name readable), else `fallback`.
static std::string foldedName(Value value, StringRef fallback) {
  ElementsAttr attr;
  if (matchPattern(value, m_Constant(&attr)))
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
      return (resource.getRawHandle().getKey() + "_bn").str();
  return fallback.str();
}

/// A new aicc.Constant holding `tensor`, placed before `anchor`.
static Value createConstant(PatternRewriter &rewriter, Operation *anchor, const ConstantTensor &tensor,
                            StringRef blobName) {
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(anchor);
  return mlir::aicc::ConstantOp::create(rewriter, anchor->getLoc(), tensor.toAttr(blobName)).getResult();
}

/// The bias after the fold, b' = b * s + shift, where b is `bias` (zeros when absent: none).
static FailureOr<ConstantTensor> foldedChannelBias(Value bias, const ChannelAffine &affine, RankedTensorType type) {
  ConstantTensor result = ConstantTensor::zeros(type);
  std::optional<ConstantTensor> original;
  if (!isa<NoneType>(bias.getType())) {
    if (!isF32Tensor(bias) || !(original = ConstantTensor::of(bias)) || original->shape() != type.getShape())
      return failure();
  }
  for (size_t c = 0; c < affine.scale.size(); ++c)
    result.floats[c] = (original ? original->floats[c] : 0.0) * affine.scale[c] + affine.shift[c];
  return result;
}

/// Matches BatchNormalization(op(...)) where op is the producer kind `ProducerOp`; the subclasses
/// say how its weights and bias absorb the per-channel affine map.
template <typename ProducerOp> struct FoldIntoProducer : OpRewritePattern<mlir::aicc::BatchNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(mlir::aicc::BatchNormalizationOp bn, PatternRewriter &rewriter) const override {
    auto producer = bn.getX().template getDefiningOp<ProducerOp>();
    if (!producer) return rewriter.notifyMatchFailure(bn, "input is not produced by the op kind folded into");
    // Other users of the producer need its unnormalized result.
    if (!producer->getResult(0).hasOneUse())
      return rewriter.notifyMatchFailure(bn, "the producer's result has other users");
    if (!hasStaticChannels(bn.getX()) || bn.getX().getType() != bn.getY().getType())
      return rewriter.notifyMatchFailure(bn, "not an f32 tensor with static channels, of unchanged type");
    auto type = cast<RankedTensorType>(bn.getX().getType());
    FailureOr<ChannelAffine> affine = inferenceAffine(bn, type.getDimSize(1));
    if (failed(affine))
      return rewriter.notifyMatchFailure(bn, "not an inference BatchNormalization with constant f32 parameters");
    if (failed(foldInto(producer, *affine, rewriter)))
      return rewriter.notifyMatchFailure(bn, "the producer's weights or bias are not constant f32");
    producer->emitRemark("folded the BatchNormalization after it into its weights and bias");
    rewriter.replaceAllUsesWith(bn.getY(), producer->getResult(0));
    rewriter.eraseOp(bn);
    return success();
  }

  /// Replaces the producer's weight and bias operands by folded constants, or fails changing
  /// nothing.
  virtual LogicalResult foldInto(ProducerOp producer, const ChannelAffine &affine, PatternRewriter &rewriter) const = 0;
};

/// Points a Conv or ConvTranspose at its folded weight and bias, as new constants named after the
/// old ones (or `<kind>_w_bn` / `<kind>_b_bn`).
template <typename ConvLikeOp> static void replaceWeightAndBias(PatternRewriter &rewriter, ConvLikeOp conv,
                                                                const ConstantTensor &weight,
                                                                const ConstantTensor &bias, StringRef kind) {
  Value newWeight = createConstant(rewriter, conv, weight, foldedName(conv.getW(), (kind + "_w_bn").str()));
  Value newBias = createConstant(rewriter, conv, bias, foldedName(conv.getB(), (kind + "_b_bn").str()));
  rewriter.modifyOpInPlace(conv, [&] {
    conv.getWMutable().assign(newWeight);
    conv.getBMutable().assign(newBias);
  });
}

/// Conv-11: W is [OC, C/group, k...]; output channel oc is W's dim 0.
struct FoldIntoConv : FoldIntoProducer<mlir::aicc::ConvOp> {
  using FoldIntoProducer::FoldIntoProducer;

  LogicalResult foldInto(mlir::aicc::ConvOp conv, const ChannelAffine &affine,
                         PatternRewriter &rewriter) const override {
    std::optional<ConstantTensor> weight = ConstantTensor::of(conv.getW());
    int64_t channels = affine.scale.size();
    if (!isF32Tensor(conv.getW()) || !weight || weight->shape().empty() || weight->shape()[0] != channels)
      return failure();
    auto biasType = RankedTensorType::get({channels}, rewriter.getF32Type());
    FailureOr<ConstantTensor> bias = foldedChannelBias(conv.getB(), affine, biasType);
    if (failed(bias)) return failure();
    int64_t perChannel = weight->size() / channels;
    for (int64_t i = 0; i < weight->size(); ++i) weight->floats[i] *= affine.scale[i / perChannel];
    replaceWeightAndBias(rewriter, conv, *weight, *bias, "conv");
    return success();
  }
};

/// ConvTranspose-11: W is [C, OC/group, k...]. Input channel c belongs to group c / (C/group), and
/// W[c, j] feeds output channel group * (OC/group) + j.
struct FoldIntoConvTranspose : FoldIntoProducer<mlir::aicc::ConvTransposeOp> {
  using FoldIntoProducer::FoldIntoProducer;

  LogicalResult foldInto(mlir::aicc::ConvTransposeOp conv, const ChannelAffine &affine,
                         PatternRewriter &rewriter) const override {
    std::optional<ConstantTensor> weight = ConstantTensor::of(conv.getW());
    int64_t channels = affine.scale.size(), groups = conv.getGroup();
    if (!isF32Tensor(conv.getW()) || !weight || weight->shape().size() < 2 || groups < 1 ||
        weight->shape()[0] % groups != 0 || weight->shape()[1] * groups != channels)
      return failure();
    auto biasType = RankedTensorType::get({channels}, rewriter.getF32Type());
    FailureOr<ConstantTensor> bias = foldedChannelBias(conv.getB(), affine, biasType);
    if (failed(bias)) return failure();
    int64_t inPerGroup = weight->shape()[0] / groups, outPerGroup = weight->shape()[1];
    int64_t kernelSize = weight->size() / (weight->shape()[0] * outPerGroup);
    for (int64_t i = 0; i < weight->size(); ++i) {
      int64_t c = i / (outPerGroup * kernelSize), j = (i / kernelSize) % outPerGroup;
      weight->floats[i] *= affine.scale[(c / inPerGroup) * outPerGroup + j];
    }
    replaceWeightAndBias(rewriter, conv, *weight, *bias, "convtranspose");
    return success();
  }
};

/// Gemm-13: Y = alpha * op(A) op(B) + beta * C, Y is [M, N] and the channel is n. Column n of
/// op(B) (row n of B when transB) is scaled; C' = (beta * C) * s + shift per column, beta' = 1.
/// C broadcasts to [M, N]: C' is [N] when C does not vary along M, else [M, N].
struct FoldIntoGemm : FoldIntoProducer<mlir::aicc::GemmOp> {
  using FoldIntoProducer::FoldIntoProducer;

  LogicalResult foldInto(mlir::aicc::GemmOp gemm, const ChannelAffine &affine,
                         PatternRewriter &rewriter) const override {
    std::optional<ConstantTensor> weight = ConstantTensor::of(gemm.getB());
    int64_t n = affine.scale.size();
    bool transB = gemm.getTransB() != 0;
    if (!isF32Tensor(gemm.getB()) || !weight || weight->shape().size() != 2 || weight->shape()[transB ? 0 : 1] != n)
      return failure();

    // C as an [rows, N] matrix, rows 1 unless C varies along M.
    std::optional<ConstantTensor> c;
    int64_t rows = 1;
    if (!isa<NoneType>(gemm.getC().getType())) {
      if (!isF32Tensor(gemm.getC()) || !(c = ConstantTensor::of(gemm.getC())) || c->shape().size() > 2)
        return failure();
      if (c->shape().size() == 2) rows = c->shape()[0];
    }
    int64_t cCols = c && !c->shape().empty() ? c->shape().back() : 1;
    double beta = gemm.getBeta().convertToDouble();
    SmallVector<int64_t> biasShape = rows == 1 ? SmallVector<int64_t>{n} : SmallVector<int64_t>{rows, n};
    ConstantTensor bias = ConstantTensor::zeros(RankedTensorType::get(biasShape, rewriter.getF32Type()));
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < n; ++j) {
        double original = c ? beta * c->floats[r * cCols + (cCols == 1 ? 0 : j)] : 0.0;
        bias.floats[r * n + j] = original * affine.scale[j] + affine.shift[j];
      }

    int64_t cols = weight->shape()[1];
    for (int64_t i = 0; i < weight->size(); ++i) weight->floats[i] *= affine.scale[transB ? i / cols : i % cols];
    Value newWeight = createConstant(rewriter, gemm, *weight, foldedName(gemm.getB(), "gemm_b_bn"));
    Value newBias = createConstant(rewriter, gemm, bias, foldedName(gemm.getC(), "gemm_c_bn"));
    rewriter.modifyOpInPlace(gemm, [&] {
      gemm.getBMutable().assign(newWeight);
      gemm.getCMutable().assign(newBias);
      gemm.setBeta(APFloat(1.0f));
    });
    return success();
  }
};

struct FoldBatchNormIntoConvPass : impl::FoldBatchNormIntoConvBase<FoldBatchNormIntoConvPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, FoldIntoConvTranspose, FoldIntoGemm>(&getContext());
    // Not converging within the driver's iteration limit leaves correct IR, just less folded.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
} // namespace aicc
