// compute_type AICC_DATA_BF16 (aicc --precision=bf16) on the conv, deconv and matmul kernels: the
// result is the f32 kernel's on operands rounded to bf16 (products summed in f32), where oneDNN
// runs bf16 natively; elsewhere, and with oneDNN held to AVX-512 without BF16 or to AVX2 (ctest
// runtime_bf16_without_bf16 and _avx512_core), the f32 kernel's own. A bf16 LSTM, whose state is
// rounded on every step, stays within a bound of the f32 one there (and equals it elsewhere).
// Params written before compute_type existed still load, as f32.
#include <cmath>
#include <cstring>

#include <oneapi/dnnl/dnnl.h>

#include "TestSupport.h"

namespace aicc::test {
namespace {

// Whether oneDNN runs bf16 kernels here: AVX512_BF16 or AMX, not held below them.
bool bf16Kernels() {
  const dnnl_cpu_isa_t isa = dnnl_get_effective_cpu_isa();
  return isa == dnnl_cpu_isa_avx512_core_bf16 || isa == dnnl_cpu_isa_avx512_core_amx;
}

// Round to nearest even at bf16's 8 significant bits, as oneDNN's f32 -> bf16 conversion does.
float toBf16(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  bits += 0x7fff + ((bits >> 16) & 1);
  bits &= 0xffff0000u;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

std::vector<float> toBf16(std::vector<float> values) {
  for (float &v : values) v = toBf16(v);
  return values;
}

// Runs one kernel spec on `args` (the kernel's slots) and returns what Y holds.
std::vector<float> runKernel(const KernelSpec &spec, std::vector<void *> args, int64_t ySlot, size_t yCount) {
  KernelTable table({spec});
  EXPECT_TRUE(table.created()) << table.createError();
  if (!table.created()) return {};
  std::vector<float> y(yCount, 0.f);
  args.at(ySlot) = y.data();
  EXPECT_EQ(table.run(0, args), "");
  return y;
}

// bf16: equal to the f32 kernel on rounded operands (up to the order of the f32 sums), and not
// to the f32 kernel on the operands as given; without bf16 kernels, the latter exactly.
void expectBf16(const std::vector<float> &bf16, const std::vector<float> &onRounded, const std::vector<float> &f32) {
  if (!bf16Kernels()) {
    expectAllNear(bf16, f32, 0.f);
    return;
  }
  expectAllNear(bf16, onRounded, 1e-4f);
  // ReLU zeroes about half of the outputs alike.
  size_t differing = 0;
  for (size_t i = 0; i < bf16.size(); ++i) differing += std::abs(bf16[i] - f32[i]) > 1e-4f * (1 + std::abs(f32[i]));
  EXPECT_GT(differing, bf16.size() / 4) << "the operands were not rounded to bf16";
}

struct MatMul {
  int64_t M, K, N;
  bool transB = false, constB = true;

  aicc_matmul_params params(int64_t computeType) const {
    aicc_matmul_params p{};
    p.rank = 2;
    p.a_dims[0] = M, p.a_dims[1] = K, p.b_dims[0] = K, p.b_dims[1] = N, p.y_dims[0] = M, p.y_dims[1] = N;
    p.trans_b = transB;
    p.has_bias = 1;
    p.bias_dims[0] = 1, p.bias_dims[1] = N;
    p.alpha = 1.0;
    p.post_ops = postOpList({eltwise(AICC_ACT_RELU)});
    p.compute_type = computeType;
    return p;
  }
  std::vector<float> run(int64_t computeType, std::vector<float> a, std::vector<float> b,
                         std::vector<float> bias) const {
    KernelSpec spec(AICC_KERNEL_MATMUL, params(computeType),
                    constantSlots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_B, constB ? b.data() : nullptr},
                                                         {AICC_MATMUL_ARG_BIAS, bias.data()}}));
    return runKernel(
        spec,
        slots(AICC_MATMUL_NUM_ARGS,
              {{AICC_MATMUL_ARG_A, a.data()}, {AICC_MATMUL_ARG_B, b.data()}, {AICC_MATMUL_ARG_BIAS, bias.data()}}),
        AICC_MATMUL_ARG_Y, M * N);
  }
};

