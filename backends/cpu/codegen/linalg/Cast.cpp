// ONNX Cast (and CastLike) between the numeric types and bool → one linalg.generic with the matching
// arith conversion (convertElement, which the other lowerings use for their conversions too).
// Conversion rules (ONNX Cast-13 and its numpy reference): float → float rounds to nearest even,
// except to bfloat16, which truncates; float → int truncates toward zero (undefined out of range,
// like C); int → int wraps (truncation or sign/zero extension by the source's signedness);
// anything → bool is `x != 0` (NaN is true); bool → number is 0 or 1. Strings are rejected before
// this (checkLowerableTypes).
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {

using namespace mlir;

Value convertElement(OpBuilder &b, Location loc, Value x, Type to, bool fromUnsigned, bool toUnsigned) {
  Type from = x.getType();
  if (from == to) return x;
  auto fromFloat = dyn_cast<FloatType>(from), toFloat = dyn_cast<FloatType>(to);
  if (to.isInteger(1)) {
    Value zero = scalarConstant(b, loc, from, 0);
    if (fromFloat) return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
  }
  if (from.isInteger(1)) fromUnsigned = true; // true is 1, not -1
  if (fromFloat && toFloat && toFloat.isBF16()) {
    // ONNX's reference (backend test data, opset 17) keeps the upper 16 bits of the float32 value:
    // truncation, not rounding.
    Value wide = fromFloat.isF32() ? x : convertElement(b, loc, x, b.getF32Type(), false, false);
    Value bits = arith::BitcastOp::create(b, loc, b.getI32Type(), wide);
    bits = arith::ShRUIOp::create(b, loc, bits, scalarConstant(b, loc, b.getI32Type(), 16));
    bits = arith::TruncIOp::create(b, loc, b.getI16Type(), bits);
    return arith::BitcastOp::create(b, loc, to, bits);
  }
  if (fromFloat && toFloat) {
    if (fromFloat.getWidth() < toFloat.getWidth()) return arith::ExtFOp::create(b, loc, to, x);
    if (fromFloat.getWidth() > toFloat.getWidth()) return arith::TruncFOp::create(b, loc, to, x);
    // bf16 → f16: exactly through f32, then one rounding.
    return arith::TruncFOp::create(b, loc, to, arith::ExtFOp::create(b, loc, b.getF32Type(), x));
  }
  if (fromFloat)
    return toUnsigned ? (Value)arith::FPToUIOp::create(b, loc, to, x) : (Value)arith::FPToSIOp::create(b, loc, to, x);
  if (toFloat)
    return fromUnsigned ? (Value)arith::UIToFPOp::create(b, loc, to, x) : (Value)arith::SIToFPOp::create(b, loc, to, x);
  unsigned fromWidth = from.getIntOrFloatBitWidth(), toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth > toWidth) return arith::TruncIOp::create(b, loc, to, x);
  if (fromWidth < toWidth)
    return fromUnsigned ? (Value)arith::ExtUIOp::create(b, loc, to, x) : (Value)arith::ExtSIOp::create(b, loc, to, x);
  return x; // iN ↔ uiN: the same bits
}

namespace {

/// Cast and CastLike: the target type is the result's element type (Cast's `to` attribute and
/// CastLike's second input only decide it at import).
template <typename OpTy> struct CastLowering : AiccLowering<OpTy> {
  using AiccLowering<OpTy>::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(OpTy op, typename AiccLowering<OpTy>::OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Value source = op->getOperand(0);
    bool fromUnsigned = isUnsignedElement(source.getType());
    bool toUnsigned = isUnsignedElement(op->getResult(0).getType());
    RankedTensorType resultType = this->loweredType(op->getResult(0));
    auto result = buildElementwise(rewriter, op.getLoc(), resultType, adaptor.getOperands().front(),
                                   [&](OpBuilder &b, Location loc, ValueRange x) {
      return convertElement(b, loc, x[0], resultType.getElementType(), fromUnsigned, toUnsigned);
    });
    if (failed(result)) return op.emitOpError("result shape differs from the input shape");
    rewriter.replaceOp(op, *result);
    return success();
  }
};

} // namespace

void populateCastPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<CastLowering<mlir::aicc::CastOp>, CastLowering<mlir::aicc::CastLikeOp>>(converter,
                                                                                       patterns.getContext());
}

} // namespace aicc::cpu
