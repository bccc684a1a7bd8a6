// ONNX Reduce* (opset 13: axes attribute; ReduceSum: axes input) and ArgMax/ArgMin → linalg.generic
// reductions, the kept dims reshaped back per keepdims. Empty or absent axes reduce every dim,
// unless ReduceSum's noop_with_empty_axes makes it the identity. Max/Min propagate NaN (numpy).
#include <limits>

#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace aicc::cpu {

using namespace mlir;

namespace {

Value add(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType())) return arith::AddFOp::create(b, loc, x, y);
  return arith::AddIOp::create(b, loc, x, y);
}

Value multiply(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType())) return arith::MulFOp::create(b, loc, x, y);
  return arith::MulIOp::create(b, loc, x, y);
}

Value absolute(OpBuilder &b, Location loc, Value x, bool isUnsigned) {
  if (isa<FloatType>(x.getType())) return math::AbsFOp::create(b, loc, x);
  return isUnsigned ? x : (Value)math::AbsIOp::create(b, loc, x);
}

/// One reduction over `dims` with `combine(accumulator, element)` from `init`, after `prepare(x)`.
Value reduceWith(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> dims, Value init,
                 llvm::function_ref<Value(OpBuilder &, Location, Value)> prepare,
                 llvm::function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  return buildReduction(b, loc, input, dims, init, [&](OpBuilder &nb, Location nl, ValueRange args) {
    return llvm::SmallVector<Value>{combine(nb, nl, args[1], prepare(nb, nl, args[0]))};
  })[0];
}

Value elementwise(OpBuilder &b, Location loc, Value input, Type elementType,
                  llvm::function_ref<Value(OpBuilder &, Location, Value)> fn) {
  auto type = cast<RankedTensorType>(input.getType()).clone(elementType);
  return *buildElementwise(b, loc, type, input,
                           [&](OpBuilder &nb, Location nl, ValueRange x) { return fn(nb, nl, x[0]); });
}

