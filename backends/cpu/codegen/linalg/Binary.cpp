// Broadcasting binary and variadic ONNX ops (arithmetic, comparison, logic, Where, PRelu, Max/Min/
// Sum/Mean) → one linalg.generic each over the numpy-broadcast result shape. Signedness, which the
// lowered types no longer carry, comes from the aicc op's operand types.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

bool isFloat(Value v) { return isa<FloatType>(v.getType()); }

bool unsignedOperands(Operation *op) { return isUnsignedElement(op->getOperand(0).getType()); }

/// Elementwise arithmetic: FloatOp for floats, IntOp for (signless or unsigned) integers.
template <typename OpTy, typename FloatOp, typename IntOp>
void addArithmetic(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ElementwiseLowering<OpTy>>(converter, patterns.getContext(),
                                          [](OpTy, OpBuilder &b, Location loc, ValueRange args) -> Value {
    if (isFloat(args[0])) return FloatOp::create(b, loc, args[0], args[1]);
    return IntOp::create(b, loc, args[0], args[1]);
  });
}

template <typename OpTy> void addComparison(TypeConverter &converter, RewritePatternSet &patterns,
                                            arith::CmpFPredicate floatPredicate, arith::CmpIPredicate signedPredicate,
                                            arith::CmpIPredicate unsignedPredicate) {
  // Ordered float predicates: every comparison with NaN is false (numpy, ONNX's reference).
  patterns.add<ElementwiseLowering<OpTy>>(converter, patterns.getContext(),
                                          [=](OpTy op, OpBuilder &b, Location loc, ValueRange args) -> Value {
    if (isFloat(args[0])) return arith::CmpFOp::create(b, loc, floatPredicate, args[0], args[1]);
    return arith::CmpIOp::create(b, loc, unsignedOperands(op) ? unsignedPredicate : signedPredicate, args[0], args[1]);
  });
}

/// Max/Min/Sum fold their inputs left to right; `combine` gets (op, builder, loc, lhs, rhs).
template <typename OpTy> void addVariadic(TypeConverter &converter, RewritePatternSet &patterns,
                                          std::function<Value(OpTy, OpBuilder &, Location, Value, Value)> combine) {
  patterns.add<ElementwiseLowering<OpTy>>(converter, patterns.getContext(),
                                          [=](OpTy op, OpBuilder &b, Location loc, ValueRange args) {
    Value result = args[0];
    for (Value arg : args.drop_front()) result = combine(op, b, loc, result, arg);
    return result;
  });
}

/// Integer division guarded against the two cases that trap on x86 (and are undefined in ONNX):
/// x / 0 gives 0, and x / -1 gives -x (wrapping, as numpy does for INT_MIN / -1).
Value safeIntDivide(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned) {
  Value zero = constantLike(b, loc, y, 0), one = constantLike(b, loc, y, 1);
  Value byZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, zero);
  if (isUnsigned) {
    Value quotient = arith::DivUIOp::create(b, loc, x, arith::SelectOp::create(b, loc, byZero, one, y));
    return arith::SelectOp::create(b, loc, byZero, zero, quotient);
  }
  Value byMinusOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, constantLike(b, loc, y, -1));
  Value unsafe = arith::OrIOp::create(b, loc, byZero, byMinusOne);
  Value quotient = arith::DivSIOp::create(b, loc, x, arith::SelectOp::create(b, loc, unsafe, one, y));
  Value negated = arith::SubIOp::create(b, loc, zero, x);
  return arith::SelectOp::create(b, loc, byZero, zero, arith::SelectOp::create(b, loc, byMinusOne, negated, quotient));
}

