//===- ConstantTensor.cpp - reading and writing constant elements ---------===//
//
// Resource blobs hold the elements' little-endian bytes without padding (an i1 takes a byte),
// the layout compiler/import/TensorImport.cpp writes and DenseElementsAttr's raw buffers share.
//
//===----------------------------------------------------------------------===//

#include "passes/ConstantTensor.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <cstring>

using namespace mlir;

namespace aicc {

/// Bytes one element takes in a raw buffer or blob.
static int64_t elementBytes(Type elementType) { return std::max<int64_t>(1, elementType.getIntOrFloatBitWidth() / 8); }

bool isRepresentable(Type elementType) {
  if (auto integer = dyn_cast<IntegerType>(elementType))
    return llvm::is_contained({1u, 8u, 16u, 32u, 64u}, integer.getWidth());
  return isa<Float16Type, BFloat16Type, Float32Type, Float64Type>(elementType);
}

int64_t wrapInteger(int64_t value, IntegerType type) {
  unsigned width = type.getWidth();
  if (width == 1) return value != 0;
  if (width >= 64) return value;
  APInt bits(width, static_cast<uint64_t>(value), /*isSigned=*/true, /*implicitTrunc=*/true);
  return type.isUnsigned() ? static_cast<int64_t>(bits.getZExtValue()) : bits.getSExtValue();
}

ConstantTensor ConstantTensor::zeros(RankedTensorType type) {
  ConstantTensor tensor{type, {}, {}};
  if (tensor.isFloat())
    tensor.floats.assign(type.getNumElements(), 0.0);
  else
    tensor.ints.assign(type.getNumElements(), 0);
  return tensor;
}

/// The double an element of a float type holds, from its bits.
static double floatFromBits(FloatType type, uint64_t bits) {
  // f32 and f64 directly: APFloat per element made folding ResNet-50's BatchNorms take 3 s.
  if (type.isF32()) {
    float value;
    uint32_t word = static_cast<uint32_t>(bits);
    std::memcpy(&value, &word, sizeof value);
    return value;
  }
  if (type.isF64()) {
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  APFloat value(type.getFloatSemantics(), APInt(type.getWidth(), bits));
  bool losesInfo = false;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &losesInfo);
  return value.convertToDouble();
}

/// The bits of `value` rounded to a float type.
static uint64_t floatToBits(FloatType type, double value) {
  if (type.isF32()) {
    float narrowed = static_cast<float>(value); // round to nearest even, as APFloat would
    uint32_t word;
    std::memcpy(&word, &narrowed, sizeof word);
    return word;
  }
  if (type.isF64()) {
    uint64_t word;
    std::memcpy(&word, &value, sizeof word);
    return word;
  }
  APFloat rounded(value);
  bool losesInfo = false;
  rounded.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven, &losesInfo);
  return rounded.bitcastToAPInt().getZExtValue();
}

std::optional<ConstantTensor> ConstantTensor::read(ElementsAttr attr) {
  auto type = dyn_cast<RankedTensorType>(attr.getShapedType());
  if (!type || !type.hasStaticShape() || !isRepresentable(type.getElementType())) return std::nullopt;
  ConstantTensor tensor{type, {}, {}};
  auto integerType = dyn_cast<IntegerType>(type.getElementType());
  auto floatType = dyn_cast<FloatType>(type.getElementType());

  if (auto dense = dyn_cast<DenseIntOrFPElementsAttr>(attr)) {
    if (integerType) {
      for (const APInt &value : dense.getValues<APInt>())
        tensor.ints.push_back(wrapInteger(static_cast<int64_t>(value.getZExtValue()), integerType));
    } else {
      for (APFloat value : dense.getValues<APFloat>())
        tensor.floats.push_back(floatFromBits(floatType, value.bitcastToAPInt().getZExtValue()));
    }
    return tensor;
  }

  auto resource = dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource) return std::nullopt;
  // A blob that was not loaded (or was released) has no data to fold.
  ArrayRef<char> data = resource.getData();
  int64_t bytes = elementBytes(type.getElementType());
  if (static_cast<int64_t>(data.size()) != type.getNumElements() * bytes) return std::nullopt;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    uint64_t bits = 0;
    std::memcpy(&bits, data.data() + i * bytes, bytes); // little-endian host
    if (integerType)
      tensor.ints.push_back(wrapInteger(static_cast<int64_t>(bits), integerType));
    else
      tensor.floats.push_back(floatFromBits(floatType, bits));
  }
  return tensor;
}

std::optional<ConstantTensor> ConstantTensor::of(Value value) {
  ElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr))) return std::nullopt;
  return read(attr);
}

std::optional<double> floatScalar(Value value) {
  ElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || attr.getNumElements() != 1 || !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  std::optional<ConstantTensor> tensor = ConstantTensor::read(attr);
  if (!tensor) return std::nullopt;
  return tensor->floats[0];
}

bool isNear(std::optional<double> value, double want) {
  return value && std::abs(*value - want) <= 1e-6 * std::abs(want);
}

ElementsAttr ConstantTensor::toAttr(StringRef blobName) const {
  Type elementType = type.getElementType();
  if (elementType.isInteger(1)) {
    SmallVector<bool> values(ints.begin(), ints.end());
    return DenseElementsAttr::get(type, ArrayRef<bool>(values));
  }
  int64_t bytes = elementBytes(elementType);
  std::vector<char> buffer(size() * bytes);
  for (int64_t i = 0, e = size(); i < e; ++i) {
    uint64_t bits = isFloat() ? floatToBits(cast<FloatType>(elementType), floats[i]) : static_cast<uint64_t>(ints[i]);
    std::memcpy(buffer.data() + i * bytes, &bits, bytes); // little-endian host
  }
  // Same threshold as the importer (kMaxInlineElements): larger tensors stay out of the IR text.
  if (size() <= 1024) return DenseElementsAttr::getFromRawBuffer(type, buffer);
  AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(buffer, alignof(uint64_t));
  return DenseResourceElementsAttr::get(type, blobName, std::move(blob));
}

} // namespace aicc
