// AICC_KERNEL_CONV against a direct loop over the ONNX Conv definition: padding, strides,
// dilations, groups, bias, activations, 1-3 spatial dims, constant and per-run weights.
#include <algorithm>
#include <cmath>

#include "TestSupport.h"

namespace aicc::test {
namespace {

struct ConvCase {
  int64_t N = 1, C = 1, OC = 1, group = 1;
  std::vector<int64_t> in, kernel, strides, dilations, padsBegin, padsEnd;
  bool hasBias = false;
  int64_t activation = AICC_ACT_NONE;
  double actAlpha = 0, actBeta = 0;
  bool constWeights = true;

  int64_t S() const { return static_cast<int64_t>(in.size()); }
  std::vector<int64_t> out() const {
    std::vector<int64_t> o(S());
    for (int64_t i = 0; i < S(); ++i)
      o[i] =
          (in[i] + padsBegin[i] + padsEnd[i] - ((kernel[i] - 1) * dilations[i] + 1)) / strides[i] +
          1;
    return o;
  }
  std::vector<int64_t> params() const {
    std::vector<int64_t> p{S(), N, C, OC, group};
    for (const std::vector<int64_t> &v :
         {in, out(), kernel, strides, dilations, padsBegin, padsEnd})
      p.insert(p.end(), v.begin(), v.end());
    p.insert(p.end(), {hasBias, activation, doubleBits(actAlpha), doubleBits(actBeta)});
    return p;
  }
};

int64_t product(const std::vector<int64_t> &v) {
  int64_t p = 1;
  for (int64_t x : v)
    p *= x;
  return p;
}

float activate(float v, const ConvCase &c) {
  switch (c.activation) {
  case AICC_ACT_RELU: return std::max(v, 0.f);
  case AICC_ACT_LEAKY_RELU: return v < 0 ? static_cast<float>(c.actAlpha) * v : v;
  case AICC_ACT_SIGMOID: return 1.f / (1.f + std::exp(-v));
  case AICC_ACT_TANH: return std::tanh(v);
  case AICC_ACT_CLIP:
    return std::min(std::max(v, static_cast<float>(c.actAlpha)), static_cast<float>(c.actBeta));
  default: return v;
  }
}

// ONNX Conv, written for 3 spatial dims; fewer are padded with leading size-1 dims.
std::vector<float> referenceConv(const ConvCase &c, const std::vector<float> &x,
                                 const std::vector<float> &w, const std::vector<float> &b) {
  auto lift = [&](const std::vector<int64_t> &v, int64_t fill) {
    std::vector<int64_t> r(3 - c.S(), fill);
    r.insert(r.end(), v.begin(), v.end());
    return r;
  };
  const auto in = lift(c.in, 1), out = lift(c.out(), 1), k = lift(c.kernel, 1);
  const auto st = lift(c.strides, 1), dl = lift(c.dilations, 1), pb = lift(c.padsBegin, 0);
  const int64_t cPerGroup = c.C / c.group, ocPerGroup = c.OC / c.group;
  std::vector<float> y(c.N * c.OC * product(out));
  size_t yi = 0;
  for (int64_t n = 0; n < c.N; ++n)
    for (int64_t oc = 0; oc < c.OC; ++oc)
      for (int64_t od = 0; od < out[0]; ++od)
        for (int64_t oh = 0; oh < out[1]; ++oh)
          for (int64_t ow = 0; ow < out[2]; ++ow) {
            double sum = c.hasBias ? b[oc] : 0;
            const int64_t g = oc / ocPerGroup;
            for (int64_t ci = 0; ci < cPerGroup; ++ci)
              for (int64_t kd = 0; kd < k[0]; ++kd)
                for (int64_t kh = 0; kh < k[1]; ++kh)
                  for (int64_t kw = 0; kw < k[2]; ++kw) {
                    const int64_t id = od * st[0] - pb[0] + kd * dl[0];
                    const int64_t ih = oh * st[1] - pb[1] + kh * dl[1];
                    const int64_t iw = ow * st[2] - pb[2] + kw * dl[2];
                    if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1] || iw < 0 || iw >= in[2])
                      continue;
                    const int64_t cIn = g * cPerGroup + ci;
                    sum += double(x[(((n * c.C + cIn) * in[0] + id) * in[1] + ih) * in[2] + iw]) *
                           w[(((oc * cPerGroup + ci) * k[0] + kd) * k[1] + kh) * k[2] + kw];
                  }
            y[yi++] = activate(static_cast<float>(sum), c);
          }
  return y;
}

void checkConv(const ConvCase &c) {
  const auto out = c.out();
  auto x = randomFloats(c.N * c.C * product(c.in), 1);
  auto w = randomFloats(c.OC * (c.C / c.group) * product(c.kernel), 2);
  auto b = randomFloats(c.OC, 3);
  std::vector<float> y(c.N * c.OC * product(out), -99.f);

  KernelSpec spec{AICC_KERNEL_CONV,
                  c.params(),
                  {nullptr, c.constWeights ? w.data() : nullptr,
                   c.hasBias && c.constWeights ? b.data() : nullptr, nullptr}};
  KernelTable table({spec});
  ASSERT_TRUE(table.created()) << table.createError();
  // Run twice: the second run must not depend on state left by the first.
  for (int repeat = 0; repeat < 2; ++repeat) {
    ASSERT_EQ(table.run(0, {x.data(), w.data(), c.hasBias ? b.data() : nullptr, y.data()}), "");
    expectAllNear(y, referenceConv(c, x, w, b));
  }
}

