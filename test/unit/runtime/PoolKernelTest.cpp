// AICC_KERNEL_POOL against a direct loop: max, average counting / excluding padded cells,
// strides, dilations, ceil-mode padding (folded into pads_end), global pooling, 1-3 spatial dims,
// activations in the blocked layout (converted by AICC_KERNEL_REORDER kernels around it), and
// pooling of u8/s8 values with an average's requantization.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "TestSupport.h"

namespace aicc::test {
namespace {

enum Algorithm : int64_t { kMax = 0, kAvgIncludePad = 1, kAvgExcludePad = 2 };

struct PoolCase {
  int64_t N = 1, C = 1, algorithm = kMax;
  std::vector<int64_t> in, kernel, strides, dilations, padsBegin, padsEnd;
  int64_t layout = AICC_LAYOUT_PLAIN; // of X and Y
  int64_t dataType = 0;               // 0: f32, as in params written before data_type
  double outputScale = 1, outputShift = 0;

  int64_t S() const { return static_cast<int64_t>(in.size()); }
  std::vector<int64_t> out() const {
    std::vector<int64_t> o(S());
    for (int64_t i = 0; i < S(); ++i)
      o[i] = (in[i] + padsBegin[i] + padsEnd[i] - ((kernel[i] - 1) * dilations[i] + 1)) / strides[i] + 1;
    return o;
  }
  std::vector<int64_t> srcDims() const {
    std::vector<int64_t> d{N, C};
    d.insert(d.end(), in.begin(), in.end());
    return d;
  }
  std::vector<int64_t> dstDims() const {
    std::vector<int64_t> d{N, C}, o = out();
    d.insert(d.end(), o.begin(), o.end());
    return d;
  }
  aicc_pool_params params() const {
    aicc_pool_params p{};
    p.spatial_dims = S();
    p.batch = N, p.channels = C, p.algorithm = algorithm;
    const std::vector<int64_t> o = out();
    for (int64_t i = 0; i < S(); ++i) {
      p.in[i] = in[i], p.out[i] = o[i], p.kernel[i] = kernel[i];
      p.strides[i] = strides[i], p.dilations[i] = dilations[i];
      p.pads_begin[i] = padsBegin[i], p.pads_end[i] = padsEnd[i];
    }
    p.src_layout = p.dst_layout = layout;
    p.data_type = dataType;
    p.output_scale = outputScale, p.output_shift = outputShift;
    return p;
  }
  KernelSpec spec() const { return KernelSpec(AICC_KERNEL_POOL, params(), constantSlots(AICC_POOL_NUM_ARGS, {})); }
};

// Max ignores padding; "include" divides by the whole window (padding and ceil-mode padding
// alike, which is what pads_end holds); "exclude" divides by the cells inside the input.
std::vector<float> referencePool(const PoolCase &c, const std::vector<float> &x) {
  auto lift = [&](const std::vector<int64_t> &v, int64_t fill) {
    std::vector<int64_t> r(3 - c.S(), fill);
    r.insert(r.end(), v.begin(), v.end());
    return r;
  };
  const auto in = lift(c.in, 1), out = lift(c.out(), 1), k = lift(c.kernel, 1);
  const auto st = lift(c.strides, 1), dl = lift(c.dilations, 1), pb = lift(c.padsBegin, 0);
  std::vector<float> y;
  for (int64_t nc = 0; nc < c.N * c.C; ++nc)
    for (int64_t od = 0; od < out[0]; ++od)
      for (int64_t oh = 0; oh < out[1]; ++oh)
        for (int64_t ow = 0; ow < out[2]; ++ow) {
          float maximum = -std::numeric_limits<float>::infinity();
          double sum = 0;
          int64_t inside = 0;
          for (int64_t kd = 0; kd < k[0]; ++kd)
            for (int64_t kh = 0; kh < k[1]; ++kh)
              for (int64_t kw = 0; kw < k[2]; ++kw) {
                const int64_t id = od * st[0] - pb[0] + kd * dl[0];
                const int64_t ih = oh * st[1] - pb[1] + kh * dl[1];
                const int64_t iw = ow * st[2] - pb[2] + kw * dl[2];
                if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1] || iw < 0 || iw >= in[2]) continue;
                const float v = x[((nc * in[0] + id) * in[1] + ih) * in[2] + iw];
                maximum = std::max(maximum, v);
                sum += v;
                ++inside;
              }
          if (c.algorithm == kMax)
            y.push_back(maximum);
          else
            y.push_back(static_cast<float>(sum / (c.algorithm == kAvgIncludePad ? product(c.kernel) : inside)));
        }
  return y;
}

