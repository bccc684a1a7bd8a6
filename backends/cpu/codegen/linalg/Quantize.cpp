// ONNX's linear quantization ops as generated loops, per the operators' definitions:
// QuantizeLinear y = saturate(round_half_even(x / scale) + zero_point), DequantizeLinear
// y = (x - zero_point) * scale, each per tensor or per axis (a 1-D scale along `axis`);
// DynamicQuantizeLinear, whose uint8 scale and zero point come from the data's range (0 included);
// MatMulInteger, the int32 product of (a - a_zero_point) and (b - b_zero_point); QLinearMatMul,
// that product requantized by a_scale * b_scale / y_scale; ConvInteger and QLinearConv, the same
// for Conv's geometry (groups, strides, dilations, pads), the input padded with its zero point.
// Integer arithmetic is exact (int32 accumulation); a quantized model imported with these runs the
// way its graph says, and the int8 kernels that fold them are the quantization passes' job.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// A scale or zero point laid out to broadcast against an input of `rank` dims: a scalar (or a
/// one-element tensor) as it is, a 1-D tensor along `axis`. Null when a 1-D one cannot lie there.
Value alongAxis(OpBuilder &b, Location loc, Value parameter, int64_t rank, int64_t axis) {
  auto type = cast<RankedTensorType>(parameter.getType());
  if (type.getRank() == 0 || (type.hasStaticShape() && type.getNumElements() == 1))
    return reshapeTo(b, loc, parameter, RankedTensorType::get({}, type.getElementType()));
  if (type.getRank() != 1 || axis < 0 || axis >= rank || type.isDynamicDim(0)) return nullptr;
  llvm::SmallVector<int64_t> shape(rank, 1);
  shape[axis] = type.getDimSize(0);
  return reshapeTo(b, loc, parameter, RankedTensorType::get(shape, type.getElementType()));
}

/// The integer range of a quantized element type.
std::pair<double, double> quantizedRange(Type element, bool isUnsigned) {
  unsigned bits = element.getIntOrFloatBitWidth();
  if (isUnsigned) return {0.0, std::ldexp(1.0, bits) - 1};
  return {-std::ldexp(1.0, bits - 1), std::ldexp(1.0, bits - 1) - 1};
}

/// round_half_even(v) + zeroPoint, saturated to the range of `to`, converted to it (v, zeroPoint f32).
/// NaN saturates to the low end (maxnumf picks the number), so that no conversion is of NaN.
Value saturate(OpBuilder &b, Location loc, Value v, Value zeroPoint, Type to, bool toUnsigned) {
  auto [low, high] = quantizedRange(to, toUnsigned);
  Value shifted = arith::AddFOp::create(b, loc, math::RoundEvenOp::create(b, loc, v), zeroPoint);
  Value clamped = arith::MaxNumFOp::create(b, loc, shifted, scalarConstant(b, loc, v.getType(), low));
  clamped = arith::MinNumFOp::create(b, loc, clamped, scalarConstant(b, loc, v.getType(), high));
  return convertElement(b, loc, clamped, to, false, toUnsigned);
}

/// An integer (or float) scalar as f32.
Value asF32(OpBuilder &b, Location loc, Value x, bool isUnsigned) {
  return convertElement(b, loc, x, b.getF32Type(), isUnsigned, false);
}

/// A quantization's scale and zero point (null when absent), laid out along the axis.
struct AxisParameters {
  Value scale, zeroPoint;
};

FailureOr<AxisParameters> axisParameters(Operation *op, Value x, Value scale, Value zeroPoint, int64_t givenAxis,
                                         OpBuilder &b) {
  auto xType = cast<RankedTensorType>(x.getType());
  int64_t rank = xType.getRank();
  std::optional<int64_t> axis = normalizeAxis(givenAxis, std::max<int64_t>(rank, 1));
  auto scaleType = cast<RankedTensorType>(scale.getType());
  if (axis && *axis < rank && scaleType.getRank() == 1 && !scaleType.isDynamicDim(0) && scaleType.getDimSize(0) != 1 &&
      !xType.isDynamicDim(*axis) && scaleType.getDimSize(0) != xType.getDimSize(*axis))
    return op->emitOpError("scale has ") << scaleType.getDimSize(0) << " values but axis " << givenAxis
                                         << " of the input has " << xType.getDimSize(*axis);
  AxisParameters parameters{alongAxis(b, op->getLoc(), scale, rank, axis.value_or(-1)), nullptr};
  if (!parameters.scale)
    return op->emitOpError("scale must be a scalar or 1-D along axis ")
           << givenAxis << " of the input, got " << scale.getType();
  if (!isa<NoneType>(zeroPoint.getType())) {
    parameters.zeroPoint = alongAxis(b, op->getLoc(), zeroPoint, rank, axis.value_or(-1));
    if (!parameters.zeroPoint || cast<RankedTensorType>(parameters.zeroPoint.getType()).getShape() !=
                                     cast<RankedTensorType>(parameters.scale.getType()).getShape())
      return op->emitOpError("zero point must have the scale's shape, got ")
             << zeroPoint.getType() << " and " << scale.getType();
  }
  return parameters;
}

