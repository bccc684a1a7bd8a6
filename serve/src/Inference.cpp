#include "serve/src/Inference.h"

#include <cstring>

#include "aicc/model_abi.h"

namespace aicc::serve {

namespace {
struct DatatypeName {
  int32_t dtype;
  const char *name;
};
// The protocol's tensor datatypes (KServe v2, "Tensor Data Types"); BYTES has no aicc dtype.
constexpr DatatypeName kDatatypes[] = {
    {AICC_DTYPE_BOOL, "BOOL"},     {AICC_DTYPE_UINT8, "UINT8"},   {AICC_DTYPE_UINT16, "UINT16"},
    {AICC_DTYPE_UINT32, "UINT32"}, {AICC_DTYPE_UINT64, "UINT64"}, {AICC_DTYPE_INT8, "INT8"},
    {AICC_DTYPE_INT16, "INT16"},   {AICC_DTYPE_INT32, "INT32"},   {AICC_DTYPE_INT64, "INT64"},
    {AICC_DTYPE_FLOAT16, "FP16"},  {AICC_DTYPE_FLOAT32, "FP32"},  {AICC_DTYPE_FLOAT64, "FP64"},
    {AICC_DTYPE_BFLOAT16, "BF16"},
};
} // namespace

const char *datatypeName(int32_t dtype) {
  for (const DatatypeName &d : kDatatypes)
    if (d.dtype == dtype) return d.name;
  return nullptr;
}

int32_t dtypeOfDatatype(std::string_view name) {
  for (const DatatypeName &d : kDatatypes)
    if (name == d.name) return d.dtype;
  return AICC_DTYPE_UNDEFINED;
}

void AlignedBuffer::resize(size_t bytes) {
  if (bytes > capacity_) {
    const size_t blocks = (bytes + sizeof(Block) - 1) / sizeof(Block);
    blocks_.reset(new Block[blocks]);
    capacity_ = blocks * sizeof(Block);
  }
  size_ = bytes;
}

size_t elementCount(const std::vector<int64_t> &shape, const std::string &what) {
  // Past 2^48 elements no request fits in memory; the bound keeps the product from overflowing.
  constexpr uint64_t kLimit = uint64_t{1} << 48;
  uint64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0) throw ServeError(ErrorKind::BadRequest, what + " has a negative dim (" + std::to_string(d) + ")");
    if (d != 0 && count > kLimit / static_cast<uint64_t>(d))
      throw ServeError(ErrorKind::BadRequest, what + "'s shape has more elements than any request can hold");
    count *= static_cast<uint64_t>(d);
  }
  return static_cast<size_t>(count);
}

} // namespace aicc::serve