void checkMatMul(const MatMul &m) {
  const auto a = randomFloats(m.M * m.K, 21), b = randomFloats(m.K * m.N, 22), bias = randomFloats(m.N, 23);
  expectBf16(m.run(AICC_DATA_BF16, a, b, bias), m.run(AICC_DATA_F32, toBf16(a), toBf16(b), bias),
             m.run(AICC_DATA_F32, a, b, bias));
}

TEST(Bf16Kernel, MatMulConstantWeights) { checkMatMul({33, 64, 48}); }
TEST(Bf16Kernel, MatMulTransposedWeights) { checkMatMul({7, 96, 40, /*transB=*/true}); }
TEST(Bf16Kernel, MatMulOfTwoActivations) { checkMatMul({16, 32, 24, /*transB=*/true, /*constB=*/false}); }

struct Conv {
  bool transposed = false, constW = true;
  int64_t layout = AICC_LAYOUT_PLAIN;
  int64_t C = 16, OC = 32, H = 9, K = 3, stride = 1, pad = 1;

  int64_t out() const { return transposed ? (H - 1) * stride + K - 2 * pad : (H + 2 * pad - K) / stride + 1; }
  aicc_conv_params params(int64_t computeType) const {
    aicc_conv_params p{};
    p.spatial_dims = 2;
    p.batch = 2, p.channels = C, p.out_channels = OC, p.groups = 1;
    for (int i = 0; i < 2; ++i) {
      p.in[i] = H, p.out[i] = out(), p.kernel[i] = K, p.strides[i] = stride, p.dilations[i] = 1;
      p.pads_begin[i] = pad, p.pads_end[i] = pad;
    }
    p.has_bias = 1;
    p.src_layout = layout, p.dst_layout = layout;
    p.post_ops = postOpList({eltwise(AICC_ACT_RELU)});
    p.compute_type = computeType;
    return p;
  }
  std::vector<float> run(int64_t computeType, std::vector<float> x, std::vector<float> w, std::vector<float> b) const {
    KernelSpec spec(transposed ? AICC_KERNEL_DECONV : AICC_KERNEL_CONV, params(computeType),
                    constantSlots(AICC_CONV_NUM_ARGS,
                                  {{AICC_CONV_ARG_W, constW ? w.data() : nullptr}, {AICC_CONV_ARG_B, b.data()}}));
    std::vector<float> xIn = toLayout(x, {2, C, H, H}, layout);
    std::vector<float> y =
        runKernel(spec,
                  slots(AICC_CONV_NUM_ARGS,
                        {{AICC_CONV_ARG_X, xIn.data()}, {AICC_CONV_ARG_W, w.data()}, {AICC_CONV_ARG_B, b.data()}}),
                  AICC_CONV_ARG_Y, layoutElements({2, OC, out(), out()}, layout));
    return y; // compared in the layout it is in
  }
};

void checkConv(const Conv &c) {
  const auto x = randomFloats(2 * c.C * c.H * c.H, 31), w = randomFloats(c.OC * c.C * c.K * c.K, 32);
  const auto b = randomFloats(c.OC, 33);
  expectBf16(c.run(AICC_DATA_BF16, x, w, b), c.run(AICC_DATA_F32, toBf16(x), toBf16(w), b),
             c.run(AICC_DATA_F32, x, w, b));
}

TEST(Bf16Kernel, Conv3x3) { checkConv({}); }
TEST(Bf16Kernel, ConvBlocked16) {
  Conv c;
  c.layout = AICC_LAYOUT_BLOCKED16;
  checkConv(c);
}
TEST(Bf16Kernel, ConvChannelsLastStride2) {
  Conv c;
  c.layout = AICC_LAYOUT_CHANNELS_LAST, c.stride = 2;
  checkConv(c);
}
TEST(Bf16Kernel, ConvWeightsPassedEachRun) {
  Conv c;
  c.constW = false;
  checkConv(c);
}
TEST(Bf16Kernel, Deconv) {
  Conv c;
  c.transposed = true, c.stride = 2, c.K = 4;
  checkConv(c);
}