/// buildReduce for float inputs, or integer inputs of the kinds without a float step.
Value reduceNative(OpBuilder &b, Location loc, ReduceKind kind, Value input, ArrayRef<int64_t> dims, bool isUnsigned) {
  Type element = cast<RankedTensorType>(input.getType()).getElementType();
  auto identity = [](OpBuilder &, Location, Value x) { return x; };
  auto square = [](OpBuilder &nb, Location nl, Value x) { return multiply(nb, nl, x, x); };
  Value zero = scalarConstant(b, loc, element, 0);
  switch (kind) {
  case ReduceKind::Sum: return reduceWith(b, loc, input, dims, zero, identity, add);
  case ReduceKind::Mean: {
    // Integer means truncate toward zero, as the reference's astype after numpy.mean does. The
    // count is the product of the reduced dims, some of which may be symbolic (folded to a
    // constant where none is).
    Value count = indexConstant(b, loc, 1);
    for (int64_t d : dims)
      count = b.createOrFold<arith::MulIOp>(
          loc, count, getValueOrCreateConstantIndexOp(b, loc, tensor::getMixedSize(b, loc, input, d)));
    Value wideCount = b.createOrFold<arith::IndexCastOp>(loc, b.getI64Type(), count);
    Value divisor;
    if (auto floatType = dyn_cast<FloatType>(element)) {
      divisor = b.createOrFold<arith::UIToFPOp>(loc, floatType, wideCount);
    } else {
      // An empty reduction divides by 1 instead of trapping.
      Value atLeastOne =
          b.createOrFold<arith::MaxUIOp>(loc, wideCount, arith::ConstantIntOp::create(b, loc, b.getI64Type(), 1));
      divisor = element.getIntOrFloatBitWidth() == 64 ? atLeastOne
                                                      : b.createOrFold<arith::TruncIOp>(loc, element, atLeastOne);
    }
    Value sum = reduceWith(b, loc, input, dims, zero, identity, add);
    return elementwise(b, loc, sum, element, [&](OpBuilder &nb, Location nl, Value s) -> Value {
      // An empty float reduction is 0/0: NaN.
      if (isa<FloatType>(element)) return arith::DivFOp::create(nb, nl, s, divisor);
      return isUnsigned ? (Value)arith::DivUIOp::create(nb, nl, s, divisor)
                        : (Value)arith::DivSIOp::create(nb, nl, s, divisor);
    });
  }
  case ReduceKind::Max:
  case ReduceKind::Min: {
    bool max = kind == ReduceKind::Max;
    return reduceWith(b, loc, input, dims, reductionBound(b, loc, element, max, isUnsigned), identity,
                      [&](OpBuilder &nb, Location nl, Value acc, Value x) {
      return scalarExtremum(nb, nl, acc, x, max, isUnsigned);
    });
  }
  case ReduceKind::Prod: return reduceWith(b, loc, input, dims, scalarConstant(b, loc, element, 1), identity, multiply);
  case ReduceKind::L1:
    return reduceWith(b, loc, input, dims, zero,
                      [&](OpBuilder &nb, Location nl, Value x) { return absolute(nb, nl, x, isUnsigned); }, add);
  case ReduceKind::SumSquare: return reduceWith(b, loc, input, dims, zero, square, add);
  case ReduceKind::L2:
    return elementwise(b, loc, reduceWith(b, loc, input, dims, zero, square, add), element,
                       [](OpBuilder &nb, Location nl, Value s) { return math::SqrtOp::create(nb, nl, s); });
  case ReduceKind::LogSum:
    return elementwise(b, loc, reduceWith(b, loc, input, dims, zero, identity, add), element,
                       [](OpBuilder &nb, Location nl, Value s) { return math::LogOp::create(nb, nl, s); });
  case ReduceKind::LogSumExp: {
    // log(sum(exp(x))) = m + log(sum(exp(x - m))) with m the max: no overflow for large x.
    Value max = buildShiftMax(b, loc, input, dims);
    auto inputType = cast<RankedTensorType>(input.getType());
    Value maxKept = keepReducedDims(b, loc, max, dims, inputType.getRank());
    Value shifted =
        *buildElementwise(b, loc, inputType, {input, maxKept}, [](OpBuilder &nb, Location nl, ValueRange a) {
      return math::ExpOp::create(nb, nl, arith::SubFOp::create(nb, nl, a[0], a[1]));
    });
    Value sum = reduceWith(b, loc, shifted, dims, zero, identity, add);
    return *buildElementwise(b, loc, cast<RankedTensorType>(sum.getType()), {sum, max},
                             [](OpBuilder &nb, Location nl, ValueRange a) {
      return arith::AddFOp::create(nb, nl, math::LogOp::create(nb, nl, a[0]), a[1]);
    });
  }
  }
  llvm_unreachable("covered switch");
}

/// ReduceSum's reduced dims when its axes are only known at run time, from the static shapes: with
/// keepdims the dims that became 1, without it the dims whose removal leaves the result shape.
/// Summing over a size-1 dim changes nothing, so any choice that differs only in size-1 dims is as
/// good; nullopt if the shapes admit choices that differ in a larger dim.
std::optional<llvm::SmallVector<int64_t>> sumDimsFromShapes(llvm::ArrayRef<int64_t> in, llvm::ArrayRef<int64_t> out,
                                                            bool keepdims) {
  llvm::SmallVector<int64_t> dims;
  if (keepdims) {
    if (in.size() != out.size()) return std::nullopt;
    for (size_t d = 0; d < in.size(); ++d) {
      if (in[d] == out[d]) continue;
      if (out[d] != 1) return std::nullopt;
      dims.push_back(d);
    }
    return dims;
  }
  // Every way to remove in.size() - out.size() dims that leaves `out`, keeping only the removed
  // dims larger than 1; they must all agree.
  std::optional<llvm::SmallVector<int64_t>> found;
  bool ambiguous = false;
  std::function<void(size_t, size_t)> match = [&](size_t i, size_t j) {
    if (ambiguous) return;
    if (i == in.size()) {
      if (j != out.size()) return;
      if (found && *found != dims) ambiguous = true;
      found = dims;
      return;
    }
    if (j < out.size() && in[i] == out[j]) match(i + 1, j + 1);
    bool large = in[i] != 1;
    if (large) dims.push_back(i);
    match(i + 1, j);
    if (large) dims.pop_back();
  };
  match(0, 0);
  if (ambiguous) return std::nullopt;
  return found;
}

