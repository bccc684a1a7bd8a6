// Entropy calibration; see EntropyRange.h.
#include "compiler/EntropyRange.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace aicc {
namespace {

constexpr int kBins = 2048;

/// `distribution` normalized, and where it is 0 given `eps` taken from the others, so that the
/// divergence stays finite (as ONNX Runtime's and TensorRT's calibrators smooth).
std::vector<double> smoothed(const std::vector<double> &distribution) {
  constexpr double eps = 1e-4;
  double total = 0;
  size_t zeros = 0;
  for (double v : distribution) {
    total += v;
    zeros += v == 0;
  }
  std::vector<double> result(distribution.size());
  const size_t nonzeros = distribution.size() - zeros;
  const double taken = nonzeros ? eps * double(zeros) / double(nonzeros) : 0;
  for (size_t i = 0; i < distribution.size(); ++i)
    result[i] = distribution[i] == 0 ? eps : distribution[i] / total - taken;
  return result;
}

/// KL(P || Q) of the first `bins` bins of `histogram`, P with the tail beyond them folded into its
/// last bin, Q their merge into `codes` groups spread back evenly over each group's nonzero bins.
double divergence(const std::vector<double> &histogram, int bins, int codes) {
  std::vector<double> p(histogram.begin(), histogram.begin() + bins);
  for (int i = bins; i < kBins; ++i) p[bins - 1] += histogram[i];
  std::vector<double> q(bins, 0.0);
  for (int group = 0; group < codes; ++group) {
    const int begin = group * bins / codes, end = (group + 1) * bins / codes;
    double total = 0;
    int nonzero = 0;
    for (int i = begin; i < end; ++i) {
      total += histogram[i];
      nonzero += histogram[i] != 0;
    }
    for (int i = begin; i < end; ++i)
      if (histogram[i] != 0) q[i] = total / nonzero;
  }
  const std::vector<double> ps = smoothed(p), qs = smoothed(q);
  double kl = 0;
  for (int i = 0; i < bins; ++i)
    if (ps[i] > 0 && qs[i] > 0) kl += ps[i] * std::log(ps[i] / qs[i]);
  return kl;
}

} // namespace

std::pair<double, double> entropyRange(llvm::ArrayRef<float> samples, double min, double max) {
  double top = 0;
  for (float v : samples) top = std::max(top, double(std::fabs(v)));
  if (top == 0) return {min, max};
  std::vector<double> histogram(kBins, 0.0);
  for (float v : samples) ++histogram[std::min(kBins - 1, static_cast<int>(std::fabs(v) / top * kBins))];
  // u8 spreads its 256 codes over [0, t] for values of one sign, over about [-t, t] otherwise.
  const int codes = min < 0 && max > 0 ? 128 : 255;
  int best = kBins;
  double bestDivergence = INFINITY;
  for (int bins = codes; bins <= kBins; ++bins) {
    const double d = divergence(histogram, bins, codes);
    if (d < bestDivergence) bestDivergence = d, best = bins;
  }
  const double threshold = top * best / kBins;
  return {std::max(min, -threshold), std::min(max, threshold)};
}

} // namespace aicc
