// AICC_KERNEL_CONV and AICC_KERNEL_DECONV against direct loops over the ONNX Conv and
// ConvTranspose definitions: padding, strides, dilations, groups, bias, post-ops (activations and
// sum), 1-3 spatial dims, constant and per-run weights, and activations in channels-last and
// blocked layouts (converted by AICC_KERNEL_REORDER kernels around the kernel under test).
#include <algorithm>
#include <cmath>

#include "TestSupport.h"
#include "runtime/src/RuntimeContext.h"

namespace aicc::test {
namespace {

struct ConvCase {
  bool transposed = false; // ConvTranspose (AICC_KERNEL_DECONV)
  int64_t N = 1, C = 1, OC = 1, group = 1;
  std::vector<int64_t> in, kernel, strides, dilations, padsBegin, padsEnd;
  bool hasBias = false;
  std::vector<aicc_post_op> postOps;
  int64_t srcLayout = AICC_LAYOUT_PLAIN, dstLayout = AICC_LAYOUT_PLAIN;
  bool constWeights = true;

  int64_t S() const { return static_cast<int64_t>(in.size()); }
  // ONNX Conv: (in + pads - extent) / stride + 1, floor division. ONNX ConvTranspose:
  // (in - 1) * stride + extent - pads. extent = (kernel - 1) * dilation + 1.
  std::vector<int64_t> out() const {
    std::vector<int64_t> o(S());
    for (int64_t i = 0; i < S(); ++i) {
      const int64_t extent = (kernel[i] - 1) * dilations[i] + 1;
      o[i] = transposed ? (in[i] - 1) * strides[i] + extent - padsBegin[i] - padsEnd[i]
                        : (in[i] + padsBegin[i] + padsEnd[i] - extent) / strides[i] + 1;
    }
    return o;
  }
  std::vector<int64_t> srcDims() const {
    std::vector<int64_t> d{N, C};
    d.insert(d.end(), in.begin(), in.end());
    return d;
  }
  std::vector<int64_t> dstDims() const {
    std::vector<int64_t> d{N, OC}, o = out();
    d.insert(d.end(), o.begin(), o.end());
    return d;
  }
  aicc_conv_params params() const {
    aicc_conv_params p{};
    p.spatial_dims = S();
    p.batch = N, p.channels = C, p.out_channels = OC, p.groups = group;
    const std::vector<int64_t> o = out();
    for (int64_t i = 0; i < S(); ++i) {
      p.in[i] = in[i], p.out[i] = o[i], p.kernel[i] = kernel[i];
      p.strides[i] = strides[i], p.dilations[i] = dilations[i];
      p.pads_begin[i] = padsBegin[i], p.pads_end[i] = padsEnd[i];
    }
    p.has_bias = hasBias;
    p.src_layout = srcLayout, p.dst_layout = dstLayout;
    p.post_ops = postOpList(postOps);
    return p;
  }
  KernelSpec spec(const void *w, const void *b) const {
    return KernelSpec(transposed ? AICC_KERNEL_DECONV : AICC_KERNEL_CONV, params(),
                      constantSlots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_W, w}, {AICC_CONV_ARG_B, b}}));
  }
};

// v padded with leading `fill`s to 3 spatial dims: the references are written for 3.
std::vector<int64_t> lift(const std::vector<int64_t> &v, int64_t fill) {
  std::vector<int64_t> r(3 - v.size(), fill);
  r.insert(r.end(), v.begin(), v.end());
  return r;
}

// ONNX Conv with bias, before post-ops.
std::vector<float> referenceConv(const ConvCase &c, const std::vector<float> &x, const std::vector<float> &w,
                                 const std::vector<float> &b) {
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
                    if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1] || iw < 0 || iw >= in[2]) continue;
                    const int64_t cIn = g * cPerGroup + ci;
                    sum += double(x[(((n * c.C + cIn) * in[0] + id) * in[1] + ih) * in[2] + iw]) *
                           w[(((oc * cPerGroup + ci) * k[0] + kd) * k[1] + kh) * k[2] + kw];
                  }
            y[yi++] = static_cast<float>(sum);
          }
  return y;
}

