// AICC_KERNEL_QUANTIZED_RNN against AICC_KERNEL_RNN on the weights its s8 ones stand for
// (W_q * scale per row). Where the int8 LSTM runs (a few sequences, AVX-512 VNNI), X and the state
// are quantized to 8 bits, and the outputs stay within a bound of the f32 ones; everywhere else
// (many sequences, peepholes; and every case without VNNI, ctest
// runtime_quantized_conv_without_vnni) the f32 kernel runs on the dequantized weights, and the
// outputs agree to rounding. Also what the kernel refuses.
#include <cmath>

#include "TestSupport.h"

namespace aicc::test {
namespace {

struct LstmCase {
  int64_t direction = AICC_RNN_FORWARD, T = 7, N = 1, I = 24, H = 40;
  bool peepholes = false;

  int64_t D() const { return direction == AICC_RNN_BIDIRECTIONAL ? 2 : 1; }
  aicc_rnn_params params() const {
    aicc_rnn_params p{};
    p.cell = AICC_RNN_CELL_LSTM;
    p.direction = direction;
    p.seq_length = T, p.batch = N, p.input_size = I, p.hidden_size = H;
    p.has_bias = p.has_initial_h = p.has_initial_c = 1;
    p.has_peepholes = peepholes;
    for (int64_t d = 0; d < D(); ++d) {
      p.activations[3 * d] = AICC_RNN_ACT_SIGMOID;
      p.activations[3 * d + 1] = p.activations[3 * d + 2] = AICC_RNN_ACT_TANH;
    }
    return p;
  }
};

// s8 rows of `length` and a scale per row, and the f32 values they stand for.
struct QuantizedRows {
  std::vector<int8_t> values;
  std::vector<float> scales, dequantized;
};
QuantizedRows quantizedRows(int64_t rows, int64_t length, uint32_t seed) {
  QuantizedRows q;
  const std::vector<float> random = randomFloats(rows * length, seed), scales = randomFloats(rows, seed + 1);
  for (int64_t row = 0; row < rows; ++row) {
    // Scales from 0.002 to 0.006: weights up to about 0.76.
    q.scales.push_back(0.004f + 0.002f * scales[row]);
    for (int64_t k = 0; k < length; ++k) {
      q.values.push_back(static_cast<int8_t>(std::lround(random[row * length + k] * 127)));
      q.dequantized.push_back(q.values.back() * q.scales.back());
    }
  }
  return q;
}

// The largest difference between the quantized kernel's outputs (Y, Y_h, Y_c) and the f32 ones.
float largestDifference(const LstmCase &c) {
  const int64_t D = c.D(), G = 4, T = c.T, N = c.N, I = c.I, H = c.H;
  const QuantizedRows w = quantizedRows(D * G * H, I, 1), r = quantizedRows(D * G * H, H, 3);
  const std::vector<float> x = randomFloats(T * N * I, 5), b = randomFloats(D * 2 * G * H, 6),
                           h0 = randomFloats(D * N * H, 7), c0 = randomFloats(D * N * H, 8),
                           p = randomFloats(D * 3 * H, 9);
  KernelTable table(
      {KernelSpec(AICC_KERNEL_QUANTIZED_RNN, c.params(),
                  constantSlots(AICC_QUANTIZED_RNN_NUM_ARGS, {{AICC_RNN_ARG_W, w.values.data()},
                                                              {AICC_RNN_ARG_R, r.values.data()},
                                                              {AICC_QUANTIZED_RNN_ARG_W_SCALES, w.scales.data()},
                                                              {AICC_QUANTIZED_RNN_ARG_R_SCALES, r.scales.data()}})),
       KernelSpec(AICC_KERNEL_RNN, c.params(),
                  constantSlots(AICC_RNN_NUM_ARGS,
                                {{AICC_RNN_ARG_W, w.dequantized.data()}, {AICC_RNN_ARG_R, r.dequantized.data()}}))});
  EXPECT_TRUE(table.created()) << table.createError();
  if (!table.created()) return INFINITY;
  std::vector<float> outputs[2][3];
  for (int kernel = 0; kernel < 2; ++kernel) {
    std::vector<float> &y = outputs[kernel][0], &yH = outputs[kernel][1], &yC = outputs[kernel][2];
    y.assign(T * D * N * H, NAN), yH.assign(D * N * H, NAN), yC.assign(D * N * H, NAN);
    std::vector<void *> args = slots(kernel == 0 ? int64_t{AICC_QUANTIZED_RNN_NUM_ARGS} : int64_t{AICC_RNN_NUM_ARGS},
                                     {{AICC_RNN_ARG_X, const_cast<float *>(x.data())},
                                      {AICC_RNN_ARG_B, const_cast<float *>(b.data())},
                                      {AICC_RNN_ARG_INITIAL_H, const_cast<float *>(h0.data())},
                                      {AICC_RNN_ARG_INITIAL_C, const_cast<float *>(c0.data())},
                                      {AICC_RNN_ARG_Y, y.data()},
                                      {AICC_RNN_ARG_Y_H, yH.data()},
                                      {AICC_RNN_ARG_Y_C, yC.data()}});
    if (c.peepholes) args[AICC_RNN_ARG_P] = const_cast<float *>(p.data());
    EXPECT_EQ(table.run(kernel, args), "");
  }
  float largest = 0;
  for (int k = 0; k < 3; ++k)
    for (size_t i = 0; i < outputs[0][k].size(); ++i) {
      const float difference = std::fabs(outputs[0][k][i] - outputs[1][k][i]);
      largest = std::isnan(difference) ? INFINITY : std::max(largest, difference);
    }
  return largest;
}

// What the 8-bit X and state may cost: their rounding errors (up to half a step of 1/127 of the
// largest value) summed over I + H products with weights up to 0.76 grow as sqrt(I + H). Measured
// on a Zen 5: 0.013 for I + H = 64, 0.030 for 320, 2.3 to 3.6 times below this; a wrong gate
// order, scale or compensation is off by far more.
float int8Bound(const LstmCase &c) { return 0.004f * std::sqrt(float(c.I + c.H)); }

TEST(QuantizedRnnKernel, OneSequence) { EXPECT_LT(largestDifference(LstmCase{}), int8Bound(LstmCase{})); }

TEST(QuantizedRnnKernel, TwoSequencesBothDirections) {
  LstmCase c;
  c.direction = AICC_RNN_BIDIRECTIONAL, c.N = 2, c.H = 37; // 37: neither a multiple of 4 nor of 16
  EXPECT_LT(largestDifference(c), int8Bound(c));
}

TEST(QuantizedRnnKernel, ReverseOnSeveralThreads) {
  LstmCase c; // steps of 4 * 256 * 256 multiply-adds: the recurrence splits between threads
  c.direction = AICC_RNN_REVERSE, c.H = 256, c.I = 64, c.T = 3;
  EXPECT_LT(largestDifference(c), int8Bound(c));
}

TEST(QuantizedRnnKernel, TwoSequencesBothDirectionsOnSeveralThreads) {
  LstmCase c; // steps of 2 * 4 * 128 * 128 multiply-adds: each thread quantizes its own copy of both states
  c.direction = AICC_RNN_BIDIRECTIONAL, c.N = 2, c.H = 128, c.T = 4;
  EXPECT_LT(largestDifference(c), int8Bound(c));
}

TEST(QuantizedRnnKernel, ManySequencesRunInF32) {
  LstmCase c;
  c.N = 12;
  EXPECT_LT(largestDifference(c), 1e-5f);
}

TEST(QuantizedRnnKernel, PeepholesRunInF32) {
  LstmCase c;
  c.peepholes = true;
  EXPECT_LT(largestDifference(c), 1e-5f);
}

TEST(QuantizedRnnKernel, RefusesWeightsAtRunTimeAndBadScales) {
  LstmCase c;
  const QuantizedRows w = quantizedRows(4 * c.H, c.I, 1), r = quantizedRows(4 * c.H, c.H, 3);
  KernelTable runTimeR(
      {KernelSpec(AICC_KERNEL_QUANTIZED_RNN, c.params(),
                  constantSlots(AICC_QUANTIZED_RNN_NUM_ARGS, {{AICC_RNN_ARG_W, w.values.data()},
                                                              {AICC_QUANTIZED_RNN_ARG_W_SCALES, w.scales.data()},
                                                              {AICC_QUANTIZED_RNN_ARG_R_SCALES, r.scales.data()}}))});
  ASSERT_FALSE(runTimeR.created());
  EXPECT_EQ(runTimeR.createError(), "kernel 0 (quantized rnn): a quantized RNN's R must be a compile-time constant");

  std::vector<float> badScales = r.scales;
  badScales[5] = 0;
  KernelTable zeroScale(
      {KernelSpec(AICC_KERNEL_QUANTIZED_RNN, c.params(),
                  constantSlots(AICC_QUANTIZED_RNN_NUM_ARGS, {{AICC_RNN_ARG_W, w.values.data()},
                                                              {AICC_RNN_ARG_R, r.values.data()},
                                                              {AICC_QUANTIZED_RNN_ARG_W_SCALES, w.scales.data()},
                                                              {AICC_QUANTIZED_RNN_ARG_R_SCALES, badScales.data()}}))});
  ASSERT_FALSE(zeroScale.created());
  EXPECT_THAT(zeroScale.createError(), ::testing::HasSubstr("weight scales must be finite and positive; row 5"));
}

} // namespace
} // namespace aicc::test