// X reaches the kernel through a reorder kernel (plain -> the case's layout), Y comes back through
// another; for plain layouts these are copies.
void checkPool(const PoolCase &c) {
  const std::vector<int64_t> srcDims = c.srcDims(), dstDims = c.dstDims();
  auto x = randomFloats(product(srcDims), 21);
  std::vector<float> y(product(dstDims), -99.f);
  std::vector<float> xIn(layoutElements(srcDims, c.layout), -99.f);
  std::vector<float> yOut(layoutElements(dstDims, c.layout), -99.f);
  KernelTable table(
      {reorderSpec(srcDims, AICC_LAYOUT_PLAIN, c.layout), c.spec(), reorderSpec(dstDims, c.layout, AICC_LAYOUT_PLAIN)});
  ASSERT_TRUE(table.created()) << table.createError();
  ASSERT_EQ(table.run(0, reorderArgs(x.data(), xIn.data())), "");
  ASSERT_EQ(table.run(1, slots(AICC_POOL_NUM_ARGS, {{AICC_POOL_ARG_X, xIn.data()}, {AICC_POOL_ARG_Y, yOut.data()}})),
            "");
  ASSERT_EQ(table.run(2, reorderArgs(yOut.data(), y.data())), "");
  expectAllNear(y, referencePool(c, x));
}

PoolCase pool2d(int64_t algorithm, int64_t H, int64_t W, int64_t k, int64_t stride, int64_t pad) {
  PoolCase c;
  c.N = 2, c.C = 3, c.algorithm = algorithm;
  c.in = {H, W}, c.kernel = {k, k}, c.strides = {stride, stride}, c.dilations = {1, 1};
  c.padsBegin = c.padsEnd = {pad, pad};
  return c;
}

class PoolAlgorithms : public ::testing::TestWithParam<int64_t> {};

TEST_P(PoolAlgorithms, Unpadded) { checkPool(pool2d(GetParam(), 8, 8, 2, 2, 0)); }

TEST_P(PoolAlgorithms, PaddedOverlapping) { checkPool(pool2d(GetParam(), 9, 7, 3, 2, 1)); }

TEST_P(PoolAlgorithms, CeilModePadding) {
  // ONNX ceil_mode on a 6x6 input, kernel 3, stride 2, pads 1: out = ceil((6+2-3)/2)+1 = 4, which
  // floor division reaches with one more cell of padding at the end.
  PoolCase c = pool2d(GetParam(), 6, 6, 3, 2, 1);
  c.padsEnd = {2, 2};
  ASSERT_EQ(c.out(), (std::vector<int64_t>{4, 4}));
  checkPool(c);
}

TEST_P(PoolAlgorithms, Dilated) {
  PoolCase c = pool2d(GetParam(), 10, 10, 3, 1, 2);
  c.dilations = {2, 2};
  checkPool(c);
}

TEST_P(PoolAlgorithms, Global) {
  PoolCase c = pool2d(GetParam(), 7, 5, 1, 1, 0);
  c.kernel = {7, 5};
  checkPool(c);
}

