// ONNX NonZero and Compress: outputs whose size is the number of selected elements, known only
// once the data is read. Each is a count (a linalg reduction) that sizes the result, then a
// sequential scf.for that writes the selected elements in order, the write position carried as
// a loop value: the order ONNX specifies (row-major) is what makes the loop sequential.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// x != 0 for a scalar of any lowered element type; NaN counts as non-zero, as in numpy.
Value isNonZero(OpBuilder &b, Location loc, Value x) {
  if (isa<FloatType>(x.getType()))
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x, constantLike(b, loc, x, 0));
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, constantLike(b, loc, x, 0));
}

/// The number of elements of `input` for which `selected` holds, as an index.
Value countSelected(OpBuilder &b, Location loc, Value input,
                    llvm::function_ref<Value(OpBuilder &, Location, Value)> selected) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  Value zero = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
  Value count = buildReduction(b, loc, input, llvm::to_vector(llvm::seq<int64_t>(0, rank)), ValueRange{zero},
                               [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
    Value one = arith::ExtUIOp::create(nested, nestedLoc, nested.getI64Type(), selected(nested, nestedLoc, args[0]));
    return llvm::SmallVector<Value>{arith::AddIOp::create(nested, nestedLoc, args[1], one).getResult()};
  })[0];
  Value scalar = tensor::ExtractOp::create(b, loc, count, ValueRange{});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), scalar);
}

/// Sequential loops over [0, ubs) carrying (result, next write position): `write` is called,
/// when `selected(ivs)` holds, to store at the position; the position then advances by one.
Value writeSelected(OpBuilder &b, Location loc, ValueRange ubs, Value init,
                    llvm::function_ref<Value(OpBuilder &, Location, ValueRange)> selected,
                    llvm::function_ref<Value(OpBuilder &, Location, ValueRange, Value, Value)> write) {
  llvm::SmallVector<Value> lbs(ubs.size(), indexConstant(b, loc, 0)), steps(ubs.size(), indexConstant(b, loc, 1));
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, ValueRange{init, indexConstant(b, loc, 0)},
      [&](OpBuilder &nested, Location nestedLoc, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
    // Result types are inferred from the then-branch's yield.
    auto branch =
        scf::IfOp::create(nested, nestedLoc, selected(nested, nestedLoc, ivs), [&](OpBuilder &then, Location thenLoc) {
      Value written = write(then, thenLoc, ivs, carried[0], carried[1]);
      Value next = arith::AddIOp::create(then, thenLoc, carried[1], indexConstant(then, thenLoc, 1));
      scf::YieldOp::create(then, thenLoc, ValueRange{written, next});
    }, [&](OpBuilder &other, Location otherLoc) { scf::YieldOp::create(other, otherLoc, carried); });
    return {branch.getResult(0), branch.getResult(1)};
  });
  return nest.results[0];
}

