// Unary elementwise ONNX ops and activations → one linalg.generic each, with the scalar formula in
// arith/math. Formulas that have a numerically better form than the ONNX spec's definition (Softplus,
// Elu) use it; Clip's optional bounds are rank-0 tensors broadcast into the same generic.
#include <cmath>
#include <limits>

#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

double toDouble(const llvm::APFloat &value) { return value.convertToDouble(); }

Value select(OpBuilder &b, Location loc, Value condition, Value ifTrue, Value ifFalse) {
  return arith::SelectOp::create(b, loc, condition, ifTrue, ifFalse);
}

Value floatLess(OpBuilder &b, Location loc, Value x, double bound) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, constantLike(b, loc, x, bound));
}

Value floatGreater(OpBuilder &b, Location loc, Value x, double bound) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, constantLike(b, loc, x, bound));
}

/// min(max(x, 0), 1) after `alpha * x + beta` (HardSigmoid; HardSwish's gate).
Value hardSigmoid(OpBuilder &b, Location loc, Value x, double alpha, double beta) {
  Value y = arith::AddFOp::create(b, loc, arith::MulFOp::create(b, loc, x, constantLike(b, loc, x, alpha)),
                                  constantLike(b, loc, x, beta));
  y = arith::MaximumFOp::create(b, loc, y, constantLike(b, loc, x, 0));
  return arith::MinimumFOp::create(b, loc, y, constantLike(b, loc, x, 1));
}

/// sign(x) ∈ {-1, 0, 1}; NaN stays NaN (numpy.sign, ONNX's reference).
Value sign(mlir::aicc::SignOp op, OpBuilder &b, Location loc, Value x) {
  Value one = constantLike(b, loc, x, 1), zero = constantLike(b, loc, x, 0);
  if (isa<FloatType>(x.getType()))
    return select(b, loc, floatGreater(b, loc, x, 0), one,
                  select(b, loc, floatLess(b, loc, x, 0), constantLike(b, loc, x, -1), x));
  Value positive = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
  if (isUnsignedElement(op.getInput().getType())) return select(b, loc, positive, one, zero);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
  return select(b, loc, negative, constantLike(b, loc, x, -1), select(b, loc, positive, one, zero));
}

/// Gelu-20: 0.5 · x · (1 + erf(x / √2)), or with approximate = "tanh"
/// 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).
Value gelu(mlir::aicc::GeluOp op, OpBuilder &b, Location loc, Value x) {
  // One statement per op, so the generic reads in the formula's order.
  auto mul = [&](Value p, Value q) { return arith::MulFOp::create(b, loc, p, q).getResult(); };
  auto constant = [&](double value) { return constantLike(b, loc, x, value); };
  Value term;
  if (op.getApproximate() == "tanh") {
    Value cube = mul(x, mul(x, x));
    Value inner = arith::AddFOp::create(b, loc, x, mul(constant(0.044715), cube));
    term = math::TanhOp::create(b, loc, mul(constant(std::sqrt(2 / M_PI)), inner));
  } else {
    term = math::ErfOp::create(b, loc, mul(x, constant(M_SQRT1_2)));
  }
  Value onePlus = arith::AddFOp::create(b, loc, constant(1), term);
  Value half = mul(constant(0.5), x);
  return mul(half, onePlus);
}

/// A float math function; integer inputs (Erf allows them) are computed in f64 and truncated back,
/// as ONNX's reference does (`np.vectorize(erf)(x).astype(x.dtype)`).
template <typename MathOp> Value floatMath(OpBuilder &b, Location loc, Value x, bool isUnsigned) {
  if (isa<FloatType>(x.getType())) return MathOp::create(b, loc, x);
  Value wide = MathOp::create(b, loc, convertElement(b, loc, x, b.getF64Type(), isUnsigned, false));
  return convertElement(b, loc, wide, x.getType(), false, isUnsigned);
}

/// The formula of a one-operand op: (op, builder, loc, element) → result element.
template <typename OpTy> using UnaryFormula = std::function<Value(OpTy, OpBuilder &, Location, Value)>;

