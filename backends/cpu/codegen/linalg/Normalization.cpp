// ONNX BatchNormalization (inference), InstanceNormalization, LayerNormalization and LRN → reductions and
// broadcasting linalg.generics. Variances are population variances, mean((x - mean)^2), as the spec
// defines them; BatchNormalization folds its per-channel statistics into one scale and shift first.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// A per-channel [C] tensor shaped [C, 1, ..., 1] to broadcast against an [N, C, D1, ...] input.
Value channelwise(OpBuilder &b, Location loc, Value perChannel, int64_t inputRank) {
  auto type = cast<RankedTensorType>(perChannel.getType());
  llvm::SmallVector<int64_t> shape{type.getNumElements()};
  shape.append(std::max<int64_t>(inputRank - 2, 0), 1);
  return reshapeTo(b, loc, perChannel, type.clone(shape));
}

/// 1 / sqrt(variance + epsilon), elementwise.
Value inverseStdDev(OpBuilder &b, Location loc, Value variance, double epsilon) {
  return *buildElementwise(b, loc, cast<RankedTensorType>(variance.getType()), variance,
                           [&](OpBuilder &nb, Location nl, ValueRange v) {
    Value shifted = arith::AddFOp::create(nb, nl, v[0], constantLike(nb, nl, v[0], epsilon));
    return math::RsqrtOp::create(nb, nl, shifted);
  });
}

/// (mean, x - mean, 1 / sqrt(var + epsilon), var) over `dims` of `x`; mean and the inverse keep the
/// reduced dims as size 1, the variance drops them.
struct Moments {
  Value mean, centered, inverseStdDev, variance;
};

Moments moments(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> dims, double epsilon) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  Value mean = keepReducedDims(b, loc, buildReduce(b, loc, ReduceKind::Mean, x, dims, false), dims, rank);
  Value centered = *buildElementwise(b, loc, type, {x, mean}, [](OpBuilder &nb, Location nl, ValueRange a) {
    return arith::SubFOp::create(nb, nl, a[0], a[1]);
  });
  Value variance = buildReduce(b, loc, ReduceKind::Mean,
                               *buildElementwise(b, loc, type, centered,
                                                 [](OpBuilder &nb, Location nl, ValueRange a) {
    return arith::MulFOp::create(nb, nl, a[0], a[0]);
  }),
                               dims, false);
  Value inverse = keepReducedDims(b, loc, inverseStdDev(b, loc, variance, epsilon), dims, rank);
  return {mean, centered, inverse, variance};
}

/// (x - mean) * inverseStdDev * scale[c] + B[c]: the output of normalizing over batch statistics.
FailureOr<Value> scaleAndShift(OpBuilder &rewriter, Location loc, RankedTensorType type, const Moments &m, Value scale,
                               Value bias, int64_t rank) {
  return buildElementwise(
      rewriter, loc, type,
      {m.centered, m.inverseStdDev, channelwise(rewriter, loc, scale, rank), channelwise(rewriter, loc, bias, rank)},
      [](OpBuilder &b, Location l, ValueRange a) {
    Value normalized = arith::MulFOp::create(b, l, a[0], a[1]);
    return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, normalized, a[2]), a[3]);
  });
}

