// AICC_KERNEL_RNN for an LSTM of one or a few sequences (see LstmSmallBatch.h).
//
// - The input projection of every step is one GEMM before the recurrence (dnnl_sgemm, on the
//   session's threads), into rows of four gates padded to whole vector blocks.
// - R is packed once, at create, into blocks of `width` hidden units: for each k, the four gates'
//   weights of the block side by side, so a block's step reads its weights as one stream.
// - The recurrence runs in one parallel region; each thread keeps its blocks for every step.
// - The artifact keeps R in ONNX's layout: this kernel reports no packed constants, and it takes
//   no operand a compiler packed for oneDNN.
// - A quantized LSTM (AICC_KERNEL_QUANTIZED_RNN, s8 W and R) on AVX-512 VNNI quantizes X to u8 for
//   an int8 GEMM (dnnl_gemm_u8s8s32), and its state on every step for an int8 recurrence.
// - A bf16 LSTM (compute_type) on AVX512_BF16 keeps the f32 GEMM and rounds R to bf16 once and
//   its state on every step for a bf16 recurrence.
#include "LstmSmallBatch.h"

#include <atomic>
#include <cstring>
#include <vector>
#include <thread>

#include <omp.h>

#include "LstmSmallBatchSteps.inc"

namespace aicc::rt {

// A waiter spins (yielding now and then, for a host with fewer cores than threads): a step takes
// a few microseconds, and OpenMP's barrier, which sleeps on a futex after spinning, cost more than
// that here (Seq2Seq h256: 7.7 us a step with it, 5.6 with this).
struct LstmBarrier {
  alignas(64) std::atomic<int64_t> arrived{0};
  alignas(64) std::atomic<uint32_t> passed{0};
};

void lstmBarrierArrive(LstmBarrier *barrier, int64_t threads) {
  if (threads <= 1) return;
  const uint32_t generation = barrier->passed.load(std::memory_order_relaxed);
  if (barrier->arrived.fetch_add(1, std::memory_order_acq_rel) == threads - 1) {
    barrier->arrived.store(0, std::memory_order_relaxed);
    barrier->passed.store(generation + 1, std::memory_order_release);
    return;
  }
  for (uint32_t spins = 1; barrier->passed.load(std::memory_order_acquire) == generation; ++spins) {
    if (spins % 256 == 0)
      std::this_thread::yield();
    else
      __builtin_ia32_pause();
  }
}

// The baseline x86-64 variant: four lanes, which SSE2 has.
void lstmRecurrenceGeneric(const LstmRecurrence &r, int64_t thread, int64_t threads) {
  lstmRecurrence<4>(r, thread, threads);
}

namespace {

using dnnl::memory;

// Up to two sequences always run here; up to eight when the hidden size is at least 256. Measured
// on 2 threads against oneDNN's batch split into one share per thread: batch 8 with LSTM(256) is
// 1.25 ms against 1.53 (Seq2Seq h256), with LSTM(128) 0.82 against 0.75 (LSTM classifier).
constexpr int64_t kAlwaysSequences = 2, kMaxSequences = 8, kManySequencesMinHidden = 256;
// A step of fewer multiply-adds than this runs on one thread: the per-step barrier costs more.
constexpr int64_t kThreadedStepMacs = int64_t(1) << 15;

struct Variant {
  int64_t width;
  void (*run)(const LstmRecurrence &, int64_t, int64_t);
};

// The widest variant oneDNN would use here (the host's, or less under ONEDNN_MAX_CPU_ISA, which
// is also how tests reach the narrower ones on a wide host).
Variant hostVariant() {
  const unsigned isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
  auto has = [isa](dnnl::cpu_isa want) { return (isa & static_cast<unsigned>(want)) == static_cast<unsigned>(want); };
  if (has(dnnl::cpu_isa::avx512_core) && __builtin_cpu_supports("fma")) return {16, lstmRecurrenceAvx512};
  if (has(dnnl::cpu_isa::avx2) && __builtin_cpu_supports("fma")) return {8, lstmRecurrenceAvx2};
  return {4, lstmRecurrenceGeneric};
}

// A quantized LSTM's s8 weights (ONNX's layouts) and their scales per row; all null for f32.
struct Int8Weights {
  const int8_t *w = nullptr, *r = nullptr;
  const float *wScales = nullptr, *rScales = nullptr;
};

class SmallBatchLstm final : public Kernel {
public:
  SmallBatchLstm(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g, const Int8Weights &int8,
                 bool bf16);

private:
  void run();
  void combineBias();
  void packR(const float *onnxR);
  void packInt8R();
  void packBf16R(const float *onnxR);
  void projectInputsInt8();

