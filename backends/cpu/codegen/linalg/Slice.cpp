// Ops that cut or join tensors along axes: Concat (tensor.concat), Split and positive-step Slice
// (tensor.extract_slice), and those that need per-element index arithmetic: Slice with negative
// steps and Pad (constant, edge, reflect; negative pads crop), as a linalg.generic that computes
// each result element's source index and reads it with tensor.extract.
#include <algorithm>

#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/Sequence.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// Per-element body of buildGather: the result element's loop indices → the source element to read.
using SourceElement = llvm::function_ref<Value(OpBuilder &, Location, llvm::ArrayRef<Value>)>;

/// A tensor of `type` whose every element is `element(indices)`: one linalg.generic with no inputs.
Value buildIndexed(OpBuilder &b, Location loc, RankedTensorType type, SourceElement element) {
  int64_t rank = type.getRank();
  auto generic = linalg::GenericOp::create(b, loc, TypeRange{type}, ValueRange{}, ValueRange{emptyTensor(b, loc, type)},
                                           {b.getMultiDimIdentityMap(rank)},
                                           llvm::SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
                                           [&](OpBuilder &nested, Location nestedLoc, ValueRange) {
    linalg::YieldOp::create(nested, nestedLoc, element(nested, nestedLoc, loopIndices(nested, nestedLoc, rank)));
  });
  return generic.getResult(0);
}

struct ConcatLowering : AiccLowering<mlir::aicc::ConcatOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::ConcatOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = loweredType(op.getConcatResult());
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), type.getRank());
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    // An input empty along the axis adds nothing (tensor.concat would insert it past the end).
    SmallVector<Value> inputs;
    for (Value input : adaptor.getInputs())
      if (cast<RankedTensorType>(input.getType()).getDimSize(*axis) != 0) inputs.push_back(input);
    if (inputs.empty()) inputs.push_back(adaptor.getInputs().front());
    if (inputs.size() == 1) {
      Value input = inputs.front();
      if (input.getType() != type) input = tensor::CastOp::create(rewriter, op.getLoc(), type, input);
      rewriter.replaceOp(op, input);
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::ConcatOp>(op, type, *axis, inputs);
    return success();
  }
};

/// ONNX Split-13: the result types (static) give each part's size along the axis, so the optional
/// `split` input is not needed.
struct SplitLowering : AiccLowering<mlir::aicc::SplitOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::SplitOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), inputType.getRank());
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    llvm::SmallVector<Value> parts;
    int64_t offset = 0;
    for (Value output : op.getOutputs()) {
      RankedTensorType type = loweredType(output);
      if (type.isDynamicDim(*axis) || inputType.isDynamicDim(*axis))
        return op.emitOpError("the split axis must be static");
      llvm::SmallVector<int64_t> offsets(type.getRank(), 0), strides(type.getRank(), 1);
      offsets[*axis] = offset;
      offset += type.getDimSize(*axis);
      if (type.hasStaticShape() && type.getNumElements() == 0) {
        parts.push_back(emptyTensor(rewriter, op.getLoc(), type));
        continue;
      }
      // The other dims are the input's, symbolic ones included.
      llvm::SmallVector<OpFoldResult> sizes;
      for (int64_t d = 0; d < type.getRank(); ++d)
        sizes.push_back(d == *axis ? rewriter.getIndexAttr(type.getDimSize(d))
                                   : tensor::getMixedSize(rewriter, op.getLoc(), adaptor.getInput(), d));
      MLIRContext *context = getContext();
      parts.push_back(tensor::ExtractSliceOp::create(rewriter, op.getLoc(), type, adaptor.getInput(),
                                                     getAsIndexOpFoldResult(context, offsets), sizes,
                                                     getAsIndexOpFoldResult(context, strides)));
    }
    if (offset != inputType.getDimSize(*axis))
      return op.emitOpError("the outputs' sizes along the axis do not add up to the input's");
    rewriter.replaceOp(op, parts);
    return success();
  }
};

/// The `k`th element of a 1-D integer tensor as an index.
Value elementIndex(OpBuilder &b, Location loc, Value tensor, int64_t k) {
  Value element = tensor::ExtractOp::create(b, loc, tensor, ValueRange{indexConstant(b, loc, k)});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), element);
}

