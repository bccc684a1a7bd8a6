// What the HTTP and gRPC endpoints share: a request's tensors as the protocol names them, the
// outputs a run gives back, and the protocol's errors, whichever transport carries them.
#ifndef AICC_SERVE_INFERENCE_H
#define AICC_SERVE_INFERENCE_H

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace aicc::serve {

// The protocol's error classes; each endpoint maps them to its own status (HTTP 400/404/503/500,
// gRPC INVALID_ARGUMENT/NOT_FOUND/UNAVAILABLE or RESOURCE_EXHAUSTED/INTERNAL).
enum class ErrorKind { BadRequest, NotFound, QueueFull, Unavailable, Internal };

class ServeError : public std::runtime_error {
public:
  ServeError(ErrorKind kind, const std::string &message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

private:
  ErrorKind kind_;
};

// The protocol's datatype name of an aicc_dtype ("FP32", "INT64", ...), or null for none.
const char *datatypeName(int32_t dtype);
// The aicc_dtype a datatype name stands for; AICC_DTYPE_UNDEFINED if it names none aicc runs.
int32_t dtypeOfDatatype(std::string_view name);

// Bytes with 64-byte alignment, as the runtime's kernels like their buffers.
class AlignedBuffer {
public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(size_t bytes) { resize(bytes); }
  // Keeps the contents only if the size does not grow past the capacity.
  void resize(size_t bytes);
  size_t size() const { return size_; }
  uint8_t *data() { return reinterpret_cast<uint8_t *>(blocks_.get()); }
  const uint8_t *data() const { return reinterpret_cast<const uint8_t *>(blocks_.get()); }

private:
  struct alignas(64) Block {
    uint8_t bytes[64];
  };
  std::unique_ptr<Block[]> blocks_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// One input of a request. Its data lies in the request (the HTTP body, a gRPC message) or in
// `owned`, where it was decoded from JSON or copied for alignment.
struct InputTensor {
  std::string name;
  int32_t dtype = 0;
  std::vector<int64_t> shape;
  const uint8_t *data = nullptr;
  size_t bytes = 0;
  AlignedBuffer owned;
};

struct OutputTensor {
  std::string name;
  int32_t dtype = 0;
  std::vector<int64_t> shape;
  AlignedBuffer data;
};

struct InferRequest {
  std::string id;
  std::vector<InputTensor> inputs;
  // The outputs to answer with, by name; empty: every output.
  std::vector<std::string> outputs;
};

struct InferResponse {
  std::vector<OutputTensor> outputs;
};

// The element count of `shape`, checking that it is a shape: dims >= 0 whose product fits.
// Throws ServeError(BadRequest) naming `what` otherwise.
size_t elementCount(const std::vector<int64_t> &shape, const std::string &what);

} // namespace aicc::serve

#endif // AICC_SERVE_INFERENCE_H