/// Integer remainder with the sign of the dividend (C fmod; ONNX Mod with fmod=1) or of the divisor
/// (Python %; ONNX Mod with fmod=0), guarded like safeIntDivide (x % 0 gives 0, x % -1 gives 0).
Value safeIntRemainder(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned, bool signOfDivisor) {
  Value zero = constantLike(b, loc, y, 0), one = constantLike(b, loc, y, 1);
  Value byZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, zero);
  if (isUnsigned) {
    Value remainder = arith::RemUIOp::create(b, loc, x, arith::SelectOp::create(b, loc, byZero, one, y));
    return arith::SelectOp::create(b, loc, byZero, zero, remainder);
  }
  Value byMinusOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, y, constantLike(b, loc, y, -1));
  Value unsafe = arith::OrIOp::create(b, loc, byZero, byMinusOne);
  Value remainder = arith::RemSIOp::create(b, loc, x, arith::SelectOp::create(b, loc, unsafe, one, y));
  if (signOfDivisor) {
    Value nonzero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, remainder, zero);
    Value signsDiffer =
        arith::XOrIOp::create(b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, remainder, zero),
                              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero));
    Value adjust = arith::AndIOp::create(b, loc, nonzero, signsDiffer);
    remainder = arith::SelectOp::create(b, loc, adjust, arith::AddIOp::create(b, loc, remainder, y), remainder);
  }
  return arith::SelectOp::create(b, loc, unsafe, zero, remainder);
}

/// ONNX Pow: the result has the base's type. Integer bases are raised in f64 and truncated back,
/// as ONNX's reference does (numpy.power, then astype).
Value power(mlir::aicc::PowOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value base = args[0];
  bool unsignedExponent = isUnsignedElement(op.getY().getType());
  if (isFloat(base))
    return math::PowFOp::create(b, loc, base, convertElement(b, loc, args[1], base.getType(), unsignedExponent, false));
  Type f64 = b.getF64Type();
  Value result = math::PowFOp::create(b, loc, convertElement(b, loc, base, f64, false, false),
                                      convertElement(b, loc, args[1], f64, unsignedExponent, false));
  return convertElement(b, loc, result, base.getType(), false, false);
}

/// ONNX Mod: fmod=0 takes the sign of the divisor (integers only, per the spec); fmod=1 is C fmod.
struct ModLowering : ElementwiseLowering<mlir::aicc::ModOp> {
  ModLowering(TypeConverter &converter, MLIRContext *context)
      : ElementwiseLowering(
            converter, context, [](mlir::aicc::ModOp op, OpBuilder &b, Location loc, ValueRange args) -> Value {
              if (isFloat(args[0])) return arith::RemFOp::create(b, loc, args[0], args[1]);
              return safeIntRemainder(b, loc, args[0], args[1], unsignedOperands(op), op.getFmod() == 0);
            }) {}

  LogicalResult lower(mlir::aicc::ModOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    if (op.getFmod() == 0 && isa<FloatType>(getElementTypeOrSelf(op.getA().getType())))
      return op.emitOpError("fmod must be 1 for floating-point inputs (ONNX Mod-13)");
    return ElementwiseLowering::lower(op, adaptor, rewriter);
  }
};

struct BitShiftLowering : ElementwiseLowering<mlir::aicc::BitShiftOp> {
  BitShiftLowering(TypeConverter &converter, MLIRContext *context)
      : ElementwiseLowering(
            converter, context, [](mlir::aicc::BitShiftOp op, OpBuilder &b, Location loc, ValueRange args) {
              // Shifting by the bit width or more is poison in LLVM; numpy gives 0 (the bits all leave).
              Value x = args[0], amount = args[1];
              Value tooFar = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, amount,
                                                   constantLike(b, loc, amount, x.getType().getIntOrFloatBitWidth()));
              Value shifted = op.getDirection() == "LEFT" ? (Value)arith::ShLIOp::create(b, loc, x, amount)
                                                          : (Value)arith::ShRUIOp::create(b, loc, x, amount);
              return arith::SelectOp::create(b, loc, tooFar, constantLike(b, loc, x, 0), shifted);
            }) {}

  LogicalResult lower(mlir::aicc::BitShiftOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    if (op.getDirection() != "LEFT" && op.getDirection() != "RIGHT")
      return op.emitOpError("direction must be \"LEFT\" or \"RIGHT\", got \"") << op.getDirection() << "\"";
    return ElementwiseLowering::lower(op, adaptor, rewriter);
  }
};

} // namespace

void populateBinaryPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  addArithmetic<mlir::aicc::AddOp, arith::AddFOp, arith::AddIOp>(converter, patterns);
  addArithmetic<mlir::aicc::SubOp, arith::SubFOp, arith::SubIOp>(converter, patterns);
  addArithmetic<mlir::aicc::MulOp, arith::MulFOp, arith::MulIOp>(converter, patterns);
  addArithmetic<mlir::aicc::AndOp, arith::AndIOp, arith::AndIOp>(converter, patterns);
  addArithmetic<mlir::aicc::OrOp, arith::OrIOp, arith::OrIOp>(converter, patterns);
  addArithmetic<mlir::aicc::XorOp, arith::XOrIOp, arith::XOrIOp>(converter, patterns);
  // Integer Div truncates toward zero (ONNX Runtime; C semantics).
  patterns.add<ElementwiseLowering<mlir::aicc::DivOp>>(
      converter, context, [](mlir::aicc::DivOp op, OpBuilder &b, Location loc, ValueRange args) -> Value {
    if (isFloat(args[0])) return arith::DivFOp::create(b, loc, args[0], args[1]);
    return safeIntDivide(b, loc, args[0], args[1], unsignedOperands(op));
  });
  patterns.add<ElementwiseLowering<mlir::aicc::PowOp>>(converter, context, power);
  patterns.add<ModLowering, BitShiftLowering>(converter, context);

  using FP = arith::CmpFPredicate;
  using IP = arith::CmpIPredicate;
  addComparison<mlir::aicc::EqualOp>(converter, patterns, FP::OEQ, IP::eq, IP::eq);
  addComparison<mlir::aicc::LessOp>(converter, patterns, FP::OLT, IP::slt, IP::ult);
  addComparison<mlir::aicc::LessOrEqualOp>(converter, patterns, FP::OLE, IP::sle, IP::ule);
  addComparison<mlir::aicc::GreaterOp>(converter, patterns, FP::OGT, IP::sgt, IP::ugt);
  addComparison<mlir::aicc::GreaterOrEqualOp>(converter, patterns, FP::OGE, IP::sge, IP::uge);

  patterns.add<ElementwiseLowering<mlir::aicc::WhereOp>>(
      converter, context, [](mlir::aicc::WhereOp, OpBuilder &b, Location loc, ValueRange args) {
    return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
  });
  patterns.add<ElementwiseLowering<mlir::aicc::PReluOp>>(
      converter, context, [](mlir::aicc::PReluOp op, OpBuilder &b, Location loc, ValueRange args) -> Value {
    Value x = args[0], slope = args[1];
    if (isFloat(x)) {
      Value negative = arith::CmpFOp::create(b, loc, FP::OLT, x, constantLike(b, loc, x, 0));
      return arith::SelectOp::create(b, loc, negative, arith::MulFOp::create(b, loc, x, slope), x);
    }
    if (unsignedOperands(op)) return x;
    Value negative = arith::CmpIOp::create(b, loc, IP::slt, x, constantLike(b, loc, x, 0));
    return arith::SelectOp::create(b, loc, negative, arith::MulIOp::create(b, loc, x, slope), x);
  });

  addVariadic<mlir::aicc::MaxOp>(converter, patterns,
                                 [](mlir::aicc::MaxOp op, OpBuilder &b, Location loc, Value x, Value y) {
    return scalarExtremum(b, loc, x, y, /*max=*/true, unsignedOperands(op));
  });
  addVariadic<mlir::aicc::MinOp>(converter, patterns,
                                 [](mlir::aicc::MinOp op, OpBuilder &b, Location loc, Value x, Value y) {
    return scalarExtremum(b, loc, x, y, /*max=*/false, unsignedOperands(op));
  });
  addVariadic<mlir::aicc::SumOp>(converter, patterns,
                                 [](mlir::aicc::SumOp, OpBuilder &b, Location loc, Value x, Value y) {
    return arith::AddFOp::create(b, loc, x, y);
  });
  patterns.add<ElementwiseLowering<mlir::aicc::MeanOp>>(
      converter, context, [](mlir::aicc::MeanOp, OpBuilder &b, Location loc, ValueRange args) {
    Value sum = args[0];
    for (Value arg : args.drop_front()) sum = arith::AddFOp::create(b, loc, sum, arg);
    return arith::DivFOp::create(b, loc, sum, constantLike(b, loc, sum, args.size()));
  });
}

} // namespace aicc::cpu
