// Ops whose value is known from attributes and static shapes, or is an index formula: Constant,
// none, Shape, Size, ConstantOfShape, Range. Large constants stay DenseResourceElementsAttr (the
// importer's weights), which bufferization turns into read-only memref.globals.
#include <algorithm>

#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "dialects/ShapeInference.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// `value` with `type` (the signless form of its type): the same bytes reinterpreted.
ElementsAttr retype(ElementsAttr value, RankedTensorType type) {
  if (value.getType() == type) return value;
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) return dense.bitcast(type.getElementType());
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return DenseResourceElementsAttr::get(type, resource.getRawHandle());
  return nullptr;
}

/// The scalar of a one-element attribute as a constant of the signless `type`.
TypedAttr scalarAttr(ElementsAttr value, Type type) {
  Attribute element = *value.value_begin<Attribute>();
  if (auto integer = dyn_cast<IntegerAttr>(element)) return IntegerAttr::get(type, integer.getValue());
  return cast<FloatAttr>(element);
}

struct ConstantLowering : AiccLowering<mlir::aicc::ConstantOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::ConstantOp op, OpAdaptor, ConversionPatternRewriter &rewriter) const override {
    // The importer and the dialect's canonical form keep every Constant's value in `value`.
    ElementsAttr value = op.getValueAttr();
    ElementsAttr lowered = value ? retype(value, loweredType(op.getOutput())) : nullptr;
    if (!lowered) return op.emitOpError("only dense `value` constants can be lowered");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, cast<TypedAttr>(lowered));
    return success();
  }
};

/// An absent optional input: its users are lowered with it, so it goes with no replacement.
struct NoneLowering : OpConversionPattern<mlir::aicc::NoneOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(mlir::aicc::NoneOp op, OpAdaptor, ConversionPatternRewriter &rewriter) const override {
    rewriter.eraseOp(op);
    return success();
  }
};

/// ONNX Shape-15: the dims [start, end) of the input shape; negative bounds count from the end and
/// both are clamped to [0, rank]. A constant when they are static, else built from tensor.dim.
struct ShapeLowering : AiccLowering<mlir::aicc::ShapeOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::ShapeOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    llvm::ArrayRef<int64_t> shape = cast<RankedTensorType>(op.getData().getType()).getShape();
    int64_t rank = shape.size();
    auto [start, end] = ::mlir::aicc::shapeRange(op.getStart(), op.getEnd(), rank);
    llvm::SmallVector<int64_t> dims(shape.begin() + start, shape.begin() + end);
    RankedTensorType resultType = loweredType(op.getShape());
    // The result may be typed tensor<?xi64> when the input's rank was only known after import.
    auto type = RankedTensorType::get({(int64_t)dims.size()}, resultType.getElementType());
    if (!tensor::CastOp::areCastCompatible(type, resultType))
      return op.emitOpError("result type ") << op.getShape().getType() << " does not hold " << dims.size() << " dims";
    Value result;
    if (!ShapedType::isDynamicShape(dims)) {
      result =
          arith::ConstantOp::create(rewriter, op.getLoc(), DenseElementsAttr::get(type, llvm::ArrayRef<int64_t>(dims)));
    } else {
      llvm::SmallVector<Value> elements;
      for (int64_t d = start; d < end; ++d) {
        Value size = tensor::DimOp::create(rewriter, op.getLoc(), adaptor.getData(), d);
        elements.push_back(arith::IndexCastOp::create(rewriter, op.getLoc(), type.getElementType(), size));
      }
      result = tensor::FromElementsOp::create(rewriter, op.getLoc(), type, elements);
    }
    if (type != resultType) result = tensor::CastOp::create(rewriter, op.getLoc(), resultType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SizeLowering : AiccLowering<mlir::aicc::SizeOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::SizeOp op, OpAdaptor, ConversionPatternRewriter &rewriter) const override {
    int64_t size = cast<RankedTensorType>(op.getData().getType()).getNumElements();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, DenseElementsAttr::get(loweredType(op.getSize()), size));
    return success();
  }
};

/// ONNX ConstantOfShape: the output shape filled with `value` (default float32 0). A symbolic dim
/// takes its size from the tensor dim the shape copies (PyTorch's zero initial states of a
/// recurrent op: [layers, x.size(1), hidden]).
struct ConstantOfShapeLowering : AiccLowering<mlir::aicc::ConstantOfShapeOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::ConstantOfShapeOp op, OpAdaptor, ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = loweredType(op.getOutput());
    llvm::SmallVector<Value> sizes;
    if (!type.hasStaticShape()) {
      std::optional<llvm::SmallVector<mlir::aicc::ShapeElement>> elements = mlir::aicc::shapeElements(op.getInput());
      if (!elements || (int64_t)elements->size() != type.getRank())
        return op.emitOpError("result has type ")
               << op.getOutput().getType() << ": its symbolic dims must be dims of tensors"
               << " (Shape -> Gather -> Concat), not computed values";
      for (int64_t d = 0; d < type.getRank(); ++d) {
        if (!type.isDynamicDim(d)) continue;
        const mlir::aicc::ShapeElement &element = (*elements)[d];
        if (!element.of) return op.emitOpError("dim ") << d << " of the result is symbolic but its size is a constant";
        sizes.push_back(
            tensor::DimOp::create(rewriter, op.getLoc(), rewriter.getRemappedValue(element.of), element.dim));
      }
    }
    Value fill;
    if (ElementsAttr value = op.getValueAttr()) {
      if (value.getNumElements() != 1) return op.emitOpError("value must hold one element");
      fill = arith::ConstantOp::create(rewriter, op.getLoc(), scalarAttr(value, type.getElementType()));
    } else {
      fill = scalarConstant(rewriter, op.getLoc(), type.getElementType(), 0);
    }
    if (fill.getType() != type.getElementType())
      return op.emitOpError("value type ") << fill.getType() << " differs from the result element type";
    rewriter.replaceOp(op, filledTensor(rewriter, op.getLoc(), type, fill, sizes));
    return success();
  }
};

/// ONNX Range: output[i] = start + i * delta for the (static) number of elements shape inference
/// found; start and delta may be runtime scalars.
struct RangeLowering : AiccLowering<mlir::aicc::RangeOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::RangeOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = loweredType(op.getOutput());
    if (type.getRank() != 1) return op.emitOpError("result must be 1-D");
    auto result = buildElementwise(rewriter, op.getLoc(), type, {adaptor.getStart(), adaptor.getDelta()},
                                   [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
      Value i = arith::IndexCastOp::create(b, loc, b.getI64Type(), linalg::IndexOp::create(b, loc, 0));
      Type element = args[0].getType();
      if (isa<FloatType>(element)) {
        i = arith::SIToFPOp::create(b, loc, element, i);
        return arith::AddFOp::create(b, loc, args[0], arith::MulFOp::create(b, loc, i, args[1]));
      }
      if (element != i.getType()) i = arith::TruncIOp::create(b, loc, element, i);
      return arith::AddIOp::create(b, loc, args[0], arith::MulIOp::create(b, loc, i, args[1]));
    });
    if (failed(result)) return op.emitOpError("start and delta must be scalars");
    rewriter.replaceOp(op, *result);
    return success();
  }
};

} // namespace

void populateConstantPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, ConstantOfShapeLowering, RangeLowering, ShapeLowering, SizeLowering>(
      converter, patterns.getContext());
  patterns.add<NoneLowering>(patterns.getContext());
}

} // namespace aicc::cpu
