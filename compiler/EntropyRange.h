// The entropy (KL divergence) calibration of TensorRT, as aicc --calibration-method=entropy applies
// it to an activation's measured values.
#ifndef AICC_COMPILER_ENTROPYRANGE_H
#define AICC_COMPILER_ENTROPYRANGE_H

#include <utility>

#include "llvm/ADT/ArrayRef.h"

namespace aicc {

/// The range an activation is quantized over, chosen so that its values' distribution loses the
/// least information (Kullback-Leibler divergence) when cut off at a threshold t and rounded to
/// the codes the range gets: a histogram of |x| over 2048 bins up to the largest |sample|, and
/// for each candidate t (128 bins and up) the clipped histogram against its merge into the codes
/// on that side (255 for values of one sign, 128 when both occur). The result is [min, max] cut
/// to [-t, t]. `samples` are finite (a sample of the values, any order); min and max are the
/// values' extremes. With no nonzero sample it is [min, max].
std::pair<double, double> entropyRange(llvm::ArrayRef<float> samples, double min, double max);

} // namespace aicc

#endif // AICC_COMPILER_ENTROPYRANGE_H
