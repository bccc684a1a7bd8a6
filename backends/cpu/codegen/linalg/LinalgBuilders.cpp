// Builders shared by the aicc → linalg lowerings; see LinalgBuilders.h.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"

#include "dialects/AiccDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/Matchers.h"

namespace aicc::cpu {

using namespace mlir;

SignlessTypeConverter::SignlessTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](IntegerType type) -> Type {
    if (!type.isUnsigned()) return type;
    return IntegerType::get(type.getContext(), type.getWidth());
  });
  addConversion([this](RankedTensorType type) -> Type {
    Type element = convertType(type.getElementType());
    return element ? type.clone(element) : Type();
  });
  addConversion([](::mlir::aicc::SeqType type) -> Type { return LLVM::LLVMPointerType::get(type.getContext()); });
  // An optional is a list too: a sequence's, or one of a single tensor; null when it holds nothing.
  addConversion([](::mlir::aicc::OptType type) -> Type { return LLVM::LLVMPointerType::get(type.getContext()); });
}

bool isUnsignedElement(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type)) type = shaped.getElementType();
  return type.isUnsignedInteger();
}

LogicalResult checkLowerableTypes(Operation *op, bool symbolicDims) {
  auto check = [&](Type type, StringRef what, unsigned index) -> LogicalResult {
    if (isa<NoneType>(type)) return success();
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || (!symbolicDims && !tensor.hasStaticShape()))
      return op->emitError() << "cannot lower " << op->getName() << ": " << what << " #" << index << " has type "
                             << type << ", static shapes are needed"
                             << (tensor ? " (fix symbolic dims with --input-shape)" : "");
    Type element = tensor.getElementType();
    if (!isa<FloatType, IntegerType>(element))
      return op->emitError() << "cannot lower " << op->getName() << ": " << what << " #" << index
                             << " has element type " << element << ", which the CPU backend does not support";
    return success();
  };
  for (auto [i, type] : llvm::enumerate(op->getOperandTypes()))
    if (failed(check(type, "operand", i))) return failure();
  for (auto [i, type] : llvm::enumerate(op->getResultTypes()))
    if (failed(check(type, "result", i))) return failure();
  if (op->getNumRegions() != 0)
    return op->emitError() << "cannot lower " << op->getName() << ": ops with subgraphs are not supported";
  return success();
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type, ValueRange dynamicSizes) {
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(), dynamicSizes);
}

Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type, Value value, ValueRange dynamicSizes) {
  return linalg::FillOp::create(b, loc, value, emptyTensor(b, loc, type, dynamicSizes)).getResult(0);
}

Value scalarOf(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> zeros(type.getRank(), arith::ConstantIndexOp::create(b, loc, 0));
  return tensor::ExtractOp::create(b, loc, tensor, zeros);
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  auto intType = cast<IntegerType>(type);
  llvm::APInt bits = intType.getWidth() == 1 ? llvm::APInt(1, value != 0)
                                             : llvm::APInt(intType.getWidth(), static_cast<int64_t>(value), true);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(intType, bits));
}

Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return scalarConstant(b, loc, like.getType(), value);
}

Value indexConstant(OpBuilder &b, Location loc, int64_t value) { return arith::ConstantIndexOp::create(b, loc, value); }

Value scalarExtremum(OpBuilder &b, Location loc, Value x, Value y, bool max, bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return max ? (Value)arith::MaximumFOp::create(b, loc, x, y) : (Value)arith::MinimumFOp::create(b, loc, x, y);
  if (isUnsigned)
    return max ? (Value)arith::MaxUIOp::create(b, loc, x, y) : (Value)arith::MinUIOp::create(b, loc, x, y);
  return max ? (Value)arith::MaxSIOp::create(b, loc, x, y) : (Value)arith::MinSIOp::create(b, loc, x, y);
}