/// ONNX NonZero: the indices of the non-zero elements, one column per element in row-major order,
/// one row per input dim ([rank, count]; a scalar gives [0, count]).
struct NonZeroLowering : AiccLowering<mlir::aicc::NonZeroOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::NonZeroOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    RankedTensorType type = loweredType(op.getY());
    if (type.getRank() != 2 || (!type.isDynamicDim(0) && type.getDimSize(0) != rank))
      return op.emitOpError("result must be [") << rank << ", count], got " << type;
    type = RankedTensorType::get({rank, ShapedType::kDynamic}, type.getElementType());

    Value count = countSelected(rewriter, loc, input, isNonZero);
    Value result = emptyTensor(rewriter, loc, type, ValueRange{count});
    if (rank > 0) {
      llvm::SmallVector<Value> sizes;
      for (int64_t d = 0; d < rank; ++d) sizes.push_back(tensor::DimOp::create(rewriter, loc, input, d));
      result = writeSelected(rewriter, loc, sizes, result, [&](OpBuilder &b, Location nestedLoc, ValueRange ivs) {
        return isNonZero(b, nestedLoc, tensor::ExtractOp::create(b, nestedLoc, input, ivs));
      }, [&](OpBuilder &b, Location nestedLoc, ValueRange ivs, Value into, Value column) {
        for (int64_t d = 0; d < rank; ++d) {
          Value coordinate = arith::IndexCastOp::create(b, nestedLoc, b.getI64Type(), ivs[d]);
          into = tensor::InsertOp::create(b, nestedLoc, coordinate, into,
                                          ValueRange{indexConstant(b, nestedLoc, d), column});
        }
        return into;
      });
    }
    if (result.getType() != loweredType(op.getY()))
      result = tensor::CastOp::create(rewriter, loc, loweredType(op.getY()), result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX Compress: the slices along `axis` (of the flattened input without one) whose condition
/// entry is true, in order; entries past the shorter of the two are dropped.
struct CompressLowering : AiccLowering<mlir::aicc::CompressOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::CompressOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Value condition = adaptor.getCondition();
    auto inputType = cast<RankedTensorType>(input.getType());
    if (cast<RankedTensorType>(condition.getType()).getRank() != 1)
      return op.emitOpError("condition must be 1-D, got ") << condition.getType();
    int64_t axis = 0;
    if (std::optional<int64_t> given = op.getAxis()) {
      std::optional<int64_t> normalized = normalizeAxis(*given, inputType.getRank());
      if (!normalized) return op.emitOpError("axis ") << *given << " is out of range for rank " << inputType.getRank();
      axis = *normalized;
    } else if (inputType.getRank() != 1) {
      llvm::SmallVector<ReassociationIndices> all{llvm::to_vector(llvm::seq<int64_t>(0, inputType.getRank()))};
      if (inputType.getRank() == 0) all.clear();
      input = inputType.getRank() == 0
                  ? tensor::ExpandShapeOp::create(rewriter, loc, RankedTensorType::get({1}, inputType.getElementType()),
                                                  input, all)
                        .getResult()
                  : tensor::CollapseShapeOp::create(rewriter, loc, input, all).getResult();
      inputType = cast<RankedTensorType>(input.getType());
    }
    int64_t rank = inputType.getRank();
    RankedTensorType type = loweredType(op.getOutput());
    if (type.getRank() != rank) return op.emitOpError("result must have rank ") << rank << ", got " << type;

    // Only the first min(axis size, condition size) entries select.
    Value length = arith::MinUIOp::create(rewriter, loc, tensor::DimOp::create(rewriter, loc, input, axis),
                                          tensor::DimOp::create(rewriter, loc, condition, 0));
    Value used = tensor::ExtractSliceOp::create(
        rewriter, loc, condition, llvm::ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0)},
        llvm::ArrayRef<OpFoldResult>{length}, llvm::ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
    Value count = countSelected(rewriter, loc, used, [](OpBuilder &, Location, Value c) { return c; });

    llvm::SmallVector<int64_t> shape(inputType.getShape());
    shape[axis] = ShapedType::kDynamic;
    auto resultType = RankedTensorType::get(shape, type.getElementType());
    llvm::SmallVector<Value> dynamicSizes;
    llvm::SmallVector<OpFoldResult> sliceSizes;
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis) {
        dynamicSizes.push_back(count);
        sliceSizes.push_back(rewriter.getIndexAttr(1));
        continue;
      }
      OpFoldResult size = tensor::getMixedSize(rewriter, loc, input, d);
      sliceSizes.push_back(size);
      if (resultType.isDynamicDim(d)) dynamicSizes.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, size));
    }
    Value result = emptyTensor(rewriter, loc, resultType, dynamicSizes);
    llvm::SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    result =
        writeSelected(rewriter, loc, ValueRange{length}, result, [&](OpBuilder &b, Location nestedLoc, ValueRange ivs) {
      return tensor::ExtractOp::create(b, nestedLoc, condition, ivs).getResult();
    }, [&](OpBuilder &b, Location nestedLoc, ValueRange ivs, Value into, Value position) {
      llvm::SmallVector<OpFoldResult> from(rank, b.getIndexAttr(0)), to(rank, b.getIndexAttr(0));
      from[axis] = ivs[0];
      to[axis] = position;
      Value slice = tensor::ExtractSliceOp::create(b, nestedLoc, input, from, sliceSizes, strides);
      return tensor::InsertSliceOp::create(b, nestedLoc, slice, into, to, sliceSizes, strides).getResult();
    });
    if (result.getType() != type) result = tensor::CastOp::create(rewriter, loc, type, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateSelectPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<CompressLowering, NonZeroLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
