// ONNX OneHot → one linalg.generic over the result: element [.., k at axis, ..] is on_value where
// the index at [..] equals k (negative indices count from depth, floats are truncated), off_value
// elsewhere; an index outside [-depth, depth) gives a row of off_value.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

struct OneHotLowering : AiccLowering<mlir::aicc::OneHotOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::OneHotOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = loweredType(op.getOutput());
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    int64_t rank = type.getRank();
    std::optional<int64_t> axis = normalizeAxis(op.getAxis(), rank);
    if (!axis || indicesType.getRank() != rank - 1)
      return op.emitOpError("axis ") << op.getAxis() << " is out of range";
    int64_t depth = type.getDimSize(*axis);
    if (ShapedType::isDynamic(depth))
      return op.emitOpError("depth must be a compile-time constant (it is the size of the result's axis ")
             << *axis << ")";
    auto valuesType = cast<RankedTensorType>(adaptor.getValues().getType());
    if (valuesType.getRank() != 1 || valuesType.getDimSize(0) != 2)
      return op.emitOpError("values must hold [off_value, on_value], got ") << op.getValues().getType();

    Value off = tensor::ExtractOp::create(rewriter, loc, adaptor.getValues(),
                                          ValueRange{arith::ConstantIndexOp::create(rewriter, loc, 0)});
    Value on = tensor::ExtractOp::create(rewriter, loc, adaptor.getValues(),
                                         ValueRange{arith::ConstantIndexOp::create(rewriter, loc, 1)});
    // The result's dims are the indices' with the axis inserted; symbolic ones come from the indices.
    llvm::SmallVector<AffineExpr> indexDims;
    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d) {
      if (d == *axis) continue;
      int64_t from = d < *axis ? d : d - 1;
      indexDims.push_back(rewriter.getAffineDimExpr(d));
      if (type.isDynamicDim(d)) sizes.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getIndices(), from));
    }
    AffineMap indicesMap = AffineMap::get(rank, 0, indexDims, rewriter.getContext());
    bool isUnsigned = isUnsignedElement(op.getIndices().getType());
    auto i64 = rewriter.getI64Type();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getIndices()},
        ValueRange{emptyTensor(rewriter, loc, type, sizes)}, {indicesMap, rewriter.getMultiDimIdentityMap(rank)},
        llvm::SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location nested, ValueRange args) {
      Value index = convertElement(b, nested, args[0], i64, isUnsigned, false);
      Value depthValue = arith::ConstantIntOp::create(b, nested, i64, depth);
      Value zero = arith::ConstantIntOp::create(b, nested, i64, 0);
      Value negative = arith::CmpIOp::create(b, nested, arith::CmpIPredicate::slt, index, zero);
      Value wrapped =
          arith::SelectOp::create(b, nested, negative, arith::AddIOp::create(b, nested, index, depthValue), index);
      Value k = arith::IndexCastOp::create(b, nested, i64, linalg::IndexOp::create(b, nested, *axis));
      Value hot = arith::CmpIOp::create(b, nested, arith::CmpIPredicate::eq, wrapped, k);
      linalg::YieldOp::create(b, nested, ValueRange{arith::SelectOp::create(b, nested, hot, on, off)});
    });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateOneHotPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<OneHotLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