TEST(Bf16Kernel, UnknownComputeTypeIsRefused) {
  const MatMul m{4, 8, 4};
  KernelTable table({KernelSpec(AICC_KERNEL_MATMUL, m.params(AICC_DATA_U8), constantSlots(AICC_MATMUL_NUM_ARGS, {}))});
  ASSERT_FALSE(table.created());
  EXPECT_NE(table.createError().find("compute_type must be f32 (1) or bf16 (4), got 3"), std::string::npos)
      << table.createError();
}

// Params written before compute_type existed end where it starts: the kernel computes in f32.
TEST(Bf16Kernel, ParamsWithoutComputeTypeAreF32) {
  const MatMul m{5, 8, 6};
  const auto a = randomFloats(m.M * m.K, 41), b = randomFloats(m.K * m.N, 42), bias = randomFloats(m.N, 43);
  KernelSpec spec(
      AICC_KERNEL_MATMUL, m.params(AICC_DATA_BF16),
      constantSlots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_B, b.data()}, {AICC_MATMUL_ARG_BIAS, bias.data()}}));
  spec.paramsSize = offsetof(aicc_matmul_params, compute_type);
  auto args = slots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_A, const_cast<float *>(a.data())}});
  expectAllNear(runKernel(spec, args, AICC_MATMUL_ARG_Y, m.M * m.N), m.run(AICC_DATA_F32, a, b, bias), 0.f);
}

struct Lstm {
  int64_t direction = AICC_RNN_FORWARD, T = 7, N = 1, I = 24, H = 40;
  bool constantWeights = true;

  int64_t D() const { return direction == AICC_RNN_BIDIRECTIONAL ? 2 : 1; }
  aicc_rnn_params params(int64_t computeType) const {
    aicc_rnn_params p{};
    p.cell = AICC_RNN_CELL_LSTM;
    p.direction = direction;
    p.seq_length = T, p.batch = N, p.input_size = I, p.hidden_size = H;
    p.has_bias = p.has_initial_h = p.has_initial_c = 1;
    for (int64_t d = 0; d < D(); ++d) {
      p.activations[3 * d] = AICC_RNN_ACT_SIGMOID;
      p.activations[3 * d + 1] = p.activations[3 * d + 2] = AICC_RNN_ACT_TANH;
    }
    p.compute_type = computeType;
    return p;
  }
  // Y, Y_h and Y_c one after the other (empty where the kernel failed). Weights up to 0.5.
  std::vector<float> run(int64_t computeType, size_t paramsSize = sizeof(aicc_rnn_params)) const {
    std::vector<float> w = randomFloats(D() * 4 * H * I, 61), r = randomFloats(D() * 4 * H * H, 62);
    for (float &v : w) v *= 0.5f;
    for (float &v : r) v *= 0.5f;
    std::vector<float> x = randomFloats(T * N * I, 63), b = randomFloats(D() * 8 * H, 64),
                       h0 = randomFloats(D() * N * H, 65), c0 = randomFloats(D() * N * H, 66);
    std::vector<const void *> constants = constantSlots(AICC_RNN_NUM_ARGS, {});
    if (constantWeights) constants[AICC_RNN_ARG_W] = w.data(), constants[AICC_RNN_ARG_R] = r.data();
    KernelSpec spec(AICC_KERNEL_RNN, params(computeType), constants);
    spec.paramsSize = paramsSize;
    KernelTable table({spec});
    EXPECT_TRUE(table.created()) << table.createError();
    if (!table.created()) return {};
    std::vector<float> outputs((T + 2) * D() * N * H, NAN);
    float *y = outputs.data(), *yH = y + T * D() * N * H, *yC = yH + D() * N * H;
    EXPECT_EQ(table.run(0, slots(AICC_RNN_NUM_ARGS, {{AICC_RNN_ARG_X, x.data()},
                                                     {AICC_RNN_ARG_W, w.data()},
                                                     {AICC_RNN_ARG_R, r.data()},
                                                     {AICC_RNN_ARG_B, b.data()},
                                                     {AICC_RNN_ARG_INITIAL_H, h0.data()},
                                                     {AICC_RNN_ARG_INITIAL_C, c0.data()},
                                                     {AICC_RNN_ARG_Y, y},
                                                     {AICC_RNN_ARG_Y_H, yH},
                                                     {AICC_RNN_ARG_Y_C, yC}})),
              "");
    return outputs;
  }
};