// ONNX ConvTranspose with bias, before post-ops: each input cell X[n, c, i] scatters
// X * W[c, ocl, k] into Y[n, g * OC/group + ocl, i * stride - pad_begin + k * dilation], where
// g = c / (C/group) and W is [C, OC/group, k...].
std::vector<float> referenceDeconv(const ConvCase &c, const std::vector<float> &x, const std::vector<float> &w,
                                   const std::vector<float> &b) {
  const auto in = lift(c.in, 1), out = lift(c.out(), 1), k = lift(c.kernel, 1);
  const auto st = lift(c.strides, 1), dl = lift(c.dilations, 1), pb = lift(c.padsBegin, 0);
  const int64_t cPerGroup = c.C / c.group, ocPerGroup = c.OC / c.group;
  const int64_t outSize = product(out);
  std::vector<double> y(c.N * c.OC * outSize);
  for (int64_t n = 0; n < c.N; ++n)
    for (int64_t oc = 0; oc < c.OC; ++oc)
      for (int64_t o = 0; o < outSize; ++o) y[(n * c.OC + oc) * outSize + o] = c.hasBias ? b[oc] : 0;
  for (int64_t n = 0; n < c.N; ++n)
    for (int64_t ci = 0; ci < c.C; ++ci)
      for (int64_t id = 0; id < in[0]; ++id)
        for (int64_t ih = 0; ih < in[1]; ++ih)
          for (int64_t iw = 0; iw < in[2]; ++iw) {
            const double xv = x[(((n * c.C + ci) * in[0] + id) * in[1] + ih) * in[2] + iw];
            const int64_t g = ci / cPerGroup;
            for (int64_t ocl = 0; ocl < ocPerGroup; ++ocl)
              for (int64_t kd = 0; kd < k[0]; ++kd)
                for (int64_t kh = 0; kh < k[1]; ++kh)
                  for (int64_t kw = 0; kw < k[2]; ++kw) {
                    const int64_t od = id * st[0] - pb[0] + kd * dl[0];
                    const int64_t oh = ih * st[1] - pb[1] + kh * dl[1];
                    const int64_t ow = iw * st[2] - pb[2] + kw * dl[2];
                    if (od < 0 || od >= out[0] || oh < 0 || oh >= out[1] || ow < 0 || ow >= out[2]) continue;
                    const int64_t oc = g * ocPerGroup + ocl;
                    y[(((n * c.OC + oc) * out[0] + od) * out[1] + oh) * out[2] + ow] +=
                        xv * w[(((ci * ocPerGroup + ocl) * k[0] + kd) * k[1] + kh) * k[2] + kw];
                  }
          }
  return std::vector<float>(y.begin(), y.end());
}

