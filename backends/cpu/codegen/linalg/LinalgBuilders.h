// Shared by the aicc → linalg lowerings (ConvertAiccToLinalg): the type converter, the pattern base
// that checks what every lowering assumes (static shapes, no quantized or string tensors), and
// builders for the structured ops most lowerings need (broadcasting elementwise maps, reductions,
// reshapes, scalar constants).
#ifndef AICC_BACKENDS_CPU_CODEGEN_LINALG_LINALGBUILDERS_H
#define AICC_BACKENDS_CPU_CODEGEN_LINALG_LINALGBUILDERS_H

#include <functional>
#include <optional>

#include "backends/cpu/TensorReshape.h"
#include "dialects/OnnxSemantics.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace aicc::cpu {

/// Unsigned integer element types become signless (uiN → iN) in tensor types and function
/// signatures; a sequence or an optional becomes a list (an !llvm.ptr to the session's
/// aicc_list; an optional tensor's holds that tensor alone); every other type is kept. Lowerings
/// that care about signedness (division, comparison, casts, min/max) read it from the original
/// aicc op's types.
class SignlessTypeConverter : public mlir::TypeConverter {
public:
  SignlessTypeConverter();
};

/// Whether every operand and result of `op` is NoneType or a ranked tensor, statically shaped
/// unless `symbolicDims`, of an element type the lowerings handle (float, signless/unsigned
/// integer, i1). Emits an error on `op` if not.
mlir::LogicalResult checkLowerableTypes(mlir::Operation *op, bool symbolicDims);

/// Base of the aicc → linalg patterns: runs checkLowerableTypes first, so that `lower` can assume
/// static shapes (unless the lowering takes symbolic dims), then hands over to the op's lowering.
template <typename OpTy> class AiccLowering : public mlir::OpConversionPattern<OpTy> {
public:
  using OpAdaptor = typename mlir::OpConversionPattern<OpTy>::OpAdaptor;
  using mlir::OpConversionPattern<OpTy>::OpConversionPattern;

  mlir::LogicalResult matchAndRewrite(OpTy op, OpAdaptor adaptor,
                                      mlir::ConversionPatternRewriter &rewriter) const final {
    if (mlir::failed(checkLowerableTypes(op, takesSymbolicDims()))) return mlir::failure();
    return lower(op, adaptor, rewriter);
  }

protected:
  /// Whether `lower` handles dynamic dims (sizes from tensor.dim of its operands).
  virtual bool takesSymbolicDims() const { return false; }

  virtual mlir::LogicalResult lower(OpTy op, OpAdaptor adaptor, mlir::ConversionPatternRewriter &rewriter) const = 0;

  /// The lowered (signless) type of `value`'s type.
  mlir::RankedTensorType loweredType(mlir::Value value) const {
    return this->getTypeConverter()->template convertType<mlir::RankedTensorType>(value.getType());
  }
};

/// Element-level body of a linalg.generic: the current elements of the inputs → the result element.
using ScalarBody = llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// One linalg.generic computing `body` over `inputs` broadcast to `resultType` (ONNX
/// multidirectional broadcasting: shapes aligned from the right, size-1 dims stretched). Broadcast
/// unit dims are collapsed away first, so every indexing map is a projected permutation. Fails if
/// an input does not broadcast to `resultType`.
mlir::FailureOr<mlir::Value> buildElementwise(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType resultType,
                                              mlir::ValueRange inputs, ScalarBody body);