// bf16 rounds W, R and the state (and X, in oneDNN's primitive) to 8 significant bits, off by up
// to 2^-9 of themselves; summed over I + H products of weights up to 0.5 the gates are off by
// about that times sqrt(I + H). Measured on a Zen 4 (AVX512_BF16): 0.0024 to 0.016, 2.2 to 6.6
// times below this; a state read in the wrong gate order or layout is off by far more.
float bf16Bound(const Lstm &l) { return 0.002f * std::sqrt(float(l.I + l.H)); }

void checkLstm(const Lstm &l) {
  const std::vector<float> bf16 = l.run(AICC_DATA_BF16), f32 = l.run(AICC_DATA_F32);
  ASSERT_EQ(bf16.size(), f32.size());
  if (!bf16Kernels() || !l.constantWeights) {
    expectAllNear(bf16, f32, 0.f);
    return;
  }
  float largest = 0;
  size_t differing = 0;
  for (size_t i = 0; i < bf16.size(); ++i) {
    const float difference = std::fabs(bf16[i] - f32[i]);
    largest = std::isnan(difference) ? INFINITY : std::max(largest, difference);
    differing += difference > 1e-5f;
  }
  EXPECT_LT(largest, bf16Bound(l));
  EXPECT_GT(differing, bf16.size() / 4) << "the weights and state were not rounded to bf16";
}

// One sequence: the small-batch LSTM's bf16 recurrence.
TEST(Bf16Kernel, LstmOneSequence) { checkLstm({}); }

TEST(Bf16Kernel, LstmTwoSequencesBothDirections) {
  Lstm l;
  l.direction = AICC_RNN_BIDIRECTIONAL, l.N = 2, l.H = 37; // 37: neither even nor a multiple of 16
  checkLstm(l);
}

TEST(Bf16Kernel, LstmReverseOnSeveralThreads) {
  Lstm l; // steps of 4 * 256 * 256 multiply-adds: the recurrence splits between threads
  l.direction = AICC_RNN_REVERSE, l.H = 256, l.I = 64, l.T = 3;
  checkLstm(l);
}

// Twelve sequences: oneDNN's LSTM primitive on bf16 weights, input and state.
TEST(Bf16Kernel, LstmManySequences) {
  Lstm l;
  l.N = 12, l.direction = AICC_RNN_BIDIRECTIONAL;
  checkLstm(l);
}

// Weights that arrive with each run are not rounded: the kernel computes in f32.
TEST(Bf16Kernel, LstmWeightsAtRunTimeStayF32) {
  Lstm l;
  l.constantWeights = false, l.N = 12;
  checkLstm(l);
}

TEST(Bf16Kernel, RnnParamsWithoutComputeTypeAreF32) {
  const Lstm l;
  expectAllNear(l.run(AICC_DATA_BF16, offsetof(aicc_rnn_params, compute_type)), l.run(AICC_DATA_F32), 0.f);
}

} // namespace
} // namespace aicc::test