// Runs the case twice (the second run must not depend on state left by the first) and compares
// with the reference. Y holds `prior` before each run, which a sum post-op adds. X and the prior Y
// reach the kernel through reorder kernels of the same table (plain -> the case's layouts), and Y
// comes back through one (layout -> plain); for plain layouts these are copies.
void checkConv(const ConvCase &c) {
  const std::vector<int64_t> srcDims = c.srcDims(), dstDims = c.dstDims();
  auto x = randomFloats(product(srcDims), 1);
  auto w = randomFloats(c.OC * (c.C / c.group) * product(c.kernel), 2);
  auto b = randomFloats(c.OC, 3);
  auto prior = randomFloats(product(dstDims), 4);

  std::vector<float> want = c.transposed ? referenceDeconv(c, x, w, b) : referenceConv(c, x, w, b);
  for (size_t i = 0; i < want.size(); ++i) want[i] = referencePostOps(c.postOps, want[i], prior[i]);

  enum { kKernel, kSrcIn, kDstIn, kDstOut };
  KernelTable table({c.spec(c.constWeights ? w.data() : nullptr, c.hasBias && c.constWeights ? b.data() : nullptr),
                     reorderSpec(srcDims, AICC_LAYOUT_PLAIN, c.srcLayout),
                     reorderSpec(dstDims, AICC_LAYOUT_PLAIN, c.dstLayout),
                     reorderSpec(dstDims, c.dstLayout, AICC_LAYOUT_PLAIN)});
  ASSERT_TRUE(table.created()) << table.createError();
  std::vector<float> xIn(layoutElements(srcDims, c.srcLayout));
  std::vector<float> yOut(layoutElements(dstDims, c.dstLayout));
  for (int repeat = 0; repeat < 2; ++repeat) {
    std::vector<float> y = prior;
    ASSERT_EQ(table.run(kSrcIn, reorderArgs(x.data(), xIn.data())), "");
    ASSERT_EQ(table.run(kDstIn, reorderArgs(y.data(), yOut.data())), "");
    ASSERT_EQ(table.run(kKernel, slots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_X, xIn.data()},
                                                            {AICC_CONV_ARG_W, w.data()},
                                                            {AICC_CONV_ARG_B, c.hasBias ? b.data() : nullptr},
                                                            {AICC_CONV_ARG_Y, yOut.data()}})),
              "");
    ASSERT_EQ(table.run(kDstOut, reorderArgs(yOut.data(), y.data())), "");
    expectAllNear(y, want);
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
  c.postOps = {eltwise(AICC_ACT_RELU)};
  checkConv(c);
}

TEST(ConvKernel, Depthwise) {
  ConvCase c = conv2d(16, 16, 14, 14, 3);
  c.group = 16;
  c.strides = {2, 2};
  c.padsBegin = c.padsEnd = {1, 1};
  c.hasBias = true;
  c.postOps = {eltwise(AICC_ACT_CLIP, 0, 0.3)};
  checkConv(c);
}

TEST(ConvKernel, Activations) {
  // x and w in [-1, 1] over 27 taps: outputs spread over about [-4, 4], across every
  // activation's bends (0 for relu and elu, -3 and 3 for hard_swish).
  for (int64_t act : {AICC_ACT_LEAKY_RELU, AICC_ACT_SIGMOID, AICC_ACT_TANH, AICC_ACT_HARD_SWISH, AICC_ACT_ELU,
                      AICC_ACT_GELU_ERF, AICC_ACT_SWISH, AICC_ACT_GELU_TANH}) {
    SCOPED_TRACE("activation " + std::to_string(act));
    ConvCase c = conv2d(3, 4, 6, 6, 3);
    c.hasBias = true;
    c.postOps = {eltwise(act, act == AICC_ACT_ELU ? 0.7 : 0.1)};
    checkConv(c);
  }
}

TEST(ConvKernel, SumPostOpAddsTheResidual) {
  // A 3x3 kernel on plain activations computes in another layout, so the kernel must copy the
  // residual into its staged Y first; a 1x1 one writes Y in place.
  for (int64_t k : {3, 1}) {
    SCOPED_TRACE("kernel " + std::to_string(k));
    ConvCase c = conv2d(8, 8, 7, 7, k);
    c.padsBegin = c.padsEnd = {k / 2, k / 2};
    c.hasBias = true;
    c.postOps = {sum()};
    checkConv(c);
    c.postOps = {sum(), eltwise(AICC_ACT_RELU)};
    checkConv(c);
    c.postOps = {sum(-0.5)};
    checkConv(c);
  }
}

TEST(ConvKernel, SeveralPostOpsInOrder) {
  // Each op applies to the previous one's result: swapping any two changes the output.
  ConvCase c = conv2d(4, 6, 6, 6, 3);
  c.padsBegin = c.padsEnd = {1, 1};
  c.hasBias = true;
  c.postOps = {eltwise(AICC_ACT_LEAKY_RELU, 0.2), sum(0.5), eltwise(AICC_ACT_CLIP, -0.3, 0.8),
               eltwise(AICC_ACT_HARD_SWISH)};
  checkConv(c);
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
  c.in = {17}, c.kernel = {4}, c.strides = {2}, c.dilations = {2}, c.padsBegin = {3}, c.padsEnd = {1};
  c.hasBias = true;
  checkConv(c);
}

