// The entropy (KL divergence) calibration of TensorRT, as aicc --calibration-method=entropy applies
// it to an activation's measured values.
#ifndef AICC_COMPILER_ENTROPYRANGE_H
#define AICC_COMPILER_ENTROPYRANGE_H

#include <utility>

#include "llvm/ADT/ArrayRef.h"

namespace aicc {

/// The range an activation is quantized over, chosen so that its values' distribution loses the
/// least information (Kullback-Leibler divergence) when cut off at a threshold t and rounded: a
/// histogram of |x| over 2048 bins up to max(|min|, |max|), and for each candidate t from 128 bins
/// on, the clipped histogram against its merge into 128 groups, as TensorRT and MXNet compute it
/// (ONNX Runtime's variant truncates Q to integers; it uses 128 groups for u8 too). The result is
/// [min, max] cut to [-t, t]. `samples` are finite (a sample of the values, any order); min and
/// max are the values' extremes. Without a nonzero extreme or any sample it is [min, max].
std::pair<double, double> entropyRange(llvm::ArrayRef<float> samples, double min, double max);

} // namespace aicc

#endif // AICC_COMPILER_ENTROPYRANGE_H
