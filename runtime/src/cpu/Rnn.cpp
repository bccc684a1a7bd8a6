// AICC_KERNEL_RNN: ONNX RNN, LSTM and GRU on oneDNN's vanilla RNN, LSTM, GRU and
// linear-before-reset GRU primitives (forward inference), in both directions.
//
// - The weights go into oneDNN's gate order and ldigo layout here, the one place that knows both
//   orders (ONNX LSTM i, o, f, c; oneDNN i, f, c, o; GRU's z, r, h is oneDNN's u, r, o), then into
//   the layout the primitive prefers. Constants are converted once and reported to
//   aicc_kernels_prepack, so artifacts hold them converted; weights that arrive at run time are
//   converted on every run.
// - The batch is split into one share per thread, each with its own primitive, which gathers its
//   rows from ONNX's layouts (either `layout`, either direction) into oneDNN's tnc/ldnc and
//   scatters its results back.
// - What the primitives cannot express runs in RnnReference.cpp: activations other than the
//   cells' defaults, clip, input_forget and sequence_lens.
// - An LSTM of a few sequences runs in LstmSmallBatch.cpp (smallBatchLstmSuits says which),
//   faster than the primitive there.
// - A bf16 LSTM (compute_type) runs the primitive on bf16 weights, input and hidden state, with
//   the cell state f32, where the host has bf16 dot products; the shares convert as they gather
//   and scatter.
#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include <omp.h>

#include "../RuntimeContext.h"
#include "Kernel.h"
#include "LstmSmallBatch.h"
#include "PackedFormat.h"
#include "Rnn.h"

namespace aicc::rt {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
constexpr auto f32 = memory::data_type::f32;
constexpr auto bf16 = memory::data_type::bf16;

// `count` values from f32 into `to`'s element `offset` on, of f32 or bf16, and back.
void putRow(const float *from, const memory &to, int64_t offset, int64_t count) {
  if (to.get_desc().data_type() == f32) {
    std::copy_n(from, count, static_cast<float *>(to.get_data_handle()) + offset);
    return;
  }
  uint16_t *row = static_cast<uint16_t *>(to.get_data_handle()) + offset;
  for (int64_t i = 0; i < count; ++i) row[i] = roundToBf16(from[i]);
}

void takeRow(const memory &from, int64_t offset, int64_t count, float *to) {
  if (from.get_desc().data_type() == f32) {
    std::copy_n(static_cast<const float *>(from.get_data_handle()) + offset, count, to);
    return;
  }
  const uint16_t *row = static_cast<const uint16_t *>(from.get_data_handle()) + offset;
  for (int64_t i = 0; i < count; ++i) to[i] = bf16ToFloat(row[i]);
}

// oneDNN's gate g is ONNX's gate onnxGate(cell, g).
int64_t onnxGate(int64_t cell, int64_t g) {
  static constexpr int64_t lstm[] = {0, 2, 3, 1};
  return cell == AICC_RNN_CELL_LSTM ? lstm[g] : g;
}

// ONNX W [D, G*H, In] → oneDNN ldigo [1, D, In, G, H].
void toLdigo(const RnnGeometry &g, int64_t in, const float *onnx, float *ldigo) {
  const int64_t D = g.directions, G = g.gates, H = g.hiddenSize;
  for (int64_t d = 0; d < D; ++d)
    for (int64_t gate = 0; gate < G; ++gate) {
      const float *from = onnx + (d * G + onnxGate(g.cell, gate)) * H * in;
      for (int64_t j = 0; j < H; ++j)
        for (int64_t i = 0; i < in; ++i) ldigo[((d * in + i) * G + gate) * H + j] = from[j * in + i];
    }
}

// ONNX B [D, 2*G*H] (Wb, then Rb) → oneDNN's bias [1, D, G', H]: Wb + Rb per gate; a
// linear-before-reset GRU keeps the candidate's Rb apart, as a fourth gate. No B is zeros.
void toBias(const RnnGeometry &g, bool linearBeforeReset, const float *onnx, float *bias) {
  const int64_t D = g.directions, G = g.gates, H = g.hiddenSize, biasGates = G + (linearBeforeReset ? 1 : 0);
  std::fill(bias, bias + D * biasGates * H, 0.f);
  if (!onnx) return;
  for (int64_t d = 0; d < D; ++d) {
    const float *wb = onnx + d * 2 * G * H, *rb = wb + G * H;
    for (int64_t gate = 0; gate < G; ++gate) {
      const int64_t from = onnxGate(g.cell, gate) * H;
      const bool candidateApart = linearBeforeReset && gate == 2;
      for (int64_t j = 0; j < H; ++j)
        bias[(d * biasGates + gate) * H + j] = wb[from + j] + (candidateApart ? 0.f : rb[from + j]);
    }
    if (linearBeforeReset) std::copy(rb + 2 * H, rb + 3 * H, bias + (d * biasGates + 3) * H);
  }
}

// ONNX P [D, 3*H] (i, o, f) → oneDNN's peepholes [1, D, 3, H] (i, f, o).
void toPeepholes(const RnnGeometry &g, const float *onnx, float *peepholes) {
  static constexpr int64_t from[] = {0, 2, 1};
  const int64_t H = g.hiddenSize;
  for (int64_t d = 0; d < g.directions; ++d)
    for (int64_t k = 0; k < 3; ++k)
      std::copy(onnx + (d * 3 + from[k]) * H, onnx + (d * 3 + from[k] + 1) * H, peepholes + (d * 3 + k) * H);
}

} // namespace