struct QuantizeLinearLowering : AiccLowering<mlir::aicc::QuantizeLinearOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::QuantizeLinearOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<AxisParameters> parameters =
        axisParameters(op, adaptor.getX(), adaptor.getYScale(), adaptor.getYZeroPoint(), op.getAxis(), rewriter);
    if (failed(parameters)) return failure();
    RankedTensorType type = loweredType(op.getY());
    bool toUnsigned = isUnsignedElement(op.getY().getType());
    bool fromUnsigned = isUnsignedElement(op.getX().getType());
    llvm::SmallVector<Value> inputs{adaptor.getX(), parameters->scale};
    if (parameters->zeroPoint) inputs.push_back(parameters->zeroPoint);
    auto y = buildElementwise(rewriter, loc, type, inputs, [&](OpBuilder &b, Location l, ValueRange args) {
      Value v = arith::DivFOp::create(b, l, asF32(b, l, args[0], fromUnsigned), args[1]);
      Value zeroPoint = args.size() > 2 ? asF32(b, l, args[2], toUnsigned) : scalarConstant(b, l, b.getF32Type(), 0);
      return saturate(b, l, v, zeroPoint, type.getElementType(), toUnsigned);
    });
    if (failed(y)) return op.emitOpError("scale and zero point do not broadcast to the input");
    rewriter.replaceOp(op, *y);
    return success();
  }
};

struct DequantizeLinearLowering : AiccLowering<mlir::aicc::DequantizeLinearOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::DequantizeLinearOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<AxisParameters> parameters =
        axisParameters(op, adaptor.getX(), adaptor.getXScale(), adaptor.getXZeroPoint(), op.getAxis(), rewriter);
    if (failed(parameters)) return failure();
    bool isUnsigned = isUnsignedElement(op.getX().getType());
    llvm::SmallVector<Value> inputs{adaptor.getX(), parameters->scale};
    if (parameters->zeroPoint) inputs.push_back(parameters->zeroPoint);
    auto y = buildElementwise(rewriter, loc, loweredType(op.getY()), inputs,
                              [&](OpBuilder &b, Location l, ValueRange args) -> Value {
      Value x = asF32(b, l, args[0], isUnsigned);
      if (args.size() > 2) x = arith::SubFOp::create(b, l, x, asF32(b, l, args[2], isUnsigned));
      return arith::MulFOp::create(b, l, x, args[1]);
    });
    if (failed(y)) return op.emitOpError("scale and zero point do not broadcast to the input");
    rewriter.replaceOp(op, *y);
    return success();
  }
};

