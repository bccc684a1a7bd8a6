// AICC_KERNEL_QUANTIZED_CONV against direct loops over ONNX QLinearConv's definition: the int32
// sum of (x - x_zero_point) * w plus the bias, times the scale, rounded half to even, plus
// y_zero_point, saturated; f32 destinations without the rounding, and with a residual added (a sum
// post-op) before the ReLU: an f32 one, or into a u8 or s8 Y one in Y's own units (the scale times
// the residual less its zero point). Also what the kernel refuses.
#include <cmath>
#include <string>

#include "TestSupport.h"

namespace aicc::test {
namespace {

struct QuantizedConvCase {
  int64_t N = 1, C = 4, OC = 8, group = 1, H = 7, W = 6, k = 3, stride = 1, pad = 1;
  int64_t srcType = AICC_DATA_U8, dstType = AICC_DATA_U8;
  int64_t srcZero = 120, dstZero = 10;
  bool perChannelScales = true, hasBias = true, relu = false;
  bool residual = false; // Y holds a residual the kernel adds its result to
  double sumScale = 1.0; // into an int8 Y: residual * sumScale - sumZero * sumScale is added
  int64_t sumZero = 0;
  int64_t layout = AICC_LAYOUT_PLAIN;

  int64_t outH() const { return (H + 2 * pad - k) / stride + 1; }
  int64_t outW() const { return (W + 2 * pad - k) / stride + 1; }

  aicc_quantized_conv_params params() const {
    aicc_quantized_conv_params q{};
    aicc_conv_params &p = q.conv;
    p.spatial_dims = 2;
    p.batch = N, p.channels = C, p.out_channels = OC, p.groups = group;
    p.in[0] = H, p.in[1] = W, p.out[0] = outH(), p.out[1] = outW();
    for (int i = 0; i < 2; ++i) {
      p.kernel[i] = k, p.strides[i] = stride, p.dilations[i] = 1, p.pads_begin[i] = pad, p.pads_end[i] = pad;
    }
    p.has_bias = hasBias;
    p.src_layout = p.dst_layout = layout;
    std::vector<aicc_post_op> postOps;
    if (residual) postOps.push_back(sum(sumScale, sumZero));
    if (relu) postOps.push_back(eltwise(AICC_ACT_RELU));
    p.post_ops = postOpList(postOps);
    q.src_type = srcType, q.dst_type = dstType;
    q.scale_count = perChannelScales ? OC : 1;
    q.src_zero_point = srcZero, q.dst_zero_point = dstZero;
    return q;
  }
};

// Deterministic bytes in [low, high].
std::vector<int> randomInts(size_t count, int low, int high, uint32_t seed) {
  std::vector<int> v(count);
  uint32_t state = seed * 2654435761u + 1;
  for (int &x : v) {
    state = state * 1664525u + 1013904223u;
    x = low + static_cast<int>((state >> 8) % static_cast<uint32_t>(high - low + 1));
  }
  return v;
}

void checkQuantizedConv(const QuantizedConvCase &c) {
  const bool srcUnsigned = c.srcType == AICC_DATA_U8;
  const int64_t cPerGroup = c.C / c.group, ocPerGroup = c.OC / c.group;
  const std::vector<int> xv = randomInts(c.N * c.C * c.H * c.W, srcUnsigned ? 0 : -128, srcUnsigned ? 255 : 127, 1);
  const std::vector<int> wv = randomInts(c.OC * cPerGroup * c.k * c.k, -128, 127, 2);
  const std::vector<int> bv = randomInts(c.OC, -3000, 3000, 3);
  std::vector<float> scales;
  for (int64_t i = 0; i < (c.perChannelScales ? c.OC : 1); ++i) scales.push_back(0.0005f * float(i + 1));
  std::vector<uint8_t> x(xv.begin(), xv.end()); // two's complement bytes for s8 too
  std::vector<int8_t> w(wv.begin(), wv.end());
  std::vector<int32_t> b(bv.begin(), bv.end());

  const int64_t OH = c.outH(), OW = c.outW();
  std::vector<double> want(c.N * c.OC * OH * OW);
  const bool int8Y = c.dstType != AICC_DATA_F32;
  std::vector<float> residual = c.residual ? randomFloats(want.size(), 4) : std::vector<float>(want.size());
  // An int8 Y's residual: bytes of Y's type.
  const std::vector<int> residualBytes =
      randomInts(want.size(), c.dstType == AICC_DATA_U8 ? 0 : -128, c.dstType == AICC_DATA_U8 ? 255 : 127, 5);
  size_t yi = 0;
  for (int64_t n = 0; n < c.N; ++n)
    for (int64_t oc = 0; oc < c.OC; ++oc)
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
          int64_t acc = c.hasBias ? b[oc] : 0;
          const int64_t g = oc / ocPerGroup;
          for (int64_t ci = 0; ci < cPerGroup; ++ci)
            for (int64_t kh = 0; kh < c.k; ++kh)
              for (int64_t kw = 0; kw < c.k; ++kw) {
                const int64_t ih = oh * c.stride - c.pad + kh, iw = ow * c.stride - c.pad + kw;
                if (ih < 0 || ih >= c.H || iw < 0 || iw >= c.W) continue;
                const int64_t xi = ((n * c.C + g * cPerGroup + ci) * c.H + ih) * c.W + iw;
                acc += (int64_t(xv[xi]) - c.srcZero) * w[((oc * cPerGroup + ci) * c.k + kh) * c.k + kw];
              }
          double v = double(float(acc) * scales[c.perChannelScales ? oc : 0]);
          if (c.residual) v += int8Y ? c.sumScale * double(residualBytes[yi] - c.sumZero) : residual[yi];
          if (c.relu) v = std::max(v, 0.0);
          if (c.dstType != AICC_DATA_F32) {
            const double low = c.dstType == AICC_DATA_U8 ? 0 : -128, high = c.dstType == AICC_DATA_U8 ? 255 : 127;
            v = std::min(high, std::max(low, std::nearbyint(v) + c.dstZero));
          }
          want[yi++] = v;
        }