/// ONNX Slice-13. Bounds are resolved as the spec says: negative values count from the end, then
/// starts/ends are clamped to [0, dim] for positive steps and to [0, dim-1] / [-1, dim-1] for
/// negative steps. Constant bounds with positive steps become a tensor.extract_slice; otherwise
/// (negative steps, or starts/axes/steps only known at run time) each result element reads
/// data[start + i * step], with the result size taken from the static result type.
struct SliceLowering : AiccLowering<mlir::aicc::SliceOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }

  /// Per-dim start and step of a slice.
  struct Bounds {
    llvm::SmallVector<int64_t> starts, sizes, steps;
  };

  LogicalResult lower(mlir::aicc::SliceOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = loweredType(op.getOutput());
    if (type.hasStaticShape() && type.getNumElements() == 0) {
      rewriter.replaceOp(op, emptyTensor(rewriter, loc, type));
      return success();
    }
    auto starts = constantInts(adaptor.getStarts()), ends = constantInts(adaptor.getEnds());
    bool hasAxes = !isa<NoneType>(op.getAxes().getType()), hasSteps = !isa<NoneType>(op.getSteps().getType());
    auto axes = hasAxes ? constantInts(adaptor.getAxes()) : std::nullopt;
    auto steps = hasSteps ? constantInts(adaptor.getSteps()) : std::nullopt;
    bool symbolic = !cast<RankedTensorType>(adaptor.getData().getType()).hasStaticShape() || !type.hasStaticShape();
    bool runTimeBounds = !starts || !ends;
    if (symbolic || (runTimeBounds && (axes || !hasAxes) && (steps || !hasSteps))) {
      if ((hasAxes && !axes) || (hasSteps && !steps) ||
          (steps && llvm::any_of(*steps, [](int64_t s) { return s <= 0; })))
        return op.emitOpError("with symbolic dims or run-time starts or ends, axes and steps must be constants, "
                              "and the steps positive");
      FailureOr<Value> slice = symbolicSlice(op, rewriter, adaptor, starts, axes, steps, type);
      if (failed(slice)) return failure();
      rewriter.replaceOp(op, *slice);
      return success();
    }
    if (starts && ends && (axes || !hasAxes) && (steps || !hasSteps)) {
      FailureOr<Bounds> bounds = constantBounds(op, *starts, *ends, axes, steps);
      if (failed(bounds)) return failure();
      if (type.getShape() != llvm::ArrayRef<int64_t>(bounds->sizes))
        return op.emitOpError("result type ") << op.getOutput().getType() << " does not match the slice bounds";
      MLIRContext *context = getContext();
      if (llvm::all_of(bounds->steps, [](int64_t s) { return s > 0; })) {
        rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
            op, type, adaptor.getData(), getAsIndexOpFoldResult(context, bounds->starts),
            getAsIndexOpFoldResult(context, bounds->sizes), getAsIndexOpFoldResult(context, bounds->steps));
        return success();
      }
      llvm::SmallVector<Value> startValues, stepValues;
      for (auto [start, step] : llvm::zip(bounds->starts, bounds->steps)) {
        startValues.push_back(indexConstant(rewriter, loc, start));
        stepValues.push_back(indexConstant(rewriter, loc, step));
      }
      rewriter.replaceOp(op, strided(rewriter, loc, adaptor.getData(), type, startValues, stepValues));
      return success();
    }
    auto startsType = cast<RankedTensorType>(adaptor.getStarts().getType());
    if (startsType.getRank() != 1) return op.emitOpError("starts must be 1-D");
    auto [startValues, stepValues] = runtimeBounds(rewriter, loc, adaptor, startsType.getDimSize(0), hasAxes, hasSteps);
    rewriter.replaceOp(op, strided(rewriter, loc, adaptor.getData(), type, startValues, stepValues));
    return success();
  }

  /// A tensor.extract_slice whose offsets and sizes are computed at run time: the input's dims may
  /// be symbolic and the starts and ends (constant or not: a Loop's counter) are resolved as
  /// constantBounds does, for positive steps.
  FailureOr<Value> symbolicSlice(mlir::aicc::SliceOp op, ConversionPatternRewriter &b, OpAdaptor adaptor,
                                 std::optional<llvm::SmallVector<int64_t>> starts,
                                 std::optional<llvm::SmallVector<int64_t>> axes,
                                 std::optional<llvm::SmallVector<int64_t>> steps, RankedTensorType type) const {
    Location loc = op.getLoc();
    Value data = adaptor.getData();
    auto inputType = cast<RankedTensorType>(data.getType());
    int64_t rank = inputType.getRank();
    auto startsType = cast<RankedTensorType>(adaptor.getStarts().getType());
    if (startsType.getRank() != 1 || startsType.isDynamicDim(0))
      return op.emitOpError("starts must be 1-D of static length");
    size_t n = startsType.getDimSize(0);
    auto endsType = cast<RankedTensorType>(adaptor.getEnds().getType());
    if (endsType.getRank() != 1 || endsType.isDynamicDim(0)) return op.emitOpError("ends must be 1-D of static length");
    std::string reason;
    FailureOr<mlir::aicc::SliceAxes> sliced =
        mlir::aicc::sliceAxes(n, endsType.getDimSize(0), axes, steps, rank, reason);
    if (failed(sliced)) return op.emitOpError(reason);
    llvm::SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)), sizes, strides(rank, b.getIndexAttr(1));
    for (int64_t d = 0; d < rank; ++d) sizes.push_back(tensor::getMixedSize(b, loc, data, d));
    Value zero = indexConstant(b, loc, 0);
    for (auto [k, axis, stepSize] : llvm::enumerate(sliced->axes, sliced->steps)) {
      Value dim = getValueOrCreateConstantIndexOp(b, loc, sizes[axis]);
      // start and end: negative counts from the end, then clamped to [0, dim].
      auto resolve = [&](Value bound) {
        Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, bound, zero);
        Value shifted = arith::SelectOp::create(b, loc, negative, arith::AddIOp::create(b, loc, bound, dim), bound);
        return arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, shifted, zero), dim).getResult();
      };
      Value start =
          resolve(starts ? indexConstant(b, loc, (*starts)[k]) : elementIndex(b, loc, adaptor.getStarts(), k));
      Value end = resolve(elementIndex(b, loc, adaptor.getEnds(), k));
      Value step = indexConstant(b, loc, stepSize);
      // ceil((end - start) / step), at least 0.
      Value distance = arith::MaxSIOp::create(b, loc, arith::SubIOp::create(b, loc, end, start), zero);
      Value count = arith::DivUIOp::create(
          b, loc, arith::AddIOp::create(b, loc, distance, indexConstant(b, loc, stepSize - 1)), step);
      offsets[axis] = start;
      sizes[axis] = count;
      strides[axis] = b.getIndexAttr(stepSize);
    }
    Value slice = tensor::ExtractSliceOp::create(b, loc, data, offsets, sizes, strides);
    if (slice.getType() != type) {
      if (!tensor::CastOp::areCastCompatible(slice.getType(), type))
        return op.emitOpError("result type ") << op.getOutput().getType() << " does not match the slice bounds";
      slice = tensor::CastOp::create(b, loc, type, slice);
    }
    return slice;
  }

  FailureOr<Bounds> constantBounds(mlir::aicc::SliceOp op, llvm::ArrayRef<int64_t> starts, llvm::ArrayRef<int64_t> ends,
                                   std::optional<llvm::SmallVector<int64_t>> axes,
                                   std::optional<llvm::SmallVector<int64_t>> steps) const {
    auto inputType = cast<RankedTensorType>(op.getData().getType());
    std::string reason;
    FailureOr<mlir::aicc::SliceAxes> sliced =
        mlir::aicc::sliceAxes(starts.size(), ends.size(), axes, steps, inputType.getRank(), reason);
    if (failed(sliced)) return op.emitOpError(reason);
    Bounds bounds{llvm::SmallVector<int64_t>(inputType.getRank(), 0), llvm::SmallVector<int64_t>(inputType.getShape()),
                  llvm::SmallVector<int64_t>(inputType.getRank(), 1)};
    for (auto [k, axis, step] : llvm::enumerate(sliced->axes, sliced->steps)) {
      mlir::aicc::SliceRange range = mlir::aicc::sliceRange(starts[k], ends[k], step, inputType.getDimSize(axis));
      bounds.starts[axis] = range.start;
      bounds.sizes[axis] = range.count;
      bounds.steps[axis] = step;
    }
    return bounds;
  }

  /// Per-dim (start, step) computed at run time: dim d takes the k-th start/step whose axis is d
  /// (default 0 and 1), then the start is resolved like constantBounds does.
  std::pair<llvm::SmallVector<Value>, llvm::SmallVector<Value>>
  runtimeBounds(OpBuilder &b, Location loc, OpAdaptor adaptor, int64_t n, bool hasAxes, bool hasSteps) const {
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
    int64_t rank = inputType.getRank();
    Value zero = indexConstant(b, loc, 0), rankValue = indexConstant(b, loc, rank);
    llvm::SmallVector<Value> starts(rank, zero), steps(rank, indexConstant(b, loc, 1));
    for (int64_t k = 0; k < n; ++k) {
      Value axis = indexConstant(b, loc, k);
      if (hasAxes) {
        axis = elementIndex(b, loc, adaptor.getAxes(), k);
        Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, axis, zero);
        axis = arith::SelectOp::create(b, loc, negative, arith::AddIOp::create(b, loc, axis, rankValue), axis);
      }
      Value start = elementIndex(b, loc, adaptor.getStarts(), k);
      Value step = hasSteps ? elementIndex(b, loc, adaptor.getSteps(), k) : indexConstant(b, loc, 1);
      for (int64_t d = 0; d < rank; ++d) {
        Value hit = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, axis, indexConstant(b, loc, d));
        starts[d] = arith::SelectOp::create(b, loc, hit, start, starts[d]);
        steps[d] = arith::SelectOp::create(b, loc, hit, step, steps[d]);
      }
    }
    for (int64_t d = 0; d < rank; ++d) {
      Value dim = indexConstant(b, loc, inputType.getDimSize(d));
      Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, starts[d], zero);
      Value start = arith::SelectOp::create(b, loc, negative, arith::AddIOp::create(b, loc, starts[d], dim), starts[d]);
      Value forward = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, steps[d], zero);
      Value upper = arith::SelectOp::create(b, loc, forward, dim, indexConstant(b, loc, inputType.getDimSize(d) - 1));
      starts[d] = arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, start, zero), upper);
    }
    return {starts, steps};
  }

  /// result[i] = data[start + i * step], the source index clamped into the data so that run-time
  /// bounds that disagree with the static result shape cannot read outside it.
  static Value strided(OpBuilder &b, Location loc, Value data, RankedTensorType type, llvm::ArrayRef<Value> starts,
                       llvm::ArrayRef<Value> steps) {
    auto dataType = cast<RankedTensorType>(data.getType());
    return buildIndexed(b, loc, type, [&](OpBuilder &nb, Location l, ArrayRef<Value> i) -> Value {
      llvm::SmallVector<Value> source;
      for (int64_t d = 0; d < dataType.getRank(); ++d) {
        Value s = arith::AddIOp::create(nb, l, starts[d], arith::MulIOp::create(nb, l, i[d], steps[d]));
        s = arith::MaxSIOp::create(nb, l, s, indexConstant(nb, l, 0));
        source.push_back(arith::MinSIOp::create(nb, l, s, indexConstant(nb, l, dataType.getDimSize(d) - 1)));
      }
      return tensor::ExtractOp::create(nb, l, data, source);
    });
  }
};