/// DynamicQuantizeLinear: uint8 over the range [min(0, min x), max(0, max x)]: scale = range / 255,
/// zero point = saturate(round(-min / scale)). A range of zero (all x = 0) takes scale 1, as ONNX
/// Runtime does, rather than dividing by zero.
struct DynamicQuantizeLinearLowering : AiccLowering<mlir::aicc::DynamicQuantizeLinearOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::DynamicQuantizeLinearOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    auto all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    Value low = buildReduce(rewriter, loc, ReduceKind::Min, x, all, false);
    Value high = buildReduce(rewriter, loc, ReduceKind::Max, x, all, false);
    RankedTensorType scaleType = loweredType(op.getYScale()), zeroType = loweredType(op.getYZeroPoint());
    auto scalar = RankedTensorType::get({}, rewriter.getF32Type());
    Type u8 = zeroType.getElementType();
    auto parameters = linalg::GenericOp::create(
        rewriter, loc, TypeRange{scalar, RankedTensorType::get({}, u8)}, ValueRange{low, high},
        ValueRange{emptyTensor(rewriter, loc, scalar), emptyTensor(rewriter, loc, RankedTensorType::get({}, u8))},
        llvm::SmallVector<AffineMap>(4, AffineMap::get(rewriter.getContext())),
        llvm::SmallVector<utils::IteratorType>{}, [&](OpBuilder &b, Location l, ValueRange args) {
      Value zero = scalarConstant(b, l, b.getF32Type(), 0);
      Value minimum = arith::MinimumFOp::create(b, l, args[0], zero);
      Value maximum = arith::MaximumFOp::create(b, l, args[1], zero);
      Value range = arith::SubFOp::create(b, l, maximum, minimum);
      Value flat = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, range, zero);
      Value scale =
          arith::SelectOp::create(b, l, flat, scalarConstant(b, l, b.getF32Type(), 1),
                                  arith::DivFOp::create(b, l, range, scalarConstant(b, l, b.getF32Type(), 255)));
      Value zeroPoint =
          saturate(b, l, arith::DivFOp::create(b, l, arith::NegFOp::create(b, l, minimum), scale), zero, u8, true);
      linalg::YieldOp::create(b, l, ValueRange{scale, zeroPoint});
    });
    Value scale = parameters.getResult(0), zeroPoint = parameters.getResult(1);
    auto y = buildElementwise(rewriter, loc, loweredType(op.getY()), {x, scale, zeroPoint},
                              [&](OpBuilder &b, Location l, ValueRange args) {
      return saturate(b, l, arith::DivFOp::create(b, l, args[0], args[1]), asF32(b, l, args[2], true), u8, true);
    });
    if (failed(y)) return op.emitOpError("cannot quantize ") << x.getType();
    rewriter.replaceOp(op,
                       {*y, reshapeTo(rewriter, loc, scale, scaleType), reshapeTo(rewriter, loc, zeroPoint, zeroType)});
    return success();
  }
};

