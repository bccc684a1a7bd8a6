// AICC_KERNEL_RNN: ONNX RNN, LSTM and GRU on oneDNN's vanilla RNN, LSTM, GRU and
// linear-before-reset GRU primitives (forward inference), in both directions.
//
// - The weights go into oneDNN's gate order and ldigo layout here, the one place that knows both
//   orders (ONNX LSTM i, o, f, c; oneDNN i, f, c, o; GRU's z, r, h is oneDNN's u, r, o), then into
//   the layout the primitive prefers. Constants are converted once and reported to
//   aicc_kernels_prepack, so artifacts hold them converted; weights that arrive at run time are
//   converted on every run.
// - Activations in ONNX's layouts are read and written in place where oneDNN's tnc/ntc/ldnc
//   describe them (Y of one direction, or batch-major; the states of layout 0); the rest is staged
//   through the kernel's own buffers and a reorder.
// - What the primitives cannot express runs in RnnReference.cpp: activations other than the
//   cells' defaults, clip, input_forget and sequence_lens.
#include <algorithm>
#include <string>
#include <vector>

#include "Kernel.h"
#include "PackedFormat.h"
#include "Rnn.h"

namespace aicc::cpu {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
constexpr auto f32 = memory::data_type::f32;

enum Arg { X = 0, W = 1, R = 2, B = 3, SequenceLens = 4, InitialH = 5, InitialC = 6, P = 7, Y = 8, YH = 9, YC = 10 };

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
        for (int64_t i = 0; i < in; ++i)
          ldigo[((d * in + i) * G + gate) * H + j] = from[j * in + i];
    }
}

