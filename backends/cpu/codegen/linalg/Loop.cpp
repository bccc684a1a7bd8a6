// ONNX Loop → scf.while around the body's code. The while carries the tensors, the iteration
// number and the condition; it runs while the condition holds and, with a trip count,
// the number is below it (without a condition input the body's condition output is ignored, as
// ONNX says). Each iteration writes its carried values back into the buffers it read them from
// (bufferization.materialize_in_destination), so bufferization keeps one buffer per carried value
// for the whole loop; a carried list is passed on as it is. Scan outputs are appended to the session's stacks
// (aicc_cpu.scan_append); a refused append ends the loop, which then counts only the iterations whose rows were kept.
#include "backends/cpu/dialect/CpuDialect.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// A tensor cast to `type`; a list (or a value of `type` already) as it is.
Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type || !isa<RankedTensorType>(type)) return value;
  return tensor::CastOp::create(b, loc, type, value).getResult();
}

struct LoopLowering : OpConversionPattern<mlir::aicc::LoopOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(mlir::aicc::LoopOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Block &body = op.getBody().front();
    auto yield = dyn_cast<mlir::aicc::YieldOp>(body.getTerminator());
    unsigned carried = op.getVInitial().size();
    if (!yield || body.getNumArguments() != carried + 2 || yield.getNumOperands() != op.getNumResults() + 1)
      return op.emitOpError("body does not match the loop's operands and results");

    // A carried value is a ranked tensor or a list (a sequence the body inserts into or reads).
    auto loweredType = [&](Type type, llvm::StringRef what, unsigned index) -> FailureOr<Type> {
      Type converted = getTypeConverter()->convertType(type);
      if (isa_and_nonnull<RankedTensorType, LLVM::LLVMPointerType>(converted)) return converted;
      return op.emitOpError(what) << " #" << index << " has type " << type << "; aicc needs its rank";
    };
    SmallVector<Type> carriedTypes;
    for (unsigned k = 0; k < carried; ++k) {
      FailureOr<Type> type = loweredType(body.getArgument(k + 2).getType(), "carried value", k);
      if (failed(type)) return failure();
      carriedTypes.push_back(*type);
    }
    SmallVector<Type> resultTypes;
    for (auto [index, result] : llvm::enumerate(op.getResults())) {
      FailureOr<Type> type = loweredType(result.getType(), "result", index);
      if (failed(type)) return failure();
      if (index >= carried) {
        auto rows = dyn_cast<RankedTensorType>(*type);
        if (!rows)
          return op.emitOpError("scan output #") << index - carried << " is not a tensor: " << result.getType();
        if (rows.getRank() == 0) return op.emitOpError("scan output #") << index - carried << " is a scalar";
      }
      resultTypes.push_back(*type);
    }
    for (unsigned j = carried; j < op.getNumResults(); ++j)
      if (!isa<RankedTensorType>(yield.getOperand(j + 1).getType()))
        return op.emitOpError("scan output #") << j - carried << " has rows of unknown rank";

    auto i64 = rewriter.getI64Type();
    auto i1 = rewriter.getI1Type();
    bool hasCondition = !isa<NoneType>(op.getCond().getType());
    Value limit = isa<NoneType>(op.getM().getType()) ? Value() : scalarOf(rewriter, loc, adaptor.getM());
    Value go = hasCondition ? scalarOf(rewriter, loc, adaptor.getCond())
                            : arith::ConstantIntOp::create(rewriter, loc, i1, 1).getResult();
    // Before: (carried..., iteration, condition); the body runs only while the condition holds, so
    // only (carried..., iteration) go on to it. Tensors lead so that their positions agree in both
    // regions, as bufferization requires.
    SmallVector<Value> inits;
    for (unsigned k = 0; k < carried; ++k)
      inits.push_back(castTo(rewriter, loc, adaptor.getVInitial()[k], carriedTypes[k]));
    inits.push_back(arith::ConstantIntOp::create(rewriter, loc, i64, 0));
    inits.push_back(go);
    SmallVector<Type> beforeTypes(carriedTypes), afterTypes(carriedTypes);
    beforeTypes.append({i64, i1});
    afterTypes.push_back(i64);

    // Scan slots are numbered through the function in the order the loops are lowered.
    int64_t firstSlot = 0;
    op->getParentOfType<func::FuncOp>().walk([&](ScanRowsOp) { ++firstSlot; });

    auto loop = scf::WhileOp::create(rewriter, loc, afterTypes, inits, ArrayRef<NamedAttribute>{});
    Block *before =
        rewriter.createBlock(&loop.getBefore(), {}, beforeTypes, SmallVector<Location>(beforeTypes.size(), loc));
    Value running = before->getArgument(carried + 1);
    if (limit)
      running = arith::AndIOp::create(
          rewriter, loc, running,
          arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::slt, before->getArgument(carried), limit));
    scf::ConditionOp::create(rewriter, loc, running, before->getArguments().drop_back());

    Block *after =
        rewriter.createBlock(&loop.getAfter(), {}, afterTypes, SmallVector<Location>(afterTypes.size(), loc));
    Value iteration = after->getArgument(carried);
    Value alive = arith::ConstantIntOp::create(rewriter, loc, i1, 1);
    SmallVector<Value> bodyArgs{
        tensor::FromElementsOp::create(rewriter, loc, RankedTensorType::get({}, i64), iteration),
        tensor::FromElementsOp::create(rewriter, loc, RankedTensorType::get({}, i1), alive)};
    for (unsigned k = 0; k < carried; ++k) bodyArgs.push_back(after->getArgument(k));
    // What the body yields, its own arguments (passed through) mapped to their new values here.
    SmallVector<Value> yielded;
    for (Value value : yield.getOperands()) {
      auto arg = dyn_cast<BlockArgument>(value);
      yielded.push_back(arg && arg.getOwner() == &body ? bodyArgs[arg.getArgNumber()] : value);
    }
    rewriter.inlineBlockBefore(&body, after, after->end(), bodyArgs);

    rewriter.setInsertionPoint(yield);
    Value next = hasCondition ? scalarOf(rewriter, loc, yielded[0]) : alive;
    // Rows first: a scan output may be a carried value's old contents, which the write-back
    // replaces.
    Value kept = alive;
    for (unsigned j = carried; j < op.getNumResults(); ++j) {
      Value appended = ScanAppendOp::create(rewriter, loc, i1, yielded[j + 1], iteration,
                                            rewriter.getI64IntegerAttr(firstSlot + j - carried));
      kept = arith::AndIOp::create(rewriter, loc, kept, appended);
    }
    SmallVector<Value> state;
    for (unsigned k = 0; k < carried; ++k) {
      Value value = castTo(rewriter, loc, yielded[k + 1], carriedTypes[k]);
      if (!isa<RankedTensorType>(carriedTypes[k])) {
        state.push_back(value);
        continue;
      }
      state.push_back(
          bufferization::MaterializeInDestinationOp::create(rewriter, loc, value, after->getArgument(k)).getResult());
    }
    Value one = arith::ConstantIntOp::create(rewriter, loc, i64, 1);
    state.push_back(
        arith::SelectOp::create(rewriter, loc, kept, arith::AddIOp::create(rewriter, loc, iteration, one), iteration));
    state.push_back(arith::AndIOp::create(rewriter, loc, next, kept));
    scf::YieldOp::create(rewriter, loc, state);
    rewriter.eraseOp(yield);

    rewriter.setInsertionPointAfter(loop);
    SmallVector<Value> results;
    for (unsigned k = 0; k < carried; ++k) results.push_back(castTo(rewriter, loc, loop.getResult(k), resultTypes[k]));
    for (unsigned j = carried; j < op.getNumResults(); ++j) {
      auto rowsType = cast<RankedTensorType>(resultTypes[j]);
      SmallVector<int64_t> dims(rowsType.getShape());
      dims[0] = ShapedType::kDynamic;
      Value stack = ScanRowsOp::create(rewriter, loc, RankedTensorType::get(dims, rowsType.getElementType()),
                                       loop.getResult(carried), rewriter.getI64IntegerAttr(firstSlot + j - carried));
      results.push_back(castTo(rewriter, loc, stack, resultTypes[j]));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void populateLoopPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<LoopLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