/// The int32 product of (a - aZero) and (b - bZero), numpy.matmul's shapes: a [..., M, K] and
/// b [..., K, N] with static batch dims that broadcast (a size-1 dim is read at 0), a 1-D a taken
/// as [1, K] and a 1-D b as [K, 1] (the promoted dim dropped from the result). A zero point is null
/// (absent), a scalar, or per row of a ([M]) / per column of b ([N]).
FailureOr<Value> integerMatMul(Operation *op, OpBuilder &b, Value a, Value aZero, Value bMatrix, Value bZero,
                               bool aUnsigned, bool bUnsigned) {
  Location loc = op->getLoc();
  auto aType = cast<RankedTensorType>(a.getType()), bType = cast<RankedTensorType>(bMatrix.getType());
  if (aType.getRank() == 0 || bType.getRank() == 0)
    return op->emitOpError("needs inputs of rank 1 or more, got ") << aType << " and " << bType;
  bool aVector = aType.getRank() == 1, bVector = bType.getRank() == 1;
  if (aVector) {
    aType = RankedTensorType::get({1, aType.getDimSize(0)}, aType.getElementType());
    a = tensor::ExpandShapeOp::create(b, loc, aType, a, llvm::ArrayRef<ReassociationIndices>{{0, 1}});
  }
  if (bVector) {
    bType = RankedTensorType::get({bType.getDimSize(0), 1}, bType.getElementType());
    bMatrix = tensor::ExpandShapeOp::create(b, loc, bType, bMatrix, llvm::ArrayRef<ReassociationIndices>{{0, 1}});
  }
  llvm::ArrayRef<int64_t> aBatch = aType.getShape().drop_back(2), bBatch = bType.getShape().drop_back(2);
  if (llvm::is_contained(aBatch, ShapedType::kDynamic) || llvm::is_contained(bBatch, ShapedType::kDynamic))
    return op->emitOpError("batch dims must be static, got ") << aType << " and " << bType;
  // The broadcast batch dims, right-aligned.
  llvm::SmallVector<int64_t> batch(std::max(aBatch.size(), bBatch.size()), 1);
  for (llvm::ArrayRef<int64_t> side : {aBatch, bBatch})
    for (auto [i, size] : llvm::enumerate(side)) {
      int64_t &into = batch[batch.size() - side.size() + i];
      if (size != 1 && into != 1 && size != into)
        return op->emitOpError("batch dims do not broadcast: ") << aType << " and " << bType;
      if (size != 1) into = size;
    }
  int64_t k = aType.getShape().back(), bK = bType.getDimSize(bType.getRank() - 2);
  if (!ShapedType::isDynamic(k) && !ShapedType::isDynamic(bK) && k != bK)
    return op->emitOpError("inner dims differ: ") << aType << " and " << bType;
  int64_t rank = batch.size() + 2, m = aType.getDimSize(aType.getRank() - 2), n = bType.getShape().back();
  MLIRContext *context = b.getContext();
  // Loops: batch..., m, n, k.
  auto dim = [&](int64_t d) { return getAffineDimExpr(d, context); };
  auto operandMap = [&](llvm::ArrayRef<int64_t> operandBatch, AffineExpr row, AffineExpr column) {
    llvm::SmallVector<AffineExpr> results;
    for (auto [i, size] : llvm::enumerate(operandBatch)) {
      size_t d = batch.size() - operandBatch.size() + i;
      results.push_back(size == 1 && batch[d] != 1 ? b.getAffineConstantExpr(0) : dim(d));
    }
    results.push_back(row);
    results.push_back(column);
    return AffineMap::get(rank + 1, 0, results, context);
  };
  AffineExpr mDim = dim(rank - 2), nDim = dim(rank - 1), kDim = dim(rank);
  llvm::SmallVector<Value> inputs{a, bMatrix};
  llvm::SmallVector<AffineMap> maps{operandMap(aBatch, mDim, kDim), operandMap(bBatch, kDim, nDim)};
  auto zeroMap = [&](Value zero, AffineExpr along, int64_t size, llvm::StringRef name) -> FailureOr<AffineMap> {
    auto type = cast<RankedTensorType>(zero.getType());
    if (type.getRank() == 0 || (type.hasStaticShape() && type.getNumElements() == 1 && size != 1))
      return AffineMap::get(rank + 1, 0, llvm::SmallVector<AffineExpr>(type.getRank(), b.getAffineConstantExpr(0)),
                            context);
    if (type.getRank() == 1 && (type.getDimSize(0) == size || ShapedType::isDynamic(size) || type.isDynamicDim(0)))
      return AffineMap::get(rank + 1, 0, {along}, context);
    return op->emitOpError() << name << " must be a scalar or hold " << size << " values, got " << type;
  };
  auto addZero = [&](Value zero, AffineExpr along, int64_t size, llvm::StringRef name) -> LogicalResult {
    if (!zero) return success();
    FailureOr<AffineMap> map = zeroMap(zero, along, size, name);
    if (failed(map)) return failure();
    inputs.push_back(zero);
    maps.push_back(*map);
    return success();
  };
  if (failed(addZero(aZero, mDim, m, "a_zero_point")) || failed(addZero(bZero, nDim, n, "b_zero_point")))
    return failure();
  llvm::SmallVector<int64_t> shape(batch);
  shape.append({m, n});
  auto resultType = RankedTensorType::get(shape, b.getI32Type());
  llvm::SmallVector<Value> sizes;
  if (ShapedType::isDynamic(m)) sizes.push_back(tensor::DimOp::create(b, loc, a, aType.getRank() - 2));
  if (ShapedType::isDynamic(n)) sizes.push_back(tensor::DimOp::create(b, loc, bMatrix, bType.getRank() - 1));
  Value init = filledTensor(b, loc, resultType, scalarConstant(b, loc, b.getI32Type(), 0), sizes);
  llvm::SmallVector<AffineExpr> resultExprs;
  for (int64_t d = 0; d < rank; ++d) resultExprs.push_back(dim(d));
  maps.push_back(AffineMap::get(rank + 1, 0, resultExprs, context));
  llvm::SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  bool hasAZero = aZero != nullptr;
  auto product = linalg::GenericOp::create(b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
                                           [&](OpBuilder &nb, Location l, ValueRange args) {
    auto widen = [&](Value x, bool isUnsigned) { return convertElement(nb, l, x, nb.getI32Type(), isUnsigned, false); };
    Value x = widen(args[0], aUnsigned), y = widen(args[1], bUnsigned);
    size_t next = 2;
    if (hasAZero) x = arith::SubIOp::create(nb, l, x, widen(args[next++], aUnsigned));
    if (bZero) y = arith::SubIOp::create(nb, l, y, widen(args[next++], bUnsigned));
    Value sum = arith::AddIOp::create(nb, l, args.back(), arith::MulIOp::create(nb, l, x, y));
    linalg::YieldOp::create(nb, l, sum);
  });
  Value result = product.getResult(0);
  if (!aVector && !bVector) return result;
  // The promoted unit dims leave, each joining the dim before or after it: [..., 1, N] -> [..., N],
  // [..., M, 1] -> [..., M], [..., 1, 1] -> [...].
  int64_t batchDims = batch.size();
  llvm::SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d < batchDims; ++d) groups.push_back({d});
  if (!aVector || !bVector)
    groups.push_back({batchDims, batchDims + 1});
  else if (batchDims > 0)
    groups.back().append({batchDims, batchDims + 1});
  return tensor::CollapseShapeOp::create(b, loc, result, groups).getResult();
}