bool primitiveExpresses(const aicc_rnn_params &p, const RnnGeometry &g) {
  if (p.clip != 0 || p.input_forget || p.has_sequence_lens) return false;
  for (int64_t d = 0; d < g.directions; ++d)
    for (int64_t k = 0; k < g.activationsPerDirection; ++k) {
      const int64_t act = p.activations[d * g.activationsPerDirection + k];
      switch (g.cell) {
      case AICC_RNN_CELL_LSTM:
      case AICC_RNN_CELL_GRU:
        if (act != (k == 0 ? AICC_RNN_ACT_SIGMOID : AICC_RNN_ACT_TANH)) return false;
        break;
      default:
        // One vanilla RNN primitive: one activation, which oneDNN has.
        if (act != p.activations[0] ||
            (act != AICC_RNN_ACT_TANH && act != AICC_RNN_ACT_RELU && act != AICC_RNN_ACT_SIGMOID))
          return false;
      }
    }
  return true;
}

namespace {

dnnl::rnn_direction directionOf(int64_t direction) {
  switch (direction) {
  case AICC_RNN_FORWARD: return dnnl::rnn_direction::unidirectional_left2right;
  case AICC_RNN_REVERSE: return dnnl::rnn_direction::unidirectional_right2left;
  default: return dnnl::rnn_direction::bidirectional_concat;
  }
}

class RnnKernel final : public Kernel {
public:
  RnnKernel(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g, dnnl::stream &stream);

private:
  void buildReference(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g);
  void buildPrimitive(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g,
                      dnnl::stream &stream);

  // The weight layouts a primitive is created with (`any` for constants) and reads.
  struct WeightDescs {
    memory::desc layer, iter, bias, peepholes;
  };
  // `type` is that of the input, the hidden state and Y (f32 or bf16); the cell state is f32.
  static dnnl::primitive createPrimitive(const aicc_rnn_params &p, const RnnGeometry &g, int64_t batch,
                                         memory::data_type type, const WeightDescs &want, WeightDescs *chosen,
                                         dnnl::primitive_desc_base &pd);

  // The run's activations in ONNX's layouts (null memories where absent).
  struct ActivationArgs {
    memory x, initialH, initialC, y, yH, yC;
  };
  struct Share;
  // The shares of the batch with their primitives, activations of `type`; fills *want and
  // *chosen (the weight layouts the primitives are created with and read).
  std::vector<Share> createShares(const aicc_rnn_params &p, const RnnGeometry &g, memory::data_type type,
                                  const aicc_kernel_desc &desc, WeightDescs *want, WeightDescs *chosen);
  void runShares(const RnnGeometry &g, const ActivationArgs &user);