/// ONNX BatchNormalization-15. Inference (training_mode 0): y = (x - mean) * scale / sqrt(var + eps)
/// + B, computed as y = x * a + c with a = scale / sqrt(var + eps) and c = B - mean * a per channel.
/// Training: the statistics are the batch's (over every dim but the channel, population variance),
/// and the running ones are updated as running = input * momentum + batch * (1 - momentum).
struct BatchNormalizationLowering : AiccLowering<mlir::aicc::BatchNormalizationOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::BatchNormalizationOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto xType = cast<RankedTensorType>(adaptor.getX().getType());
    if (xType.getRank() < 2) return op.emitOpError("input must have a channel dim");
    if (op.getTrainingMode() != 0) return lowerTraining(op, adaptor, rewriter);
    double epsilon = op.getEpsilon().convertToDouble();
    auto channelType = cast<RankedTensorType>(adaptor.getScale().getType());
    Value scale = *buildElementwise(rewriter, loc, channelType, {adaptor.getScale(), adaptor.getInputVar()},
                                    [&](OpBuilder &b, Location l, ValueRange a) {
      Value shifted = arith::AddFOp::create(b, l, a[1], constantLike(b, l, a[1], epsilon));
      return arith::MulFOp::create(b, l, a[0], math::RsqrtOp::create(b, l, shifted));
    });
    Value shift = *buildElementwise(rewriter, loc, channelType, {adaptor.getB(), adaptor.getInputMean(), scale},
                                    [](OpBuilder &b, Location l, ValueRange a) {
      return arith::SubFOp::create(b, l, a[0], arith::MulFOp::create(b, l, a[1], a[2]));
    });
    int64_t rank = xType.getRank();
    auto y = buildElementwise(
        rewriter, loc, loweredType(op.getY()),
        {adaptor.getX(), channelwise(rewriter, loc, scale, rank), channelwise(rewriter, loc, shift, rank)},
        [](OpBuilder &b, Location l, ValueRange a) {
      return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, a[0], a[1]), a[2]);
    });
    if (failed(y)) return op.emitOpError("scale, B, mean and var must hold one value per channel");
    // Outside training the running statistics are outputs only in name (absent in valid models).
    llvm::SmallVector<Value> results{*y, adaptor.getInputMean(), adaptor.getInputVar()};
    for (unsigned i = 1; i < 3; ++i)
      if (isa<NoneType>(op->getResult(i).getType())) results[i] = nullptr;
    rewriter.replaceOp(op, results);
    return success();
  }

  LogicalResult lowerTraining(mlir::aicc::BatchNormalizationOp op, OpAdaptor adaptor,
                              ConversionPatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    if (!cast<RankedTensorType>(adaptor.getX().getType()).hasStaticShape())
      return op.emitOpError("training mode needs static shapes: its statistics are over the batch");
    int64_t rank = cast<RankedTensorType>(adaptor.getX().getType()).getRank();
    llvm::SmallVector<int64_t> dims{0};
    for (int64_t d = 2; d < rank; ++d) dims.push_back(d);
    Moments m = moments(rewriter, loc, adaptor.getX(), dims, op.getEpsilon().convertToDouble());
    auto y = scaleAndShift(rewriter, loc, loweredType(op.getY()), m, adaptor.getScale(), adaptor.getB(), rank);
    if (failed(y)) return op.emitOpError("scale and B must hold one value per channel");
    double momentum = op.getMomentum().convertToDouble();
    auto channelType = cast<RankedTensorType>(adaptor.getInputMean().getType());
    auto running = [&](Value input, Value batch) {
      return *buildElementwise(rewriter, loc, channelType, {input, reshapeTo(rewriter, loc, batch, channelType)},
                               [&](OpBuilder &b, Location l, ValueRange a) {
        Value kept = arith::MulFOp::create(b, l, a[0], scalarConstant(b, l, a[0].getType(), momentum));
        Value added = arith::MulFOp::create(b, l, a[1], scalarConstant(b, l, a[1].getType(), 1 - momentum));
        return arith::AddFOp::create(b, l, kept, added);
      });
    };
    llvm::SmallVector<Value> results{*y, nullptr, nullptr};
    if (!isa<NoneType>(op.getRunningMean().getType())) results[1] = running(adaptor.getInputMean(), m.mean);
    if (!isa<NoneType>(op.getRunningVar().getType())) results[2] = running(adaptor.getInputVar(), m.variance);
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// ONNX InstanceNormalization: per (n, c), normalized over the spatial dims, then scale[c] and B[c].
struct InstanceNormalizationLowering : AiccLowering<mlir::aicc::InstanceNormalizationOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::InstanceNormalizationOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t rank = cast<RankedTensorType>(adaptor.getInput().getType()).getRank();
    if (rank < 3) return op.emitOpError("input must be [N, C, D1, ...]");
    llvm::SmallVector<int64_t> spatial;
    for (int64_t d = 2; d < rank; ++d) spatial.push_back(d);
    Moments m = moments(rewriter, loc, adaptor.getInput(), spatial, op.getEpsilon().convertToDouble());
    auto y = scaleAndShift(rewriter, loc, loweredType(op.getOutput()), m, adaptor.getScale(), adaptor.getB(), rank);
    if (failed(y)) return op.emitOpError("scale and B must hold one value per channel");
    rewriter.replaceOp(op, *y);
    return success();
  }
};