TEST(ConvKernel, ThreeDimensional) {
  ConvCase c;
  c.C = 2, c.OC = 4, c.group = 2;
  c.in = {5, 6, 7}, c.kernel = {3, 2, 3}, c.strides = {1, 2, 1}, c.dilations = {1, 1, 2};
  c.padsBegin = {1, 0, 2}, c.padsEnd = {1, 1, 2};
  c.hasBias = true;
  c.postOps = {eltwise(AICC_ACT_RELU)};
  checkConv(c);
}

TEST(ConvKernel, InconsistentOutputSizeIsRefused) {
  ConvCase c = conv2d(3, 4, 8, 8, 3);
  aicc_conv_params params = c.params();
  params.out[0] = 7; // 8 - 3 + 1 = 6, not 7
  KernelTable table({KernelSpec(AICC_KERNEL_CONV, params, constantSlots(AICC_CONV_NUM_ARGS, {}))});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(), "kernel 0 (conv): spatial dim 0: input 8, kernel 3, stride 1, "
                                 "dilation 1 and pads 0+0 do not give output 7");
}

TEST(ConvKernel, ChannelsNotDivisibleByGroupAreRefused) {
  ConvCase c = conv2d(6, 4, 8, 8, 3);
  c.group = 4;
  KernelTable table({c.spec(nullptr, nullptr)});
  ASSERT_FALSE(table.created());
  EXPECT_THAT(table.createError(), ::testing::HasSubstr("divisible by group"));
}

// Binary post-ops take one value per output channel or one in all (in the slots from
// AICC_CONV_ARG_POST_OPS on): FiLM's scale and shift. Their T is plain whatever the destination's
// layout, including blocked layouts whose last block is padded (20 channels).
TEST(ConvKernel, PerChannelBinaryPostOpsInEveryLayout) {
  for (int64_t layout : {AICC_LAYOUT_PLAIN, AICC_LAYOUT_CHANNELS_LAST, AICC_LAYOUT_BLOCKED8, AICC_LAYOUT_BLOCKED16}) {
    SCOPED_TRACE("layout " + std::to_string(layout));
    ConvCase c = conv2d(8, 20, 6, 5, 3);
    c.padsBegin = c.padsEnd = {1, 1};
    c.hasBias = true;
    c.srcLayout = c.dstLayout = layout;
    const std::vector<int64_t> srcDims = c.srcDims(), dstDims = c.dstDims();
    auto x = randomFloats(product(srcDims), 51), w = randomFloats(20 * 8 * 9, 52), b = randomFloats(20, 53);
    auto scale = randomFloats(20, 54), shift = randomFloats(1, 55);
    std::vector<float> want = referenceConv(c, x, w, b);
    const int64_t spatial = product(c.out());
    for (size_t i = 0; i < want.size(); ++i) want[i] = std::max(want[i] * scale[i / spatial % 20], 0.f) - shift[0];
    aicc_conv_params p = c.params();
    const int64_t scaleArg = AICC_CONV_ARG_POST_OPS, shiftArg = AICC_CONV_ARG_POST_OPS + 1;
    p.post_ops = postOpList({binaryPostOp(AICC_BINARY_MUL, scaleArg, {1, 20, 1, 1}), eltwise(AICC_ACT_RELU),
                             binaryPostOp(AICC_BINARY_SUB, shiftArg, {1, 1, 1, 1})});
    KernelTable table(
        {KernelSpec(AICC_KERNEL_CONV, p,
                    constantSlots(AICC_CONV_NUM_ARGS + 2, {{AICC_CONV_ARG_W, w.data()}, {AICC_CONV_ARG_B, b.data()}})),
         reorderSpec(srcDims, AICC_LAYOUT_PLAIN, layout), reorderSpec(dstDims, layout, AICC_LAYOUT_PLAIN)});
    ASSERT_TRUE(table.created()) << table.createError();
    std::vector<float> xIn(layoutElements(srcDims, layout)), yOut(layoutElements(dstDims, layout)), y(want.size());
    ASSERT_EQ(table.run(1, reorderArgs(x.data(), xIn.data())), "");
    ASSERT_EQ(table.run(0, slots(AICC_CONV_NUM_ARGS + 2, {{AICC_CONV_ARG_X, xIn.data()},
                                                          {AICC_CONV_ARG_W, w.data()},
                                                          {AICC_CONV_ARG_B, b.data()},
                                                          {AICC_CONV_ARG_Y, yOut.data()},
                                                          {scaleArg, scale.data()},
                                                          {shiftArg, shift.data()}})),
              "");
    ASSERT_EQ(table.run(2, reorderArgs(yOut.data(), y.data())), "");
    expectAllNear(y, want);
  }

  // A T that varies over space or batch would depend on the layout: refused, as is one on a deconv.
  ConvCase c = conv2d(4, 8, 5, 5, 1);
  aicc_conv_params p = c.params();
  p.post_ops = postOpList({binaryPostOp(AICC_BINARY_ADD, AICC_CONV_ARG_POST_OPS, {1, 8, 5, 5})});
  KernelTable spatial({KernelSpec(AICC_KERNEL_CONV, p, constantSlots(AICC_CONV_NUM_ARGS + 1, {}))});
  EXPECT_EQ(
      spatial.createError(),
      "kernel 0 (conv): binary post-op operand [1,8,5,5] is not one element or one per output channel of [1,8,5,5]");
  p.post_ops = postOpList({binaryPostOp(AICC_BINARY_ADD, AICC_CONV_ARG_POST_OPS, {1, 8, 1, 1})});
  KernelTable deconv({KernelSpec(AICC_KERNEL_DECONV, p, constantSlots(AICC_CONV_NUM_ARGS + 1, {}))});
  EXPECT_EQ(deconv.createError(),
            "kernel 0 (deconv): binary post-ops are supported on convolutions, not deconvolutions");
}