  // A single sequence whose steps reach this many multiply-adds runs on oneDNN's threads: LSTM(256)
  // over 64 inputs (327k) is 12.6 us a step on 2 threads against 18.8 on one; LSTM(128) (98k) is
  // faster alone.
  static constexpr int64_t kThreadedStepMacs = int64_t(1) << 18;
  std::vector<Share> shares;
  bool sharesRunAlone = true;

  // A buffer of the kernel's own (staging, converted weights), kept for its lifetime.
  memory ownedMemory(const memory::desc &md) {
    owned.emplace_back(md, cpuEngine());
    return owned.back();
  }

  // The primitive's memory for weight-like operand `index`: `convert` writes it in oneDNN's
  // layout `natural` from ONNX's data. A constant is converted once (or read as the compiler
  // prepacked it) and reordered into `want`; a run-time operand is converted on every run into
  // `natural`, which the primitive was then created with.
  using Convert = std::function<void(const float *onnx, float *natural)>;
  memory weightOperand(const aicc_kernel_desc &desc, int index, const char *name, const memory::desc &onnx,
                       const memory::desc &natural, const memory::desc &want, const Convert &convert,
                       dnnl::stream &stream);

  std::vector<memory> owned;
};

RnnKernel::RnnKernel(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g,
                     dnnl::stream &stream) {
  if (primitiveExpresses(p, g))
    buildPrimitive(desc, p, g, stream);
  else
    buildReference(desc, p, g);
}

void RnnKernel::buildReference(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g) {
  const int64_t D = g.directions, G = g.gates, T = g.seqLength, N = g.batch, I = g.inputSize, H = g.hiddenSize;
  const memory::dims state = g.batchMajor ? memory::dims{N, D, H} : memory::dims{D, N, H};
  struct Operand {
    int index;
    const char *name;
    memory::dims dims;
    bool present;
  };
  const Operand operands[] = {
      {AICC_RNN_ARG_X, "X", g.batchMajor ? memory::dims{N, T, I} : memory::dims{T, N, I}, true},
      {AICC_RNN_ARG_W, "W", {D, G * H, I}, true},
      {AICC_RNN_ARG_R, "R", {D, G * H, H}, true},
      {AICC_RNN_ARG_B, "B", {D, 2 * G * H}, p.has_bias != 0},
      {AICC_RNN_ARG_SEQUENCE_LENS, "sequence_lens", {N}, p.has_sequence_lens != 0},
      {AICC_RNN_ARG_INITIAL_H, "initial_h", state, p.has_initial_h != 0},
      {AICC_RNN_ARG_INITIAL_C, "initial_c", state, p.has_initial_c != 0},
      {AICC_RNN_ARG_P, "P", {D, 3 * H}, p.has_peepholes != 0},
      {AICC_RNN_ARG_Y, "Y", g.batchMajor ? memory::dims{N, T, D, H} : memory::dims{T, D, N, H}, true},
      {AICC_RNN_ARG_Y_H, "Y_h", state, true},
      {AICC_RNN_ARG_Y_C, "Y_c", state, g.cell == AICC_RNN_CELL_LSTM},
  };
  // Memories only carry the pointers (sequence_lens is int32; its desc is never used as f32).
  std::vector<memory> data(AICC_RNN_NUM_ARGS);
  for (const Operand &operand : operands)
    if (operand.present)
      data[operand.index] = operandMemory(desc, operand.index, operand.name, rowMajorDesc(operand.dims));
  auto scratch = std::make_shared<RnnScratch>();
  addHostStep([p, g, data, scratch] {
    auto in = [&](int index) {
      return data[index] ? static_cast<const float *>(data[index].get_data_handle()) : nullptr;
    };
    auto out = [&](int index) { return data[index] ? static_cast<float *>(data[index].get_data_handle()) : nullptr; };
    const RnnOperands operands{in(AICC_RNN_ARG_X),
                               in(AICC_RNN_ARG_W),
                               in(AICC_RNN_ARG_R),
                               in(AICC_RNN_ARG_B),
                               data[AICC_RNN_ARG_SEQUENCE_LENS]
                                   ? static_cast<const int32_t *>(data[AICC_RNN_ARG_SEQUENCE_LENS].get_data_handle())
                                   : nullptr,
                               in(AICC_RNN_ARG_INITIAL_H),
                               in(AICC_RNN_ARG_INITIAL_C),
                               in(AICC_RNN_ARG_P),
                               out(AICC_RNN_ARG_Y),
                               out(AICC_RNN_ARG_Y_H),
                               out(AICC_RNN_ARG_Y_C)};
    runRnnReference(p, g, operands, *scratch);
  });
}

memory RnnKernel::weightOperand(const aicc_kernel_desc &desc, int index, const char *name, const memory::desc &onnx,
                                const memory::desc &natural, const memory::desc &want, const Convert &convert,
                                dnnl::stream &stream) {
  const void *constant = constantArg(desc, index);
  if (!constant) {
    memory user(onnx, cpuEngine(), DNNL_MEMORY_NONE);
    addRunArg(index, name, user);
    memory converted = ownedMemory(natural);
    addHostStep([user, converted, convert] {
      convert(static_cast<const float *>(user.get_data_handle()), static_cast<float *>(converted.get_data_handle()));
    });
    return converted;
  }
  memory source;
  if (const aicc_packed_format *format = desc.formats ? desc.formats[index] : nullptr) {
    const memory::desc stored = packedDesc(*format);
    if (stored.dims() != natural.dims())
      throw KernelError(std::string(name) + " was prepacked with dims " + dimsString(stored.dims()) +
                        ", the kernel reads " + dimsString(natural.dims()));
    source = constantMemory(stored, constant);
  } else {
    source = ownedMemory(natural);
    convert(static_cast<const float *>(constant), static_cast<float *>(source.get_data_handle()));
  }
  memory result = source;
  if (source.get_desc() != want) {
    result = ownedMemory(want);
    dnnl::reorder(source, result).execute(stream, source, result);
    stream.wait();
  }
  addPackedConstant(index, result);
  return result;
}

// One primitive's share of the batch: the rows [begin, begin + count), with its activations in
// oneDNN's layouts (tnc, ldnc) and its own scratchpad and stream, so that shares run concurrently.
struct RnnKernel::Share {
  int64_t begin, count;
  memory x, initialH, initialC, y, yH, yC, scratchpad;
  dnnl::primitive primitive;
  std::vector<std::pair<int, memory>> args; // the owners of execArgs' handles
  std::vector<dnnl_exec_arg_t> execArgs;    // prebuilt, as Kernel's steps are: no allocation per run
  dnnl::stream stream{cpuEngine()};
};

// The primitive for `batch` rows, created with the weight layouts `want`; the layouts it reads go
// to *chosen and its descriptor (for the scratchpad's size) to pd.
dnnl::primitive RnnKernel::createPrimitive(const aicc_rnn_params &p, const RnnGeometry &g, int64_t batch,
                                           memory::data_type type, const WeightDescs &want, WeightDescs *chosen,
                                           dnnl::primitive_desc_base &pd) {
  const int64_t D = g.directions, T = g.seqLength, I = g.inputSize, H = g.hiddenSize;
  const memory::desc xDesc({T, batch, I}, type, tag::tnc), yDesc({T, batch, D * H}, type, tag::tnc);
  const memory::desc stateDesc({1, D, batch, H}, type, tag::ldnc), cellDesc({1, D, batch, H}, f32, tag::ldnc), none;
  const memory::desc srcIter = p.has_initial_h ? stateDesc : none, srcIterC = p.has_initial_c ? cellDesc : none;
  const memory::desc peepholes = p.has_peepholes ? want.peepholes : none;
  const dnnl::rnn_direction direction = directionOf(p.direction);
  constexpr auto inference = dnnl::prop_kind::forward_inference;
  auto record = [&](const auto &typed) {
    chosen->layer = typed.weights_layer_desc();
    chosen->iter = typed.weights_iter_desc();
    pd = typed;
  };
  if (g.cell == AICC_RNN_CELL_LSTM) {
    dnnl::lstm_forward::primitive_desc typed(dnnl::lstm_forward::desc(inference, direction, xDesc, srcIter, srcIterC,
                                                                      want.layer, want.iter, peepholes, want.bias,
                                                                      yDesc, stateDesc, cellDesc),
                                             kernelAttr(), cpuEngine());
    record(typed);
    return dnnl::lstm_forward(typed);
  }
  if (g.cell == AICC_RNN_CELL_GRU && p.linear_before_reset) {
    dnnl::lbr_gru_forward::primitive_desc typed(dnnl::lbr_gru_forward::desc(inference, direction, xDesc, srcIter,
                                                                            want.layer, want.iter, want.bias, yDesc,
                                                                            stateDesc),
                                                kernelAttr(), cpuEngine());
    record(typed);
    return dnnl::lbr_gru_forward(typed);
  }
  if (g.cell == AICC_RNN_CELL_GRU) {
    dnnl::gru_forward::primitive_desc typed(dnnl::gru_forward::desc(inference, direction, xDesc, srcIter, want.layer,
                                                                    want.iter, want.bias, yDesc, stateDesc),
                                            kernelAttr(), cpuEngine());
    record(typed);
    return dnnl::gru_forward(typed);
  }
  const dnnl::algorithm activation = p.activations[0] == AICC_RNN_ACT_TANH   ? dnnl::algorithm::eltwise_tanh
                                     : p.activations[0] == AICC_RNN_ACT_RELU ? dnnl::algorithm::eltwise_relu
                                                                             : dnnl::algorithm::eltwise_logistic;
  dnnl::vanilla_rnn_forward::primitive_desc typed(dnnl::vanilla_rnn_forward::desc(inference, activation, direction,
                                                                                  xDesc, srcIter, want.layer, want.iter,
                                                                                  want.bias, yDesc, stateDesc),
                                                  kernelAttr(), cpuEngine());
  record(typed);
  return dnnl::vanilla_rnn_forward(typed);
}

std::vector<RnnKernel::Share> RnnKernel::createShares(const aicc_rnn_params &p, const RnnGeometry &g,
                                                      memory::data_type type, const aicc_kernel_desc &desc,
                                                      WeightDescs *want, WeightDescs *chosen) {
  const int64_t D = g.directions, T = g.seqLength, N = g.batch, I = g.inputSize, H = g.hiddenSize;
  const int64_t parts = std::min<int64_t>(std::max(1, omp_get_max_threads()), N);
  // Constant weights in the layout (and type) the primitive picks; others as converted.
  if (constantArg(desc, AICC_RNN_ARG_W)) want->layer = memory::desc(want->layer.dims(), type, tag::any);
  if (constantArg(desc, AICC_RNN_ARG_R)) want->iter = memory::desc(want->iter.dims(), type, tag::any);
  *chosen = *want;
  std::vector<Share> built(parts);
  for (int64_t k = 0; k < parts; ++k) {
    Share &part = built[k];
    part.begin = N * k / parts;
    part.count = N * (k + 1) / parts - part.begin;
    dnnl::primitive_desc_base pd;
    // Every share reads the weights in the layout the first one chose; one that runs alone is
    // created for one thread.
    {
      rt::ScopedOmpThreads alone(sharesRunAlone ? 1 : 0);
      part.primitive = createPrimitive(p, g, part.count, type, k == 0 ? *want : *chosen, chosen, pd);
    }
    auto own = [&](const memory::desc &md) { return memory(md, cpuEngine()); };
    const memory::desc stateDesc({1, D, part.count, H}, type, tag::ldnc);
    const memory::desc cellDesc({1, D, part.count, H}, f32, tag::ldnc);
    part.x = own(memory::desc({T, part.count, I}, type, tag::tnc));
    part.y = own(memory::desc({T, part.count, D * H}, type, tag::tnc));
    part.yH = own(stateDesc);
    part.scratchpad = own(pd.scratchpad_desc());
    part.args = {{DNNL_ARG_SRC_LAYER, part.x},
                 {DNNL_ARG_DST_LAYER, part.y},
                 {DNNL_ARG_DST_ITER, part.yH},
                 {DNNL_ARG_SCRATCHPAD, part.scratchpad}};
    if (p.has_initial_h) part.args.emplace_back(DNNL_ARG_SRC_ITER, part.initialH = own(stateDesc));
    if (g.cell == AICC_RNN_CELL_LSTM) {
      part.args.emplace_back(DNNL_ARG_DST_ITER_C, part.yC = own(cellDesc));
      if (p.has_initial_c) part.args.emplace_back(DNNL_ARG_SRC_ITER_C, part.initialC = own(cellDesc));
    }
  }
  return built;
}

void RnnKernel::buildPrimitive(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g,
                               dnnl::stream &stream) {
  const int64_t D = g.directions, G = g.gates, T = g.seqLength, N = g.batch, I = g.inputSize, H = g.hiddenSize;
  const bool lbr = g.cell == AICC_RNN_CELL_GRU && p.linear_before_reset;

  // oneDNN parallelises each step of its RNN primitive, a fork and join per step that costs more
  // than a small step computes (LSTM(128), batch 8, 2 threads: 1.74 ms against 1.14 on one). So
  // the batch is split into one share per thread, each primitive running on its thread alone;
  // only a single sequence with large steps is left to oneDNN's threads.
  const int64_t threads = std::max(1, omp_get_max_threads());
  const int64_t stepMacs = N * G * H * (H + I);
  sharesRunAlone = std::min(threads, N) > 1 || stepMacs < kThreadedStepMacs;

  // Weights: oneDNN's natural layouts (ldigo, ldgo), from which constants go into the layout
  // the primitive picks.
  const WeightDescs natural{
      memory::desc({1, D, I, G, H}, f32, tag::ldigo), memory::desc({1, D, H, G, H}, f32, tag::ldigo),
      memory::desc({1, D, G + (lbr ? 1 : 0), H}, f32, tag::ldgo), memory::desc({1, D, 3, H}, f32, tag::ldgo)};
  // bf16 where asked, for an LSTM with constant W and R, where the host has bf16 dot products and
  // oneDNN a primitive for it (with peepholes it may not); else f32.
  const bool bf16Asked = checkedComputeType(p.compute_type) == bf16;
  std::vector<Share> built;
  WeightDescs want = natural, chosen = natural;
  if (bf16Asked && g.cell == AICC_RNN_CELL_LSTM && hasBf16DotProducts() && constantArg(desc, AICC_RNN_ARG_W) &&
      constantArg(desc, AICC_RNN_ARG_R)) {
    try {
      built = createShares(p, g, bf16, desc, &want, &chosen);
    } catch (const dnnl::error &) {
      want = chosen = natural;
    }
  }
  if (built.empty()) built = createShares(p, g, f32, desc, &want, &chosen);

  std::vector<std::pair<int, memory>> weights;
  weights.emplace_back(DNNL_ARG_WEIGHTS_LAYER,
                       weightOperand(desc, AICC_RNN_ARG_W, "W", rowMajorDesc({D, G * H, I}), natural.layer,
                                     chosen.layer, [g, I](const float *onnx, float *out) { toLdigo(g, I, onnx, out); },
                                     stream));
  weights.emplace_back(DNNL_ARG_WEIGHTS_ITER,
                       weightOperand(desc, AICC_RNN_ARG_R, "R", rowMajorDesc({D, G * H, H}), natural.iter, chosen.iter,
                                     [g, H](const float *onnx, float *out) { toLdigo(g, H, onnx, out); }, stream));
  if (p.has_bias) {
    weights.emplace_back(DNNL_ARG_BIAS,
                         weightOperand(desc, AICC_RNN_ARG_B, "B", rowMajorDesc({D, 2 * G * H}), natural.bias,
                                       natural.bias,
                                       [g, lbr](const float *onnx, float *out) { toBias(g, lbr, onnx, out); }, stream));
  } else {
    memory zeros = ownedMemory(natural.bias);
    toBias(g, lbr, nullptr, static_cast<float *>(zeros.get_data_handle()));
    weights.emplace_back(DNNL_ARG_BIAS, zeros);
  }
  if (p.has_peepholes)
    weights.emplace_back(DNNL_ARG_WEIGHTS_PEEPHOLE,
                         weightOperand(desc, AICC_RNN_ARG_P, "P", rowMajorDesc({D, 3 * H}), natural.peepholes,
                                       natural.peepholes,
                                       [g](const float *onnx, float *out) { toPeepholes(g, onnx, out); }, stream));
  for (Share &part : built) {
    part.args.insert(part.args.end(), weights.begin(), weights.end());
    for (const auto &[kind, m] : part.args) part.execArgs.push_back({kind, m.get()});
  }

  // The run's tensors in ONNX's layouts: each share gathers its rows and scatters its results.
  auto userMemory = [&](int index, const char *name) {
    memory user(rowMajorDesc({1}), cpuEngine(), DNNL_MEMORY_NONE);
    addRunArg(index, name, user);
    return user;
  };
  ActivationArgs user;
  user.x = operandMemory(desc, AICC_RNN_ARG_X, "X", rowMajorDesc({T * N * I}));
  if (p.has_initial_h)
    user.initialH = operandMemory(desc, AICC_RNN_ARG_INITIAL_H, "initial_h", rowMajorDesc({D * N * H}));
  if (p.has_initial_c)
    user.initialC = operandMemory(desc, AICC_RNN_ARG_INITIAL_C, "initial_c", rowMajorDesc({D * N * H}));
  user.y = userMemory(AICC_RNN_ARG_Y, "Y");
  user.yH = userMemory(AICC_RNN_ARG_Y_H, "Y_h");
  if (g.cell == AICC_RNN_CELL_LSTM) user.yC = userMemory(AICC_RNN_ARG_Y_C, "Y_c");
  shares = std::move(built);
  addHostStep([this, g, user] { runShares(g, user); });
}

void RnnKernel::runShares(const RnnGeometry &g, const ActivationArgs &user) {
  const int64_t D = g.directions, T = g.seqLength, I = g.inputSize, H = g.hiddenSize;
  auto data = [](const memory &m) { return m ? static_cast<float *>(m.get_data_handle()) : nullptr; };
  const float *x = data(user.x), *initialH = data(user.initialH), *initialC = data(user.initialC);
  float *y = data(user.y), *yH = data(user.yH), *yC = data(user.yC);

  auto runShare = [&](Share &part) {
    // A share that runs alone keeps oneDNN's primitive on this thread (omp_get_max_threads).
    rt::ScopedOmpThreads alone(sharesRunAlone ? 1 : 0);
    const int64_t n = part.count;
    for (int64_t t = 0; t < T; ++t)
      for (int64_t b = 0; b < n; ++b) putRow(x + g.xRow(t, part.begin + b) * I, part.x, (t * n + b) * I, I);
    auto gatherState = [&](const float *from, const memory &to) {
      for (int64_t d = 0; d < D; ++d)
        for (int64_t b = 0; b < n; ++b) putRow(from + g.stateOffset(d, part.begin + b), to, (d * n + b) * H, H);
    };
    if (initialH) gatherState(initialH, part.initialH);
    if (initialC) gatherState(initialC, part.initialC);
    dnnl::error::wrap_c_api(dnnl_primitive_execute(part.primitive.get(), part.stream.get(),
                                                   static_cast<int>(part.execArgs.size()), part.execArgs.data()),
                            "could not execute an RNN primitive");
    for (int64_t t = 0; t < T; ++t)
      for (int64_t b = 0; b < n; ++b)
        for (int64_t d = 0; d < D; ++d)
          takeRow(part.y, (t * n + b) * D * H + d * H, H, y + g.yOffset(t, d, part.begin + b));
    for (int64_t d = 0; d < D; ++d)
      for (int64_t b = 0; b < n; ++b) {
        takeRow(part.yH, (d * n + b) * H, H, yH + g.stateOffset(d, part.begin + b));
        if (yC) takeRow(part.yC, (d * n + b) * H, H, yC + g.stateOffset(d, part.begin + b));
      }
  };

  const int64_t parts = static_cast<int64_t>(shares.size());
  if (parts == 1) {
    runShare(shares[0]);
    return;
  }
  std::exception_ptr failure;
#pragma omp parallel for num_threads(std::max<int64_t>(1, std::min<int64_t>(parts, omp_get_max_threads())))            \
    schedule(static)
  for (int64_t k = 0; k < parts; ++k) {
    try {
      runShare(shares[k]);
    } catch (...) {
#pragma omp critical(aicc_rnn_failure)
      failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

} // namespace

RnnGeometry checkedRnnGeometry(const aicc_rnn_params &p) {
  RnnGeometry g{};
  g.cell = p.cell;
  switch (p.cell) {
  case AICC_RNN_CELL_RNN: g.gates = 1, g.activationsPerDirection = 1; break;
  case AICC_RNN_CELL_LSTM: g.gates = 4, g.activationsPerDirection = 3; break;
  case AICC_RNN_CELL_GRU: g.gates = 3, g.activationsPerDirection = 2; break;
  default: throw KernelError("cell must be 1 (rnn), 2 (lstm) or 3 (gru), got " + std::to_string(p.cell));
  }
  if (p.direction < AICC_RNN_FORWARD || p.direction > AICC_RNN_BIDIRECTIONAL)
    throw KernelError("direction must be 0 (forward), 1 (reverse) or 2 (bidirectional), got " +
                      std::to_string(p.direction));
  g.directions = p.direction == AICC_RNN_BIDIRECTIONAL ? 2 : 1;
  if (p.layout != 0 && p.layout != 1) throw KernelError("layout must be 0 or 1, got " + std::to_string(p.layout));
  g.batchMajor = p.layout == 1;
  const int64_t sizes[] = {p.seq_length, p.batch, p.input_size, p.hidden_size};
  const memory::dims checked = checkedDims("seq_length, batch, input_size and hidden_size", sizes, 4, 1);
  g.seqLength = checked[0], g.batch = checked[1], g.inputSize = checked[2], g.hiddenSize = checked[3];
  if ((p.has_initial_c || p.has_peepholes || p.input_forget) && p.cell != AICC_RNN_CELL_LSTM)
    throw KernelError("initial_c, P and input_forget are LSTM operands");
  if (p.linear_before_reset && p.cell != AICC_RNN_CELL_GRU) throw KernelError("linear_before_reset is a GRU attribute");
  if (p.clip < 0) throw KernelError("clip must be positive, or 0 for none");
  for (int64_t k = 0; k < AICC_MAX_RNN_ACTIVATIONS; ++k) {
    const bool used = k < g.directions * g.activationsPerDirection;
    const int64_t act = p.activations[k];
    if (used && (act < AICC_RNN_ACT_SIGMOID || act > AICC_RNN_ACT_SOFTPLUS))
      throw KernelError("activations[" + std::to_string(k) + "] is not an aicc_rnn_activation: " + std::to_string(act));
    if (!used && act != 0)
      throw KernelError("activations[" + std::to_string(k) + "] is set past the cell's activations");
  }
  return g;
}

std::unique_ptr<Kernel> createRnn(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  const auto p = paramsWithComputeType<aicc_rnn_params>(desc);
  expectArgCount(desc, AICC_RNN_NUM_ARGS);
  const RnnGeometry g = checkedRnnGeometry(p);
  if (primitiveExpresses(p, g) && smallBatchLstmSuits(desc, p, g)) return createSmallBatchLstm(desc, p, g);
  return std::make_unique<RnnKernel>(desc, p, g, stream);
}

} // namespace aicc::rt