ConvCase conv2d(int64_t C, int64_t OC, int64_t H, int64_t W, int64_t k) {
  ConvCase c;
  c.N = 1, c.C = C, c.OC = OC;
  c.in = {H, W}, c.kernel = {k, k}, c.strides = {1, 1}, c.dilations = {1, 1};
  c.padsBegin = {0, 0}, c.padsEnd = {0, 0};
  return c;
}

TEST(ConvKernel, Plain3x3) { checkConv(conv2d(3, 8, 9, 7, 3)); }

TEST(ConvKernel, PointwiseWithBias) {
  ConvCase c = conv2d(16, 32, 5, 5, 1);
  c.N = 2;
  c.hasBias = true;
  checkConv(c);
}

TEST(ConvKernel, AsymmetricPaddingAndStride) {
  ConvCase c = conv2d(4, 6, 11, 10, 3);
  c.strides = {2, 3};
  c.padsBegin = {1, 0};
  c.padsEnd = {2, 1};
  c.hasBias = true;
  checkConv(c);
}

TEST(ConvKernel, Dilation) {
  ConvCase c = conv2d(5, 7, 12, 12, 3);
  c.dilations = {2, 3};
  c.padsBegin = {2, 3};
  c.padsEnd = {2, 3};
  checkConv(c);
}

TEST(ConvKernel, GroupsBiasRelu) {
  ConvCase c = conv2d(8, 12, 9, 9, 3);
  c.group = 4;
  c.padsBegin = c.padsEnd = {1, 1};
  c.hasBias = true;
  c.activation = AICC_ACT_RELU;
  checkConv(c);
}

TEST(ConvKernel, Depthwise) {
  ConvCase c = conv2d(16, 16, 14, 14, 3);
  c.group = 16;
  c.strides = {2, 2};
  c.padsBegin = c.padsEnd = {1, 1};
  c.hasBias = true;
  c.activation = AICC_ACT_CLIP, c.actAlpha = 0, c.actBeta = 0.3;
  checkConv(c);
}

TEST(ConvKernel, Activations) {
  for (int64_t act : {AICC_ACT_LEAKY_RELU, AICC_ACT_SIGMOID, AICC_ACT_TANH}) {
    SCOPED_TRACE("activation " + std::to_string(act));
    ConvCase c = conv2d(3, 4, 6, 6, 3);
    c.hasBias = true;
    c.activation = act, c.actAlpha = 0.1;
    checkConv(c);
  }
}

TEST(ConvKernel, WeightsAndBiasPassedEachRun) {
  ConvCase c = conv2d(4, 8, 8, 8, 3);
  c.padsBegin = c.padsEnd = {1, 1};
  c.hasBias = true;
  c.constWeights = false;
  checkConv(c);
}

TEST(ConvKernel, OneDimensional) {
  ConvCase c;
  c.N = 2, c.C = 3, c.OC = 5;
  c.in = {17}, c.kernel = {4}, c.strides = {2}, c.dilations = {2}, c.padsBegin = {3},
  c.padsEnd = {1};
  c.hasBias = true;
  checkConv(c);
}

TEST(ConvKernel, ThreeDimensional) {
  ConvCase c;
  c.C = 2, c.OC = 4, c.group = 2;
  c.in = {5, 6, 7}, c.kernel = {3, 2, 3}, c.strides = {1, 2, 1}, c.dilations = {1, 1, 2};
  c.padsBegin = {1, 0, 2}, c.padsEnd = {1, 1, 2};
  c.hasBias = true;
  c.activation = AICC_ACT_RELU;
  checkConv(c);
}

TEST(ConvKernel, InconsistentOutputSizeIsRefused) {
  ConvCase c = conv2d(3, 4, 8, 8, 3);
  std::vector<int64_t> params = c.params();
  params[5 + 2] = 7; // out[0]: 8 - 3 + 1 = 6, not 7
  KernelTable table({KernelSpec{AICC_KERNEL_CONV, params, {nullptr, nullptr, nullptr, nullptr}}});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(), "kernel 0 (conv): spatial dim 0: input 8, kernel 3, stride 1, "
                                 "dilation 1 and pads 0+0 do not give output 7");
}

TEST(ConvKernel, ChannelsNotDivisibleByGroupAreRefused) {
  ConvCase c = conv2d(6, 4, 8, 8, 3);
  c.group = 4;
  KernelTable table(
      {KernelSpec{AICC_KERNEL_CONV, c.params(), {nullptr, nullptr, nullptr, nullptr}}});
  ASSERT_FALSE(table.created());
  EXPECT_THAT(table.createError(), ::testing::HasSubstr("divisible by group"));
}

} // namespace
} // namespace aicc::test
