// Entropy calibration; see EntropyRange.h.
#include "compiler/EntropyRange.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace aicc {
namespace {

constexpr int kBins = 2048;
// The groups a candidate's bins merge into: 128, as in TensorRT, MXNet and ONNX Runtime (for u8 too).
constexpr int kCodes = 128;

/// `counts` with each zero raised to eps and eps's total taken evenly from the others, as MXNet's
/// and ONNX Runtime's calibrators smooth before the divergence; none where that leaves an entry
/// that is not positive (they reject such a distribution) or all are zero.
std::optional<std::vector<double>> smoothed(const std::vector<double> &counts) {
  constexpr double eps = 1e-4;
  const auto zeros = static_cast<size_t>(std::count(counts.begin(), counts.end(), 0.0));
  if (zeros == counts.size()) return std::nullopt;
  const double taken = eps * double(zeros) / double(counts.size() - zeros);
  std::vector<double> result(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) {
    result[i] = counts[i] == 0 ? eps : counts[i] - taken;
    if (result[i] <= 0) return std::nullopt;
  }
  return result;
}

/// KL(P || Q) for a threshold after `bins` bins of `histogram` (TensorRT's entropy calibration):
/// P is those bins with the tail beyond them added to the last, Q the same bins merged into `codes`
/// groups (the last takes the remainder), each group's count spread evenly over the bins where P is
/// not zero. Infinite where smoothing rejects P or Q.
double divergence(const std::vector<double> &histogram, int bins, int codes) {
  std::vector<double> p(histogram.begin(), histogram.begin() + bins);
  for (int i = bins; i < kBins; ++i) p[bins - 1] += histogram[i];
  std::vector<double> q(bins, 0.0);
  const int merged = bins / codes;
  for (int group = 0; group < codes; ++group) {
    const int begin = group * merged, end = group == codes - 1 ? bins : begin + merged;
    double total = 0;
    int nonzero = 0;
    for (int i = begin; i < end; ++i) {
      total += histogram[i];
      nonzero += p[i] != 0;
    }
    for (int i = begin; i < end; ++i)
      if (p[i] != 0) q[i] = total / nonzero;
  }
  std::optional<std::vector<double>> ps = smoothed(p), qs = smoothed(q);
  if (!ps || !qs) return INFINITY;
  double pTotal = 0, qTotal = 0;
  for (int i = 0; i < bins; ++i) pTotal += (*ps)[i], qTotal += (*qs)[i];
  double kl = 0;
  for (int i = 0; i < bins; ++i) {
    const double pi = (*ps)[i] / pTotal, qi = (*qs)[i] / qTotal;
    kl += pi * std::log(pi / qi);
  }
  return kl;
}

} // namespace

std::pair<double, double> entropyRange(llvm::ArrayRef<float> samples, double min, double max) {
  const double top = std::max(std::fabs(min), std::fabs(max));
  if (!(top > 0) || samples.empty()) return {min, max};
  std::vector<double> histogram(kBins, 0.0);
  for (float v : samples) ++histogram[std::min(kBins - 1, static_cast<int>(std::fabs(v) / top * kBins))];
  int best = kBins;
  double bestDivergence = INFINITY;
  for (int bins = kCodes; bins <= kBins; ++bins) {
    const double d = divergence(histogram, bins, kCodes);
    if (d < bestDivergence) bestDivergence = d, best = bins;
  }
  const double threshold = top * best / kBins;
  return {std::max(min, -threshold), std::min(max, threshold)};
}

} // namespace aicc