TEST_P(PoolAlgorithms, OneAndThreeDimensional) {
  PoolCase c1;
  c1.N = 1, c1.C = 4, c1.algorithm = GetParam();
  c1.in = {13}, c1.kernel = {4}, c1.strides = {3}, c1.dilations = {1}, c1.padsBegin = {2}, c1.padsEnd = {2};
  checkPool(c1);
  PoolCase c3;
  c3.N = 1, c3.C = 2, c3.algorithm = GetParam();
  c3.in = {5, 6, 7}, c3.kernel = {2, 3, 2}, c3.strides = {1, 2, 2}, c3.dilations = {1, 1, 1};
  c3.padsBegin = {0, 1, 1}, c3.padsEnd = {1, 1, 0};
  checkPool(c3);
}

TEST_P(PoolAlgorithms, Blocked8) {
  PoolCase c = pool2d(GetParam(), 9, 7, 3, 2, 1);
  c.C = 16;
  c.layout = AICC_LAYOUT_BLOCKED8;
  checkPool(c);
  c.C = 12; // the second block is half padding
  checkPool(c);
}

std::string algorithmName(const ::testing::TestParamInfo<int64_t> &info) {
  const char *names[] = {"Max", "AvgIncludePad", "AvgExcludePad"};
  return names[info.param];
}

INSTANTIATE_TEST_SUITE_P(Pool, PoolAlgorithms, ::testing::Values(kMax, kAvgIncludePad, kAvgExcludePad), algorithmName);

// Int8 pooling of random bytes against the f32 reference on their values: max exactly, an average
// requantized (saturate(round_half_even(output_scale * mean + output_shift))) within one unit
// (oneDNN multiplies by 1/count in f32), exactly in nearly all cells.
template <typename Byte> void checkInt8Pool(PoolCase c) {
  c.dataType = std::is_signed_v<Byte> ? AICC_DATA_S8 : AICC_DATA_U8;
  const std::vector<int64_t> srcDims = c.srcDims(), dstDims = c.dstDims();
  std::mt19937 random(7);
  std::uniform_int_distribution<int> byte(std::numeric_limits<Byte>::min(), std::numeric_limits<Byte>::max());
  std::vector<Byte> x(product(srcDims));
  for (Byte &v : x) v = static_cast<Byte>(byte(random));
  std::vector<Byte> xIn(x.size()), yOut(product(dstDims)), y(yOut.size());
  KernelTable table({reorderSpec(srcDims, AICC_LAYOUT_PLAIN, c.layout, 1), c.spec(),
                     reorderSpec(dstDims, c.layout, AICC_LAYOUT_PLAIN, 1)});
  ASSERT_TRUE(table.created()) << table.createError();
  ASSERT_EQ(table.run(0, reorderArgs(x.data(), xIn.data())), "");
  ASSERT_EQ(table.run(1, slots(AICC_POOL_NUM_ARGS, {{AICC_POOL_ARG_X, xIn.data()}, {AICC_POOL_ARG_Y, yOut.data()}})),
            "");
  ASSERT_EQ(table.run(2, reorderArgs(yOut.data(), y.data())), "");

  const std::vector<float> pooled = referencePool(c, std::vector<float>(x.begin(), x.end()));
  size_t exact = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    const double expected =
        std::clamp(std::nearbyint(c.outputScale * pooled[i] + c.outputShift), double(std::numeric_limits<Byte>::min()),
                   double(std::numeric_limits<Byte>::max()));
    ASSERT_LE(std::abs(y[i] - expected), c.algorithm == kMax ? 0 : 1) << "at " << i;
    exact += y[i] == expected;
  }
  EXPECT_GE(exact, y.size() * 95 / 100);
}

TEST(PoolKernel, Int8MaxKeepsTheValues) {
  PoolCase c = pool2d(kMax, 9, 7, 3, 2, 1);
  c.C = 24;
  checkInt8Pool<uint8_t>(c);
  c.layout = AICC_LAYOUT_CHANNELS_LAST;
  checkInt8Pool<uint8_t>(c);
  checkInt8Pool<int8_t>(c);
  c.C = 32, c.layout = AICC_LAYOUT_BLOCKED16; // oneDNN's reference kernel there: staged channels-last
  checkInt8Pool<int8_t>(c);
}