/// An absent optional operand as null.
Value present(Value value) { return isa<NoneType>(value.getType()) ? Value() : value; }

struct MatMulIntegerLowering : AiccLowering<mlir::aicc::MatMulIntegerOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::MatMulIntegerOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    FailureOr<Value> product =
        integerMatMul(op, rewriter, adaptor.getA(), present(adaptor.getAZeroPoint()), adaptor.getB(),
                      present(adaptor.getBZeroPoint()), isUnsignedElement(op.getA().getType()),
                      isUnsignedElement(op.getB().getType()));
    if (failed(product)) return failure();
    RankedTensorType type = loweredType(op.getY());
    rewriter.replaceOp(op, product->getType() == type ? *product
                                                      : tensor::CastOp::create(rewriter, op.getLoc(), type, *product));
    return success();
  }
};

/// QLinearMatMul: the integer product requantized, y = saturate(round(acc * a_scale * b_scale /
/// y_scale) + y_zero_point); b's scale and zero point may be per column.
struct QLinearMatMulLowering : AiccLowering<mlir::aicc::QLinearMatMulOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::QLinearMatMulOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<Value> product =
        integerMatMul(op, rewriter, adaptor.getA(), adaptor.getAZeroPoint(), adaptor.getB(), adaptor.getBZeroPoint(),
                      isUnsignedElement(op.getA().getType()), isUnsignedElement(op.getB().getType()));
    if (failed(product)) return failure();
    RankedTensorType type = loweredType(op.getY());
    int64_t rank = type.getRank();
    // A 1-D parameter is per row of a and y ([M]) or per column of b ([N]); one of higher rank
    // broadcasts as it is ([..., M, 1], [..., 1, N]).
    auto laid = [&](Value parameter, int64_t axis) -> Value {
      if (cast<RankedTensorType>(parameter.getType()).getRank() >= 2) return parameter;
      return alongAxis(rewriter, loc, parameter, rank, rank >= 2 ? axis : -1);
    };
    Value aScale = laid(adaptor.getAScale(), rank - 2), bScale = laid(adaptor.getBScale(), rank - 1);
    Value yScale = laid(adaptor.getYScale(), rank - 2), yZero = laid(adaptor.getYZeroPoint(), rank - 2);
    if (!aScale || !bScale || !yScale || !yZero)
      return op.emitOpError("a_scale, y_scale and y_zero_point must be scalars or one per row, b_scale a scalar or "
                            "one per column");
    bool toUnsigned = isUnsignedElement(op.getY().getType());
    auto y = buildElementwise(rewriter, loc, type, {*product, aScale, bScale, yScale, yZero},
                              [&](OpBuilder &b, Location l, ValueRange args) {
      Value multiplier = arith::DivFOp::create(b, l, arith::MulFOp::create(b, l, args[1], args[2]), args[3]);
      Value v = arith::MulFOp::create(b, l, asF32(b, l, args[0], false), multiplier);
      return saturate(b, l, v, asF32(b, l, args[4], toUnsigned), type.getElementType(), toUnsigned);
    });
    if (failed(y)) return op.emitOpError("scales do not broadcast to the product");
    rewriter.replaceOp(op, *y);
    return success();
  }
};

