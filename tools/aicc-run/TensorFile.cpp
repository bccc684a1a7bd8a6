#include "TensorFile.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <onnx/onnx-data_pb.h>

#include "aicc/runtime.h"

namespace aicc::run {
namespace {

// Guards the allocation a corrupt dims list would otherwise ask for.
constexpr int64_t kMaxElements = int64_t(1) << 36;

// Appends each value of a typed field, narrowed to the element width of the tensor's dtype.
template <typename Field> void appendNarrowed(const Field &values, size_t width, std::vector<unsigned char> &bytes) {
  for (auto value : values) {
    // Little-endian: the low `width` bytes of the value are the element.
    unsigned char buffer[sizeof(value)];
    std::memcpy(buffer, &value, sizeof(value));
    bytes.insert(bytes.end(), buffer, buffer + width);
  }
}

// The bytes of the file at `path`.
std::string readFile(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream contents;
  contents << file.rdbuf();
  if (file.bad()) throw std::runtime_error(path + ": read failed");
  return contents.str();
}

// Protobuf parses most byte strings as some message: ONNX sequence and optional values (their own
// protos, also found in backend-test directories) read as TensorProtos with an undefined type, a
// segment or huge dims.
constexpr const char *kNotATensor = " (does it hold an ONNX sequence or optional? the model's value is a tensor, "
                                    "read from a TensorProto file)";

// The tensor a TensorProto holds; `where` ("FILE: ", "FILE: element 2: ") starts its messages,
// and `hint` ends those that a file of another proto would cause.
TensorData tensorOf(const onnx::TensorProto &proto, const std::string &where, const char *hint) {
  auto error = [&](const std::string &what) { return std::runtime_error(where + what); };
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
    if (d < 0) throw error("negative dimension " + std::to_string(d));
    tensor.shape.push_back(d);
    if (d != 0 && elements > kMaxElements / d)
      throw error("dims " + describeTensor(tensor.dtype, tensor.shape) + "... are too large" + hint);
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
    throw error(std::string(field) + " holds " + std::to_string(count) + " values; " + shape + " needs " +
                std::to_string(elements));
  return tensor;
}

} // namespace

std::string describeTensor(int32_t dtype, const std::vector<int64_t> &shape) {
  std::string s = std::string(aicc_dtype_name(dtype)) + "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

TensorData readTensorFile(const std::string &path) {
  onnx::TensorProto proto;
  if (!proto.ParseFromString(readFile(path))) throw std::runtime_error(path + ": not a valid ONNX TensorProto");

  if (proto.data_type() == onnx::TensorProto_DataType_UNDEFINED)
    throw std::runtime_error(path + ": holds no tensor element type" + kNotATensor);
  if (proto.has_segment()) throw std::runtime_error(path + ": holds a segmented tensor" + kNotATensor);
  return tensorOf(proto, path + ": ", kNotATensor);
}

void writeTensorFile(const std::string &path, const TensorData &tensor) {
  onnx::TensorProto proto;
  proto.set_name(tensor.name);
  proto.set_data_type(tensor.dtype); // aicc_dtype numbers are TensorProto.DataType's
  for (int64_t size : tensor.shape) proto.add_dims(size);
  proto.set_raw_data(tensor.bytes.data(), tensor.bytes.size());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !proto.SerializeToOstream(&out) || !out.flush())
    throw std::runtime_error(path + ": cannot be written: " + std::strerror(errno));
}

SequenceData readSequenceFile(const std::string &path, bool optional) {
  const std::string bytes = readFile(path);
  onnx::SequenceProto sequence;
  if (optional) {
    // Protobuf reads a SequenceProto as an OptionalProto too (their fields have the same
    // numbers): elem_type tells which the file holds.
    onnx::OptionalProto proto;
    if (!proto.ParseFromString(bytes)) throw std::runtime_error(path + ": not a valid ONNX OptionalProto");
    if (proto.elem_type() == onnx::OptionalProto_DataType_UNDEFINED && !proto.has_sequence_value())
      return SequenceData{false, {}};
    if (proto.elem_type() != onnx::OptionalProto_DataType_SEQUENCE || !proto.has_sequence_value())
      throw std::runtime_error(path + ": holds an optional of elem_type " + std::to_string(proto.elem_type()) + " (" +
                               onnx::OptionalProto_DataType_Name(proto.elem_type()) +
                               "); the model's value is an optional sequence, read from an OptionalProto file of "
                               "elem_type SEQUENCE, or UNDEFINED for None");
    sequence = proto.sequence_value();
  } else if (!sequence.ParseFromString(bytes)) {
    throw std::runtime_error(path + ": not a valid ONNX SequenceProto");
  }
  // An empty sequence may leave its elem_type undefined.
  const bool tensors =
      sequence.elem_type() == onnx::SequenceProto_DataType_TENSOR ||
      (sequence.elem_type() == onnx::SequenceProto_DataType_UNDEFINED && sequence.tensor_values_size() == 0);
  if (!tensors || sequence.sparse_tensor_values_size() || sequence.sequence_values_size() ||
      sequence.map_values_size() || sequence.optional_values_size())
    throw std::runtime_error(path + ": holds a sequence of elem_type " + std::to_string(sequence.elem_type()) + " (" +
                             onnx::SequenceProto_DataType_Name(sequence.elem_type()) +
                             "); the model's value is a sequence of tensors, read from a " +
                             (optional ? "SequenceProto in an OptionalProto" : "SequenceProto") +
                             " file of elem_type TENSOR");
  SequenceData data{true, {}};
  for (int k = 0; k < sequence.tensor_values_size(); ++k)
    data.elements.push_back(tensorOf(sequence.tensor_values(k), path + ": element " + std::to_string(k) + ": ", ""));
  return data;
}

SequenceData readOptionalTensorFile(const std::string &path) {
  onnx::OptionalProto proto;
  if (!proto.ParseFromString(readFile(path))) throw std::runtime_error(path + ": not a valid ONNX OptionalProto");
  if (proto.elem_type() == onnx::OptionalProto_DataType_UNDEFINED && !proto.has_tensor_value())
    return SequenceData{false, {}};
  if (proto.elem_type() != onnx::OptionalProto_DataType_TENSOR || !proto.has_tensor_value())
    throw std::runtime_error(path + ": holds an optional of elem_type " + std::to_string(proto.elem_type()) + " (" +
                             onnx::OptionalProto_DataType_Name(proto.elem_type()) +
                             "); the model's value is an optional tensor, read from an OptionalProto file of "
                             "elem_type TENSOR, or UNDEFINED for None");
  return SequenceData{true, {tensorOf(proto.tensor_value(), path + ": ", "")}};
}

std::string describeSequence(const SequenceData &sequence) {
  if (!sequence.present) return "None";
  // The first few elements say what the sequence holds; a long one is not printed whole.
  constexpr size_t kShown = 4;
  std::string s = "sequence of " + std::to_string(sequence.elements.size());
  for (size_t k = 0; k < sequence.elements.size() && k < kShown; ++k)
    s += (k ? ", " : " (") + describeTensor(sequence.elements[k].dtype, sequence.elements[k].shape);
  if (sequence.elements.size() > kShown) s += ", ...";
  return sequence.elements.empty() ? s : s + ")";
}

} // namespace aicc::run