TEST(PoolKernel, Int8AverageRequantizes) {
  PoolCase c = pool2d(kAvgExcludePad, 9, 7, 3, 2, 1);
  c.C = 24, c.layout = AICC_LAYOUT_CHANNELS_LAST;
  c.outputScale = 0.7, c.outputShift = -3;
  checkInt8Pool<int8_t>(c);
  // Counted padding is the value 0; Y's zero point 128 above X's 0, so the shift saturates some.
  c.algorithm = kAvgIncludePad, c.outputScale = 1.5, c.outputShift = 128;
  checkInt8Pool<uint8_t>(c);
  c.layout = AICC_LAYOUT_PLAIN; // staged channels-last
  checkInt8Pool<uint8_t>(c);
}

TEST(PoolKernel, Int8GlobalAverageRequantizes) {
  PoolCase c = pool2d(kAvgExcludePad, 7, 7, 7, 1, 0);
  c.C = 32, c.layout = AICC_LAYOUT_CHANNELS_LAST;
  c.outputScale = 0.25, c.outputShift = 100;
  checkInt8Pool<uint8_t>(c);
}

TEST(PoolKernel, Int8MaxDoesNotRequantize) {
  PoolCase c = pool2d(kMax, 4, 4, 2, 2, 0);
  c.dataType = AICC_DATA_U8, c.outputScale = 0.5;
  KernelTable table({c.spec()});
  ASSERT_FALSE(table.created());
  EXPECT_THAT(table.createError(), ::testing::HasSubstr("int8 max pooling keeps its input's scale and zero point"));
}

TEST(PoolKernel, UnknownDataTypeIsRefused) {
  PoolCase c = pool2d(kMax, 4, 4, 2, 2, 0);
  c.dataType = AICC_DATA_BF16;
  KernelTable table({c.spec()});
  ASSERT_FALSE(table.created());
  EXPECT_THAT(table.createError(), ::testing::HasSubstr("data_type must be f32, s8 or u8, got 4"));
}

TEST(PoolKernel, ParamsWrittenBeforeDataTypeAreF32) {
  PoolCase c = pool2d(kAvgExcludePad, 6, 6, 3, 2, 1);
  KernelSpec older = c.spec();
  const size_t words = offsetof(aicc_pool_params, data_type) / sizeof(int64_t);
  older.params.resize(words);
  older.paramsSize = words * sizeof(int64_t);
  auto x = randomFloats(product(c.srcDims()), 5);
  std::vector<float> y(product(c.dstDims()));
  KernelTable table({older});
  ASSERT_TRUE(table.created()) << table.createError();
  ASSERT_EQ(table.run(0, slots(AICC_POOL_NUM_ARGS, {{AICC_POOL_ARG_X, x.data()}, {AICC_POOL_ARG_Y, y.data()}})), "");
  expectAllNear(y, referencePool(c, x));
}

TEST(PoolKernel, DifferentSrcAndDstLayoutsAreRefused) {
  PoolCase c = pool2d(kMax, 4, 4, 2, 2, 0);
  aicc_pool_params p = c.params();
  p.dst_layout = AICC_LAYOUT_BLOCKED8;
  KernelTable table({KernelSpec(AICC_KERNEL_POOL, p, constantSlots(AICC_POOL_NUM_ARGS, {}))});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(), "kernel 0 (pool): src_layout and dst_layout must agree");
}

TEST(PoolKernel, UnknownAlgorithmIsRefused) {
  PoolCase c = pool2d(kMax, 4, 4, 2, 2, 0);
  c.algorithm = 3;
  KernelTable table({c.spec()});
  ASSERT_FALSE(table.created());
  EXPECT_THAT(table.createError(), ::testing::HasSubstr("kernel 0 (pool): algorithm must be 0 (max)"));
}

} // namespace
} // namespace aicc::test