/// The int32 convolution of (x - xZero) and (w - wZero): ONNX Conv's geometry, x [N, C, D...] and
/// w [M, C / group, K...] into `resultType` [N, M, O...]. x is padded with its zero point, so that
/// padding contributes nothing; the channels are split into [group, per group] so that every
/// indexing map is affine in the loops (n, g, m, o..., c, k...). wZero is a scalar or one per
/// output channel.
template <typename OpTy> FailureOr<Value> integerConv(OpTy op, OpBuilder &b, Value x, Value xZero, Value w, Value wZero,
                                                      RankedTensorType resultType) {
  Location loc = op.getLoc();
  auto xType = cast<RankedTensorType>(x.getType()), wType = cast<RankedTensorType>(w.getType());
  int64_t rank = xType.getRank(), spatial = rank - 2, group = static_cast<int64_t>(op.getGroup());
  if (spatial < 1 || wType.getRank() != rank || resultType.getRank() != rank)
    return op.emitOpError("x, w and y must be [N, C, D...], [M, C / group, K...] and [N, M, O...]");
  FailureOr<mlir::aicc::WindowGeometry> geometry = mlir::aicc::convGeometry(op, xType, wType, resultType);
  if (failed(geometry)) return failure();
  const mlir::aicc::WindowGeometry &g = *geometry;
  int64_t outChannels = wType.getDimSize(0);

  Type xElement = xType.getElementType();
  bool xUnsigned = isUnsignedElement(op.getX().getType()), wUnsigned = isUnsignedElement(op.getW().getType());
  Value padValue = xZero ? scalarOf(b, loc, xZero) : scalarConstant(b, loc, xElement, 0);
  llvm::SmallVector<OpFoldResult> low(2, b.getIndexAttr(0)), high(2, b.getIndexAttr(0));
  for (int64_t d = 0; d < spatial; ++d) {
    low.push_back(b.getIndexAttr(g.padsBegin[d]));
    high.push_back(b.getIndexAttr(g.padsEnd[d]));
  }
  Value padded = tensor::PadOp::create(b, loc, Type(), x, low, high, padValue);
  auto paddedShape = cast<RankedTensorType>(padded.getType()).getShape();
  // [N, G, C / G, P...], [G, M / G, C / G, K...] and [N, G, M / G, O...].
  auto split = [&](llvm::ArrayRef<int64_t> shape, size_t at) {
    llvm::SmallVector<int64_t> result(shape.take_front(at));
    result.append({group, shape[at] / group});
    result.append(shape.begin() + at + 1, shape.end());
    return result;
  };
  padded = reshapeTo(b, loc, padded, RankedTensorType::get(split(paddedShape, 1), xElement));
  w = reshapeTo(b, loc, w, RankedTensorType::get(split(wType.getShape(), 0), wType.getElementType()));
  auto groupedType = RankedTensorType::get(split(resultType.getShape(), 1), b.getI32Type());

  MLIRContext *context = b.getContext();
  int64_t loops = 3 + spatial + 1 + spatial;
  auto dim = [&](int64_t d) { return getAffineDimExpr(d, context); };
  AffineExpr n = dim(0), gDim = dim(1), m = dim(2), c = dim(3 + spatial);
  llvm::SmallVector<AffineExpr> xExprs{n, gDim, c}, wExprs{gDim, m, c}, yExprs{n, gDim, m};
  for (int64_t d = 0; d < spatial; ++d) {
    AffineExpr o = dim(3 + d), k = dim(4 + spatial + d);
    xExprs.push_back(o * g.strides[d] + k * g.dilations[d]);
    wExprs.push_back(k);
    yExprs.push_back(o);
  }
  llvm::SmallVector<Value> inputs{padded, w};
  llvm::SmallVector<AffineMap> maps{AffineMap::get(loops, 0, xExprs, context),
                                    AffineMap::get(loops, 0, wExprs, context)};
  if (xZero) {
    inputs.push_back(reshapeTo(b, loc, xZero, RankedTensorType::get({}, xElement)));
    maps.push_back(AffineMap::get(loops, 0, {}, context));
  }
  if (wZero) {
    auto zeroType = cast<RankedTensorType>(wZero.getType());
    if (zeroType.getNumElements() == 1) {
      inputs.push_back(reshapeTo(b, loc, wZero, RankedTensorType::get({}, zeroType.getElementType())));
      maps.push_back(AffineMap::get(loops, 0, {}, context));
    } else if (zeroType.getRank() == 1 && zeroType.getDimSize(0) == outChannels) {
      inputs.push_back(
          reshapeTo(b, loc, wZero, RankedTensorType::get({group, outChannels / group}, zeroType.getElementType())));
      maps.push_back(AffineMap::get(loops, 0, {gDim, m}, context));
    } else {
      return op.emitOpError("w_zero_point must be a scalar or hold one value per output channel, got ") << zeroType;
    }
  }
  maps.push_back(AffineMap::get(loops, 0, yExprs, context));
  llvm::SmallVector<utils::IteratorType> iterators(3 + spatial, utils::IteratorType::parallel);
  iterators.append(1 + spatial, utils::IteratorType::reduction);
  Value init = filledTensor(b, loc, groupedType, scalarConstant(b, loc, b.getI32Type(), 0));
  bool hasXZero = xZero != nullptr, hasWZero = wZero != nullptr;
  auto conv = linalg::GenericOp::create(b, loc, TypeRange{groupedType}, inputs, ValueRange{init}, maps, iterators,
                                        [&](OpBuilder &nb, Location l, ValueRange args) {
    auto widen = [&](Value v, bool isUnsigned) { return convertElement(nb, l, v, nb.getI32Type(), isUnsigned, false); };
    Value xv = widen(args[0], xUnsigned), wv = widen(args[1], wUnsigned);
    size_t next = 2;
    if (hasXZero) xv = arith::SubIOp::create(nb, l, xv, widen(args[next++], xUnsigned));
    if (hasWZero) wv = arith::SubIOp::create(nb, l, wv, widen(args[next++], wUnsigned));
    linalg::YieldOp::create(
        nb, l, ValueRange{arith::AddIOp::create(nb, l, args.back(), arith::MulIOp::create(nb, l, xv, wv))});
  });
  return reshapeTo(b, loc, conv.getResult(0), RankedTensorType::get(resultType.getShape(), b.getI32Type()));
}