/// ONNX Pad-13 (pads [begin_0, ..., begin_n, end_0, ..., end_n], constant). Each result element
/// reads source index i - begin, mapped back into [0, dim) per mode: `edge` clamps, `reflect`
/// mirrors without repeating the border (numpy.pad 'reflect', period 2 * (dim - 1)), `constant`
/// clamps for the read and selects constant_value outside.
struct PadLowering : AiccLowering<mlir::aicc::PadOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::PadOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    StringRef mode = op.getMode();
    if (mode != "constant" && mode != "edge" && mode != "reflect")
      return op.emitOpError("mode must be constant, edge or reflect, got \"") << mode << "\"";
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
    int64_t rank = inputType.getRank();
    RankedTensorType type = loweredType(op.getOutput());
    // Constant pads are checked against the result shape; run-time pads must agree with it (the
    // source index is clamped either way).
    auto pads = constantInts(adaptor.getPads());
    if (cast<RankedTensorType>(adaptor.getPads().getType()).getNumElements() != 2 * rank)
      return op.emitOpError("pads must have 2 * rank = ") << 2 * rank << " values";
    if (pads)
      for (int64_t d = 0; d < rank; ++d)
        if (type.getDimSize(d) != inputType.getDimSize(d) + (*pads)[d] + (*pads)[rank + d])
          return op.emitOpError("result type ") << op.getOutput().getType() << " does not match the pads";

    Value padValue;
    if (mode == "constant") {
      if (isa<NoneType>(op.getConstantValue().getType())) {
        padValue = scalarConstant(rewriter, loc, type.getElementType(), 0);
      } else {
        auto valueType = cast<RankedTensorType>(adaptor.getConstantValue().getType());
        if (valueType.getNumElements() != 1) return op.emitOpError("constant_value must be a scalar");
        llvm::SmallVector<Value> zeros(valueType.getRank(), indexConstant(rewriter, loc, 0));
        padValue = tensor::ExtractOp::create(rewriter, loc, adaptor.getConstantValue(), zeros);
      }
      if (inputType.getNumElements() == 0) {
        rewriter.replaceOp(op, filledTensor(rewriter, loc, type, padValue));
        return success();
      }
    } else if (inputType.getNumElements() == 0 && type.getNumElements() != 0) {
      return op.emitOpError("mode \"") << mode << "\" cannot pad an empty tensor";
    }

    llvm::SmallVector<Value> begins;
    for (int64_t d = 0; d < rank; ++d)
      begins.push_back(pads ? indexConstant(rewriter, loc, (*pads)[d])
                            : elementIndex(rewriter, loc, adaptor.getPads(), d));
    Value data = adaptor.getData();
    rewriter.replaceOp(op, buildIndexed(rewriter, loc, type, [&](OpBuilder &b, Location l, ArrayRef<Value> i) {
      Value inside = scalarConstant(b, l, b.getI1Type(), 1);
      llvm::SmallVector<Value> source;
      for (int64_t d = 0; d < rank; ++d) {
        int64_t size = inputType.getDimSize(d);
        if (pads && (*pads)[d] == 0 && (*pads)[rank + d] == 0) {
          source.push_back(i[d]);
          continue;
        }
        Value zero = indexConstant(b, l, 0), last = indexConstant(b, l, size - 1);
        Value s = arith::SubIOp::create(b, l, i[d], begins[d]);
        if (mode == "reflect") {
          s = reflect(b, l, s, size);
        } else {
          if (mode == "constant") {
            Value low = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, s, zero);
            Value high = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sle, s, last);
            inside = arith::AndIOp::create(b, l, inside, arith::AndIOp::create(b, l, low, high));
          }
          s = arith::MinSIOp::create(b, l, arith::MaxSIOp::create(b, l, s, zero), last);
        }
        source.push_back(s);
      }
      Value element = tensor::ExtractOp::create(b, l, data, source);
      return mode == "constant" ? (Value)arith::SelectOp::create(b, l, inside, element, padValue) : element;
    }));
    return success();
  }

  /// numpy 'reflect' of index s into [0, size): period p = 2 * (size - 1), m = s mod p in [0, p),
  /// then m if m < size else p - m.
  static Value reflect(OpBuilder &b, Location l, Value s, int64_t size) {
    if (size == 1) return indexConstant(b, l, 0);
    Value period = indexConstant(b, l, 2 * (size - 1));
    Value m = arith::RemSIOp::create(b, l, s, period);
    Value negative = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, m, indexConstant(b, l, 0));
    m = arith::SelectOp::create(b, l, negative, arith::AddIOp::create(b, l, m, period), m);
    Value mirrored = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, m, indexConstant(b, l, size));
    return arith::SelectOp::create(b, l, mirrored, arith::SubIOp::create(b, l, period, m), m);
  }
};

} // namespace

void populateSlicePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConcatLowering, PadLowering, SliceLowering, SplitLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
