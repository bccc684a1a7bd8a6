// ONNX If → scf.if: the branches' code moves into the two regions, each ending in an scf.yield of
// its values cast to the result types (a list, a sequence's, as it is).
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// `value` as the result type `type`. A constant scalar where the other branch yields a tensor of
/// static shape is that tensor filled with it: TorchScript exports the values a `break` leaves
/// undefined as scalar zeros.
FailureOr<Value> castBranchValue(OpBuilder &b, Location loc, Value value, RankedTensorType type) {
  if (value.getType() == type) return value;
  if (tensor::CastOp::areCastCompatible(value.getType(), type))
    return tensor::CastOp::create(b, loc, type, value).getResult();
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

struct IfLowering : OpConversionPattern<mlir::aicc::IfOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(mlir::aicc::IfOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Type> types;
    for (auto [index, result] : llvm::enumerate(op.getResults())) {
      Type type = getTypeConverter()->convertType(result.getType());
      if (!isa_and_nonnull<RankedTensorType, LLVM::LLVMPointerType>(type))
        return op.emitOpError("result #") << index << " has type " << result.getType()
                                          << "; aicc compiles If results that are tensors of known rank or sequences";
      types.push_back(type);
    }
    auto condType = cast<RankedTensorType>(adaptor.getCond().getType());
    if (!condType.hasStaticShape() || condType.getNumElements() != 1)
      return op.emitOpError("condition must hold one element, has type ") << condType;
    Value cond = scalarOf(rewriter, loc, adaptor.getCond());

    auto ifOp = scf::IfOp::create(rewriter, loc, types, cond, /*addThenBlock=*/false, /*addElseBlock=*/false);
    for (auto [from, to] : {std::pair{&op.getThenBranch(), &ifOp.getThenRegion()},
                            std::pair{&op.getElseBranch(), &ifOp.getElseRegion()}}) {
      rewriter.inlineRegionBefore(*from, *to, to->end());
      auto yield = cast<mlir::aicc::YieldOp>(to->front().getTerminator());
      rewriter.setInsertionPoint(yield);
      SmallVector<Value> values;
      for (auto [index, value, type] : llvm::enumerate(yield.getOperands(), types)) {
        // A list converts with the scf.yield, once its producer is lowered.
        if (!isa<RankedTensorType>(type)) {
          values.push_back(value);
          continue;
        }
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
