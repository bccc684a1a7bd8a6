// entropyRange (aicc --calibration-method=entropy) on distributions whose good ranges are known:
// a uniform one is not cut, a normal one is cut a few standard deviations out, a heavy tail is cut
// below its largest value, and one sign keeps its bound at 0.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "compiler/EntropyRange.h"

namespace aicc {
namespace {

std::vector<float> normal(size_t count, unsigned seed) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> distribution;
  std::vector<float> values(count);
  for (float &v : values) v = distribution(generator);
  return values;
}

std::pair<double, double> extremes(const std::vector<float> &values) {
  auto [low, high] = std::minmax_element(values.begin(), values.end());
  return {*low, *high};
}

TEST(EntropyRange, UniformIsNotCut) {
  std::mt19937 generator(1);
  std::uniform_real_distribution<float> distribution(0.f, 1.f);
  std::vector<float> values(1 << 16);
  for (float &v : values) v = distribution(generator);
  auto [low, high] = extremes(values);
  auto [from, to] = entropyRange(values, low, high);
  EXPECT_EQ(from, low);
  EXPECT_GT(to, 0.9 * high);
}

TEST(EntropyRange, NormalIsCutAFewDeviationsOut) {
  std::vector<float> values = normal(1 << 16, 2);
  auto [low, high] = extremes(values);
  auto [from, to] = entropyRange(values, low, high);
  EXPECT_EQ(from, -to); // both signs: [-t, t]
  EXPECT_GT(to, 2.0);
  EXPECT_LT(to, 0.95 * high);
}

TEST(EntropyRange, HeavyTailIsCut) {
  std::vector<float> values = normal(1 << 16, 3);
  for (size_t i = 0; i < values.size(); i += 100) values[i] *= 30; // 1% far out
  auto [low, high] = extremes(values);
  auto [from, to] = entropyRange(values, low, high);
  EXPECT_LT(to, 0.5 * high); // measured 0.44: a few of the largest of the 1% clipped
  EXPECT_GT(to, 2.0);
  EXPECT_EQ(from, -to);
}

TEST(EntropyRange, OneSignKeepsZero) {
  std::vector<float> values = normal(1 << 16, 4);
  for (float &v : values) v = std::max(v, 0.f); // after a ReLU
  auto [low, high] = extremes(values);
  auto [from, to] = entropyRange(values, low, high);
  EXPECT_EQ(from, 0.0);
  EXPECT_GT(to, 1.5); // the zeros' spike weighs in: measured 1.96
  EXPECT_LE(to, high);
}

TEST(EntropyRange, ZerosKeepTheirRange) {
  std::vector<float> values(100, 0.f);
  EXPECT_EQ(entropyRange(values, 0, 0), (std::pair<double, double>(0, 0)));
  EXPECT_EQ(entropyRange({}, -1, 2), (std::pair<double, double>(-1, 2)));
}

} // namespace
} // namespace aicc
