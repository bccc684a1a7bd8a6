// AICC_KERNEL_QUANTIZED_MATMUL against direct loops over its definition: A quantized as ONNX's
// DynamicQuantizeLinear says (u8, range with 0 included, round half to even), the int32 sum of
// (a - zero point) * B_s8, scaled by alpha, A's scale and B's, then bias and post-ops; and within
// half of A's quantization step times sum |B| of the f32 product. The same cases run without VNNI
// (ctest runtime_quantized_conv_without_vnni), where the kernel multiplies the values the integers
// stand for in f32.
// A static A (u8 or s8 with a given scale and zero point, a QDQ graph's) against the same sum,
// exactly. Also what the kernel refuses.
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "TestSupport.h"

namespace aicc::test {
namespace {

struct QuantizedMatMulCase {
  int64_t batch = 1, M = 5, K = 64, N = 24;
  bool transB = false, perColumnScales = true, hasBias = true, gelu = false, residual = false;
  double alpha = 1.0;
  float aLow = -1.f, aHigh = 1.f; // A's values: uniform in [aLow, aHigh]

  aicc_quantized_matmul_params params() const {
    aicc_quantized_matmul_params q{};
    aicc_matmul_params &p = q.matmul;
    p.rank = 3;
    const int64_t a[3] = {batch, M, K}, b[3] = {1, K, N}, y[3] = {batch, M, N}, bias[3] = {1, 1, N};
    std::copy(a, a + 3, p.a_dims), std::copy(b, b + 3, p.b_dims), std::copy(y, y + 3, p.y_dims);
    std::copy(bias, bias + 3, p.bias_dims); // 1s would do without a bias, as the compiler writes them
    p.has_bias = hasBias, p.trans_b = transB, p.alpha = alpha;
    std::vector<aicc_post_op> ops;
    if (gelu) ops.push_back(eltwise(AICC_ACT_GELU_ERF));
    if (residual) ops.push_back(binaryPostOp(AICC_BINARY_ADD, AICC_QUANTIZED_MATMUL_ARG_POST_OPS, {batch, M, N}));
    p.post_ops = postOpList(ops);
    q.scale_count = perColumnScales ? N : 1;
    q.a_type = AICC_DATA_F32;
    return q;
  }
};

void checkQuantizedMatMul(const QuantizedMatMulCase &c) {
  std::vector<float> a = randomFloats(c.batch * c.M * c.K, 1);
  for (float &v : a) v = c.aLow + (v + 1.f) / 2.f * (c.aHigh - c.aLow);
  std::vector<int8_t> b(c.K * c.N);
  std::vector<float> randomB = randomFloats(b.size(), 2);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<int8_t>(std::lround(randomB[i] * 127));
  std::vector<float> scales, bias = randomFloats(c.N, 3), residual = randomFloats(c.batch * c.M * c.N, 4);
  for (int64_t n = 0; n < (c.perColumnScales ? c.N : 1); ++n) scales.push_back(0.002f * float(n + 1));
  auto weight = [&](int64_t k, int64_t n) { return double(b[c.transB ? n * c.K + k : k * c.N + n]); };
  auto scale = [&](int64_t n) { return double(scales[c.perColumnScales ? n : 0]); };

  // DynamicQuantizeLinear, by ONNX's definition.
  const float low = std::min(0.f, *std::min_element(a.begin(), a.end()));
  const float high = std::max(0.f, *std::max_element(a.begin(), a.end()));
  const float aScale = high > low ? (high - low) / 255.f : 1.f;
  const double zero = std::clamp(std::nearbyint(-low / aScale), 0.f, 255.f);
  std::vector<double> int8Want, f32Want, bound;
  for (int64_t r = 0; r < c.batch * c.M; ++r)
    for (int64_t n = 0; n < c.N; ++n) {
      int64_t acc = 0;
      double exact = 0, absB = 0;
      for (int64_t k = 0; k < c.K; ++k) {
        const double x = a[r * c.K + k];
        // x / aScale in f32, as the kernel divides: in double a value near a tie may round the other way.
        const double step = std::nearbyint(a[r * c.K + k] / aScale);
        acc += (int64_t(std::clamp(step + zero, 0.0, 255.0)) - int64_t(zero)) * int64_t(weight(k, n));
        exact += x * weight(k, n) * scale(n);
        absB += std::abs(weight(k, n) * scale(n));
      }
      auto finish = [&](double v) {
        v = c.alpha * v + (c.hasBias ? bias[n] : 0.0);
        if (c.gelu) v = v * (1 + std::erf(v / std::sqrt(2.0))) / 2;
        return v + (c.residual ? residual[r * c.N + n] : 0.0);
      };
      int8Want.push_back(finish(double(acc) * aScale * scale(n)));
      f32Want.push_back(finish(exact));
      // Gelu's slope stays below 1.13.
      bound.push_back(1.13 * c.alpha * absB * aScale / 2 + 1e-4);
    }

  KernelTable table({KernelSpec(
      AICC_KERNEL_QUANTIZED_MATMUL, c.params(),
      constantSlots(AICC_QUANTIZED_MATMUL_NUM_ARGS + (c.residual ? 1 : 0),
                    {{AICC_QUANTIZED_MATMUL_ARG_B, b.data()}, {AICC_QUANTIZED_MATMUL_ARG_SCALES, scales.data()}}))});
  ASSERT_TRUE(table.created()) << table.createError();
  std::vector<float> y(int8Want.size());
  // A first run on A of another range: the checked run must use its own scale and zero point.
  std::vector<float> other(a.size());
  for (size_t i = 0; i < a.size(); ++i) other[i] = 4.f * a[i] + 1.f;
  for (float *input : {other.data(), a.data()}) {
    std::vector<void *> args = slots(AICC_QUANTIZED_MATMUL_NUM_ARGS + (c.residual ? 1 : 0),
                                     {{AICC_QUANTIZED_MATMUL_ARG_A, input},
                                      {AICC_QUANTIZED_MATMUL_ARG_BIAS, c.hasBias ? bias.data() : nullptr},
                                      {AICC_QUANTIZED_MATMUL_ARG_Y, y.data()}});
    if (c.residual) args[AICC_QUANTIZED_MATMUL_ARG_POST_OPS] = residual.data();
    ASSERT_EQ(table.run(0, args), "");
  }
  for (size_t i = 0; i < y.size(); ++i) {
    ASSERT_NEAR(y[i], f32Want[i], bound[i]) << "element " << i;
    ASSERT_NEAR(y[i], int8Want[i], 1e-4 * std::max(1.0, std::abs(int8Want[i]))) << "element " << i;
  }
}

TEST(QuantizedMatMulKernel, PerColumnScalesBiasAndGelu) {
  QuantizedMatMulCase c;
  c.gelu = true;
  checkQuantizedMatMul(c);
}

TEST(QuantizedMatMulKernel, BatchedTransposedBOneScaleAlphaAndResidual) {
  QuantizedMatMulCase c;
  c.batch = 3, c.transB = true, c.perColumnScales = false, c.alpha = 0.5, c.residual = true, c.hasBias = false;
  checkQuantizedMatMul(c);
}

TEST(QuantizedMatMulKernel, BatchPerColumnTransposedBiasAndResidual) {
  QuantizedMatMulCase c; // the residual varies per batch: the batch does not fold into M
  c.batch = 2, c.transB = true, c.gelu = true, c.residual = true;
  checkQuantizedMatMul(c);
}

TEST(QuantizedMatMulKernel, LargeAOnSeveralThreads) {
  QuantizedMatMulCase c; // above the size the quantization splits between threads
  c.M = 300, c.K = 256, c.N = 40;
  checkQuantizedMatMul(c);
}

TEST(QuantizedMatMulKernel, OneSidedRanges) {
  QuantizedMatMulCase c; // zero point 0, then 255
  c.aLow = 0.25f, c.aHigh = 3.f;
  checkQuantizedMatMul(c);
  c.aLow = -3.f, c.aHigh = -0.25f;
  checkQuantizedMatMul(c);
}

TEST(QuantizedMatMulKernel, ZerosGiveTheBias) {
  QuantizedMatMulCase c;
  c.aLow = 0.f, c.aHigh = 0.f;
  checkQuantizedMatMul(c);
}

// A static A: the int32 sum of (A_q - zero point) * B_s8 times alpha, a_scale and B's scales, then
// the bias and post-ops.
template <typename Stored> void checkStaticA(QuantizedMatMulCase c, aicc_data_type type, int64_t zeroPoint) {
  aicc_quantized_matmul_params params = c.params();
  params.a_type = type, params.a_zero_point = zeroPoint, params.a_scale = 0.03;
  const int lowest = std::is_unsigned_v<Stored> ? 0 : -128;
  std::vector<Stored> a(c.batch * c.M * c.K);
  std::vector<float> random = randomFloats(a.size(), 1);
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<Stored>(lowest + std::lround((random[i] + 1) / 2 * 255));
  std::vector<int8_t> b(c.K * c.N);
  std::vector<float> randomB = randomFloats(b.size(), 2);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<int8_t>(std::lround(randomB[i] * 127));
  std::vector<float> scales, bias = randomFloats(c.N, 3), residual = randomFloats(c.batch * c.M * c.N, 4);
  for (int64_t n = 0; n < (c.perColumnScales ? c.N : 1); ++n) scales.push_back(0.002f * float(n + 1));
  // Without VNNI the sum is in f32: the tolerance grows with the terms' magnitudes.
  std::vector<double> want, tolerance;
  for (int64_t r = 0; r < c.batch * c.M; ++r)
    for (int64_t n = 0; n < c.N; ++n) {
      int64_t acc = 0, magnitude = 0;
      for (int64_t k = 0; k < c.K; ++k) {
        const int64_t term = (int64_t(a[r * c.K + k]) - zeroPoint) * int64_t(b[c.transB ? n * c.K + k : k * c.N + n]);
        acc += term, magnitude += std::abs(term);
      }
      const double scale = c.alpha * params.a_scale * scales[c.perColumnScales ? n : 0];
      tolerance.push_back(1e-6 * double(magnitude) * scale);
      double v = double(acc) * scale + (c.hasBias ? bias[n] : 0.0);
      if (c.gelu) v = v * (1 + std::erf(v / std::sqrt(2.0))) / 2;
      want.push_back(v + (c.residual ? residual[r * c.N + n] : 0.0));
    }
  const int64_t numArgs = AICC_QUANTIZED_MATMUL_NUM_ARGS + (c.residual ? 1 : 0);
  KernelTable table({KernelSpec(AICC_KERNEL_QUANTIZED_MATMUL, params,
                                constantSlots(numArgs, {{AICC_QUANTIZED_MATMUL_ARG_B, b.data()},
                                                        {AICC_QUANTIZED_MATMUL_ARG_SCALES, scales.data()}}))});
  ASSERT_TRUE(table.created()) << table.createError();
  std::vector<float> y(want.size());
  std::vector<void *> args = slots(numArgs, {{AICC_QUANTIZED_MATMUL_ARG_A, a.data()},
                                             {AICC_QUANTIZED_MATMUL_ARG_BIAS, c.hasBias ? bias.data() : nullptr},
                                             {AICC_QUANTIZED_MATMUL_ARG_Y, y.data()}});
  if (c.residual) args[AICC_QUANTIZED_MATMUL_ARG_POST_OPS] = residual.data();
  ASSERT_EQ(table.run(0, args), "");
  for (size_t i = 0; i < y.size(); ++i)
    ASSERT_NEAR(y[i], want[i], 1e-4 * std::max(1.0, std::abs(want[i])) + tolerance[i]) << "element " << i;
}

TEST(QuantizedMatMulKernel, StaticU8AWithZeroPoint) {
  QuantizedMatMulCase c;
  c.gelu = true;
  checkStaticA<uint8_t>(c, AICC_DATA_U8, 131);
}

TEST(QuantizedMatMulKernel, StaticS8ABatchedTransposedBResidual) {
  QuantizedMatMulCase c;
  c.batch = 3, c.transB = true, c.perColumnScales = false, c.alpha = 0.5, c.residual = true;
  checkStaticA<int8_t>(c, AICC_DATA_S8, -5);
  checkStaticA<int8_t>(c, AICC_DATA_S8, 0);
}

TEST(QuantizedMatMulKernel, StaticLargeA) {
  QuantizedMatMulCase c; // above the size the f32 path's dequantization splits between threads
  c.M = 300, c.K = 256, c.N = 40;
  checkStaticA<uint8_t>(c, AICC_DATA_U8, 0);
}

TEST(QuantizedMatMulKernel, RefusesWhatItCannotRun) {
  QuantizedMatMulCase c;
  std::vector<int8_t> b(c.K * c.N);
  std::vector<float> scales(c.N, 1.f);
  auto refusal = [&](const aicc_quantized_matmul_params &params, bool constantScales) {
    KernelTable table(
        {KernelSpec(AICC_KERNEL_QUANTIZED_MATMUL, params,
                    constantSlots(AICC_QUANTIZED_MATMUL_NUM_ARGS,
                                  {{AICC_QUANTIZED_MATMUL_ARG_B, b.data()},
                                   {AICC_QUANTIZED_MATMUL_ARG_SCALES, constantScales ? scales.data() : nullptr}}))});
    return table.created() ? std::string() : table.createError();
  };
  EXPECT_EQ(refusal(c.params(), false), "kernel 0 (quantized matmul): the scales must be a compile-time constant");
  aicc_quantized_matmul_params params = c.params();
  params.scale_count = 3;
  EXPECT_EQ(refusal(params, true), "kernel 0 (quantized matmul): scale_count must be 1 or N (24), got 3");
  params = c.params();
  params.a_type = 7;
  EXPECT_EQ(refusal(params, true), "kernel 0 (quantized matmul): a_type must be f32, u8 or s8, got 7");
  params.a_type = AICC_DATA_U8, params.a_scale = 0;
  EXPECT_EQ(refusal(params, true), "kernel 0 (quantized matmul): a static A's a_scale must be finite and positive");
  params.a_scale = 0.5, params.a_zero_point = 256;
  EXPECT_EQ(refusal(params, true), "kernel 0 (quantized matmul): a_zero_point 256 is outside A's type");
  params = c.params();
  params.matmul.trans_a = 1;
  EXPECT_EQ(refusal(params, true),
            "kernel 0 (quantized matmul): a quantized matmul reads A dense: no trans_a, no a_strides");
  aicc_packed_format packed{};
  KernelSpec prepacked(
      AICC_KERNEL_QUANTIZED_MATMUL, c.params(),
      constantSlots(AICC_QUANTIZED_MATMUL_NUM_ARGS,
                    {{AICC_QUANTIZED_MATMUL_ARG_B, b.data()}, {AICC_QUANTIZED_MATMUL_ARG_SCALES, scales.data()}}));
  prepacked.formats = formatSlots(AICC_QUANTIZED_MATMUL_NUM_ARGS, {{AICC_QUANTIZED_MATMUL_ARG_B, &packed}});
  KernelTable table({prepacked});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(),
            "kernel 0 (quantized matmul): a quantized matmul reads its s8 B as stored: it cannot be prepacked");
}

TEST(QuantizedMatMulKernel, NonFiniteAGivesNoCrash) {
  QuantizedMatMulCase c; // an infinity and a NaN in A: Y is unspecified, the run completes
  std::vector<float> a = randomFloats(c.M * c.K, 1);
  a[3] = std::numeric_limits<float>::infinity(), a[7] = std::numeric_limits<float>::quiet_NaN();
  std::vector<int8_t> b(c.K * c.N, 1);
  std::vector<float> scales(c.N, 0.01f), bias(c.N), y(c.M * c.N);
  KernelTable table(
      {KernelSpec(AICC_KERNEL_QUANTIZED_MATMUL, c.params(),
                  constantSlots(AICC_QUANTIZED_MATMUL_NUM_ARGS, {{AICC_QUANTIZED_MATMUL_ARG_B, b.data()},
                                                                 {AICC_QUANTIZED_MATMUL_ARG_SCALES, scales.data()}}))});
  ASSERT_TRUE(table.created()) << table.createError();
  EXPECT_EQ(table.run(0, slots(AICC_QUANTIZED_MATMUL_NUM_ARGS, {{AICC_QUANTIZED_MATMUL_ARG_A, a.data()},
                                                                {AICC_QUANTIZED_MATMUL_ARG_BIAS, bias.data()},
                                                                {AICC_QUANTIZED_MATMUL_ARG_Y, y.data()}})),
            "");
}

} // namespace
} // namespace aicc::test
