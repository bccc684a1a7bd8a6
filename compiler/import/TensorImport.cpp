// ONNX tensors and types → MLIR; see TensorImport.h.
#include "compiler/import/TensorImport.h"
#include "compiler/Diagnostics.h"
#include "dialects/AiccDialect.h"

#include <cstring>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace aicc {
namespace {

using onnx::TensorProto;

/// Tensors up to this many elements stay inline so folders can read them (shapes, axes, scalars).
constexpr int64_t kMaxInlineElements = 1024;

int64_t storageBytes(int32_t dataType) {
  switch (dataType) {
  case TensorProto::BOOL:
  case TensorProto::INT8:
  case TensorProto::UINT8: return 1;
  case TensorProto::INT16:
  case TensorProto::UINT16:
  case TensorProto::FLOAT16:
  case TensorProto::BFLOAT16: return 2;
  case TensorProto::INT32:
  case TensorProto::UINT32:
  case TensorProto::FLOAT: return 4;
  case TensorProto::INT64:
  case TensorProto::UINT64:
  case TensorProto::DOUBLE:
  case TensorProto::COMPLEX64: return 8;
  case TensorProto::COMPLEX128: return 16;
  default: return 0;
  }
}

/// Appends `count` values narrowed to `bytes` bytes each (ONNX stores small types widened).
template <typename T> void appendNarrowed(std::vector<char> &out, const T &values, int64_t bytes) {
  for (auto v : values) {
    uint64_t bits = static_cast<uint64_t>(v);
    const char *p = reinterpret_cast<const char *>(&bits); // little-endian host
    out.insert(out.end(), p, p + bytes);
  }
}

llvm::Expected<std::vector<char>> readExternalData(const TensorProto &tensor, llvm::StringRef directory,
                                                   int64_t expectedBytes) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &entry : tensor.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset")
      offset = std::stoll(entry.value());
    else if (entry.key() == "length")
      length = std::stoll(entry.value());
  }
  if (location.empty()) return fail("initializer '" + tensor.name() + "' has external data without a location");
  if (llvm::sys::path::is_absolute(location) ||
      llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location), llvm::sys::path::end(location)), ".."))
    return fail("initializer '" + tensor.name() + "': external data location '" + location +
                "' must be a relative path inside the model's folder");
  llvm::SmallString<256> file(directory);
  llvm::sys::path::append(file, location);
  auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fail("initializer '" + tensor.name() + "': cannot read external data '" + file +
                "': " + buffer.getError().message());
  int64_t size = (*buffer)->getBufferSize();
  if (length < 0) length = size - offset;
  if (offset < 0 || offset + length > size || length != expectedBytes)
    return fail("initializer '" + tensor.name() + "': external data '" + location + "' holds " +
                std::to_string(std::max<int64_t>(0, std::min(length, size - offset))) + " bytes at offset " +
                std::to_string(offset) + ", its shape needs " + std::to_string(expectedBytes));
  const char *begin = (*buffer)->getBufferStart() + offset;
  return std::vector<char>(begin, begin + length);
}

/// The tensor's values as packed little-endian bytes of its element type.
llvm::Expected<std::vector<char>> tensorBytes(const TensorProto &tensor, int64_t numElements,
                                              llvm::StringRef directory) {
  int64_t elementBytes = storageBytes(tensor.data_type());
  int64_t expected = numElements * elementBytes;
  auto sizeError = [&](int64_t have) {
    return fail("initializer '" + tensor.name() + "' holds " + std::to_string(have) +
                " bytes of data, its shape needs " + std::to_string(expected));
  };
  if (tensor.data_location() == TensorProto::EXTERNAL) return readExternalData(tensor, directory, expected);
  if (tensor.has_raw_data()) {
    if ((int64_t)tensor.raw_data().size() != expected) return sizeError(tensor.raw_data().size());
    return std::vector<char>(tensor.raw_data().begin(), tensor.raw_data().end());
  }
  std::vector<char> out;
  out.reserve(expected);
  switch (tensor.data_type()) {
  // An empty repeated field's data() is null, which memcpy must not be given even for 0 bytes.
  case TensorProto::FLOAT:
  case TensorProto::COMPLEX64:
    out.resize(tensor.float_data_size() * 4);
    if (!out.empty()) std::memcpy(out.data(), tensor.float_data().data(), out.size());
    break;
  case TensorProto::DOUBLE:
  case TensorProto::COMPLEX128:
    out.resize(tensor.double_data_size() * 8);
    if (!out.empty()) std::memcpy(out.data(), tensor.double_data().data(), out.size());
    break;
  case TensorProto::INT64: appendNarrowed(out, tensor.int64_data(), 8); break;
  case TensorProto::UINT32:
  case TensorProto::UINT64: appendNarrowed(out, tensor.uint64_data(), elementBytes); break;
  default: appendNarrowed(out, tensor.int32_data(), elementBytes); break;
  }
  if ((int64_t)out.size() != expected) return sizeError(out.size());
  return out;
}

} // namespace