/// The scalar formula of an elementwise op: (op, builder, loc, operand elements) → result element.
template <typename OpTy> using ElementwiseFormula =
    std::function<mlir::Value(OpTy, mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// Lowers an op whose operands all broadcast to its single result to one buildElementwise.
template <typename OpTy> class ElementwiseLowering : public AiccLowering<OpTy> {
public:
  ElementwiseLowering(mlir::TypeConverter &converter, mlir::MLIRContext *context, ElementwiseFormula<OpTy> formula)
      : AiccLowering<OpTy>(converter, context), formula(std::move(formula)) {}

protected:
  bool takesSymbolicDims() const override { return true; }
  mlir::LogicalResult lower(OpTy op, typename AiccLowering<OpTy>::OpAdaptor adaptor,
                            mlir::ConversionPatternRewriter &rewriter) const override {
    auto result = buildElementwise(
        rewriter, op.getLoc(), this->loweredType(op->getResult(0)), adaptor.getOperands(),
        [&](mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange args) { return formula(op, b, loc, args); });
    if (mlir::failed(result)) return op.emitOpError("operand shapes do not broadcast to the result shape");
    rewriter.replaceOp(op, *result);
    return mlir::success();
  }

private:
  ElementwiseFormula<OpTy> formula;
};

/// A linalg.generic reducing `input` over `dims` into tensors holding `inits` (one per result,
/// element types from the init values), the reduced dims dropped from the result shape. `body` gets
/// the input element followed by the accumulators and returns the new accumulators.
using ReductionBody =
    llvm::function_ref<llvm::SmallVector<mlir::Value>(mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;
llvm::SmallVector<mlir::Value> buildReduction(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                                              llvm::ArrayRef<int64_t> dims, mlir::ValueRange inits, ReductionBody body);

/// The ONNX reductions, each with its own identity, combiner and final step. buildReduce and
/// buildArgExtremum are defined in Reduction.cpp.
enum class ReduceKind { Sum, Mean, Max, Min, Prod, L1, L2, SumSquare, LogSum, LogSumExp };

/// `input` reduced over `dims` as ONNX Reduce<kind> does, the reduced dims dropped. Integer inputs of
/// the kinds with a float final step (L2, LogSum, LogSumExp) are computed in f64 and truncated back.
mlir::Value buildReduce(mlir::OpBuilder &b, mlir::Location loc, ReduceKind kind, mlir::Value input,
                        llvm::ArrayRef<int64_t> dims, bool isUnsigned);

/// The max of float `input` over `dims` (dropped) that softmax and LogSumExp subtract before exp,
/// for range only: unlike ReduceKind::Max it need not propagate NaN itself.
mlir::Value buildShiftMax(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input, llvm::ArrayRef<int64_t> dims);

/// The i64 index of the largest (`max`) or smallest element along `axis`, the axis dropped; ties
/// go to the first index, or the last with `selectLast` (ONNX ArgMax/ArgMin), NaN wins like numpy.
mlir::Value buildArgExtremum(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input, int64_t axis, bool max,
                             bool selectLast, bool isUnsigned);

/// `input` with its `dims` (sorted) reinserted as size-1 dims: the keepdims form of a reduction.
mlir::Value keepReducedDims(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input, llvm::ArrayRef<int64_t> dims,
                            int64_t rank);

/// A tensor.empty of `type`, with the sizes of its dynamic dims.
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type,
                        mlir::ValueRange dynamicSizes = {});

using PositionBody = llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::ValueRange indices,
                                                    mlir::ValueRange inputs)>;

/// One linalg.generic over a fresh tensor of `type` (dynamic dims `sizes`); `body` gets the
/// element's indices and the elements of `inputs` (of the result's shape) and returns the element.
mlir::Value generate(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type, mlir::ValueRange sizes,
                     mlir::ValueRange inputs, PositionBody body);

/// A tensor of `type` with every element equal to the scalar `value`.
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type, mlir::Value value,
                         mlir::ValueRange dynamicSizes = {});

/// An arith.constant of the float or integer `type` holding `value` (for i1: value != 0).
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type, double value);

/// The element of a one-element tensor (of any rank): a condition, a trip count, a position.
mlir::Value scalarOf(mlir::OpBuilder &b, mlir::Location loc, mlir::Value tensor);

/// The scalar `x` converted to the element type `to` as ONNX Cast converts (Cast.cpp);
/// `fromUnsigned`/`toUnsigned` give the ONNX signedness of integer types.
mlir::Value convertElement(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x, mlir::Type to, bool fromUnsigned,
                           bool toUnsigned);

/// scalarConstant of `like`'s type.
mlir::Value constantLike(mlir::OpBuilder &b, mlir::Location loc, mlir::Value like, double value);

/// An index constant.
mlir::Value indexConstant(mlir::OpBuilder &b, mlir::Location loc, int64_t value);

/// max(x, y) (`max`) or min(x, y) of two scalars: NaN-propagating for floats (numpy.maximum, which
/// ONNX's reference uses), signed or unsigned for integers.
mlir::Value scalarExtremum(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x, mlir::Value y, bool max,
                           bool isUnsigned);

/// The identity of max (lowest value) or min (highest value) for `type`: ∓inf for floats, the
/// integer bound honouring `isUnsigned`.
mlir::Value reductionBound(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type, bool lowest, bool isUnsigned);

/// The integer elements of `value` if it is a constant (aicc.Constant or arith.constant).
std::optional<llvm::SmallVector<int64_t>> constantInts(mlir::Value value);