// Activations in the layouts the compiler's layout plan may hand a conv: the kernel must read and
// write exactly those, including the padded channels of a blocked layout when C is not a multiple
// of the block.
struct LayoutPair {
  int64_t src, dst;
};

class ConvLayouts : public ::testing::TestWithParam<LayoutPair> {};

TEST_P(ConvLayouts, ThreeByThreeWithSumAndRelu) {
  ConvCase c = conv2d(16, 8, 7, 6, 3);
  c.N = 2;
  c.padsBegin = c.padsEnd = {1, 1};
  c.hasBias = true;
  c.srcLayout = GetParam().src, c.dstLayout = GetParam().dst;
  c.postOps = {sum(), eltwise(AICC_ACT_RELU)};
  checkConv(c);
}

TEST_P(ConvLayouts, PointwiseChannelsNotAMultipleOfTheBlock) {
  ConvCase c = conv2d(12, 20, 5, 5, 1);
  c.hasBias = true;
  c.srcLayout = GetParam().src, c.dstLayout = GetParam().dst;
  checkConv(c);
}

TEST_P(ConvLayouts, DepthwiseStride2) {
  ConvCase c = conv2d(16, 16, 9, 9, 3);
  c.group = 16;
  c.strides = {2, 2};
  c.padsBegin = c.padsEnd = {1, 1};
  c.srcLayout = GetParam().src, c.dstLayout = GetParam().dst;
  checkConv(c);
}