  Variant variant;
  LstmRecurrence plan{};
  int64_t threads = 1, inputSize;
  bool biasIsConstant;
  memory x, w, b, initialH, initialC, y, yH, yC;
  memory packedR, bias, inputGates, state;
  std::unique_ptr<LstmBarrier> barrier = std::make_unique<LstmBarrier>();

  Int8Weights int8;
  std::vector<int8_t> packedRq;
  std::vector<float> rScales, hScales;
  std::vector<int32_t> rCompensation, projected;
  std::vector<uint8_t> hq, xq;
  std::vector<uint16_t> packedRb, hb;

  memory zeroed(int64_t floats) {
    memory m(rowMajorDesc({floats}), cpuEngine());
    std::memset(m.get_data_handle(), 0, floats * sizeof(float));
    return m;
  }
};

float *data(const memory &m) { return m ? static_cast<float *>(m.get_data_handle()) : nullptr; }

SmallBatchLstm::SmallBatchLstm(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g,
                               const Int8Weights &int8, bool bf16)
    : variant(int8.w ? Variant{16, lstmRecurrenceInt8Avx512Vnni}
              : bf16 ? Variant{16, lstmRecurrenceBf16Avx512}
                     : hostVariant()),
      inputSize(g.inputSize), biasIsConstant(!p.has_bias || constantArg(desc, AICC_RNN_ARG_B)), int8(int8) {
  const int64_t D = g.directions, T = g.seqLength, N = g.batch, I = g.inputSize, H = g.hiddenSize;
  const int64_t width = variant.width, blocks = (H + width - 1) / width, Hp = blocks * width;
  const memory::dims state3 = g.batchMajor ? memory::dims{N, D, H} : memory::dims{D, N, H};
  x = operandMemory(desc, AICC_RNN_ARG_X, "X",
                    rowMajorDesc(g.batchMajor ? memory::dims{N, T, I} : memory::dims{T, N, I}));
  if (!int8.w) w = operandMemory(desc, AICC_RNN_ARG_W, "W", rowMajorDesc({D, 4 * H, I}));
  if (p.has_bias) b = operandMemory(desc, AICC_RNN_ARG_B, "B", rowMajorDesc({D, 8 * H}));
  if (p.has_initial_h) initialH = operandMemory(desc, AICC_RNN_ARG_INITIAL_H, "initial_h", rowMajorDesc(state3));
  if (p.has_initial_c) initialC = operandMemory(desc, AICC_RNN_ARG_INITIAL_C, "initial_c", rowMajorDesc(state3));
  y = operandMemory(desc, AICC_RNN_ARG_Y, "Y",
                    rowMajorDesc(g.batchMajor ? memory::dims{N, T, D, H} : memory::dims{T, D, N, H}));
  yH = operandMemory(desc, AICC_RNN_ARG_Y_H, "Y_h", rowMajorDesc(state3));
  yC = operandMemory(desc, AICC_RNN_ARG_Y_C, "Y_c", rowMajorDesc(state3));

  bias = zeroed(D * 4 * Hp);
  inputGates = zeroed(D * T * N * 4 * Hp);
  state = zeroed(3 * N * Hp);

  plan.steps = T;
  plan.sequences = N;
  plan.hidden = H;
  plan.directions = D;
  plan.xStep = g.xRow(1, 0) - g.xRow(0, 0);
  plan.xSequence = g.xRow(0, 1) - g.xRow(0, 0);
  plan.yStep = g.yOffset(1, 0, 0) - g.yOffset(0, 0, 0);
  plan.yDirection = g.yOffset(0, 1, 0) - g.yOffset(0, 0, 0);
  plan.ySequence = g.yOffset(0, 0, 1) - g.yOffset(0, 0, 0);
  plan.stateDirection = g.stateOffset(1, 0) - g.stateOffset(0, 0);
  plan.stateSequence = g.stateOffset(0, 1) - g.stateOffset(0, 0);
  plan.width = width;
  plan.paddedHidden = Hp;
  plan.blocks = blocks;
  for (int64_t d = 0; d < D; ++d) plan.reverse[d] = runsReversed(p, d);
  if (int8.w)
    packInt8R();
  else if (bf16)
    packBf16R(static_cast<const float *>(constantArg(desc, AICC_RNN_ARG_R)));
  else
    packR(static_cast<const float *>(constantArg(desc, AICC_RNN_ARG_R)));
  plan.bias = data(bias);
  plan.inputGates = data(inputGates);
  plan.h = data(state);
  plan.c = data(state) + 2 * N * Hp;
  plan.barrier = barrier.get();
  if (biasIsConstant) combineBias();

  const int64_t stepMacs = N * 4 * H * H;
  // An int8 step sums four products an instruction, a bf16 one two: the barrier pays from steps
  // that many times larger.
  threads = stepMacs < (int8.w ? 4
                        : bf16 ? 2
                               : 1) *
                           kThreadedStepMacs
                ? 1
                : std::max<int64_t>(1, std::min<int64_t>(omp_get_max_threads(), blocks));
  if (int8.w) {
    static_assert(kMaxSequences <= kScalesPerThread, "a thread's scales fit its share of hScales");
    plan.hqStride = (N * Hp + 63) / 64 * 64;
    hq.assign(threads * plan.hqStride, 128);
    hScales.assign(threads * kScalesPerThread, 1.f);
    plan.hq = hq.data();
    plan.hScales = hScales.data();
    xq.resize(T * N * I);
    projected.resize(T * N * 4 * H);
  }
  if (bf16) {
    plan.hbStride = (N * Hp + 31) / 32 * 32;
    hb.assign(threads * plan.hbStride, 0);
    plan.hb = hb.data();
  }
  addHostStep([this] { run(); });
}

// R [D][4H][H] into [D][blocks][H][4][width].
void SmallBatchLstm::packR(const float *onnxR) {
  const int64_t D = plan.directions, H = plan.hidden, width = plan.width, blocks = plan.blocks;
  packedR = zeroed(D * blocks * H * 4 * width);
  float *packed = data(packedR);
  for (int64_t d = 0; d < D; ++d)
    for (int64_t gate = 0; gate < 4; ++gate)
      for (int64_t unit = 0; unit < H; ++unit) {
        const float *row = onnxR + (d * 4 * H + gate * H + unit) * H;
        float *to = packed + ((d * blocks + unit / width) * H * 4 + gate) * width + unit % width;
        for (int64_t k = 0; k < H; ++k) to[k * 4 * width] = row[k];
      }
  plan.packedR = packed;
}

// s8 R [D][4H][H] into [D][blocks][Hp / 4][4][width][4], its scales and compensation per unit.
void SmallBatchLstm::packInt8R() {
  const int64_t D = plan.directions, H = plan.hidden, Hp = plan.paddedHidden, width = plan.width;
  const int64_t blocks = plan.blocks, groups = Hp / 4;
  packedRq.assign(D * blocks * groups * 4 * width * 4, 0);
  rScales.assign(D * 4 * Hp, 0.f);
  rCompensation.assign(D * 4 * Hp, 0);
  for (int64_t d = 0; d < D; ++d)
    for (int64_t gate = 0; gate < 4; ++gate)
      for (int64_t unit = 0; unit < H; ++unit) {
        const int64_t onnxRow = d * 4 * H + gate * H + unit;
        const int8_t *row = int8.r + onnxRow * H;
        int8_t *to = packedRq.data() + (((d * blocks + unit / width) * groups * 4 + gate) * width + unit % width) * 4;
        int32_t sum = 0;
        for (int64_t k = 0; k < H; ++k) {
          to[(k / 4) * 4 * width * 4 + k % 4] = row[k];
          sum += row[k];
        }
        rScales[(d * 4 + gate) * Hp + unit] = int8.rScales[onnxRow];
        rCompensation[(d * 4 + gate) * Hp + unit] = 128 * sum;
      }
  plan.packedRq = packedRq.data();
  plan.rScales = rScales.data();
  plan.rCompensation = rCompensation.data();
}

// R [D][4H][H] rounded to bf16 into [D][blocks][Hp / 2][4][width][2] (padded units and k are 0).
void SmallBatchLstm::packBf16R(const float *onnxR) {
  const int64_t D = plan.directions, H = plan.hidden, Hp = plan.paddedHidden, width = plan.width;
  const int64_t blocks = plan.blocks, pairs = Hp / 2;
  packedRb.assign(D * blocks * pairs * 4 * width * 2, 0);
  for (int64_t d = 0; d < D; ++d)
    for (int64_t gate = 0; gate < 4; ++gate)
      for (int64_t unit = 0; unit < H; ++unit) {
        const float *row = onnxR + (d * 4 * H + gate * H + unit) * H;
        uint16_t *to = packedRb.data() + (((d * blocks + unit / width) * pairs * 4 + gate) * width + unit % width) * 2;
        for (int64_t k = 0; k < H; ++k) to[(k / 2) * 4 * width * 2 + k % 2] = roundToBf16(row[k]);
      }
  plan.packedRb = packedRb.data();
}

// inputGates = X x W^T with X quantized to u8 per tensor and s8 W: one int8 GEMM per direction,
// then its sums scaled by X's scale and W's row scales into the padded gate rows.
void SmallBatchLstm::projectInputsInt8() {
  const int64_t D = plan.directions, rows = plan.steps * plan.sequences, I = inputSize, H = plan.hidden;
  const int64_t Hp = plan.paddedHidden;
  const Quantization q = quantizeToU8(data(x), xq.data(), rows * I);
  const int32_t noOffset = 0;
  for (int64_t d = 0; d < D; ++d) {
    dnnl::error::wrap_c_api(dnnl_gemm_u8s8s32('N', 'T', 'F', rows, 4 * H, I, 1.f, xq.data(), I,
                                              static_cast<uint8_t>(q.zeroPoint), int8.w + d * 4 * H * I, I, 0, 0.f,
                                              projected.data(), 4 * H, &noOffset),
                            "could not run gemm_u8s8s32");
    const float *scales = int8.wScales + d * 4 * H;
    float *gates = data(inputGates) + d * rows * 4 * Hp;
    for (int64_t row = 0; row < rows; ++row)
      for (int64_t gate = 0; gate < 4; ++gate)
        for (int64_t unit = 0; unit < H; ++unit)
          gates[row * 4 * Hp + gate * Hp + unit] =
              static_cast<float>(projected[row * 4 * H + gate * H + unit]) * (q.scale * scales[gate * H + unit]);
  }
}

// bias[d][gate][unit] = Wb + Rb (zeros without B).
void SmallBatchLstm::combineBias() {
  const int64_t H = plan.hidden, Hp = plan.paddedHidden;
  const float *onnx = data(b);
  float *combined = data(bias);
  if (!onnx) return;
  for (int64_t d = 0; d < plan.directions; ++d)
    for (int64_t gate = 0; gate < 4; ++gate)
      for (int64_t unit = 0; unit < H; ++unit) {
        const float *wb = onnx + d * 8 * H;
        combined[(d * 4 + gate) * Hp + unit] = wb[gate * H + unit] + wb[(4 + gate) * H + unit];
      }
}

void SmallBatchLstm::run() {
  const int64_t D = plan.directions, rows = plan.steps * plan.sequences, I = inputSize, H = plan.hidden;
  const int64_t Hp = plan.paddedHidden;
  if (!biasIsConstant) combineBias();
  // inputGates[d][row][gate] = X[row] x W[d][gate]^T, one GEMM per direction when no gate is padded.
  if (int8.w) projectInputsInt8();
  for (int64_t d = 0; d < D && !int8.w; ++d) {
    const int64_t gemms = Hp == H ? 1 : 4, columns = Hp == H ? 4 * H : H;
    for (int64_t k = 0; k < gemms; ++k)
      dnnl::error::wrap_c_api(dnnl_sgemm('N', 'T', rows, columns, I, 1.f, data(x), I, data(w) + (d * 4 + k) * H * I, I,
                                         0.f, data(inputGates) + d * rows * 4 * Hp + k * Hp, 4 * Hp),
                              "could not run sgemm");
  }
  plan.initialH = data(initialH);
  plan.initialC = data(initialC);
  plan.y = data(y);
  plan.yH = data(yH);
  plan.yC = data(yC);
  if (threads == 1 || omp_in_parallel()) {
    variant.run(plan, 0, 1);
    return;
  }
#pragma omp parallel num_threads(threads)
  variant.run(plan, omp_get_thread_num(), omp_get_num_threads());
}

} // namespace

bool smallBatchLstmSuits(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g) {
  const bool fewSequences =
      g.batch <= kAlwaysSequences || (g.batch <= kMaxSequences && g.hiddenSize >= kManySequencesMinHidden);
  if (g.cell != AICC_RNN_CELL_LSTM || !fewSequences || p.has_peepholes || !constantArg(desc, AICC_RNN_ARG_R))
    return false;
  if (desc.formats)
    for (int64_t i = 0; i < desc.num_args; ++i)
      if (desc.formats[i]) return false;
  return true;
}

std::unique_ptr<Kernel> createSmallBatchLstm(const aicc_kernel_desc &desc, const aicc_rnn_params &p,
                                             const RnnGeometry &g) {
  const bool bf16 = checkedComputeType(p.compute_type) == memory::data_type::bf16 && hasBf16SmallBatchLstm();
  return std::make_unique<SmallBatchLstm>(desc, p, g, Int8Weights{}, bf16);
}

bool hasBf16SmallBatchLstm() {
  return hasBf16DotProducts() && __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("fma");
}

bool hasInt8SmallBatchLstm() {
  // hasInt8DotProducts, less AVX2 VNNI: the recurrence is written for AVX-512's.
  return hasInt8DotProducts() && dnnl::get_effective_cpu_isa() != dnnl::cpu_isa::avx2_vnni &&
         __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("fma");
}

std::unique_ptr<Kernel> createQuantizedSmallBatchLstm(const aicc_kernel_desc &desc, const aicc_rnn_params &p,
                                                      const RnnGeometry &g) {
  Int8Weights int8{static_cast<const int8_t *>(constantArg(desc, AICC_RNN_ARG_W)),
                   static_cast<const int8_t *>(constantArg(desc, AICC_RNN_ARG_R)),
                   static_cast<const float *>(constantArg(desc, AICC_QUANTIZED_RNN_ARG_W_SCALES)),
                   static_cast<const float *>(constantArg(desc, AICC_QUANTIZED_RNN_ARG_R_SCALES))};
  return std::make_unique<SmallBatchLstm>(desc, p, g, int8, false);
}

} // namespace aicc::rt
