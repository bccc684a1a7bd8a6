//===- Constant.cpp - aicc.Constant, aicc.none and their materializer -----===//
//
// Both ops are ConstantLike: the greedy folder asks their folders for the value of every instance
// it meets and expects an attribute back, so the folders must always succeed; the Constant
// verifier guarantees that its folder can.
//
//===----------------------------------------------------------------------===//

#include "dialects/AiccDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::aicc;

/// Whether a constant result of `type` can hold `value`: the types are equal, or `type` is the
/// value's type with a quantized element type stored as the value's element type (int8 weights of
/// a quantized model).
static bool canHold(Type type, ElementsAttr value) {
  ShapedType valueType = value.getShapedType();
  if (type == valueType) return true;
  auto tensorType = dyn_cast<RankedTensorType>(type);
  auto quantized = tensorType ? dyn_cast<quant::QuantizedType>(tensorType.getElementType()) : nullptr;
  return quantized && valueType.hasRank() && tensorType.getShape() == valueType.getShape() &&
         quantized.getStorageType() == valueType.getElementType();
}

/// The tensor a Constant stands for, from whichever of its attributes is set. ONNX Constant-13:
/// value_float(s), value_int(s) and value_string(s) are a float32, int64 or string scalar (or 1-D
/// tensor for the plural forms).
static ElementsAttr valueOf(ConstantOp op) {
  if (ElementsAttr value = op.getValueAttr()) return value;
  if (ElementsAttr value = op.getSparseValueAttr()) return value;
  Builder builder(op.getContext());
  auto tensor = [](ArrayRef<int64_t> shape, Type elementType) { return RankedTensorType::get(shape, elementType); };
  if (FloatAttr value = op.getValueFloatAttr())
    return DenseElementsAttr::get(tensor({}, builder.getF32Type()), ArrayRef<Attribute>(value));
  if (DenseF32ArrayAttr values = op.getValueFloatsAttr())
    return DenseElementsAttr::get(tensor({values.size()}, builder.getF32Type()), values.asArrayRef());
  if (IntegerAttr value = op.getValueIntAttr())
    return DenseElementsAttr::get(tensor({}, builder.getI64Type()), ArrayRef<Attribute>(value));
  if (DenseI64ArrayAttr values = op.getValueIntsAttr())
    return DenseElementsAttr::get(tensor({values.size()}, builder.getI64Type()), values.asArrayRef());
  Type stringType = StringType::get(op.getContext());
  if (StringAttr value = op.getValueStringAttr())
    return DenseStringElementsAttr::get(tensor({}, stringType), {value.getValue()});
  if (ArrayAttr values = op.getValueStringsAttr()) {
    SmallVector<StringRef> strings;
    for (auto value : values.getAsRange<StringAttr>()) strings.push_back(value.getValue());
    return DenseStringElementsAttr::get(tensor({static_cast<int64_t>(strings.size())}, stringType), strings);
  }
  return {};
}

LogicalResult ConstantOp::verify() {
  SmallVector<StringRef> present;
  for (StringRef name : getAttributeNames())
    if ((*this)->getAttr(name)) present.push_back(name);
  if (present.size() != 1)
    return emitOpError() << "needs exactly one of the attributes 'value', 'sparse_value' or "
                            "'value_*', got "
                         << present.size() << (present.empty() ? "" : ": '" + llvm::join(present, "', '") + "'");
  ElementsAttr value = valueOf(*this);
  if (!canHold(getType(), value))
    return emitOpError() << "result type " << getType() << " does not match the type " << value.getShapedType()
                         << " of attribute '" << present.front() << "'";
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return valueOf(*this); }

// aicc.none stands for "no value": UnitAttr, rebuilt by the materializer below.
OpFoldResult NoneOp::fold(FoldAdaptor) { return UnitAttr::get(getContext()); }

Operation *AiccDialect::materializeConstant(OpBuilder &builder, Attribute value, Type type, Location loc) {
  if (isa<UnitAttr>(value) && isa<NoneType>(type)) return NoneOp::create(builder, loc);
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || !canHold(type, elements)) return nullptr;
  return ConstantOp::create(builder, loc, elements, type);
}
