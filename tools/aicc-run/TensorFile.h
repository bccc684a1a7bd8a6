// Reading ONNX TensorProto, SequenceProto and OptionalProto files (the backend-test layout's
// input_N.pb / output_N.pb), and writing TensorProto files.
#ifndef AICC_TOOLS_AICCRUN_TENSORFILE_H
#define AICC_TOOLS_AICCRUN_TENSORFILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace aicc::run {

// A dense row-major tensor as a file holds it.
struct TensorData {
  std::string name;  // the TensorProto's name, possibly empty
  int32_t dtype = 0; // an aicc_dtype (numbered as TensorProto.DataType)
  std::vector<int64_t> shape;
  std::vector<unsigned char> bytes; // little-endian elements
};

// Reads the TensorProto at `path`: raw_data or the typed field for its dtype (float_data,
// int32_data for the narrow integer, bool and 16-bit float types, int64_data, double_data,
// uint64_data). Throws std::runtime_error naming the file if it cannot be read, does not parse, or
// holds a dtype, layout or element count this tool cannot use.
TensorData readTensorFile(const std::string &path);

// Writes `tensor` to `path` as a TensorProto (its raw_data), the form readTensorFile reads. Throws
// std::runtime_error naming the file if it cannot be written.
void writeTensorFile(const std::string &path, const TensorData &tensor);

// A sequence of tensors as a file holds it, or None (an optional holding nothing).
struct SequenceData {
  bool present = true;
  std::vector<TensorData> elements;
};

// Reads the SequenceProto at `path` (elem_type TENSOR, its tensor_values), or with `optional` the
// OptionalProto (elem_type SEQUENCE with a sequence_value, or UNDEFINED without one for None).
// Each element is read as readTensorFile reads a tensor. Throws std::runtime_error naming the
// file (and the element) if it cannot be read or holds anything else.
SequenceData readSequenceFile(const std::string &path, bool optional);

// Reads the OptionalProto at `path` that holds a tensor (elem_type TENSOR, its tensor_value) or
// nothing (UNDEFINED): that tensor as a sequence of one, or None. Throws as readSequenceFile does.
SequenceData readOptionalTensorFile(const std::string &path);

// "float32[1,3,224,224]", for messages.
std::string describeTensor(int32_t dtype, const std::vector<int64_t> &shape);

// "sequence of 2 (float32[3], float32[1])", "None".
std::string describeSequence(const SequenceData &sequence);

} // namespace aicc::run

#endif // AICC_TOOLS_AICCRUN_TENSORFILE_H