/// Replaces `op` by `reduced` reshaped to `type` (the keepdims form, or ONNX's declared result);
/// fails naming the types where they cannot hold the same elements.
LogicalResult replaceWithReshape(Operation *op, ConversionPatternRewriter &rewriter, Value reduced,
                                 RankedTensorType type) {
  auto reducedType = cast<RankedTensorType>(reduced.getType());
  bool bothStatic = reducedType.hasStaticShape() && type.hasStaticShape();
  Value result = !bothStatic || reducedType.getNumElements() == type.getNumElements()
                     ? reshapeTo(rewriter, op->getLoc(), reduced, type)
                     : Value();
  if (!result)
    return op->emitOpError("result type ")
           << op->getResult(0).getType() << " does not match the reduced shape " << reducedType;
  rewriter.replaceOp(op, result);
  return success();
}

template <typename OpTy> struct ReduceLowering : AiccLowering<OpTy> {
  ReduceLowering(TypeConverter &converter, MLIRContext *context, ReduceKind kind)
      : AiccLowering<OpTy>(converter, context), kind(kind) {}
  bool takesSymbolicDims() const override { return true; }

  LogicalResult lower(OpTy op, typename AiccLowering<OpTy>::OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Value data = adaptor.getData();
    int64_t rank = cast<RankedTensorType>(data.getType()).getRank();
    llvm::SmallVector<int64_t> axes;
    bool noopWhenEmpty = false;
    if constexpr (std::is_same_v<OpTy, mlir::aicc::ReduceSumOp>) {
      noopWhenEmpty = op.getNoopWithEmptyAxes() != 0;
      if (!isa<NoneType>(op.getAxes().getType())) {
        auto values = constantInts(adaptor.getAxes());
        if (!values) {
          auto dims =
              sumDimsFromShapes(cast<RankedTensorType>(data.getType()).getShape(),
                                cast<RankedTensorType>(op.getReduced().getType()).getShape(), op.getKeepdims() != 0);
          if (!dims) return op.emitOpError("axes must be a constant, or follow from the input and result shapes");
          return replaceWithReduction(op, rewriter, data, *dims);
        }
        axes = *values;
      }
    } else if (auto attr = op.getAxes()) {
      axes.assign(attr->begin(), attr->end());
    }
    if (axes.empty() && noopWhenEmpty) {
      rewriter.replaceOp(op, data);
      return success();
    }
    llvm::SmallVector<int64_t> dims;
    for (int64_t axis : axes) {
      auto dim = normalizeAxis(axis, rank);
      if (!dim) return op.emitOpError("axis ") << axis << " is out of range for rank " << rank;
      dims.push_back(*dim);
    }
    if (axes.empty())
      for (int64_t d = 0; d < rank; ++d) dims.push_back(d);
    llvm::sort(dims);
    dims.erase(std::unique(dims.begin(), dims.end()), dims.end());

    return replaceWithReduction(op, rewriter, data, dims);
  }

  LogicalResult replaceWithReduction(OpTy op, ConversionPatternRewriter &rewriter, Value data,
                                     llvm::ArrayRef<int64_t> dims) const {
    RankedTensorType type = this->loweredType(op.getReduced());
    Value reduced = buildReduce(rewriter, op.getLoc(), kind, data, dims, isUnsignedElement(op.getData().getType()));
    return replaceWithReshape(op, rewriter, reduced, type);
  }

  ReduceKind kind;
};