template <typename OpTy>
void addUnary(TypeConverter &converter, RewritePatternSet &patterns, UnaryFormula<OpTy> formula) {
  patterns.add<ElementwiseLowering<OpTy>>(
      converter, patterns.getContext(),
      [formula = std::move(formula)](OpTy op, OpBuilder &b, Location loc, ValueRange x) {
    return formula(op, b, loc, x[0]);
  });
}

template <typename OpTy, typename MathOp> void addMath(TypeConverter &converter, RewritePatternSet &patterns) {
  addUnary<OpTy>(converter, patterns, [](OpTy op, OpBuilder &b, Location loc, Value x) {
    return floatMath<MathOp>(b, loc, x, isUnsignedElement(op->getOperand(0).getType()));
  });
}

/// ONNX Clip-13: min and max are optional rank-0 inputs; an absent bound does not clip (the
/// numeric limits of the type, per the spec). With min > max every element becomes max (numpy.clip).
struct ClipLowering : AiccLowering<mlir::aicc::ClipOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::ClipOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    bool hasMin = !isa<NoneType>(op.getMin().getType()), hasMax = !isa<NoneType>(op.getMax().getType());
    llvm::SmallVector<Value> inputs{adaptor.getInput()};
    if (hasMin) inputs.push_back(adaptor.getMin());
    if (hasMax) inputs.push_back(adaptor.getMax());
    bool isUnsigned = isUnsignedElement(op.getInput().getType());
    auto result = buildElementwise(rewriter, op.getLoc(), loweredType(op.getOutput()), inputs,
                                   [&](OpBuilder &b, Location loc, ValueRange args) {
      Value y = args[0];
      if (hasMin) y = scalarExtremum(b, loc, y, args[1], /*max=*/true, isUnsigned);
      if (hasMax) y = scalarExtremum(b, loc, y, args.back(), /*max=*/false, isUnsigned);
      return y;
    });
    if (failed(result)) return op.emitOpError("min and max must be scalars (rank-0 tensors)");
    rewriter.replaceOp(op, *result);
    return success();
  }
};

} // namespace

void populateElementwisePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  addMath<mlir::aicc::AcosOp, math::AcosOp>(converter, patterns);
  addMath<mlir::aicc::AcoshOp, math::AcoshOp>(converter, patterns);
  addMath<mlir::aicc::AsinOp, math::AsinOp>(converter, patterns);
  addMath<mlir::aicc::AsinhOp, math::AsinhOp>(converter, patterns);
  addMath<mlir::aicc::AtanOp, math::AtanOp>(converter, patterns);
  addMath<mlir::aicc::AtanhOp, math::AtanhOp>(converter, patterns);
  addMath<mlir::aicc::CeilOp, math::CeilOp>(converter, patterns);
  addMath<mlir::aicc::CosOp, math::CosOp>(converter, patterns);
  addMath<mlir::aicc::CoshOp, math::CoshOp>(converter, patterns);
  addMath<mlir::aicc::ErfOp, math::ErfOp>(converter, patterns);
  addMath<mlir::aicc::ExpOp, math::ExpOp>(converter, patterns);
  addMath<mlir::aicc::FloorOp, math::FloorOp>(converter, patterns);
  addMath<mlir::aicc::LogOp, math::LogOp>(converter, patterns);
  // ONNX Round: halves round to the nearest even integer.
  addMath<mlir::aicc::RoundOp, math::RoundEvenOp>(converter, patterns);
  addMath<mlir::aicc::SinOp, math::SinOp>(converter, patterns);
  addMath<mlir::aicc::SinhOp, math::SinhOp>(converter, patterns);
  addMath<mlir::aicc::SqrtOp, math::SqrtOp>(converter, patterns);
  addMath<mlir::aicc::TanOp, math::TanOp>(converter, patterns);
  addMath<mlir::aicc::TanhOp, math::TanhOp>(converter, patterns);

  addUnary<mlir::aicc::AbsOp>(converter, patterns,
                              [](mlir::aicc::AbsOp op, OpBuilder &b, Location loc, Value x) -> Value {
    if (isa<FloatType>(x.getType())) return math::AbsFOp::create(b, loc, x);
    return isUnsignedElement(op.getX().getType()) ? x : (Value)math::AbsIOp::create(b, loc, x);
  });
  addUnary<mlir::aicc::NegOp>(converter, patterns, [](mlir::aicc::NegOp, OpBuilder &b, Location loc, Value x) -> Value {
    if (isa<FloatType>(x.getType())) return arith::NegFOp::create(b, loc, x);
    return arith::SubIOp::create(b, loc, constantLike(b, loc, x, 0), x);
  });
  addUnary<mlir::aicc::ReciprocalOp>(converter, patterns,
                                     [](mlir::aicc::ReciprocalOp, OpBuilder &b, Location loc, Value x) {
    return arith::DivFOp::create(b, loc, constantLike(b, loc, x, 1), x);
  });
  addUnary<mlir::aicc::SignOp>(converter, patterns, sign);
  addUnary<mlir::aicc::GeluOp>(converter, patterns, gelu);
  addUnary<mlir::aicc::NotOp>(converter, patterns, [](mlir::aicc::NotOp, OpBuilder &b, Location loc, Value x) {
    return arith::XOrIOp::create(b, loc, x, constantLike(b, loc, x, 1));
  });
  addUnary<mlir::aicc::IsNaNOp>(converter, patterns, [](mlir::aicc::IsNaNOp, OpBuilder &b, Location loc, Value x) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  });
  addUnary<mlir::aicc::IsInfOp>(converter, patterns, [](mlir::aicc::IsInfOp op, OpBuilder &b, Location loc, Value x) {
    auto equals = [&](double v) {
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x, constantLike(b, loc, x, v));
    };
    Value result = scalarConstant(b, loc, b.getI1Type(), 0);
    if (op.getDetectPositive())
      result = arith::OrIOp::create(b, loc, result, equals(std::numeric_limits<double>::infinity()));
    if (op.getDetectNegative())
      result = arith::OrIOp::create(b, loc, result, equals(-std::numeric_limits<double>::infinity()));
    return result;
  });

  // Activations. Relu and the others keep NaN: maximumf propagates it, and NaN fails every ordered
  // comparison, so the selects below pick x.
  addUnary<mlir::aicc::ReluOp>(converter, patterns,
                               [](mlir::aicc::ReluOp, OpBuilder &b, Location loc, Value x) -> Value {
    Value zero = constantLike(b, loc, x, 0);
    if (isa<FloatType>(x.getType())) return arith::MaximumFOp::create(b, loc, x, zero);
    return arith::MaxSIOp::create(b, loc, x, zero);
  });
  addUnary<mlir::aicc::SigmoidOp>(converter, patterns, [](mlir::aicc::SigmoidOp, OpBuilder &b, Location loc, Value x) {
    // 1 / (1 + exp(-x)): exp overflows to +inf for very negative x, giving the correct limit 0.
    Value one = constantLike(b, loc, x, 1);
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
    return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
  });
  addUnary<mlir::aicc::LeakyReluOp>(converter, patterns,
                                    [](mlir::aicc::LeakyReluOp op, OpBuilder &b, Location loc, Value x) {
    Value scaled = arith::MulFOp::create(b, loc, x, constantLike(b, loc, x, toDouble(op.getAlpha())));
    return select(b, loc, floatLess(b, loc, x, 0), scaled, x);
  });
  addUnary<mlir::aicc::EluOp>(converter, patterns, [](mlir::aicc::EluOp op, OpBuilder &b, Location loc, Value x) {
    Value negative = arith::MulFOp::create(b, loc, constantLike(b, loc, x, toDouble(op.getAlpha())),
                                           math::ExpM1Op::create(b, loc, x));
    return select(b, loc, floatLess(b, loc, x, 0), negative, x);
  });
  addUnary<mlir::aicc::SeluOp>(converter, patterns, [](mlir::aicc::SeluOp op, OpBuilder &b, Location loc, Value x) {
    // gamma * x for x > 0, gamma * alpha * (exp(x) - 1) otherwise.
    Value gamma = constantLike(b, loc, x, toDouble(op.getGamma()));
    Value negative = arith::MulFOp::create(b, loc, constantLike(b, loc, x, toDouble(op.getAlpha())),
                                           math::ExpM1Op::create(b, loc, x));
    Value y = select(b, loc, floatGreater(b, loc, x, 0), x, negative);
    return arith::MulFOp::create(b, loc, gamma, y);
  });
  addUnary<mlir::aicc::CeluOp>(converter, patterns, [](mlir::aicc::CeluOp op, OpBuilder &b, Location loc, Value x) {
    // max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
    Value alpha = constantLike(b, loc, x, toDouble(op.getAlpha())), zero = constantLike(b, loc, x, 0);
    Value negative =
        arith::MulFOp::create(b, loc, alpha, math::ExpM1Op::create(b, loc, arith::DivFOp::create(b, loc, x, alpha)));
    return arith::AddFOp::create(b, loc, arith::MaximumFOp::create(b, loc, x, zero),
                                 arith::MinimumFOp::create(b, loc, negative, zero));
  });
  addUnary<mlir::aicc::SoftplusOp>(converter, patterns,
                                   [](mlir::aicc::SoftplusOp, OpBuilder &b, Location loc, Value x) {
    // log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)), which does not overflow for large x.
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x)));
    return arith::AddFOp::create(b, loc, arith::MaximumFOp::create(b, loc, x, constantLike(b, loc, x, 0)),
                                 math::Log1pOp::create(b, loc, e));
  });
  addUnary<mlir::aicc::SoftsignOp>(converter, patterns,
                                   [](mlir::aicc::SoftsignOp, OpBuilder &b, Location loc, Value x) {
    Value denominator = arith::AddFOp::create(b, loc, constantLike(b, loc, x, 1), math::AbsFOp::create(b, loc, x));
    return arith::DivFOp::create(b, loc, x, denominator);
  });
  addUnary<mlir::aicc::HardSigmoidOp>(converter, patterns,
                                      [](mlir::aicc::HardSigmoidOp op, OpBuilder &b, Location loc, Value x) {
    return hardSigmoid(b, loc, x, toDouble(op.getAlpha()), toDouble(op.getBeta()));
  });
  addUnary<mlir::aicc::HardSwishOp>(converter, patterns,
                                    [](mlir::aicc::HardSwishOp, OpBuilder &b, Location loc, Value x) {
    // ONNX HardSwish: x * HardSigmoid(x) with alpha = 1/6, beta = 0.5.
    return arith::MulFOp::create(b, loc, x, hardSigmoid(b, loc, x, 1.0 / 6.0, 0.5));
  });
  addUnary<mlir::aicc::ThresholdedReluOp>(converter, patterns,
                                          [](mlir::aicc::ThresholdedReluOp op, OpBuilder &b, Location loc, Value x) {
    Value above = floatGreater(b, loc, x, toDouble(op.getAlpha()));
    return select(b, loc, above, x, constantLike(b, loc, x, 0));
  });
  addUnary<mlir::aicc::ShrinkOp>(converter, patterns, [](mlir::aicc::ShrinkOp op, OpBuilder &b, Location loc, Value x) {
    // Shrink-9: x + bias below -lambd, x - bias above lambd, 0 between; integers computed in f64
    // and converted back as Cast does (numpy's reference casts the same way).
    bool isUnsigned = isUnsignedElement(op.getInput().getType());
    Value wide = isa<FloatType>(x.getType()) ? x : convertElement(b, loc, x, b.getF64Type(), isUnsigned, false);
    double lambd = toDouble(op.getLambd()), bias = toDouble(op.getBias());
    Value below = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, wide, constantLike(b, loc, wide, -lambd));
    Value above = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, wide, constantLike(b, loc, wide, lambd));
    Value zero = constantLike(b, loc, wide, 0);
    Value result =
        select(b, loc, below, arith::AddFOp::create(b, loc, wide, constantLike(b, loc, wide, bias)),
               select(b, loc, above, arith::SubFOp::create(b, loc, wide, constantLike(b, loc, wide, bias)), zero));
    return isa<FloatType>(x.getType()) ? result : convertElement(b, loc, result, x.getType(), false, isUnsigned);
  });
  patterns.add<ClipLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
