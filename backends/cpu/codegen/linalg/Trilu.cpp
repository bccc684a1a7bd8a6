// ONNX Trilu-14 → one linalg.generic over the result: element [.., i, j] is the input's where
// j - i >= k (upper) or j - i <= k (lower), zero elsewhere. k (default 0) may be a run-time value.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

struct TriluLowering : AiccLowering<mlir::aicc::TriluOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::TriluOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    int64_t rank = type.getRank();
    if (rank < 2) return op.emitOpError("input must have at least 2 dims");
    auto i64 = rewriter.getI64Type();
    Value k = arith::ConstantIntOp::create(rewriter, loc, i64, 0);
    if (!isa<NoneType>(adaptor.getK().getType())) {
      auto kType = cast<RankedTensorType>(adaptor.getK().getType());
      if (kType.getRank() > 1 || (kType.hasStaticShape() && kType.getNumElements() != 1))
        return op.emitOpError("k must hold one value, got ") << op.getK().getType();
      llvm::SmallVector<Value> origin(kType.getRank(), arith::ConstantIndexOp::create(rewriter, loc, 0));
      k = tensor::ExtractOp::create(rewriter, loc, adaptor.getK(), origin);
    }
    bool upper = op.getUpper() != 0;
    Type element = type.getElementType();
    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      if (type.isDynamicDim(d)) sizes.push_back(tensor::DimOp::create(rewriter, loc, input, d));
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{input}, ValueRange{emptyTensor(rewriter, loc, type, sizes)},
        {identity, identity}, llvm::SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location nested, ValueRange args) {
      Value row = arith::IndexCastOp::create(b, nested, i64, linalg::IndexOp::create(b, nested, rank - 2));
      Value col = arith::IndexCastOp::create(b, nested, i64, linalg::IndexOp::create(b, nested, rank - 1));
      Value diagonal = arith::SubIOp::create(b, nested, col, row);
      Value keep =
          arith::CmpIOp::create(b, nested, upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle, diagonal, k);
      Value zero = arith::ConstantOp::create(b, nested, element, b.getZeroAttr(element));
      linalg::YieldOp::create(b, nested, ValueRange{arith::SelectOp::create(b, nested, keep, args[0], zero)});
    });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateTriluPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<TriluLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