llvm::Expected<mlir::Type> importElementType(mlir::MLIRContext *context, int32_t dataType) {
  using mlir::IntegerType;
  mlir::Builder b(context);
  switch (dataType) {
  case TensorProto::FLOAT: return b.getF32Type();
  case TensorProto::DOUBLE: return b.getF64Type();
  case TensorProto::FLOAT16: return b.getF16Type();
  case TensorProto::BFLOAT16: return b.getBF16Type();
  case TensorProto::BOOL: return b.getI1Type();
  case TensorProto::INT8: return b.getIntegerType(8);
  case TensorProto::INT16: return b.getIntegerType(16);
  case TensorProto::INT32: return b.getIntegerType(32);
  case TensorProto::INT64: return b.getIntegerType(64);
  case TensorProto::UINT8: return IntegerType::get(context, 8, IntegerType::Unsigned);
  case TensorProto::UINT16: return IntegerType::get(context, 16, IntegerType::Unsigned);
  case TensorProto::UINT32: return IntegerType::get(context, 32, IntegerType::Unsigned);
  case TensorProto::UINT64: return IntegerType::get(context, 64, IntegerType::Unsigned);
  case TensorProto::COMPLEX64: return mlir::ComplexType::get(b.getF32Type());
  case TensorProto::COMPLEX128: return mlir::ComplexType::get(b.getF64Type());
  default: {
    const auto *desc = TensorProto::DataType_descriptor()->FindValueByNumber(dataType);
    return fail("element type " + (desc ? desc->name() : std::to_string(dataType)) + " is not supported");
  }
  }
}

llvm::Expected<mlir::Type> importType(mlir::MLIRContext *context, const onnx::TypeProto &type) {
  if (type.has_sequence_type()) {
    const auto &element = type.sequence_type().elem_type();
    if (!element.has_tensor_type()) return fail("only sequences of tensors are supported");
    auto tensor = importType(context, element);
    if (!tensor) return tensor.takeError();
    return mlir::aicc::SeqType::get(context, llvm::cast<mlir::TensorType>(*tensor));
  }
  if (type.has_optional_type()) {
    const auto &element = type.optional_type().elem_type();
    if (!element.has_tensor_type() && !element.has_sequence_type())
      return fail("only optional tensors and sequences are supported");
    auto inner = importType(context, element);
    if (!inner) return inner.takeError();
    return mlir::aicc::OptType::get(context, *inner);
  }
  if (!type.has_tensor_type()) return fail("only tensor, sequence and optional values are supported (not maps)");
  const auto &tensorType = type.tensor_type();
  auto elementType = importElementType(context, tensorType.elem_type());
  if (!elementType) return elementType.takeError();
  if (!tensorType.has_shape()) return mlir::UnrankedTensorType::get(*elementType);
  llvm::SmallVector<int64_t> dims;
  for (const auto &dim : tensorType.shape().dim())
    dims.push_back(dim.has_dim_value() && dim.dim_value() >= 0 ? dim.dim_value() : mlir::ShapedType::kDynamic);
  return mlir::RankedTensorType::get(dims, *elementType);
}

llvm::Expected<mlir::ElementsAttr> importTensor(mlir::MLIRContext *context, const TensorProto &tensor,
                                                llvm::StringRef directory) {
  auto elementType = importElementType(context, tensor.data_type());
  if (!elementType) return fail("initializer '" + tensor.name() + "': " + llvm::toString(elementType.takeError()));
  if (tensor.has_segment())
    return fail("initializer '" + tensor.name() + "' is segmented, which ONNX runtimes do not support");
  int64_t numElements = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0) return fail("initializer '" + tensor.name() + "' has a negative dimension");
    numElements *= d;
  }
  auto type =
      mlir::RankedTensorType::get(llvm::SmallVector<int64_t>(tensor.dims().begin(), tensor.dims().end()), *elementType);
  auto bytes = tensorBytes(tensor, numElements, directory);
  if (!bytes) return bytes.takeError();

  if (elementType->isInteger(1)) {
    llvm::SmallVector<bool> values(bytes->begin(), bytes->end());
    return mlir::ElementsAttr(mlir::DenseElementsAttr::get(type, llvm::ArrayRef<bool>(values)));
  }
  if (numElements <= kMaxInlineElements) {
    bool splat = false;
    if (!mlir::DenseElementsAttr::isValidRawBuffer(type, *bytes, splat))
      return fail("initializer '" + tensor.name() + "' has malformed data");
    return mlir::ElementsAttr(mlir::DenseElementsAttr::getFromRawBuffer(type, *bytes));
  }
  auto blob = mlir::HeapAsmResourceBlob::allocateAndCopyWithAlign(*bytes, alignof(uint64_t));
  // Resource keys are printed as bare identifiers: keep ONNX names like "onnx::Conv_1" readable.
  std::string name = tensor.name().empty() ? "weight" : tensor.name();
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_') c = '_';
  return mlir::ElementsAttr(mlir::DenseResourceElementsAttr::get(type, name, std::move(blob)));
}

} // namespace aicc
