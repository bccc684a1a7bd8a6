// ONNX Softmax, LogSoftmax and Hardmax (opset 13: normalized along the single dim `axis`, default
// -1; earlier opsets' flatten-to-2-D semantics are converted at import). Softmax subtracts the max
// along the axis before exp, so large inputs do not overflow:
//   softmax(x) = exp(x - m) / sum(exp(x - m)),  logsoftmax(x) = (x - m) - log(sum(exp(x - m))).
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

template <typename OpTy> struct SoftmaxLowering : AiccLowering<OpTy> {
  using AiccLowering<OpTy>::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(OpTy op, typename AiccLowering<OpTy>::OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), rank);
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    if (type.hasStaticShape() && type.getNumElements() == 0) {
      rewriter.replaceOp(op, x);
      return success();
    }

    if constexpr (std::is_same_v<OpTy, mlir::aicc::HardmaxOp>) {
      // 1 at the first maximum along the axis, 0 elsewhere.
      Value argmax = buildArgExtremum(rewriter, loc, x, *axis, /*max=*/true, /*selectLast=*/false, false);
      Value kept = keepReducedDims(rewriter, loc, argmax, {*axis}, rank);
      rewriter.replaceOp(op, *buildElementwise(rewriter, loc, type, kept, [&](OpBuilder &b, Location l, ValueRange a) {
        Value i = arith::IndexCastOp::create(b, l, b.getI64Type(), linalg::IndexOp::create(b, l, *axis));
        Value hit = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, i, a[0]);
        return arith::SelectOp::create(b, l, hit, scalarConstant(b, l, type.getElementType(), 1),
                                       scalarConstant(b, l, type.getElementType(), 0));
      }));
      return success();
    } else {
      Value max = keepReducedDims(rewriter, loc, buildShiftMax(rewriter, loc, x, {*axis}), {*axis}, rank);
      Value shifted = *buildElementwise(rewriter, loc, type, {x, max}, [](OpBuilder &b, Location l, ValueRange a) {
        return arith::SubFOp::create(b, l, a[0], a[1]);
      });
      Value exp = *buildElementwise(rewriter, loc, type, shifted, [](OpBuilder &b, Location l, ValueRange a) {
        return math::ExpOp::create(b, l, a[0]);
      });
      Value sum = keepReducedDims(rewriter, loc, buildReduce(rewriter, loc, ReduceKind::Sum, exp, {*axis}, false),
                                  {*axis}, rank);
      constexpr bool isLog = std::is_same_v<OpTy, mlir::aicc::LogSoftmaxOp>;
      Value result = *buildElementwise(rewriter, loc, type, {isLog ? shifted : exp, sum},
                                       [](OpBuilder &b, Location l, ValueRange a) -> Value {
        if (isLog) return arith::SubFOp::create(b, l, a[0], math::LogOp::create(b, l, a[1]));
        return arith::DivFOp::create(b, l, a[0], a[1]);
      });
      rewriter.replaceOp(op, result);
      return success();
    }
  }
};

} // namespace

void populateSoftmaxPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<SoftmaxLowering<mlir::aicc::SoftmaxOp>, SoftmaxLowering<mlir::aicc::LogSoftmaxOp>,
               SoftmaxLowering<mlir::aicc::HardmaxOp>>(converter, patterns.getContext());
}

} // namespace aicc::cpu