// Big enough for aicc_conv_winograd_pays (21M multiply-adds over 1024 pixels): on AVX-512 it
// runs as oneDNN's Winograd, staged through nChw16c from any other layout; its error stays within
// the tolerance of direct. SiLU is a post-op Winograd lacks: it runs after the conv, with the
// bias, in one binary step (without the bias too, and with 40 output channels, padded in blocks).
TEST_P(ConvLayouts, WinogradSizedThreeByThree) {
  ConvCase c = conv2d(48, 48, 32, 32, 3);
  c.padsBegin = c.padsEnd = {1, 1};
  c.hasBias = true;
  c.srcLayout = GetParam().src, c.dstLayout = GetParam().dst;
  const aicc_conv_params params = c.params();
  ASSERT_TRUE(aicc_conv_winograd_pays(&params));
  c.postOps = {sum(), eltwise(AICC_ACT_RELU)};
  checkConv(c);
  c.postOps = {eltwise(AICC_ACT_SWISH)};
  checkConv(c);
  c.OC = 40;
  c.hasBias = false;
  checkConv(c);
}

// The conv of `c` on x, plain layouts, created under `rt`.
std::vector<float> runConv(const ConvCase &c, const std::vector<float> &x, std::vector<float> &w, std::vector<float> &b,
                           aicc_rt *rt) {
  KernelTable table({c.spec(w.data(), b.data())}, rt);
  EXPECT_TRUE(table.created()) << table.createError();
  std::vector<float> xs = x, y(product(c.dstDims()));
  EXPECT_EQ(table.run(0, slots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_X, xs.data()},
                                                    {AICC_CONV_ARG_W, w.data()},
                                                    {AICC_CONV_ARG_B, b.data()},
                                                    {AICC_CONV_ARG_Y, y.data()}})),
            "");
  return y;
}

// mnist_cnn's second conv: direct for one image, Winograd (where oneDNN has it) for eight, which
// rounds otherwise. A batch-invariant session keeps direct: each image's output is bit for bit
// its output alone, as a server batching requests needs.
TEST(ConvKernel, BatchInvariantKeepsEachImagesBits) {
  ConvCase c = conv2d(32, 64, 13, 13, 3);
  c.hasBias = true;
  c.N = 8;
  const aicc_conv_params batched = c.params();
  ASSERT_TRUE(aicc_conv_winograd_pays(&batched));
  auto x = randomFloats(product(c.srcDims()), 1);
  auto w = randomFloats(c.OC * c.C * 9, 2);
  auto b = randomFloats(c.OC, 3);
  aicc_rt rt;
  rt.batch_invariant = 1;
  const std::vector<float> all = runConv(c, x, w, b, &rt);
  ConvCase one = c;
  one.N = 1;
  const aicc_conv_params single = one.params();
  ASSERT_FALSE(aicc_conv_winograd_pays(&single));
  const size_t inPer = x.size() / 8, outPer = all.size() / 8;
  for (size_t n = 0; n < 8; ++n) {
    const std::vector<float> image(x.begin() + n * inPer, x.begin() + (n + 1) * inPer);
    const std::vector<float> alone = runConv(one, image, w, b, &rt);
    EXPECT_EQ(0, std::memcmp(alone.data(), all.data() + n * outPer, outPer * sizeof(float))) << "image " << n;
  }
}

std::string layoutName(int64_t layout) {
  switch (layout) {
  case AICC_LAYOUT_PLAIN: return "Plain";
  case AICC_LAYOUT_CHANNELS_LAST: return "ChannelsLast";
  case AICC_LAYOUT_BLOCKED8: return "Blocked8";
  default: return "Blocked16";
  }
}

INSTANTIATE_TEST_SUITE_P(Conv, ConvLayouts,
                         ::testing::Values(LayoutPair{AICC_LAYOUT_BLOCKED8, AICC_LAYOUT_BLOCKED8},
                                           LayoutPair{AICC_LAYOUT_CHANNELS_LAST, AICC_LAYOUT_CHANNELS_LAST},
                                           LayoutPair{AICC_LAYOUT_PLAIN, AICC_LAYOUT_BLOCKED8},
                                           LayoutPair{AICC_LAYOUT_CHANNELS_LAST, AICC_LAYOUT_BLOCKED16}),
                         [](const ::testing::TestParamInfo<LayoutPair> &info) {
                           return layoutName(info.param.src) + "To" + layoutName(info.param.dst);
                         });