  KernelTable table(
      {KernelSpec(AICC_KERNEL_QUANTIZED_CONV, c.params(),
                  constantSlots(AICC_QUANTIZED_CONV_NUM_ARGS, {{AICC_QUANTIZED_CONV_ARG_W, w.data()},
                                                               {AICC_QUANTIZED_CONV_ARG_SCALES, scales.data()}}))});
  ASSERT_TRUE(table.created()) << table.createError();
  const size_t count = want.size();
  std::vector<float> yf(residual);
  std::vector<uint8_t> yb(count);
  if (c.residual && int8Y)
    for (size_t i = 0; i < count; ++i) yb[i] = static_cast<uint8_t>(residualBytes[i]);
  void *y = c.dstType == AICC_DATA_F32 ? static_cast<void *>(yf.data()) : static_cast<void *>(yb.data());
  ASSERT_EQ(
      table.run(0, slots(AICC_QUANTIZED_CONV_NUM_ARGS, {{AICC_QUANTIZED_CONV_ARG_X, x.data()},
                                                        {AICC_QUANTIZED_CONV_ARG_B, c.hasBias ? b.data() : nullptr},
                                                        {AICC_QUANTIZED_CONV_ARG_Y, y}})),
      "");
  for (size_t i = 0; i < count; ++i) {
    double got = c.dstType == AICC_DATA_F32  ? yf[i]
                 : c.dstType == AICC_DATA_U8 ? double(yb[i])
                                             : double(static_cast<int8_t>(yb[i]));
    // f32 scaling in another order can move a value at a rounding boundary by one step.
    ASSERT_NEAR(got, want[i], c.dstType == AICC_DATA_F32 ? 1e-3 * std::max(1.0, std::abs(want[i])) : 1.0)
        << "element " << i;
  }
}

TEST(QuantizedConvKernel, U8PerChannelScalesAndBias) { checkQuantizedConv({}); }

TEST(QuantizedConvKernel, S8InputS8OutputWithRelu) {
  QuantizedConvCase c;
  c.srcType = AICC_DATA_S8, c.dstType = AICC_DATA_S8, c.srcZero = -5, c.dstZero = -20, c.relu = true;
  checkQuantizedConv(c);
}

TEST(QuantizedConvKernel, F32OutputGroupedStride2) {
  QuantizedConvCase c;
  c.dstType = AICC_DATA_F32, c.dstZero = 0, c.group = 2, c.stride = 2, c.perChannelScales = false, c.hasBias = false;
  checkQuantizedConv(c);
}

TEST(QuantizedConvKernel, F32OutputAddedToAResidualThenRelu) {
  QuantizedConvCase c;
  c.dstType = AICC_DATA_F32, c.dstZero = 0, c.residual = true, c.relu = true;
  checkQuantizedConv(c);
  c.N = 2, c.stride = 2, c.perChannelScales = false;
  checkQuantizedConv(c);
}

// The error creating the kernel of `c` gives, with constant weights and scales ("" if none).
std::string createError(const QuantizedConvCase &c) {
  std::vector<int8_t> w(c.OC * c.C * c.k * c.k);
  std::vector<float> scales(c.OC, 1.f);
  KernelTable table(
      {KernelSpec(AICC_KERNEL_QUANTIZED_CONV, c.params(),
                  constantSlots(AICC_QUANTIZED_CONV_NUM_ARGS, {{AICC_QUANTIZED_CONV_ARG_W, w.data()},
                                                               {AICC_QUANTIZED_CONV_ARG_SCALES, scales.data()}}))});
  return table.created() ? "" : table.createError();
}

// A QDQ residual block: Y = saturate(round(relu(acc * scale + sumScale * (residual - sumZero))) +
// dstZero), the residual in Y's quantization.
TEST(QuantizedConvKernel, U8ResidualWithItsZeroPointThenRelu) {
  QuantizedConvCase c;
  c.residual = true, c.relu = true, c.sumScale = 0.37, c.sumZero = 9;
  checkQuantizedConv(c);
}

TEST(QuantizedConvKernel, S8ResidualStride2) {
  QuantizedConvCase c;
  c.dstType = AICC_DATA_S8, c.dstZero = -3, c.residual = true, c.sumScale = 1.6, c.sumZero = -7, c.stride = 2;
  checkQuantizedConv(c);
}

// Channels-last X and Y, which oneDNN's int8 kernels read as they are: the residual is not staged.
TEST(QuantizedConvKernel, U8ResidualChannelsLast) {
  QuantizedConvCase c; // 1x1 images: NCHW's bytes are NHWC's, which the reference reads
  c.residual = true, c.sumScale = 0.5, c.H = 1, c.W = 1, c.k = 1, c.pad = 0, c.layout = AICC_LAYOUT_CHANNELS_LAST;
  c.C = 16, c.OC = 16, c.dstZero = 7, c.srcZero = 0;
  checkQuantizedConv(c);
}

TEST(QuantizedConvKernel, SumZeroPointOutsideYsRangeIsRefused) {
  QuantizedConvCase c;
  c.residual = true, c.sumZero = 300;
  EXPECT_THAT(createError(c), ::testing::HasSubstr("the sum's zero point must lie in Y's range"));
  c.dstType = AICC_DATA_F32, c.dstZero = 0, c.sumZero = 2;
  EXPECT_THAT(createError(c), ::testing::HasSubstr("the sum's zero point must lie in Y's range"));
}

TEST(QuantizedConvKernel, DepthwisePerChannelScales) {
  QuantizedConvCase c;
  c.C = 8, c.OC = 8, c.group = 8, c.relu = true; // MobileNet's depthwise layers: one scale per group
  checkQuantizedConv(c);
}

TEST(QuantizedConvKernel, ScalesPassedAtRunTimeAreRefused) {
  QuantizedConvCase c;
  std::vector<int8_t> w(c.OC * c.C * c.k * c.k);
  KernelTable table({KernelSpec(AICC_KERNEL_QUANTIZED_CONV, c.params(),
                                constantSlots(AICC_QUANTIZED_CONV_NUM_ARGS, {{AICC_QUANTIZED_CONV_ARG_W, w.data()}}))});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(),
            "kernel 0 (quantized conv): the scales and the weights must be compile-time constants");
}

TEST(QuantizedConvKernel, ZeroPointOfAnF32DestinationIsRefused) {
  QuantizedConvCase c;
  c.dstType = AICC_DATA_F32, c.dstZero = 3;
  EXPECT_EQ(createError(c), "kernel 0 (quantized conv): an f32 destination has no zero point, got 3");
}

} // namespace
} // namespace aicc::test
