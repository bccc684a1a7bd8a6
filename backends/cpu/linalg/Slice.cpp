// Ops that cut or join tensors along axes: Concat (tensor.concat), Split and positive-step Slice
// (tensor.extract_slice), and those that need per-element index arithmetic: Slice with negative
// steps and Pad (constant, edge, reflect; negative pads crop), as a linalg.generic that computes
// each result element's source index and reads it with tensor.extract.
#include <algorithm>

#include "backends/cpu/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace aicc::cpu {
namespace {

using namespace mlir;
namespace onnx = ::mlir::aicc;

/// Per-element body of buildGather: the result element's loop indices → the source element to read.
using SourceElement = llvm::function_ref<Value(OpBuilder &, Location, llvm::ArrayRef<Value>)>;

/// A tensor of `type` whose every element is `element(indices)`: one linalg.generic with no inputs.
Value buildIndexed(OpBuilder &b, Location loc, RankedTensorType type, SourceElement element) {
  int64_t rank = type.getRank();
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{}, ValueRange{emptyTensor(b, loc, type)}, {b.getMultiDimIdentityMap(rank)},
      llvm::SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange) {
        linalg::YieldOp::create(nested, nestedLoc, element(nested, nestedLoc, loopIndices(nested, nestedLoc, rank)));
      });
  return generic.getResult(0);
}

Value index(OpBuilder &b, Location loc, int64_t value) { return arith::ConstantIndexOp::create(b, loc, value); }

struct ConcatLowering : AiccLowering<onnx::ConcatOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(onnx::ConcatOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = loweredType(op.getConcatResult());
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), type.getRank());
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    if (adaptor.getInputs().size() == 1) {
      rewriter.replaceOp(op, adaptor.getInputs().front());
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::ConcatOp>(op, type, *axis, adaptor.getInputs());
    return success();
  }
};

/// ONNX Split-13: the result types (static) give each part's size along the axis, so the optional
/// `split` input is not needed.
struct SplitLowering : AiccLowering<onnx::SplitOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(onnx::SplitOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), inputType.getRank());
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    llvm::SmallVector<Value> parts;
    int64_t offset = 0;
    for (Value output : op.getOutputs()) {
      RankedTensorType type = loweredType(output);
      llvm::SmallVector<int64_t> offsets(type.getRank(), 0), strides(type.getRank(), 1);
      offsets[*axis] = offset;
      offset += type.getDimSize(*axis);
      MLIRContext *context = getContext();
      parts.push_back(tensor::ExtractSliceOp::create(
          rewriter, op.getLoc(), type, adaptor.getInput(), getAsIndexOpFoldResult(context, offsets),
          getAsIndexOpFoldResult(context, type.getShape()), getAsIndexOpFoldResult(context, strides)));
    }
    if (offset != inputType.getDimSize(*axis))
      return op.emitOpError("the outputs' sizes along the axis do not add up to the input's");
    rewriter.replaceOp(op, parts);
    return success();
  }
};

/// ONNX Slice-13 with constant starts/ends/axes/steps. Bounds are resolved as the spec says:
/// negative values count from the end, then starts/ends are clamped to [0, dim] for positive steps
/// and to [0, dim-1] / [-1, dim-1] for negative steps.
struct SliceLowering : AiccLowering<onnx::SliceOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(onnx::SliceOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
    int64_t rank = inputType.getRank();
    auto starts = constantInts(adaptor.getStarts()), ends = constantInts(adaptor.getEnds());
    if (!starts || !ends) return op.emitOpError("starts and ends must be constants");
    llvm::SmallVector<int64_t> axes, steps(starts->size(), 1);
    if (isa<NoneType>(op.getAxes().getType())) {
      for (int64_t i = 0; i < (int64_t)starts->size(); ++i) axes.push_back(i);
    } else if (auto values = constantInts(adaptor.getAxes())) {
      axes = *values;
    } else {
      return op.emitOpError("axes must be a constant");
    }
    if (!isa<NoneType>(op.getSteps().getType())) {
      auto values = constantInts(adaptor.getSteps());
      if (!values) return op.emitOpError("steps must be a constant");
      steps = *values;
    }
    if (ends->size() != starts->size() || axes.size() != starts->size() || steps.size() != starts->size())
      return op.emitOpError("starts, ends, axes and steps must have the same length");

    llvm::SmallVector<int64_t> offsets(rank, 0), sizes(inputType.getShape()), strides(rank, 1);
    llvm::SmallVector<bool> seen(rank, false);
    for (size_t k = 0; k < starts->size(); ++k) {
      auto axis = normalizeAxis(axes[k], rank);
      if (!axis || seen[*axis]) return op.emitOpError("axes must be distinct and in range");
      seen[*axis] = true;
      int64_t dim = inputType.getDimSize(*axis), step = steps[k];
      if (step == 0) return op.emitOpError("steps must be nonzero");
      int64_t start = (*starts)[k], end = (*ends)[k];
      if (start < 0) start += dim;
      if (end < 0) end += dim;
      start = step > 0 ? std::clamp<int64_t>(start, 0, dim) : std::clamp<int64_t>(start, 0, dim - 1);
      end = step > 0 ? std::clamp<int64_t>(end, 0, dim) : std::clamp<int64_t>(end, -1, dim - 1);
      int64_t distance = step > 0 ? end - start : start - end, stride = step > 0 ? step : -step;
      offsets[*axis] = start;
      sizes[*axis] = std::max<int64_t>(0, (distance + stride - 1) / stride);
      strides[*axis] = step;
    }
    RankedTensorType type = loweredType(op.getOutput());
    if (type.getShape() != llvm::ArrayRef<int64_t>(sizes))
      return op.emitOpError("result type ") << op.getOutput().getType() << " does not match the slice bounds";

    Location loc = op.getLoc();
    if (llvm::all_of(strides, [](int64_t s) { return s > 0; })) {
      MLIRContext *context = getContext();
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, type, adaptor.getData(),
                                                          getAsIndexOpFoldResult(context, offsets),
                                                          getAsIndexOpFoldResult(context, sizes),
                                                          getAsIndexOpFoldResult(context, strides));
      return success();
    }
    // Negative steps: source index = start + i * step, read element by element.
    Value data = adaptor.getData();
    rewriter.replaceOp(op, buildIndexed(rewriter, loc, type, [&](OpBuilder &b, Location l, ArrayRef<Value> i) -> Value {
      llvm::SmallVector<Value> source;
      for (int64_t d = 0; d < rank; ++d)
        source.push_back(arith::AddIOp::create(b, l, index(b, l, offsets[d]),
                                               arith::MulIOp::create(b, l, i[d], index(b, l, strides[d]))));
      return tensor::ExtractOp::create(b, l, data, source);
    }));
    return success();
  }
};