/// ONNX LayerNormalization-17: normalized over dims [axis, rank); Scale and B broadcast against
/// those dims. The statistics are computed in the stash type (stash_type 1: float32) when the input
/// is narrower; the optional Mean and InvStdDev outputs keep the reduced dims as size 1.
struct LayerNormalizationLowering : AiccLowering<mlir::aicc::LayerNormalizationOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::LayerNormalizationOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto xType = cast<RankedTensorType>(x.getType());
    int64_t rank = xType.getRank();
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    if (op.getStashType() != 1) return op.emitOpError("stash_type must be 1 (float32)");
    Type element = xType.getElementType();
    Type stash = element.getIntOrFloatBitWidth() < 32 ? rewriter.getF32Type() : element;
    auto convert = [&](Value v, Type to) -> Value {
      auto type = cast<RankedTensorType>(v.getType());
      if (type.getElementType() == to) return v;
      return *buildElementwise(rewriter, loc, type.clone(to), v, [&](OpBuilder &b, Location l, ValueRange a) {
        return convertElement(b, l, a[0], to, false, false);
      });
    };

    llvm::SmallVector<int64_t> dims;
    for (int64_t d = *axis; d < rank; ++d) dims.push_back(d);
    if (llvm::any_of(dims, [&](int64_t d) { return xType.isDynamicDim(d); }))
      return op.emitOpError("the normalized dims must be static");
    Moments m = moments(rewriter, loc, convert(x, stash), dims, op.getEpsilon().convertToDouble());
    llvm::SmallVector<Value> inputs{m.centered, m.inverseStdDev, convert(adaptor.getScale(), stash)};
    bool hasBias = !isa<NoneType>(op.getB().getType());
    if (hasBias) inputs.push_back(convert(adaptor.getB(), stash));
    auto normalized =
        buildElementwise(rewriter, loc, xType.clone(stash), inputs, [&](OpBuilder &b, Location l, ValueRange a) {
      Value y = arith::MulFOp::create(b, l, arith::MulFOp::create(b, l, a[0], a[1]), a[2]);
      return hasBias ? (Value)arith::AddFOp::create(b, l, y, a[3]) : y;
    });
    if (failed(normalized)) return op.emitOpError("Scale and B must broadcast to the normalized dims");

    llvm::SmallVector<Value> results{convert(*normalized, loweredType(op.getY()).getElementType())};
    for (auto [result, value] : {std::pair{op.getMean(), m.mean}, std::pair{op.getInvStdDev(), m.inverseStdDev}}) {
      if (isa<NoneType>(result.getType())) {
        results.push_back(nullptr);
        continue;
      }
      RankedTensorType type = loweredType(result);
      results.push_back(reshapeTo(rewriter, loc, convert(value, type.getElementType()), type));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// ONNX LRN-13: y = x / (bias + alpha / size * Σ x²)^beta, the sum over the channels
/// [c - ⌊(size - 1) / 2⌋, c + ⌈(size - 1) / 2⌉] that exist: the squares are zero-padded along the
/// channel dim and summed by a linalg.generic whose extra reduction dim walks the window.
struct LrnLowering : AiccLowering<mlir::aicc::LRNOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::LRNOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank(), size = op.getSize();
    if (rank < 3) return op.emitOpError("input must be [N, C, D1, ...], got ") << op.getX().getType();
    if (size < 1) return op.emitOpError("size must be positive, got ") << size;
    Type element = type.getElementType();
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      if (type.isDynamicDim(d)) sizes.push_back(tensor::DimOp::create(rewriter, loc, x, d));
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    SmallVector<utils::IteratorType> parallel(rank, utils::IteratorType::parallel);
    Value squares = linalg::GenericOp::create(rewriter, loc, TypeRange{type}, ValueRange{x},
                                              ValueRange{emptyTensor(rewriter, loc, type, sizes)}, {identity, identity},
                                              parallel, [&](OpBuilder &b, Location l, ValueRange args) {
      linalg::YieldOp::create(b, l, ValueRange{arith::MulFOp::create(b, l, args[0], args[0])});
    }).getResult(0);
    int64_t before = (size - 1) / 2, after = size - 1 - before;
    SmallVector<OpFoldResult> low(rank, rewriter.getIndexAttr(0)), high(rank, rewriter.getIndexAttr(0));
    low[1] = rewriter.getIndexAttr(before);
    high[1] = rewriter.getIndexAttr(after);
    Value padded =
        tensor::PadOp::create(rewriter, loc, Type(), squares, low, high, scalarConstant(rewriter, loc, element, 0));
    // Loop dims: the result's, then the window offset j; the padded squares are read at c + j.
    SmallVector<AffineExpr> read;
    for (int64_t d = 0; d < rank; ++d)
      read.push_back(d == 1 ? rewriter.getAffineDimExpr(1) + rewriter.getAffineDimExpr(rank)
                            : rewriter.getAffineDimExpr(d));
    AffineMap readMap = AffineMap::get(rank + 1, 0, read, rewriter.getContext());
    AffineMap windowMap = AffineMap::get(rank + 1, 0, rewriter.getAffineDimExpr(rank));
    AffineMap resultMap = AffineMap::getMultiDimIdentityMap(rank + 1, rewriter.getContext()).dropResult(rank);
    SmallVector<utils::IteratorType> iterators(parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value window = emptyTensor(rewriter, loc, RankedTensorType::get({size}, element));
    Value sums = linalg::GenericOp::create(
                     rewriter, loc, TypeRange{type}, ValueRange{padded, window},
                     ValueRange{filledTensor(rewriter, loc, type, scalarConstant(rewriter, loc, element, 0), sizes)},
                     {readMap, windowMap, resultMap}, iterators, [&](OpBuilder &b, Location l, ValueRange args) {
      linalg::YieldOp::create(b, l, ValueRange{arith::AddFOp::create(b, l, args[0], args[2])});
    }).getResult(0);
    double alpha = op.getAlpha().convertToDouble() / static_cast<double>(size);
    double beta = op.getBeta().convertToDouble(), bias = op.getBias().convertToDouble();
    Value result =
        linalg::GenericOp::create(rewriter, loc, TypeRange{type}, ValueRange{x, sums},
                                  ValueRange{emptyTensor(rewriter, loc, type, sizes)}, {identity, identity, identity},
                                  parallel, [&](OpBuilder &b, Location l, ValueRange args) {
      Value scaled = arith::AddFOp::create(b, l, scalarConstant(b, l, element, bias),
                                           arith::MulFOp::create(b, l, args[1], scalarConstant(b, l, element, alpha)));
      Value denominator = math::PowFOp::create(b, l, scaled, scalarConstant(b, l, element, beta));
      linalg::YieldOp::create(b, l, ValueRange{arith::DivFOp::create(b, l, args[0], denominator)});
    }).getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateNormalizationPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<BatchNormalizationLowering, InstanceNormalizationLowering, LayerNormalizationLowering, LrnLowering>(
      converter, patterns.getContext());
}

} // namespace aicc::cpu
