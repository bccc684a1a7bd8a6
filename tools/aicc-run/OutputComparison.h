// Comparing a model output with its reference, as numpy.allclose(got, want, rtol, atol,
// equal_nan=True) does: |got - want| <= atol + rtol * |want| per element.
#ifndef AICC_TOOLS_AICCRUN_OUTPUTCOMPARISON_H
#define AICC_TOOLS_AICCRUN_OUTPUTCOMPARISON_H

#include <cstddef>
#include <cstdint>

namespace aicc::run {

struct Comparison {
  size_t elements = 0;
  size_t mismatches = 0;
  // Largest |got - want| over elements that are not equal (NaN/NaN and equal infinities count as
  // equal); infinite if an infinity or NaN differs.
  double maxAbsError = 0;
  // The first mismatching element, for messages.
  size_t firstMismatch = 0;
  double firstGot = 0, firstWant = 0;
};

// Floating-point dtypes (float16/bfloat16/float32/float64) compare with the tolerances; integer
// and bool dtypes must be equal.
Comparison compareOutput(int32_t dtype, const void *got, const void *want, size_t elements, double rtol, double atol);

} // namespace aicc::run

#endif // AICC_TOOLS_AICCRUN_OUTPUTCOMPARISON_H