Value reductionBound(OpBuilder &b, Location loc, Type type, bool lowest, bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc, b.getFloatAttr(floatType, llvm::APFloat::getInf(floatType.getFloatSemantics(), lowest)));
  unsigned width = type.getIntOrFloatBitWidth();
  llvm::APInt bound = isUnsigned
                          ? (lowest ? llvm::APInt::getMinValue(width) : llvm::APInt::getMaxValue(width))
                          : (lowest ? llvm::APInt::getSignedMinValue(width) : llvm::APInt::getSignedMaxValue(width));
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, bound));
}

std::optional<llvm::SmallVector<int64_t>> constantInts(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr))) return std::nullopt;
  auto elements = dyn_cast<DenseIntElementsAttr>(attr);
  if (!elements) return std::nullopt;
  llvm::SmallVector<int64_t> values;
  for (const llvm::APInt &v : elements.getValues<llvm::APInt>()) values.push_back(v.getSExtValue());
  return values;
}

FailureOr<Value> buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange inputs,
                                  ScalarBody body) {
  int64_t rank = resultType.getRank();
  llvm::SmallVector<Value> operands;
  llvm::SmallVector<AffineMap> maps;
  // A symbolic result dim has the size of the first input that has it (symbolic dims are assumed
  // to agree; a size-1 dim broadcasts only when it is static).
  llvm::SmallVector<Value> dynamicSizes(rank);
  for (Value input : inputs) {
    auto type = cast<RankedTensorType>(input.getType());
    int64_t offset = rank - type.getRank();
    if (offset < 0) return failure();
    // A symbolic dim under a result dim of 1 can only be 1 (e.g. a slice [i, i+1) in a Loop).
    llvm::SmallVector<int64_t> known(type.getShape());
    for (int64_t i = 0; i < type.getRank(); ++i)
      if (ShapedType::isDynamic(known[i]) && resultType.getDimSize(offset + i) == 1) known[i] = 1;
    if (known != type.getShape()) {
      type = type.clone(known);
      input = tensor::CastOp::create(b, loc, type, input);
    }
    // Keep the dims that map onto a result dim; collapse the size-1 dims that broadcast into their
    // neighbours' reassociation groups.
    llvm::SmallVector<AffineExpr> exprs;
    llvm::SmallVector<int64_t> keptShape;
    llvm::SmallVector<ReassociationIndices> groups;
    ReassociationIndices pending;
    for (int64_t i = 0; i < type.getRank(); ++i) {
      int64_t size = type.getDimSize(i), resultSize = resultType.getDimSize(offset + i);
      pending.push_back(i);
      if (size == resultSize) {
        exprs.push_back(b.getAffineDimExpr(offset + i));
        if (ShapedType::isDynamic(size) && !dynamicSizes[offset + i])
          dynamicSizes[offset + i] = tensor::DimOp::create(b, loc, input, i);
        keptShape.push_back(size);
        groups.push_back(pending);
        pending.clear();
      } else if (size != 1) {
        return failure();
      }
    }
    if (!pending.empty() && !groups.empty()) groups.back().append(pending.begin(), pending.end());
    if ((int64_t)keptShape.size() != type.getRank())
      input = tensor::CollapseShapeOp::create(b, loc, type.clone(keptShape), input, groups);
    operands.push_back(input);
    maps.push_back(AffineMap::get(rank, 0, exprs, b.getContext()));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  llvm::SmallVector<Value> sizes;
  for (int64_t d = 0; d < rank; ++d)
    if (resultType.isDynamicDim(d)) {
      if (!dynamicSizes[d]) return failure();
      sizes.push_back(dynamicSizes[d]);
    }
  llvm::SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  Value init = emptyTensor(b, loc, resultType, sizes);
  auto generic = linalg::GenericOp::create(b, loc, TypeRange{resultType}, operands, ValueRange{init}, maps, iterators,
                                           [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
    linalg::YieldOp::create(nested, nestedLoc, body(nested, nestedLoc, args.drop_back()));
  });
  return generic.getResult(0);
}

llvm::SmallVector<Value> buildReduction(OpBuilder &b, Location loc, Value input, llvm::ArrayRef<int64_t> dims,
                                        ValueRange inits, ReductionBody body) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  llvm::SmallVector<AffineExpr> kept;
  llvm::SmallVector<int64_t> keptShape;
  llvm::SmallVector<Value> keptSizes;
  llvm::SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    bool reduced = llvm::is_contained(dims, i);
    iterators.push_back(reduced ? utils::IteratorType::reduction : utils::IteratorType::parallel);
    if (reduced) continue;
    kept.push_back(b.getAffineDimExpr(i));
    keptShape.push_back(type.getDimSize(i));
    if (type.isDynamicDim(i)) keptSizes.push_back(tensor::DimOp::create(b, loc, input, i));
  }
  llvm::SmallVector<Value> outputs;
  llvm::SmallVector<Type> resultTypes;
  llvm::SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  for (Value init : inits) {
    auto resultType = RankedTensorType::get(keptShape, init.getType());
    resultTypes.push_back(resultType);
    outputs.push_back(filledTensor(b, loc, resultType, init, keptSizes));
    maps.push_back(AffineMap::get(rank, 0, kept, b.getContext()));
  }
  auto generic = linalg::GenericOp::create(b, loc, resultTypes, ValueRange{input}, outputs, maps, iterators,
                                           [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
    linalg::YieldOp::create(nested, nestedLoc, body(nested, nestedLoc, args));
  });
  return llvm::SmallVector<Value>(generic.getResults());
}

