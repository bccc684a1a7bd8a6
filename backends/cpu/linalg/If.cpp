// ONNX If → scf.if: the branches' code moves into the two regions, each ending in an scf.yield of
// its values cast to the result types.
#include "backends/cpu/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

namespace aicc::cpu {
namespace {

using namespace mlir;
namespace onnx = ::mlir::aicc;

/// `value` as the result type `type`. A constant scalar where the other branch yields a tensor of
/// static shape is that tensor filled with it: TorchScript exports the values a `break` leaves
/// undefined as scalar zeros.
FailureOr<Value> castBranchValue(OpBuilder &b, Location loc, Value value, RankedTensorType type) {
  if (value.getType() == type) return value;
  if (tensor::CastOp::areCastCompatible(value.getType(), type)) return tensor::CastOp::create(b, loc, type, value).getResult();
  DenseElementsAttr constant;
  if (!type.hasStaticShape() || !matchPattern(value, m_Constant(&constant)) || !constant.isSplat() ||
      cast<ShapedType>(value.getType()).getRank() != 0)
    return failure();
  // Of whatever element type: the placeholder is a float zero even where a bool is undefined.
  Attribute splat = constant.getSplatValue<Attribute>();
  double filler = isa<FloatAttr>(splat) ? cast<FloatAttr>(splat).getValueAsDouble()
                                        : (double)cast<IntegerAttr>(splat).getValue().getSExtValue();
  Value scalar = scalarConstant(b, loc, type.getElementType(), filler);
  return tensor::SplatOp::create(b, loc, type, scalar).getResult();
}

struct IfLowering : OpConversionPattern<onnx::IfOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(onnx::IfOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Type> types;
    for (auto [index, result] : llvm::enumerate(op.getResults())) {
      auto type = dyn_cast_or_null<RankedTensorType>(getTypeConverter()->convertType(result.getType()));
      if (!type) return op.emitOpError("result #") << index << " has type " << result.getType() << "; aicc compiles If results that are tensors of known rank";
      types.push_back(type);
    }
    auto condType = cast<RankedTensorType>(adaptor.getCond().getType());
    if (!condType.hasStaticShape() || condType.getNumElements() != 1)
      return op.emitOpError("condition must hold one element, has type ") << condType;
    SmallVector<Value> zeros(condType.getRank(), arith::ConstantIndexOp::create(rewriter, loc, 0));
    Value cond = tensor::ExtractOp::create(rewriter, loc, adaptor.getCond(), zeros);

    auto ifOp = scf::IfOp::create(rewriter, loc, types, cond, /*addThenBlock=*/false, /*addElseBlock=*/false);
    for (auto [from, to] : {std::pair{&op.getThenBranch(), &ifOp.getThenRegion()},
                            std::pair{&op.getElseBranch(), &ifOp.getElseRegion()}}) {
      rewriter.inlineRegionBefore(*from, *to, to->end());
      auto yield = cast<onnx::YieldOp>(to->front().getTerminator());
      rewriter.setInsertionPoint(yield);
      SmallVector<Value> values;
      for (auto [index, value, type] : llvm::enumerate(yield.getOperands(), types)) {
        FailureOr<Value> branchValue = castBranchValue(rewriter, loc, value, cast<RankedTensorType>(type));
        if (failed(branchValue))
          return op.emitOpError("result #") << index << " is " << type << " but a branch yields " << value.getType();
        values.push_back(*branchValue);
      }
      rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, values);
    }
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

} // namespace

void populateIfPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<IfLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
