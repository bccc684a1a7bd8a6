// The ONNX sequence and optional ops that remain at run time (a model's sequence inputs and outputs,
// lists read or built at positions only the run knows) → the session's lists (aicc_cpu.list_*, an
// !llvm.ptr each). An optional is a list, null when it holds nothing: an optional sequence its
// sequence's, an optional tensor one of that tensor alone (so that it crosses the model boundary,
// If branches and Loop iterations as sequences do).
#include "backends/cpu/dialect/CpuDialect.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// A position operand (a one-element i32/i64 tensor) as an i64, or null for an absent one.
Value positionOf(OpBuilder &b, Location loc, Value position) {
  if (!position || isa<NoneType>(position.getType())) return nullptr;
  Value scalar = scalarOf(b, loc, position);
  if (scalar.getType().isInteger(64)) return scalar;
  return arith::ExtSIOp::create(b, loc, b.getI64Type(), scalar);
}

Type ptrType(MLIRContext *context) { return LLVM::LLVMPointerType::get(context); }

/// A tensor the lists can hold: ranked, of a numeric element type.
LogicalResult checkElement(Operation *op, Value value, llvm::StringRef what) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type) return op->emitOpError(what) << " has type " << value.getType() << "; aicc needs its rank";
  if (!isa<FloatType, IntegerType>(type.getElementType()))
    return op->emitOpError(what) << " has element type " << type.getElementType()
                                 << ", which the CPU backend does not support";
  return success();
}

struct SequenceEmptyLowering : OpConversionPattern<mlir::aicc::SequenceEmptyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::SequenceEmptyOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ListEmptyOp>(op, ptrType(getContext()));
    return success();
  }
};

struct SequenceConstructLowering : OpConversionPattern<mlir::aicc::SequenceConstructOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::SequenceConstructOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Value list = ListEmptyOp::create(rewriter, op.getLoc(), ptrType(getContext()));
    for (auto [index, element] : llvm::enumerate(adaptor.getInputs())) {
      if (failed(checkElement(op, element, "input #" + std::to_string(index)))) return failure();
      list = ListInsertOp::create(rewriter, op.getLoc(), list.getType(), element, list, Value());
    }
    rewriter.replaceOp(op, list);
    return success();
  }
};

struct SequenceInsertLowering : OpConversionPattern<mlir::aicc::SequenceInsertOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::SequenceInsertOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkElement(op, adaptor.getTensor(), "tensor"))) return failure();
    Value position = positionOf(rewriter, op.getLoc(), adaptor.getPosition());
    rewriter.replaceOpWithNewOp<ListInsertOp>(op, ptrType(getContext()), adaptor.getTensor(),
                                              adaptor.getInputSequence(), position);
    return success();
  }
};

struct SequenceEraseLowering : OpConversionPattern<mlir::aicc::SequenceEraseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::SequenceEraseOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Value position = positionOf(rewriter, op.getLoc(), adaptor.getPosition());
    rewriter.replaceOpWithNewOp<ListEraseOp>(op, ptrType(getContext()), adaptor.getInputSequence(), position);
    return success();
  }
};

struct SequenceLengthLowering : OpConversionPattern<mlir::aicc::SequenceLengthOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::SequenceLengthOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto type = getTypeConverter()->convertType<RankedTensorType>(op.getType());
    if (!type || type.getNumElements() != 1) return op.emitOpError("result must be one i64, has type ") << op.getType();
    Value length = ListLengthOp::create(rewriter, op.getLoc(), rewriter.getI64Type(), adaptor.getInputSequence());
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, type, length);
    return success();
  }
};

struct SequenceAtLowering : OpConversionPattern<mlir::aicc::SequenceAtOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::SequenceAtOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkElement(op, op.getResult(), "result"))) return failure();
    auto type = getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Value position = positionOf(rewriter, op.getLoc(), adaptor.getPosition());
    rewriter.replaceOpWithNewOp<ListAtOp>(op, type, adaptor.getInputSequence(), position);
    return success();
  }
};

/// ConcatFromSequence of a list only the run knows (the compiler joins those it can enumerate
/// before): the runtime joins the elements, checking that they fit.
struct ConcatFromSequenceLowering : OpConversionPattern<mlir::aicc::ConcatFromSequenceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::ConcatFromSequenceOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (!isa<LLVM::LLVMPointerType>(adaptor.getInputSequence().getType())) return failure();
    auto type = getTypeConverter()->convertType<RankedTensorType>(op.getType());
    if (!type) return op.emitOpError("result has type ") << op.getType() << "; aicc needs its rank";
    if (failed(checkElement(op, op.getConcatResult(), "result"))) return failure();
    bool newAxis = op.getNewAxis() != 0;
    // ONNX counts a negative axis from the back of the result when stacking, of an element when
    // not: of the result's rank either way.
    std::optional<int64_t> axis = normalizeAxis(op.getAxis(), type.getRank());
    if (!axis) return op.emitOpError("axis ") << op.getAxis() << " is outside a result of rank " << type.getRank();
    rewriter.replaceOpWithNewOp<ListConcatOp>(op, type, adaptor.getInputSequence(), *axis, newAxis);
    return success();
  }
};