Value keepReducedDims(OpBuilder &b, Location loc, Value input, llvm::ArrayRef<int64_t> dims, int64_t rank) {
  auto type = cast<RankedTensorType>(input.getType());
  llvm::SmallVector<int64_t> shape;
  for (int64_t i = 0, next = 0; i < rank; ++i)
    shape.push_back(llvm::is_contained(dims, i) ? 1 : type.getDimSize(next++));
  return reshapeTo(b, loc, input, type.clone(shape));
}

llvm::SmallVector<Value> loopIndices(OpBuilder &b, Location loc, int64_t rank) {
  llvm::SmallVector<Value> indices;
  for (int64_t i = 0; i < rank; ++i) indices.push_back(linalg::IndexOp::create(b, loc, i));
  return indices;
}

Value generate(OpBuilder &b, Location loc, RankedTensorType type, ValueRange sizes, ValueRange inputs,
               PositionBody body) {
  int64_t rank = type.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<AffineMap> maps(inputs.size() + 1, identity);
  auto generic =
      linalg::GenericOp::create(b, loc, TypeRange{type}, inputs, ValueRange{emptyTensor(b, loc, type, sizes)}, maps,
                                SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
                                [&](OpBuilder &nested, Location l, ValueRange args) {
    linalg::YieldOp::create(nested, l, body(nested, l, loopIndices(nested, l, rank), args.drop_back()));
  });
  return generic.getResult(0);
}

Value wrapAndClampIndex(OpBuilder &b, Location loc, Value index, int64_t size) {
  Value i = arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
  Value zero = indexConstant(b, loc, 0);
  Value dimSize = indexConstant(b, loc, size);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i, zero);
  i = arith::SelectOp::create(b, loc, negative, arith::AddIOp::create(b, loc, i, dimSize), i);
  i = arith::MaxSIOp::create(b, loc, i, zero);
  return arith::MinSIOp::create(b, loc, i, indexConstant(b, loc, std::max<int64_t>(size - 1, 0)));
}

Value wrapAndClampIndex(OpBuilder &b, Location loc, Value index, Value size) {
  Value i = arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
  Value zero = indexConstant(b, loc, 0);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i, zero);
  i = arith::SelectOp::create(b, loc, negative, arith::AddIOp::create(b, loc, i, size), i);
  i = arith::MaxSIOp::create(b, loc, i, zero);
  Value last = arith::MaxSIOp::create(b, loc, arith::SubIOp::create(b, loc, size, indexConstant(b, loc, 1)), zero);
  return arith::MinSIOp::create(b, loc, i, last);
}

} // namespace aicc::cpu
