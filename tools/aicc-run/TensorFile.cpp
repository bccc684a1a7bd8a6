#include "TensorFile.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <onnx/onnx_pb.h>

#include "aicc/runtime.h"

namespace aicc::run {
namespace {

// Guards the allocation a corrupt dims list would otherwise ask for.
constexpr int64_t kMaxElements = int64_t(1) << 36;

// Appends each value of a typed field, narrowed to the element width of the tensor's dtype.
template <typename Field>
void appendNarrowed(const Field &values, size_t width, std::vector<unsigned char> &bytes) {
  for (auto value : values) {
    // Little-endian: the low `width` bytes of the value are the element.
    unsigned char buffer[sizeof(value)];
    std::memcpy(buffer, &value, sizeof(value));
    bytes.insert(bytes.end(), buffer, buffer + width);
  }
}

} // namespace

std::string describeTensor(int32_t dtype, const std::vector<int64_t> &shape) {
  std::string s = std::string(aicc_dtype_name(dtype)) + "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

TensorData readTensorFile(const std::string &path) {
  auto error = [&](const std::string &what) { return std::runtime_error(path + ": " + what); };

  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw error(std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream contents;
  contents << file.rdbuf();
  if (file.bad())
    throw error("read failed");

  onnx::TensorProto proto;
  if (!proto.ParseFromString(contents.str()))
    throw error("not a valid ONNX TensorProto");

  // Protobuf parses most byte strings as some message: ONNX sequence and optional values (their
  // own protos, also found in backend-test directories) read as TensorProtos with an undefined
  // type or a segment.
  constexpr const char *kNotATensor =
      " (does it hold an ONNX sequence or optional? aicc-run reads only TensorProto files)";
  if (proto.data_type() == onnx::TensorProto_DataType_UNDEFINED)
    throw error(std::string("holds no tensor element type") + kNotATensor);
  if (proto.has_segment())
    throw error(std::string("holds a segmented tensor") + kNotATensor);

  TensorData tensor;
  tensor.name = proto.name();
  tensor.dtype = proto.data_type();
  const size_t width = aicc_dtype_size(tensor.dtype);
  if (width == 0)
    throw error("element type " + std::to_string(proto.data_type()) + " (" +
                onnx::TensorProto_DataType_Name(proto.data_type()) + ") is not supported");
  if (proto.data_location() == onnx::TensorProto_DataLocation_EXTERNAL)
    throw error("tensors with external data are not supported");

  int64_t elements = 1;
  for (int64_t d : proto.dims()) {
    if (d < 0)
      throw error("negative dimension " + std::to_string(d));
    tensor.shape.push_back(d);
    if (d != 0 && elements > kMaxElements / d)
      throw error("dims " + describeTensor(tensor.dtype, tensor.shape) + "... are too large" +
                  kNotATensor);
    elements *= d;
  }
  const std::string shape = describeTensor(tensor.dtype, tensor.shape);

  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    if (raw.size() != static_cast<size_t>(elements) * width)
      throw error("raw_data holds " + std::to_string(raw.size()) + " bytes; " + shape + " needs " +
                  std::to_string(elements * width));
    tensor.bytes.assign(raw.begin(), raw.end());
    return tensor;
  }

  tensor.bytes.reserve(elements * width);
  int64_t count = 0;
  const char *field = "";
  switch (tensor.dtype) {
  case AICC_DTYPE_FLOAT32:
    field = "float_data", count = proto.float_data_size();
    appendNarrowed(proto.float_data(), width, tensor.bytes);
    break;
  case AICC_DTYPE_FLOAT64:
    field = "double_data", count = proto.double_data_size();
    appendNarrowed(proto.double_data(), width, tensor.bytes);
    break;
  case AICC_DTYPE_INT64:
    field = "int64_data", count = proto.int64_data_size();
    appendNarrowed(proto.int64_data(), width, tensor.bytes);
    break;
  case AICC_DTYPE_UINT32:
  case AICC_DTYPE_UINT64:
    field = "uint64_data", count = proto.uint64_data_size();
    appendNarrowed(proto.uint64_data(), width, tensor.bytes);
    break;
  default:
    // int8/uint8/int16/uint16/int32/bool, and float16/bfloat16 as their bit patterns (onnx.proto).
    field = "int32_data", count = proto.int32_data_size();
    appendNarrowed(proto.int32_data(), width, tensor.bytes);
    break;
  }
  if (count != elements)
    throw error(std::string(field) + " holds " + std::to_string(count) + " values; " + shape +
                " needs " + std::to_string(elements));
  return tensor;
}

} // namespace aicc::run