/// ONNX's axis rule, as every stage applies it (dialects/OnnxSemantics.h).
using ::mlir::aicc::normalizeAxis;

/// Whether `type` (a tensor type or an element type) has an unsigned integer element type.
bool isUnsignedElement(mlir::Type type);

/// linalg.index of loop dims 0..rank-1, inside the body of a linalg.generic.
llvm::SmallVector<mlir::Value> loopIndices(mlir::OpBuilder &b, mlir::Location loc, int64_t rank);

/// `index` (any integer type) as an `index` in [0, size): negative values count from the end
/// (ONNX Gather/GatherElements), then clamped so that a bad index cannot read out of bounds.
mlir::Value wrapAndClampIndex(mlir::OpBuilder &b, mlir::Location loc, mlir::Value index, int64_t size);
/// The same for a size known at run time (an index value).
mlir::Value wrapAndClampIndex(mlir::OpBuilder &b, mlir::Location loc, mlir::Value index, mlir::Value size);

/// Scalar float arithmetic at one insertion point, in one element type: the coordinate math of the
/// sampling ops (RoiAlign, GridSample).
struct FloatMath {
  mlir::OpBuilder &b;
  mlir::Location l;
  mlir::Type element;

  mlir::Value constant(double v) const { return scalarConstant(b, l, element, v); }
  mlir::Value add(mlir::Value p, mlir::Value q) const { return mlir::arith::AddFOp::create(b, l, p, q); }
  mlir::Value sub(mlir::Value p, mlir::Value q) const { return mlir::arith::SubFOp::create(b, l, p, q); }
  mlir::Value mul(mlir::Value p, mlir::Value q) const { return mlir::arith::MulFOp::create(b, l, p, q); }
  mlir::Value div(mlir::Value p, mlir::Value q) const { return mlir::arith::DivFOp::create(b, l, p, q); }
  mlir::Value max(mlir::Value p, mlir::Value q) const { return mlir::arith::MaximumFOp::create(b, l, p, q); }
  mlir::Value min(mlir::Value p, mlir::Value q) const { return mlir::arith::MinimumFOp::create(b, l, p, q); }
  mlir::Value select(mlir::Value condition, mlir::Value p, mlir::Value q) const {
    return mlir::arith::SelectOp::create(b, l, condition, p, q);
  }
  /// v within [low, high], NaN as low: a float about to become an index (fptosi of NaN, inf or a
  /// value past the integer range is poison), so that no read can leave the tensor.
  mlir::Value clampForIndex(mlir::Value v, double low, double high) const {
    mlir::Value atLeast = mlir::arith::CmpFOp::create(b, l, mlir::arith::CmpFPredicate::OGE, v, constant(low));
    v = select(atLeast, v, constant(low));
    mlir::Value atMost = mlir::arith::CmpFOp::create(b, l, mlir::arith::CmpFPredicate::OLE, v, constant(high));
    return select(atMost, v, constant(high));
  }
  /// An index as a float of `element`.
  mlir::Value fromIndex(mlir::Value index) const {
    return mlir::arith::UIToFPOp::create(b, l, element, mlir::arith::IndexCastOp::create(b, l, b.getI64Type(), index));
  }
};

// One pattern family per file: linalg/Elementwise.cpp (unary ops, activations), Binary.cpp
// (broadcasting binary and variadic ops), Cast.cpp, Reduction.cpp, Softmax.cpp, Shape.cpp, Constant.cpp,
// Slice.cpp, Gather.cpp, Dropout.cpp, Pool.cpp, Normalization.cpp, Resize.cpp, Select.cpp, OneHot.cpp, Trilu.cpp,
// CumSum.cpp, TopK.cpp, Generators.cpp, ReverseSequence.cpp, NonMaxSuppression.cpp, Det.cpp, RoiOps.cpp,
// GridSample.cpp, Unique.cpp, Quantize.cpp.
void populateElementwisePatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateBinaryPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateCastPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateReductionPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateSoftmaxPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateShapePatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateConstantPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateSlicePatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateGatherPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateDropoutPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populatePoolPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateNormalizationPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateResizePatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateSelectPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateOneHotPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateTriluPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateCumSumPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateTopKPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateUniquePatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateQuantizePatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateGeneratorPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateReverseSequencePatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateNonMaxSuppressionPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateDetPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateRoiPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateGridSamplePatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateDftPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateScatterPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateIfPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateLoopPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
void populateSequencePatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_CODEGEN_LINALG_LINALGBUILDERS_H
