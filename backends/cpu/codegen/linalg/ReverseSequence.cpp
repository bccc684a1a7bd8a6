// ONNX ReverseSequence-10 → one linalg.generic over the result that reads, for batch entry b, time
// step t < sequence_lens[b] from step sequence_lens[b] - 1 - t and every later step from itself. A
// length outside [0, time steps] fails the run naming the node (aicc_cpu.check_index), never a read
// outside the input.
#include "backends/cpu/Passes.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "backends/cpu/dialect/CpuDialect.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

struct ReverseSequenceLowering : AiccLowering<mlir::aicc::ReverseSequenceOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::ReverseSequenceOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), lengths = adaptor.getSequenceLens();
    auto type = cast<RankedTensorType>(input.getType());
    int64_t rank = type.getRank(), batchAxis = op.getBatchAxis(), timeAxis = op.getTimeAxis();
    if (rank < 2) return op.emitOpError("input must have at least 2 dims, got ") << op.getInput().getType();
    if (!((batchAxis == 0 && timeAxis == 1) || (batchAxis == 1 && timeAxis == 0)))
      return op.emitOpError("batch_axis and time_axis must be 0 and 1 in either order, got ")
             << batchAxis << " and " << timeAxis;
    if (cast<RankedTensorType>(lengths.getType()).getRank() != 1)
      return op.emitOpError("sequence_lens must be 1-D, got ") << op.getSequenceLens().getType();
    std::string node = onnxNodeNames(op, "ReverseSequence");
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      if (type.isDynamicDim(d)) sizes.push_back(tensor::DimOp::create(rewriter, loc, input, d));
    Value steps = tensor::DimOp::create(rewriter, loc, input, timeAxis);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    auto generic = linalg::GenericOp::create(rewriter, loc, TypeRange{type}, ValueRange{},
                                             ValueRange{emptyTensor(rewriter, loc, type, sizes)}, {identity},
                                             SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
                                             [&](OpBuilder &b, Location l, ValueRange) {
      SmallVector<Value> at = loopIndices(b, l, rank);
      auto i64 = b.getI64Type();
      Value length = tensor::ExtractOp::create(b, l, lengths, ValueRange{at[batchAxis]});
      // A length may be the number of steps itself: it is checked as an index into one more.
      Value limit = arith::AddIOp::create(b, l, steps, indexConstant(b, l, 1));
      Value negative =
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, length, arith::ConstantIntOp::create(b, l, i64, 0));
      // A negative length is moved below the range, so that the check does not count it from the back.
      Value checked = arith::SelectOp::create(
          b, l, negative, arith::SubIOp::create(b, l, length, arith::IndexCastOp::create(b, l, i64, limit)), length);
      auto check = CheckIndexOp::create(b, l, checked, limit, batchAxis, node);
      Value t = at[timeAxis];
      Value reversed = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, t, check.getPosition());
      Value mirror =
          arith::SubIOp::create(b, l, arith::SubIOp::create(b, l, check.getPosition(), t), indexConstant(b, l, 1));
      SmallVector<Value> from(at);
      from[timeAxis] = arith::SelectOp::create(b, l, reversed, mirror, t);
      linalg::YieldOp::create(b, l, ValueRange{tensor::ExtractOp::create(b, l, input, from)});
    });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateReverseSequencePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ReverseSequenceLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
