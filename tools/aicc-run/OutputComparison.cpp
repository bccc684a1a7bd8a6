#include "OutputComparison.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "aicc/model_abi.h"

namespace aicc::run {
namespace {

float halfToFloat(uint16_t h) {
  const uint32_t sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  float magnitude;
  if (exponent == 0)
    magnitude = std::ldexp(static_cast<float>(mantissa), -24); // zero or subnormal
  else if (exponent == 31)
    magnitude = mantissa ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  else
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  return sign ? -magnitude : magnitude;
}

float bfloat16ToFloat(uint16_t b) {
  const uint32_t bits = uint32_t(b) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

template <typename T> T load(const void *data, size_t i) {
  T value;
  std::memcpy(&value, static_cast<const unsigned char *>(data) + i * sizeof(T), sizeof(T));
  return value;
}

// Element i of a tensor of `dtype` as a double; integers up to 2^53 exactly.
double element(int32_t dtype, const void *data, size_t i) {
  switch (dtype) {
  case AICC_DTYPE_FLOAT32: return load<float>(data, i);
  case AICC_DTYPE_FLOAT64: return load<double>(data, i);
  case AICC_DTYPE_FLOAT16: return halfToFloat(load<uint16_t>(data, i));
  case AICC_DTYPE_BFLOAT16: return bfloat16ToFloat(load<uint16_t>(data, i));
  case AICC_DTYPE_INT8: return load<int8_t>(data, i);
  case AICC_DTYPE_UINT8: return load<uint8_t>(data, i);
  case AICC_DTYPE_BOOL: return load<uint8_t>(data, i) != 0;
  case AICC_DTYPE_INT16: return load<int16_t>(data, i);
  case AICC_DTYPE_UINT16: return load<uint16_t>(data, i);
  case AICC_DTYPE_INT32: return load<int32_t>(data, i);
  case AICC_DTYPE_UINT32: return load<uint32_t>(data, i);
  case AICC_DTYPE_INT64: return static_cast<double>(load<int64_t>(data, i));
  case AICC_DTYPE_UINT64: return static_cast<double>(load<uint64_t>(data, i));
  default: return 0;
  }
}

bool isFloating(int32_t dtype) {
  return dtype == AICC_DTYPE_FLOAT32 || dtype == AICC_DTYPE_FLOAT64 || dtype == AICC_DTYPE_FLOAT16 ||
         dtype == AICC_DTYPE_BFLOAT16;
}

// 64-bit integers compare by their bits: a double cannot tell 2^53 + 1 from 2^53.
bool sameBits(int32_t dtype, const void *got, const void *want, size_t i) {
  if (dtype == AICC_DTYPE_INT64 || dtype == AICC_DTYPE_UINT64) return load<uint64_t>(got, i) == load<uint64_t>(want, i);
  return element(dtype, got, i) == element(dtype, want, i);
}

} // namespace

Comparison compareOutput(int32_t dtype, const void *got, const void *want, size_t elements, double rtol, double atol) {
  Comparison result;
  result.elements = elements;
  const bool floating = isFloating(dtype);
  for (size_t i = 0; i < elements; ++i) {
    const double g = element(dtype, got, i), w = element(dtype, want, i);
    bool match;
    double error = 0;
    if (!floating) {
      match = sameBits(dtype, got, want, i);
      error = std::fabs(g - w);
    } else if (std::isnan(g) || std::isnan(w)) {
      match = std::isnan(g) && std::isnan(w);
      error = match ? 0 : std::numeric_limits<double>::infinity();
    } else if (std::isinf(g) || std::isinf(w)) {
      match = g == w;
      error = match ? 0 : std::numeric_limits<double>::infinity();
    } else {
      error = std::fabs(g - w);
      match = error <= atol + rtol * std::fabs(w);
    }
    if (error > result.maxAbsError) result.maxAbsError = error;
    if (!match && result.mismatches++ == 0) {
      result.firstMismatch = i;
      result.firstGot = g;
      result.firstWant = w;
    }
  }
  return result;
}

} // namespace aicc::run
