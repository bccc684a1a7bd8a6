// ONNX CumSum-14 → one sequential loop nest over the input in row-major order, carrying the result:
// y[.., j, ..] = x[.., j, ..] + y[.., j', ..] with j' the position before j along the axis (j - 1,
// or j + 1 with `reverse`); `exclusive` shifts the sum by one position (y = 0 at the first). Each
// element is read and written once; the loop is scalar (a prefix sum does not vectorize along its
// axis), which the position ids and masks it computes in exported models do not notice.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

struct CumSumLowering : AiccLowering<mlir::aicc::CumSumOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::CumSumOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    if (rank == 0) return op.emitOpError("input must have at least one dim");
    std::optional<llvm::SmallVector<int64_t>> axes = constantInts(op.getAxis());
    if (!axes || axes->size() != 1) return op.emitOpError("axis must be a constant scalar");
    std::optional<int64_t> axis = normalizeAxis((*axes)[0], rank);
    if (!axis) return op.emitOpError("axis ") << (*axes)[0] << " is out of range for rank " << rank;
    bool exclusive = op.getExclusive() != 0, reverse = op.getReverse() != 0;

    llvm::SmallVector<Value> sizes, dynamicSizes;
    for (int64_t d = 0; d < rank; ++d) {
      sizes.push_back(tensor::DimOp::create(rewriter, loc, x, d));
      if (type.isDynamicDim(d)) dynamicSizes.push_back(sizes.back());
    }
    Value zeroIndex = indexConstant(rewriter, loc, 0), one = indexConstant(rewriter, loc, 1);
    Value last = arith::SubIOp::create(rewriter, loc, sizes[*axis], one);
    llvm::SmallVector<Value> lbs(rank, zeroIndex), steps(rank, one);
    scf::LoopNest nest =
        scf::buildLoopNest(rewriter, loc, lbs, sizes, steps, ValueRange{emptyTensor(rewriter, loc, type, dynamicSizes)},
                           [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
      // Position `ivs[axis]` of the scan is element j of the axis; the one before it is j'.
      Value step = ivs[*axis];
      Value j = reverse ? arith::SubIOp::create(b, l, last, step).getResult() : step;
      Value previous =
          reverse ? arith::AddIOp::create(b, l, j, one).getResult() : arith::SubIOp::create(b, l, j, one).getResult();
      llvm::SmallVector<Value> at(ivs), before(ivs);
      at[*axis] = j;
      before[*axis] = previous;
      Value first = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, step, zeroIndex);
      Value zero = scalarConstant(b, l, type.getElementType(), 0);
      auto sum = scf::IfOp::create(b, l, first, [&](OpBuilder &then, Location tl) {
        Value start = exclusive ? zero : tensor::ExtractOp::create(then, tl, x, at).getResult();
        scf::YieldOp::create(then, tl, start);
      }, [&](OpBuilder &other, Location ol) {
        Value running = tensor::ExtractOp::create(other, ol, carried[0], before);
        Value added = tensor::ExtractOp::create(other, ol, x, exclusive ? before : at);
        Value next = isa<FloatType>(added.getType()) ? arith::AddFOp::create(other, ol, running, added).getResult()
                                                     : arith::AddIOp::create(other, ol, running, added).getResult();
        scf::YieldOp::create(other, ol, next);
      });
      return {tensor::InsertOp::create(b, l, sum.getResult(0), carried[0], at).getResult()};
    });
    rewriter.replaceOp(op, nest.results[0]);
    return success();
  }
};

} // namespace

void populateCumSumPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<CumSumLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