template <typename OpTy> struct ArgExtremumLowering : AiccLowering<OpTy> {
  using AiccLowering<OpTy>::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(OpTy op, typename AiccLowering<OpTy>::OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), dataType.getRank());
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    if (dataType.getDimSize(*axis) == 0) return op.emitOpError("the reduced axis is empty");
    Value index =
        buildArgExtremum(rewriter, op.getLoc(), adaptor.getData(), *axis, std::is_same_v<OpTy, mlir::aicc::ArgMaxOp>,
                         op.getSelectLastIndex() != 0, isUnsignedElement(op.getData().getType()));
    return replaceWithReshape(op, rewriter, index, this->loweredType(op.getReduced()));
  }
};

} // namespace

Value buildReduce(OpBuilder &b, Location loc, ReduceKind kind, Value input, ArrayRef<int64_t> dims, bool isUnsigned) {
  auto type = cast<RankedTensorType>(input.getType());
  Type element = type.getElementType();
  bool floatStep = kind == ReduceKind::L2 || kind == ReduceKind::LogSum || kind == ReduceKind::LogSumExp;
  if (!floatStep || isa<FloatType>(element)) return reduceNative(b, loc, kind, input, dims, isUnsigned);
  // ONNX's reference computes these in float and casts back (astype truncates toward zero).
  Value wide = elementwise(b, loc, input, b.getF64Type(), [&](OpBuilder &nb, Location nl, Value x) {
    return convertElement(nb, nl, x, nb.getF64Type(), isUnsigned, false);
  });
  Value reduced = reduceNative(b, loc, kind, wide, dims, false);
  return elementwise(b, loc, reduced, element, [&](OpBuilder &nb, Location nl, Value x) {
    return convertElement(nb, nl, x, element, false, isUnsigned);
  });
}

// maxnumf, not maximumf: a NaN in the input reaches every result through x - m anyway, and
// maxnumf's horizontal steps are half the instructions on x86 (no signed-zero ordering).
Value buildShiftMax(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> dims) {
  Type element = cast<RankedTensorType>(input.getType()).getElementType();
  return reduceWith(b, loc, input, dims, reductionBound(b, loc, element, /*lowest=*/true, false),
                    [](OpBuilder &, Location, Value x) {
    return x;
  }, [](OpBuilder &nb, Location nl, Value acc, Value x) { return arith::MaxNumFOp::create(nb, nl, acc, x); });
}