namespace aicc::test {
namespace {

// An int8 kernel's params as an artifact wrote them before compute_type: the embedded f32 params
// one word shorter, the int8 fields right after them.
template <typename Inner> KernelSpec withoutInnerComputeType(KernelSpec spec) {
  spec.params.erase(spec.params.begin() + offsetof(Inner, compute_type) / sizeof(int64_t));
  spec.paramsSize -= sizeof(int64_t);
  return spec;
}

std::vector<float> runBoth(const KernelSpec &spec, const KernelSpec &older, const std::vector<void *> &args,
                           int64_t ySlot, size_t yCount, std::vector<float> &olderY) {
  olderY = runKernel(older, args, ySlot, yCount);
  return runKernel(spec, args, ySlot, yCount);
}

TEST(Bf16Kernel, QuantizedMatMulParamsWithoutComputeType) {
  aicc_quantized_matmul_params q{};
  q.matmul.rank = 2;
  q.matmul.a_dims[0] = 4, q.matmul.a_dims[1] = 64, q.matmul.b_dims[0] = 64, q.matmul.b_dims[1] = 32;
  q.matmul.y_dims[0] = 4, q.matmul.y_dims[1] = 32;
  q.matmul.bias_dims[0] = q.matmul.bias_dims[1] = 1;
  q.matmul.alpha = 1.0;
  q.scale_count = 1, q.a_type = AICC_DATA_F32;
  std::vector<int8_t> b(64 * 32);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<int8_t>(static_cast<int>(i * 7 % 255) - 127);
  const float scale = 0.01f;
  auto a = randomFloats(4 * 64, 51);
  KernelSpec spec(AICC_KERNEL_QUANTIZED_MATMUL, q,
                  constantSlots(AICC_QUANTIZED_MATMUL_NUM_ARGS,
                                {{AICC_QUANTIZED_MATMUL_ARG_B, b.data()}, {AICC_QUANTIZED_MATMUL_ARG_SCALES, &scale}}));
  const auto args =
      slots(AICC_QUANTIZED_MATMUL_NUM_ARGS, {{AICC_QUANTIZED_MATMUL_ARG_A, static_cast<void *>(a.data())}});
  std::vector<float> older;
  const std::vector<float> current = runBoth(spec, withoutInnerComputeType<aicc_matmul_params>(spec), args,
                                             AICC_QUANTIZED_MATMUL_ARG_Y, 4 * 32, older);
  ASSERT_FALSE(current.empty());
  expectAllNear(older, current, 0.f);
}

TEST(Bf16Kernel, QuantizedConvParamsWithoutComputeType) {
  aicc_quantized_conv_params q{};
  aicc_conv_params &p = q.conv;
  p.spatial_dims = 2, p.batch = 1, p.channels = 16, p.out_channels = 16, p.groups = 1;
  for (int i = 0; i < 2; ++i) p.in[i] = p.out[i] = 4, p.kernel[i] = p.strides[i] = p.dilations[i] = 1;
  q.src_type = AICC_DATA_U8, q.dst_type = AICC_DATA_F32, q.scale_count = 1, q.src_zero_point = 128;
  std::vector<int8_t> w(16 * 16);
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<int8_t>(static_cast<int>(i * 5 % 255) - 127);
  const float scale = 0.02f;
  std::vector<uint8_t> x(16 * 16);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<uint8_t>(i * 13 % 256);
  KernelSpec spec(AICC_KERNEL_QUANTIZED_CONV, q,
                  constantSlots(AICC_QUANTIZED_CONV_NUM_ARGS,
                                {{AICC_QUANTIZED_CONV_ARG_W, w.data()}, {AICC_QUANTIZED_CONV_ARG_SCALES, &scale}}));
  const auto args = slots(AICC_QUANTIZED_CONV_NUM_ARGS, {{AICC_QUANTIZED_CONV_ARG_X, static_cast<void *>(x.data())}});
  std::vector<float> older;
  const std::vector<float> current =
      runBoth(spec, withoutInnerComputeType<aicc_conv_params>(spec), args, AICC_QUANTIZED_CONV_ARG_Y, 16 * 16, older);
  ASSERT_FALSE(current.empty());
  expectAllNear(older, current, 0.f);
}

} // namespace
} // namespace aicc::test