// ONNX B [D, 2*G*H] (Wb, then Rb) → oneDNN's bias [1, D, G', H]: Wb + Rb per gate; a
// linear-before-reset GRU keeps the candidate's Rb apart, as a fourth gate. No B is zeros.
void toBias(const RnnGeometry &g, bool linearBeforeReset, const float *onnx, float *bias) {
  const int64_t D = g.directions, G = g.gates, H = g.hiddenSize, biasGates = G + (linearBeforeReset ? 1 : 0);
  std::fill(bias, bias + D * biasGates * H, 0.f);
  if (!onnx)
    return;
  for (int64_t d = 0; d < D; ++d) {
    const float *wb = onnx + d * 2 * G * H, *rb = wb + G * H;
    for (int64_t gate = 0; gate < G; ++gate) {
      const int64_t from = onnxGate(g.cell, gate) * H;
      const bool candidateApart = linearBeforeReset && gate == 2;
      for (int64_t j = 0; j < H; ++j)
        bias[(d * biasGates + gate) * H + j] = wb[from + j] + (candidateApart ? 0.f : rb[from + j]);
    }
    if (linearBeforeReset)
      std::copy(rb + 2 * H, rb + 3 * H, bias + (d * biasGates + 3) * H);
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

// Whether oneDNN's primitives compute `p` as ONNX defines it.
bool primitiveExpresses(const aicc_rnn_params &p, const RnnGeometry &g) {
  if (p.clip != 0 || p.input_forget || p.has_sequence_lens)
    return false;
  for (int64_t d = 0; d < g.directions; ++d)
    for (int64_t k = 0; k < g.activationsPerDirection; ++k) {
      const int64_t act = p.activations[d * g.activationsPerDirection + k];
      switch (g.cell) {
      case AICC_RNN_CELL_LSTM:
      case AICC_RNN_CELL_GRU:
        if (act != (k == 0 ? AICC_RNN_ACT_SIGMOID : AICC_RNN_ACT_TANH))
          return false;
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

dnnl::rnn_direction directionOf(int64_t direction) {
  switch (direction) {
  case AICC_RNN_FORWARD: return dnnl::rnn_direction::unidirectional_left2right;
  case AICC_RNN_REVERSE: return dnnl::rnn_direction::unidirectional_right2left;
  default: return dnnl::rnn_direction::bidirectional_concat;
  }
}

// Dense row-major f32 of `dims` with the elements at `strides`.
memory::desc stridedDesc(const memory::dims &dims, const memory::dims &strides) { return memory::desc(dims, f32, strides); }

class RnnKernel final : public Kernel {
public:
  RnnKernel(const aicc_kernel_desc &desc, dnnl::stream &stream);

private:
  void buildReference(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g);
  void buildPrimitive(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g, dnnl::stream &stream);

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

RnnKernel::RnnKernel(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  const auto p = paramsAs<aicc_rnn_params>(desc);
  expectArgCount(desc, 11);
  const RnnGeometry g = checkedRnnGeometry(p);
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
      {X, "X", g.batchMajor ? memory::dims{N, T, I} : memory::dims{T, N, I}, true},
      {W, "W", {D, G * H, I}, true},
      {R, "R", {D, G * H, H}, true},
      {B, "B", {D, 2 * G * H}, p.has_bias != 0},
      {SequenceLens, "sequence_lens", {N}, p.has_sequence_lens != 0},
      {InitialH, "initial_h", state, p.has_initial_h != 0},
      {InitialC, "initial_c", state, p.has_initial_c != 0},
      {P, "P", {D, 3 * H}, p.has_peepholes != 0},
      {Y, "Y", g.batchMajor ? memory::dims{N, T, D, H} : memory::dims{T, D, N, H}, true},
      {YH, "Y_h", state, true},
      {YC, "Y_c", state, g.cell == AICC_RNN_CELL_LSTM},
  };
  // Memories only carry the pointers (sequence_lens is int32; its desc is never used as f32).
  std::vector<memory> data(11);
  for (const Operand &operand : operands)
    if (operand.present)
      data[operand.index] = operandMemory(desc, operand.index, operand.name, rowMajorDesc(operand.dims));
  addHostStep([p, g, data] {
    auto in = [&](int index) { return data[index] ? static_cast<const float *>(data[index].get_data_handle()) : nullptr; };
    auto out = [&](int index) { return data[index] ? static_cast<float *>(data[index].get_data_handle()) : nullptr; };
    const RnnOperands operands{in(X), in(W), in(R), in(B),
                               data[SequenceLens] ? static_cast<const int32_t *>(data[SequenceLens].get_data_handle()) : nullptr,
                               in(InitialH), in(InitialC), in(P), out(Y), out(YH), out(YC)};
    runRnnReference(p, g, operands);
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
      throw KernelError(std::string(name) + " was prepacked with dims " + dimsString(stored.dims()) + ", the kernel reads " +
                        dimsString(natural.dims()));
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

void RnnKernel::buildPrimitive(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g,
                               dnnl::stream &stream) {
  const int64_t D = g.directions, G = g.gates, T = g.seqLength, N = g.batch, I = g.inputSize, H = g.hiddenSize;
  const bool lstm = g.cell == AICC_RNN_CELL_LSTM, lbr = g.cell == AICC_RNN_CELL_GRU && p.linear_before_reset;
  const int64_t biasGates = G + (lbr ? 1 : 0);

  // Activations: X and Y as tnc/ntc; the states as ldnc, which is ONNX's [D, N, H] (layout 0).
  const memory::desc xDesc({T, N, I}, f32, g.batchMajor ? tag::ntc : tag::tnc);
  const memory::desc yDesc({T, N, D * H}, f32, g.batchMajor ? tag::ntc : tag::tnc);
  const memory::desc stateDesc({1, D, N, H}, f32, tag::ldnc);
  // ONNX's [N, D, H] (layout 1) seen with ldnc's dims.
  const memory::desc batchMajorState = stridedDesc({1, D, N, H}, {D * N * H, H, D * H, 1});

  // Weights: oneDNN's natural layouts (ldigo, ldgo), `any` for constants.
  const memory::desc layerNatural({1, D, I, G, H}, f32, tag::ldigo), iterNatural({1, D, H, G, H}, f32, tag::ldigo);
  const memory::desc biasDesc({1, D, biasGates, H}, f32, tag::ldgo), peepholeDesc({1, D, 3, H}, f32, tag::ldgo);
  auto wanted = [&](int index, const memory::desc &natural) {
    return constantArg(desc, index) ? memory::desc(natural.dims(), f32, tag::any) : natural;
  };
  const memory::desc noDesc;
  const memory::desc srcIter = p.has_initial_h ? stateDesc : noDesc, srcIterC = p.has_initial_c ? stateDesc : noDesc;
  const memory::desc peepholes = p.has_peepholes ? peepholeDesc : noDesc;
  const memory::desc layerWant = wanted(W, layerNatural), iterWant = wanted(R, iterNatural);
  const dnnl::rnn_direction direction = directionOf(p.direction);
  constexpr auto inference = dnnl::prop_kind::forward_inference;

  dnnl::primitive primitive;
  dnnl::primitive_desc_base pd;
  memory::desc layerDesc, iterDesc;
  if (lstm) {
    dnnl::lstm_forward::primitive_desc lstmPd(
        dnnl::lstm_forward::desc(inference, direction, xDesc, srcIter, srcIterC, layerWant, iterWant, peepholes, biasDesc,
                                 yDesc, stateDesc, stateDesc),
        kernelAttr(), cpuEngine());
    layerDesc = lstmPd.weights_layer_desc();
    iterDesc = lstmPd.weights_iter_desc();
    primitive = dnnl::lstm_forward(lstmPd);
    pd = lstmPd;
  } else if (lbr) {
    dnnl::lbr_gru_forward::primitive_desc gruPd(
        dnnl::lbr_gru_forward::desc(inference, direction, xDesc, srcIter, layerWant, iterWant, biasDesc, yDesc, stateDesc),
        kernelAttr(), cpuEngine());
    layerDesc = gruPd.weights_layer_desc();
    iterDesc = gruPd.weights_iter_desc();
    primitive = dnnl::lbr_gru_forward(gruPd);
    pd = gruPd;
  } else if (g.cell == AICC_RNN_CELL_GRU) {
    dnnl::gru_forward::primitive_desc gruPd(
        dnnl::gru_forward::desc(inference, direction, xDesc, srcIter, layerWant, iterWant, biasDesc, yDesc, stateDesc),
        kernelAttr(), cpuEngine());
    layerDesc = gruPd.weights_layer_desc();
    iterDesc = gruPd.weights_iter_desc();
    primitive = dnnl::gru_forward(gruPd);
    pd = gruPd;
  } else {
    const dnnl::algorithm activation = p.activations[0] == AICC_RNN_ACT_TANH   ? dnnl::algorithm::eltwise_tanh
                                       : p.activations[0] == AICC_RNN_ACT_RELU ? dnnl::algorithm::eltwise_relu
                                                                               : dnnl::algorithm::eltwise_logistic;
    dnnl::vanilla_rnn_forward::primitive_desc rnnPd(
        dnnl::vanilla_rnn_forward::desc(inference, activation, direction, xDesc, srcIter, layerWant, iterWant, biasDesc,
                                        yDesc, stateDesc),
        kernelAttr(), cpuEngine());
    layerDesc = rnnPd.weights_layer_desc();
    iterDesc = rnnPd.weights_iter_desc();
    primitive = dnnl::vanilla_rnn_forward(rnnPd);
    pd = rnnPd;
  }

  std::vector<std::pair<int, memory>> args;
  args.emplace_back(DNNL_ARG_SRC_LAYER, operandMemory(desc, X, "X", xDesc));
  args.emplace_back(DNNL_ARG_WEIGHTS_LAYER,
                    weightOperand(desc, W, "W", rowMajorDesc({D, G * H, I}), layerNatural, layerDesc,
                                  [g, I](const float *onnx, float *out) { toLdigo(g, I, onnx, out); }, stream));
  args.emplace_back(DNNL_ARG_WEIGHTS_ITER,
                    weightOperand(desc, R, "R", rowMajorDesc({D, G * H, H}), iterNatural, iterDesc,
                                  [g, H](const float *onnx, float *out) { toLdigo(g, H, onnx, out); }, stream));
  const bool linearBeforeReset = lbr;
  if (p.has_bias) {
    args.emplace_back(DNNL_ARG_BIAS, weightOperand(desc, B, "B", rowMajorDesc({D, 2 * G * H}), biasDesc, biasDesc,
                                                   [g, linearBeforeReset](const float *onnx, float *out) {
                                                     toBias(g, linearBeforeReset, onnx, out);
                                                   },
                                                   stream));
  } else {
    memory zeros = ownedMemory(biasDesc);
    toBias(g, lbr, nullptr, static_cast<float *>(zeros.get_data_handle()));
    args.emplace_back(DNNL_ARG_BIAS, zeros);
  }
  if (p.has_peepholes)
    args.emplace_back(DNNL_ARG_WEIGHTS_PEEPHOLE,
                      weightOperand(desc, P, "P", rowMajorDesc({D, 3 * H}), peepholeDesc, peepholeDesc,
                                    [g](const float *onnx, float *out) { toPeepholes(g, onnx, out); }, stream));

  // A state input: in place (layout 0), or reordered from [N, D, H] into the kernel's buffer.
  std::vector<std::pair<memory, memory>> after; // reorders out of staging, run after the primitive
  auto stateIn = [&](int index, const char *name, int dnnlArg) {
    if (!g.batchMajor)
      return args.emplace_back(dnnlArg, operandMemory(desc, index, name, stateDesc)), void();
    memory user = operandMemory(desc, index, name, batchMajorState), staged = ownedMemory(stateDesc);
    addReorder(user, staged);
    args.emplace_back(dnnlArg, staged);
  };
  auto stateOut = [&](int index, const char *name, int dnnlArg) {
    memory user(g.batchMajor ? batchMajorState : stateDesc, cpuEngine(), DNNL_MEMORY_NONE);
    addRunArg(index, name, user);
    if (!g.batchMajor)
      return args.emplace_back(dnnlArg, user), void();
    memory staged = ownedMemory(stateDesc);
    args.emplace_back(dnnlArg, staged);
    after.emplace_back(staged, user);
  };
  if (p.has_initial_h)
    stateIn(InitialH, "initial_h", DNNL_ARG_SRC_ITER);
  if (p.has_initial_c)
    stateIn(InitialC, "initial_c", DNNL_ARG_SRC_ITER_C);

  // Y: oneDNN concatenates the directions per row ([T, N, D*H]), which is ONNX's [N, T, D, H] and,
  // for one direction, its [T, 1, N, H]; layout 0 with two directions is [T, D, N, H], staged.
  if (g.batchMajor || D == 1) {
    memory y(yDesc, cpuEngine(), DNNL_MEMORY_NONE);
    addRunArg(Y, "Y", y);
    args.emplace_back(DNNL_ARG_DST_LAYER, y);
  } else {
    memory staged = ownedMemory(yDesc);
    memory stagedView(stridedDesc({T, N, D, H}, {N * D * H, D * H, H, 1}), cpuEngine(), staged.get_data_handle());
    memory user(stridedDesc({T, N, D, H}, {D * N * H, H, N * H, 1}), cpuEngine(), DNNL_MEMORY_NONE);
    addRunArg(Y, "Y", user);
    args.emplace_back(DNNL_ARG_DST_LAYER, staged);
    after.emplace_back(stagedView, user);
  }
  stateOut(YH, "Y_h", DNNL_ARG_DST_ITER);
  if (lstm)
    stateOut(YC, "Y_c", DNNL_ARG_DST_ITER_C);

  addStep(primitive, pd, std::move(args));
  for (const auto &[from, to] : after)
    addReorder(from, to);
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
    throw KernelError("direction must be 0 (forward), 1 (reverse) or 2 (bidirectional), got " + std::to_string(p.direction));
  g.directions = p.direction == AICC_RNN_BIDIRECTIONAL ? 2 : 1;
  if (p.layout != 0 && p.layout != 1)
    throw KernelError("layout must be 0 or 1, got " + std::to_string(p.layout));
  g.batchMajor = p.layout == 1;
  const int64_t sizes[] = {p.seq_length, p.batch, p.input_size, p.hidden_size};
  const memory::dims checked = checkedDims("seq_length, batch, input_size and hidden_size", sizes, 4, 1);
  g.seqLength = checked[0], g.batch = checked[1], g.inputSize = checked[2], g.hiddenSize = checked[3];
  if ((p.has_initial_c || p.has_peepholes || p.input_forget) && p.cell != AICC_RNN_CELL_LSTM)
    throw KernelError("initial_c, P and input_forget are LSTM operands");
  if (p.linear_before_reset && p.cell != AICC_RNN_CELL_GRU)
    throw KernelError("linear_before_reset is a GRU attribute");
  if (p.clip < 0)
    throw KernelError("clip must be positive, or 0 for none");
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
  return std::make_unique<RnnKernel>(desc, stream);
}

} // namespace aicc::cpu