// Two reductions with no chain of selects between elements, so both vectorize: the extremum
// (maximumf/minimumf propagate NaN: numpy's first NaN wins), then the first (or last) index that
// holds it.
Value buildArgExtremum(OpBuilder &b, Location loc, Value input, int64_t axis, bool max, bool selectLast,
                       bool isUnsigned) {
  auto type = cast<RankedTensorType>(input.getType());
  Type element = type.getElementType();
  bool isFloat = isa<FloatType>(element);
  Value bound = reductionBound(b, loc, element, /*lowest=*/max, isUnsigned);
  Value extremum = buildReduction(b, loc, input, {axis}, {bound}, [&](OpBuilder &nb, Location nl, ValueRange args) {
    Value x = args[0], acc = args[1];
    Value next;
    if (isFloat)
      next = max ? arith::MaximumFOp::create(nb, nl, x, acc).getResult()
                 : arith::MinimumFOp::create(nb, nl, x, acc).getResult();
    else if (isUnsigned)
      next =
          max ? arith::MaxUIOp::create(nb, nl, x, acc).getResult() : arith::MinUIOp::create(nb, nl, x, acc).getResult();
    else
      next =
          max ? arith::MaxSIOp::create(nb, nl, x, acc).getResult() : arith::MinSIOp::create(nb, nl, x, acc).getResult();
    return llvm::SmallVector<Value>{next};
  })[0];

  int64_t rank = type.getRank();
  llvm::SmallVector<AffineExpr> kept;
  llvm::SmallVector<Value> keptSizes;
  llvm::SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    iterators.push_back(d == axis ? utils::IteratorType::reduction : utils::IteratorType::parallel);
    if (d == axis) continue;
    kept.push_back(b.getAffineDimExpr(d));
    if (type.isDynamicDim(d)) keptSizes.push_back(tensor::DimOp::create(b, loc, input, d));
  }
  auto i64 = b.getI64Type();
  auto indexType = cast<RankedTensorType>(extremum.getType()).clone(i64);
  Value none = arith::ConstantIntOp::create(b, loc, i64, selectLast ? -1 : std::numeric_limits<int64_t>::max());
  AffineMap reducedMap = AffineMap::get(rank, 0, kept, b.getContext());
  // The extremum is read with its axis kept as a unit dim (index 0 there): read through a projected
  // map, the vectorizer broadcast it along a leading dim and transposed it back, and with a unit
  // dim among the others (ONNX's keepdims examples) the result compared against the wrong rows.
  llvm::SmallVector<AffineExpr> withAxis;
  for (int64_t d = 0; d < rank; ++d) withAxis.push_back(d == axis ? b.getAffineConstantExpr(0) : b.getAffineDimExpr(d));
  Value extremumWithAxis = keepReducedDims(b, loc, extremum, {axis}, rank);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{indexType}, ValueRange{input, extremumWithAxis},
      ValueRange{filledTensor(b, loc, indexType, none, keptSizes)},
      {b.getMultiDimIdentityMap(rank), AffineMap::get(rank, 0, withAxis, b.getContext()), reducedMap}, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
    Value x = args[0], target = args[1], acc = args[2];
    Value hit;
    if (isFloat) {
      using P = arith::CmpFPredicate;
      Value bothNaN = arith::AndIOp::create(nb, nl, arith::CmpFOp::create(nb, nl, P::UNO, x, x),
                                            arith::CmpFOp::create(nb, nl, P::UNO, target, target));
      hit = arith::OrIOp::create(nb, nl, arith::CmpFOp::create(nb, nl, P::OEQ, x, target), bothNaN);
    } else {
      hit = arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::eq, x, target);
    }
    Value i = arith::IndexCastOp::create(nb, nl, i64, linalg::IndexOp::create(nb, nl, axis));
    Value candidate = arith::SelectOp::create(nb, nl, hit, i, none);
    Value next = selectLast ? arith::MaxSIOp::create(nb, nl, candidate, acc).getResult()
                            : arith::MinSIOp::create(nb, nl, candidate, acc).getResult();
    linalg::YieldOp::create(nb, nl, next);
  });
  return generic.getResult(0);
}

void populateReductionPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ReduceLowering<mlir::aicc::ReduceSumOp>>(converter, context, ReduceKind::Sum);
  patterns.add<ReduceLowering<mlir::aicc::ReduceMeanOp>>(converter, context, ReduceKind::Mean);
  patterns.add<ReduceLowering<mlir::aicc::ReduceMaxOp>>(converter, context, ReduceKind::Max);
  patterns.add<ReduceLowering<mlir::aicc::ReduceMinOp>>(converter, context, ReduceKind::Min);
  patterns.add<ReduceLowering<mlir::aicc::ReduceProdOp>>(converter, context, ReduceKind::Prod);
  patterns.add<ReduceLowering<mlir::aicc::ReduceL1Op>>(converter, context, ReduceKind::L1);
  patterns.add<ReduceLowering<mlir::aicc::ReduceL2Op>>(converter, context, ReduceKind::L2);
  patterns.add<ReduceLowering<mlir::aicc::ReduceSumSquareOp>>(converter, context, ReduceKind::SumSquare);
  patterns.add<ReduceLowering<mlir::aicc::ReduceLogSumOp>>(converter, context, ReduceKind::LogSum);
  patterns.add<ReduceLowering<mlir::aicc::ReduceLogSumExpOp>>(converter, context, ReduceKind::LogSumExp);
  patterns.add<ArgExtremumLowering<mlir::aicc::ArgMaxOp>, ArgExtremumLowering<mlir::aicc::ArgMinOp>>(converter,
                                                                                                     context);
}

} // namespace aicc::cpu