struct ConvIntegerLowering : AiccLowering<mlir::aicc::ConvIntegerOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::ConvIntegerOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = loweredType(op.getY());
    FailureOr<Value> conv = integerConv(op, rewriter, adaptor.getX(), present(adaptor.getXZeroPoint()), adaptor.getW(),
                                        present(adaptor.getWZeroPoint()), type);
    if (failed(conv)) return failure();
    rewriter.replaceOp(op, *conv);
    return success();
  }
};

/// QLinearConv: the integer convolution plus the int32 bias, requantized by x_scale * w_scale /
/// y_scale (w's per output channel allowed).
struct QLinearConvLowering : AiccLowering<mlir::aicc::QLinearConvOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::QLinearConvOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = loweredType(op.getY());
    FailureOr<Value> conv = integerConv(op, rewriter, adaptor.getX(), adaptor.getXZeroPoint(), adaptor.getW(),
                                        adaptor.getWZeroPoint(), type);
    if (failed(conv)) return failure();
    int64_t rank = type.getRank();
    Value xScale = alongAxis(rewriter, loc, adaptor.getXScale(), rank, -1);
    Value wScale = alongAxis(rewriter, loc, adaptor.getWScale(), rank, 1);
    Value yScale = alongAxis(rewriter, loc, adaptor.getYScale(), rank, -1);
    Value yZero = alongAxis(rewriter, loc, adaptor.getYZeroPoint(), rank, -1);
    if (!xScale || !wScale || !yScale || !yZero)
      return op.emitOpError(
          "x_scale, y_scale and y_zero_point must be scalars, w_scale a scalar or one per output channel");
    llvm::SmallVector<Value> inputs{*conv, xScale, wScale, yScale, yZero};
    if (Value bias = present(adaptor.getB())) {
      bias = alongAxis(rewriter, loc, bias, rank, 1);
      if (!bias) return op.emitOpError("B must hold one value per output channel");
      inputs.push_back(bias);
    }
    bool toUnsigned = isUnsignedElement(op.getY().getType());
    auto y = buildElementwise(rewriter, loc, type, inputs, [&](OpBuilder &b, Location l, ValueRange args) {
      Value acc = args.size() > 5 ? arith::AddIOp::create(b, l, args[0], args[5]).getResult() : args[0];
      Value multiplier = arith::DivFOp::create(b, l, arith::MulFOp::create(b, l, args[1], args[2]), args[3]);
      Value v = arith::MulFOp::create(b, l, asF32(b, l, acc, false), multiplier);
      return saturate(b, l, v, asF32(b, l, args[4], toUnsigned), type.getElementType(), toUnsigned);
    });
    if (failed(y)) return op.emitOpError("scales and bias do not broadcast to the convolution");
    rewriter.replaceOp(op, *y);
    return success();
  }
};

} // namespace

void populateQuantizePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<QuantizeLinearLowering, DequantizeLinearLowering, DynamicQuantizeLinearLowering, MatMulIntegerLowering,
               QLinearMatMulLowering, ConvIntegerLowering, QLinearConvLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