/// ONNX Pad-13 (pads [begin_0, ..., begin_n, end_0, ..., end_n], constant). Each result element
/// reads source index i - begin, mapped back into [0, dim) per mode: `edge` clamps, `reflect`
/// mirrors without repeating the border (numpy.pad 'reflect', period 2 * (dim - 1)), `constant`
/// clamps for the read and selects constant_value outside.
struct PadLowering : AiccLowering<onnx::PadOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(onnx::PadOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    StringRef mode = op.getMode();
    if (mode != "constant" && mode != "edge" && mode != "reflect")
      return op.emitOpError("mode must be constant, edge or reflect, got \"") << mode << "\"";
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
    int64_t rank = inputType.getRank();
    auto pads = constantInts(adaptor.getPads());
    if (!pads) return op.emitOpError("pads must be a constant");
    if ((int64_t)pads->size() != 2 * rank) return op.emitOpError("pads must have 2 * rank = ") << 2 * rank << " values";
    RankedTensorType type = loweredType(op.getOutput());
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
        llvm::SmallVector<Value> zeros(valueType.getRank(), index(rewriter, loc, 0));
        padValue = tensor::ExtractOp::create(rewriter, loc, adaptor.getConstantValue(), zeros);
      }
      if (inputType.getNumElements() == 0) {
        rewriter.replaceOp(op, filledTensor(rewriter, loc, type, padValue));
        return success();
      }
    } else if (inputType.getNumElements() == 0 && type.getNumElements() != 0) {
      return op.emitOpError("mode \"") << mode << "\" cannot pad an empty tensor";
    }

    Value data = adaptor.getData();
    rewriter.replaceOp(op, buildIndexed(rewriter, loc, type, [&](OpBuilder &b, Location l, ArrayRef<Value> i) {
      Value inside = scalarConstant(b, l, b.getI1Type(), 1);
      llvm::SmallVector<Value> source;
      for (int64_t d = 0; d < rank; ++d) {
        int64_t begin = (*pads)[d], size = inputType.getDimSize(d);
        if (begin == 0 && (*pads)[rank + d] == 0) {
          source.push_back(i[d]);
          continue;
        }
        Value zero = index(b, l, 0), last = index(b, l, size - 1);
        Value s = arith::SubIOp::create(b, l, i[d], index(b, l, begin));
        if (mode == "reflect") {
          s = reflect(b, l, s, size);
        } else {
          if (mode == "constant") {
            Value low = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, s, zero);
            Value high = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, s, last);
            Value outside = arith::OrIOp::create(b, l, low, high);
            inside = arith::AndIOp::create(b, l, inside, arith::XOrIOp::create(b, l, outside, scalarConstant(b, l, b.getI1Type(), 1)));
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
    if (size == 1) return index(b, l, 0);
    Value period = index(b, l, 2 * (size - 1));
    Value m = arith::RemSIOp::create(b, l, s, period);
    Value negative = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, m, index(b, l, 0));
    m = arith::SelectOp::create(b, l, negative, arith::AddIOp::create(b, l, m, period), m);
    Value mirrored = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, m, index(b, l, size));
    return arith::SelectOp::create(b, l, mirrored, arith::SubIOp::create(b, l, period, m), m);
  }
};

} // namespace

void populateSlicePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConcatLowering, PadLowering, SliceLowering, SplitLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