// ConvTranspose: ONNX weights [C, OC/group, k...].

ConvCase deconv2d(int64_t C, int64_t OC, int64_t H, int64_t W, int64_t k) {
  ConvCase c = conv2d(C, OC, H, W, k);
  c.transposed = true;
  return c;
}

TEST(DeconvKernel, Plain3x3) { checkConv(deconv2d(3, 5, 5, 4, 3)); }

TEST(DeconvKernel, Stride2PadsAndBias) {
  // 2x upsampling (kernel 4, stride 2, pads 1 gives 2 * in), with one pads_end cell less in W as
  // an output_padding folded in by the compiler leaves it.
  ConvCase c = deconv2d(4, 6, 5, 6, 4);
  c.N = 2;
  c.strides = {2, 2};
  c.padsBegin = {1, 1}, c.padsEnd = {1, 0};
  c.hasBias = true;
  ASSERT_EQ(c.out(), (std::vector<int64_t>{10, 13}));
  checkConv(c);
}

TEST(DeconvKernel, GroupsStride2) {
  for (int64_t group : {1, 2}) {
    SCOPED_TRACE("group " + std::to_string(group));
    ConvCase c = deconv2d(4, 6, 4, 5, 3);
    c.group = group;
    c.strides = {2, 2};
    c.padsBegin = c.padsEnd = {1, 1};
    c.hasBias = true;
    c.postOps = {eltwise(AICC_ACT_RELU)};
    checkConv(c);
  }
}

TEST(DeconvKernel, WeightsAndBiasPassedEachRun) {
  for (int64_t group : {1, 2}) {
    SCOPED_TRACE("group " + std::to_string(group));
    ConvCase c = deconv2d(4, 6, 5, 5, 3);
    c.group = group;
    c.strides = {2, 2};
    c.padsBegin = {1, 1}, c.padsEnd = {0, 0};
    c.hasBias = true;
    c.constWeights = false;
    checkConv(c);
  }
}

TEST(DeconvKernel, OneDimensional) {
  for (int64_t group : {1, 2})
    for (bool constWeights : {true, false}) {
      SCOPED_TRACE("group " + std::to_string(group) + (constWeights ? ", constant" : ", per run") + " weights");
      ConvCase c;
      c.transposed = true;
      c.N = 2, c.C = 4, c.OC = 6, c.group = group;
      c.in = {9}, c.kernel = {3}, c.strides = {2}, c.dilations = {1};
      c.padsBegin = {2}, c.padsEnd = {1};
      c.hasBias = true;
      c.constWeights = constWeights;
      checkConv(c);
    }
}

TEST(DeconvKernel, DilatedWithSumAndTanh) {
  ConvCase c = deconv2d(3, 4, 5, 5, 3);
  c.dilations = {2, 1};
  c.strides = {1, 2};
  c.postOps = {sum(), eltwise(AICC_ACT_TANH)};
  checkConv(c);
}

TEST(DeconvKernel, Blocked8) {
  ConvCase c = deconv2d(8, 16, 4, 4, 4);
  c.strides = {2, 2};
  c.padsBegin = c.padsEnd = {1, 1};
  c.hasBias = true;
  c.srcLayout = c.dstLayout = AICC_LAYOUT_BLOCKED8;
  checkConv(c);
}

TEST(DeconvKernel, InconsistentOutputSizeIsRefused) {
  ConvCase c = deconv2d(3, 4, 4, 4, 3);
  c.strides = {2, 2};
  aicc_conv_params params = c.params();
  params.out[1] = 8; // (4 - 1) * 2 + 3 = 9, not 8
  KernelTable table({KernelSpec(AICC_KERNEL_DECONV, params, constantSlots(AICC_CONV_NUM_ARGS, {}))});
  ASSERT_FALSE(table.created());
  EXPECT_THAT(table.createError(), ::testing::HasSubstr("kernel 0 (deconv): spatial dim 1"));
}

} // namespace
} // namespace aicc::test