/// SplitToSequence along a dim only the run knows (the compiler splits the others before): a loop
/// that inserts each piece, a slice of the input, into a new list. Without a split the pieces are
/// its rows along the axis (the axis dropped unless keepdims); a scalar split makes pieces of that
/// size, the last one shorter.
struct SplitToSequenceLowering : OpConversionPattern<mlir::aicc::SplitToSequenceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::SplitToSequenceOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    if (failed(checkElement(op, input, "input"))) return failure();
    auto type = cast<RankedTensorType>(input.getType());
    std::optional<int64_t> axis = normalizeAxis(op.getAxis(), type.getRank());
    if (!axis) return op.emitOpError("axis ") << op.getAxis() << " is outside an input of rank " << type.getRank();
    bool rows = isa<NoneType>(adaptor.getSplit().getType());
    int64_t chunk = 1;
    if (!rows) {
      auto splitType = dyn_cast<RankedTensorType>(adaptor.getSplit().getType());
      std::optional<SmallVector<int64_t>> values = constantInts(adaptor.getSplit());
      if (!splitType || splitType.getRank() != 0 || !values || values->front() <= 0)
        return op.emitOpError("splits a dim only the run knows; aicc supports that without a split or with a "
                              "positive constant scalar one, not a split of type ")
               << op.getSplit().getType();
      chunk = values->front();
    }
    bool squeeze = rows && op.getKeepdims() == 0;

    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value size = arith::ConstantIndexOp::create(rewriter, loc, chunk);
    Value length = tensor::DimOp::create(rewriter, loc, input, *axis);
    Value pieces = rows ? length : arith::CeilDivUIOp::create(rewriter, loc, length, size).getResult();
    SmallVector<int64_t> pieceShape(type.getShape());
    pieceShape[*axis] = rows ? 1 : ShapedType::kDynamic;
    if (squeeze) pieceShape.erase(pieceShape.begin() + *axis);
    auto pieceType = RankedTensorType::get(pieceShape, type.getElementType());

    Value empty = ListEmptyOp::create(rewriter, loc, ptrType(getContext()));
    auto loop = scf::ForOp::create(rewriter, loc, zero, pieces, one, ValueRange{empty},
                                   [&](OpBuilder &b, Location loc, Value k, ValueRange lists) {
      Value offset = arith::MulIOp::create(b, loc, k, size);
      SmallVector<OpFoldResult> offsets, sizes, strides(type.getRank(), b.getIndexAttr(1));
      for (int64_t d = 0; d < type.getRank(); ++d) {
        offsets.push_back(d == *axis ? OpFoldResult(offset) : b.getIndexAttr(0));
        if (d == *axis && rows)
          sizes.push_back(b.getIndexAttr(1));
        else if (d == *axis)
          sizes.push_back(
              arith::MinUIOp::create(b, loc, size, arith::SubIOp::create(b, loc, length, offset)).getResult());
        else
          sizes.push_back(tensor::getMixedSize(b, loc, input, d));
      }
      Value piece = tensor::ExtractSliceOp::create(b, loc, pieceType, input, offsets, sizes, strides);
      Value list = ListInsertOp::create(b, loc, ptrType(getContext()), piece, lists.front(), Value());
      scf::YieldOp::create(b, loc, list);
    });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

struct OptionalLowering : OpConversionPattern<mlir::aicc::OptionalOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::OptionalOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    if (isa<NoneType>(input.getType())) {
      rewriter.replaceOpWithNewOp<LLVM::ZeroOp>(op, ptrType(getContext()));
    } else if (isa<LLVM::LLVMPointerType>(input.getType())) {
      rewriter.replaceOp(op, input);
    } else {
      if (failed(checkElement(op, input, "input"))) return failure();
      Value empty = ListEmptyOp::create(rewriter, op.getLoc(), ptrType(getContext()));
      rewriter.replaceOpWithNewOp<ListInsertOp>(op, ptrType(getContext()), input, empty, Value());
    }
    return success();
  }
};

struct OptionalGetElementLowering : OpConversionPattern<mlir::aicc::OptionalGetElementOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::OptionalGetElementOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    // An empty optional is a null list, which every list op reports as an error (as ONNX asks).
    if (!isa<mlir::aicc::OptType>(op.getInput().getType()) ||
        isa<mlir::aicc::SeqType>(cast<mlir::aicc::OptType>(op.getInput().getType()).getElementType())) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    if (failed(checkElement(op, op.getOutput(), "result"))) return failure();
    auto type = getTypeConverter()->convertType<RankedTensorType>(op.getType());
    Value first = arith::ConstantIntOp::create(rewriter, op.getLoc(), rewriter.getI64Type(), 0);
    rewriter.replaceOpWithNewOp<ListAtOp>(op, type, adaptor.getInput(), first);
    return success();
  }
};

struct OptionalHasElementLowering : OpConversionPattern<mlir::aicc::OptionalHasElementOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::OptionalHasElementOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = getTypeConverter()->convertType<RankedTensorType>(op.getType());
    if (!type || type.getNumElements() != 1)
      return op.emitOpError("result must be one bool, has type ") << op.getType();
    Value present;
    if (isa<LLVM::LLVMPointerType>(adaptor.getInput().getType())) {
      Value null = LLVM::ZeroOp::create(rewriter, loc, adaptor.getInput().getType());
      present = LLVM::ICmpOp::create(rewriter, loc, LLVM::ICmpPredicate::ne, adaptor.getInput(), null);
    } else {
      // An absent input (opset 18 allows one) holds nothing; a plain tensor is there.
      bool there = !isa<NoneType>(adaptor.getInput().getType());
      present = arith::ConstantIntOp::create(rewriter, loc, rewriter.getI1Type(), there ? 1 : 0);
    }
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, type, present);
    return success();
  }
};

} // namespace

void populateSequencePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<SequenceEmptyLowering, SequenceConstructLowering, SequenceInsertLowering, SequenceEraseLowering,
               SequenceLengthLowering, SequenceAtLowering, ConcatFromSequenceLowering, SplitToSequenceLowering,
               OptionalLowering, OptionalGetElementLowering, OptionalHasElementLowering>(converter,
                                                                                         patterns.getContext());
}

} // namespace aicc::cpu
