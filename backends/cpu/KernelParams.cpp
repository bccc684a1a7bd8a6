// The one place where kernel ops become the parameter structs of aicc/cpu_kernels.h: each op's
// named attributes and operand types are written into the struct the runtime reads, field by field.
// The structs are all 8-byte words, so the block is emitted as an int64 array.
#include <cstring>

#include "aicc/cpu_kernels.h"
#include "backends/cpu/CpuDialect.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

template <typename Params> llvm::SmallVector<int64_t> toWords(const Params &params) {
  static_assert(sizeof(Params) % sizeof(int64_t) == 0, "parameter structs are arrays of 8-byte words");
  llvm::SmallVector<int64_t> words(sizeof(Params) / sizeof(int64_t));
  std::memcpy(words.data(), &params, sizeof(Params));
  return words;
}

// The dialect's enums are written into the structs as they are: their cases are numbered as
// aicc/cpu_kernels.h's.
template <typename DialectEnum, typename CEnum> constexpr bool same(DialectEnum a, CEnum b) {
  return static_cast<int64_t>(a) == static_cast<int64_t>(b);
}
static_assert(same(Activation::relu, AICC_ACT_RELU) && same(Activation::leaky_relu, AICC_ACT_LEAKY_RELU) &&
                  same(Activation::sigmoid, AICC_ACT_SIGMOID) && same(Activation::tanh, AICC_ACT_TANH) &&
                  same(Activation::clip, AICC_ACT_CLIP) && same(Activation::hard_swish, AICC_ACT_HARD_SWISH) &&
                  same(Activation::elu, AICC_ACT_ELU) && same(Activation::gelu_erf, AICC_ACT_GELU_ERF) &&
                  same(Activation::swish, AICC_ACT_SWISH) && same(getMaxEnumValForActivation(), AICC_ACT_SWISH),
              "Activation is aicc_activation");
static_assert(same(Binary::add, AICC_BINARY_ADD) && same(Binary::mul, AICC_BINARY_MUL) &&
                  same(Binary::sub, AICC_BINARY_SUB) && same(Binary::div, AICC_BINARY_DIV) &&
                  same(getMaxEnumValForBinary(), AICC_BINARY_DIV),
              "Binary is aicc_binary");
static_assert(same(Layout::plain, AICC_LAYOUT_PLAIN) && same(Layout::channels_last, AICC_LAYOUT_CHANNELS_LAST) &&
                  same(Layout::blocked8, AICC_LAYOUT_BLOCKED8) && same(Layout::blocked16, AICC_LAYOUT_BLOCKED16) &&
                  same(getMaxEnumValForLayout(), AICC_LAYOUT_BLOCKED16),
              "Layout is aicc_layout");
static_assert(same(PoolAlgorithm::max, AICC_POOL_MAX) &&
                  same(PoolAlgorithm::average_include_pad, AICC_POOL_AVERAGE_INCLUDE_PAD) &&
                  same(PoolAlgorithm::average_exclude_pad, AICC_POOL_AVERAGE_EXCLUDE_PAD) &&
                  same(getMaxEnumValForPoolAlgorithm(), AICC_POOL_AVERAGE_EXCLUDE_PAD),
              "PoolAlgorithm is aicc_pool_algorithm");
static_assert(same(RnnCell::rnn, AICC_RNN_CELL_RNN) && same(RnnCell::lstm, AICC_RNN_CELL_LSTM) &&
                  same(RnnCell::gru, AICC_RNN_CELL_GRU) && same(getMaxEnumValForRnnCell(), AICC_RNN_CELL_GRU),
              "RnnCell is aicc_rnn_cell");
static_assert(same(RnnDirection::forward, AICC_RNN_FORWARD) && same(RnnDirection::reverse, AICC_RNN_REVERSE) &&
                  same(RnnDirection::bidirectional, AICC_RNN_BIDIRECTIONAL) &&
                  same(getMaxEnumValForRnnDirection(), AICC_RNN_BIDIRECTIONAL),
              "RnnDirection is aicc_rnn_direction");
static_assert(same(RnnActivationKind::sigmoid, AICC_RNN_ACT_SIGMOID) && same(RnnActivationKind::tanh, AICC_RNN_ACT_TANH) &&
                  same(RnnActivationKind::relu, AICC_RNN_ACT_RELU) && same(RnnActivationKind::affine, AICC_RNN_ACT_AFFINE) &&
                  same(RnnActivationKind::leaky_relu, AICC_RNN_ACT_LEAKY_RELU) &&
                  same(RnnActivationKind::thresholded_relu, AICC_RNN_ACT_THRESHOLDED_RELU) &&
                  same(RnnActivationKind::scaled_tanh, AICC_RNN_ACT_SCALED_TANH) &&
                  same(RnnActivationKind::hard_sigmoid, AICC_RNN_ACT_HARD_SIGMOID) &&
                  same(RnnActivationKind::elu, AICC_RNN_ACT_ELU) && same(RnnActivationKind::softsign, AICC_RNN_ACT_SOFTSIGN) &&
                  same(RnnActivationKind::softplus, AICC_RNN_ACT_SOFTPLUS) &&
                  same(getMaxEnumValForRnnActivationKind(), AICC_RNN_ACT_SOFTPLUS),
              "RnnActivationKind is aicc_rnn_activation");

template <size_t N> void copyDims(int64_t (&to)[N], llvm::ArrayRef<int64_t> from) {
  assert(from.size() <= N && "verified by the op");
  std::copy(from.begin(), from.end(), to);
}

/// The post-op list; binary entries take their T from `binaryInputs` in order, passed as kernel
/// args from `firstBinaryArg` on.
aicc_post_ops postOps(RunValues &run, ArrayAttr list, ValueRange binaryInputs = {}, int64_t firstBinaryArg = 0) {
  aicc_post_ops result{};
  int64_t binaries = 0;
  for (Attribute attr : list) {
    aicc_post_op &op = result.ops[result.count++];
    if (auto binary = dyn_cast<BinaryAttr>(attr)) {
      op.kind = AICC_POST_OP_BINARY;
      op.binary = static_cast<int64_t>(binary.getBinary());
      op.arg = firstBinaryArg + binaries;
      copyDims(op.dims, run.dims(binaryInputs[binaries++]));
    } else if (auto eltwise = dyn_cast<EltwiseAttr>(attr)) {
      op.kind = AICC_POST_OP_ELTWISE;
      op.activation = static_cast<int64_t>(eltwise.getActivation());
      op.alpha = eltwise.getAlpha().convertToDouble();
      op.beta = eltwise.getBeta().convertToDouble();
    } else {
      op.kind = AICC_POST_OP_SUM;
      op.alpha = cast<SumAttr>(attr).getScale().convertToDouble();
    }
  }
  return result;
}

/// A matmul operand as the kernel reads it: dims and element strides after `permutation` (ONNX
/// Transpose's: dim i is the stored dim perm[i]); `strided` unless that is dense row-major.
struct MatrixView {
  llvm::SmallVector<int64_t> dims, strides;
  bool strided = false;
};
MatrixView matrixView(RunValues &run, Value value, std::optional<llvm::ArrayRef<int64_t>> permutation) {
  auto type = cast<ShapedType>(value.getType());
  MatrixView view{run.dims(value), {}, false};
  auto memref = dyn_cast<MemRefType>(type);
  if (memref) {
    int64_t offset;
    if (failed(memref.getStridesAndOffset(view.strides, offset))) view.strides.clear();
    for (auto [d, stride] : llvm::enumerate(view.strides)) stride = run.stride(value, d, stride);
  }
  // Dense row-major: a tensor, before bufferization.
  if (view.strides.empty()) view.strides = computeSuffixProduct(type.getShape());
  view.strided = memref && !memref.getLayout().isIdentity() && !memref::isStaticShapeAndContiguousRowMajor(memref);
  if (permutation && !isIdentityPermutation(*permutation))
    return MatrixView{applyPermutation(view.dims, *permutation), applyPermutation(view.strides, *permutation), true};
  return view;
}

/// Conv and ConvTranspose share a parameter struct; only where the channel counts sit in W differs.
/// `postOpInputs` are a conv's binary post-op tensors; a deconv has none.
template <typename WindowOp>
aicc_conv_params windowParams(RunValues &run, WindowOp op, bool transposed, ValueRange postOpInputs = {}) {
  aicc_conv_params p{};
  llvm::SmallVector<int64_t> x = logicalShape(run.dims(op.getInput()), op.getSrcLayout());
  llvm::SmallVector<int64_t> y = logicalShape(run.dims(op.getInit()), op.getDstLayout());
  llvm::SmallVector<int64_t> wDims = run.dims(op.getWeights());
  llvm::ArrayRef<int64_t> w = wDims;
  p.spatial_dims = w.size() - 2;
  p.batch = x[0];
  p.groups = op.getGroups();
  p.channels = transposed ? w[0] : w[1] * p.groups;
  p.out_channels = transposed ? w[1] * p.groups : w[0];
  copyDims(p.in, llvm::ArrayRef<int64_t>(x).drop_front(2));
  copyDims(p.out, llvm::ArrayRef<int64_t>(y).drop_front(2));
  copyDims(p.kernel, w.drop_front(2));
  copyDims(p.strides, op.getStrides());
  copyDims(p.dilations, op.getDilations());
  copyDims(p.pads_begin, op.getPadsBegin());
  copyDims(p.pads_end, op.getPadsEnd());
  p.has_bias = op.getBias() != nullptr;
  p.src_layout = static_cast<int64_t>(op.getSrcLayout());
  p.dst_layout = static_cast<int64_t>(op.getDstLayout());
  p.post_ops = postOps(run, op.getPostOps(), postOpInputs, AICC_CONV_ARG_POST_OPS);
  return p;
}

/// The slots of operands input, weights[, bias], post-op inputs..., init (conv, deconv and matmul,
/// whose slot numbers agree): the post-op inputs follow Y.
llvm::SmallVector<int64_t> windowSlots(bool hasBias, int64_t postOpInputs) {
  static_assert(int(AICC_CONV_ARG_W) == AICC_MATMUL_ARG_B && int(AICC_CONV_ARG_B) == AICC_MATMUL_ARG_BIAS &&
                    int(AICC_CONV_ARG_Y) == AICC_MATMUL_ARG_Y && int(AICC_CONV_ARG_POST_OPS) == AICC_MATMUL_ARG_POST_OPS,
                "conv and matmul number their slots alike");
  llvm::SmallVector<int64_t> slots{AICC_CONV_ARG_X, AICC_CONV_ARG_W};
  if (hasBias) slots.push_back(AICC_CONV_ARG_B);
  for (int64_t i = 0; i < postOpInputs; ++i) slots.push_back(AICC_CONV_ARG_POST_OPS + i);
  slots.push_back(AICC_CONV_ARG_Y);
  return slots;
}

} // namespace

int64_t RunValues::word(Source source) {
  for (auto [k, known] : llvm::enumerate(all))
    if (known.value == source.value && known.dim == source.dim && known.stride == source.stride)
      return AICC_RUN_VALUE(k);
  all.push_back(source);
  return AICC_RUN_VALUE(all.size() - 1);
}

int64_t RunValues::dim(Value value, int64_t dim) {
  int64_t size = cast<ShapedType>(value.getType()).getDimSize(dim);
  return ShapedType::isDynamic(size) ? word({value, dim, false}) : size;
}

llvm::SmallVector<int64_t> RunValues::dims(Value value) {
  llvm::SmallVector<int64_t> result;
  for (int64_t d = 0, rank = cast<ShapedType>(value.getType()).getRank(); d < rank; ++d) result.push_back(dim(value, d));
  return result;
}

int64_t RunValues::stride(Value value, int64_t dim, int64_t known) {
  return ShapedType::isDynamic(known) ? word({value, dim, true}) : known;
}

int64_t ConvOp::getKernelKind() { return AICC_KERNEL_CONV; }
int64_t ConvOp::getNumKernelArgs() { return AICC_CONV_NUM_ARGS + getPostOpInputs().size(); }
llvm::SmallVector<int64_t> ConvOp::getOperandSlots() {
  return windowSlots(getBias() != nullptr, getPostOpInputs().size());
}
llvm::SmallVector<int64_t> ConvOp::serializeParams(RunValues &run) {
  return toWords(windowParams(run, *this, false, getPostOpInputs()));
}

int64_t DeconvOp::getKernelKind() { return AICC_KERNEL_DECONV; }
int64_t DeconvOp::getNumKernelArgs() { return AICC_CONV_NUM_ARGS; }
llvm::SmallVector<int64_t> DeconvOp::getOperandSlots() { return windowSlots(getBias() != nullptr, 0); }
llvm::SmallVector<int64_t> DeconvOp::serializeParams(RunValues &run) { return toWords(windowParams(run, *this, true)); }

int64_t MatMulOp::getKernelKind() { return AICC_KERNEL_MATMUL; }
int64_t MatMulOp::getNumKernelArgs() { return AICC_MATMUL_NUM_ARGS + getPostOpInputs().size(); }
llvm::SmallVector<int64_t> MatMulOp::getOperandSlots() {
  return windowSlots(getBias() != nullptr, getPostOpInputs().size());
}
llvm::SmallVector<int64_t> MatMulOp::serializeParams(RunValues &run) {
  aicc_matmul_params p{};
  p.rank = cast<ShapedType>(getInit().getType()).getRank();
  // op(A) and op(B): the stored dims transposed back, with strides when they are not dense
  // (a folded transpose or a strided view); trans_a/trans_b then live in the strides.
  auto operand = [&](Value v, std::optional<llvm::ArrayRef<int64_t>> permutation, bool transposed, int64_t (&dims)[AICC_MAX_MATMUL_RANK],
                     int64_t (&strides)[AICC_MAX_MATMUL_RANK]) {
    MatrixView view = matrixView(run, v, permutation);
    if (transposed) {
      std::swap(view.dims[p.rank - 1], view.dims[p.rank - 2]);
      std::swap(view.strides[p.rank - 1], view.strides[p.rank - 2]);
    }
    copyDims(dims, view.dims);
    if (view.strided) copyDims(strides, view.strides);
    return !view.strided && transposed;
  };
  p.trans_a = operand(getA(), getAPermutation(), getTransA(), p.a_dims, p.a_strides);
  p.trans_b = operand(getB(), getBPermutation(), getTransB(), p.b_dims, p.b_strides);
  // The result holds Y transposed by result_permutation: Y is the result read through its inverse.
  llvm::SmallVector<int64_t> toY;
  if (auto permutation = getResultPermutation()) toY = invertPermutationVector(*permutation);
  MatrixView y = matrixView(run, getInit(), toY.empty() ? std::nullopt : std::optional<llvm::ArrayRef<int64_t>>(toY));
  copyDims(p.y_dims, y.dims);
  if (y.strided) copyDims(p.y_strides, y.strides);
  p.has_bias = getBias() != nullptr;
  if (getBias()) copyDims(p.bias_dims, run.dims(getBias()));
  else std::fill(p.bias_dims, p.bias_dims + p.rank, 1);
  p.alpha = getAlpha().convertToDouble();
  p.post_ops = postOps(run, getPostOps(), getPostOpInputs(), AICC_MATMUL_ARG_POST_OPS);
  return toWords(p);
}

int64_t PoolOp::getKernelKind() { return AICC_KERNEL_POOL; }
int64_t PoolOp::getNumKernelArgs() { return AICC_POOL_NUM_ARGS; }
llvm::SmallVector<int64_t> PoolOp::getOperandSlots() { return {AICC_POOL_ARG_X, AICC_POOL_ARG_Y}; }
llvm::SmallVector<int64_t> PoolOp::serializeParams(RunValues &run) {
  aicc_pool_params p{};
  llvm::SmallVector<int64_t> x = logicalShape(run.dims(getInput()), getLayout());
  llvm::SmallVector<int64_t> y = logicalShape(run.dims(getInit()), getLayout());
  p.spatial_dims = getKernel().size();
  p.batch = x[0];
  p.channels = x[1];
  p.algorithm = static_cast<int64_t>(getAlgorithm());
  copyDims(p.in, llvm::ArrayRef<int64_t>(x).drop_front(2));
  copyDims(p.out, llvm::ArrayRef<int64_t>(y).drop_front(2));
  copyDims(p.kernel, getKernel());
  copyDims(p.strides, getStrides());
  copyDims(p.dilations, getDilations());
  copyDims(p.pads_begin, getPadsBegin());
  copyDims(p.pads_end, getPadsEnd());
  p.src_layout = p.dst_layout = static_cast<int64_t>(getLayout());
  return toWords(p);
}

int64_t ReorderOp::getKernelKind() { return AICC_KERNEL_REORDER; }
int64_t ReorderOp::getNumKernelArgs() { return AICC_REORDER_NUM_ARGS; }
llvm::SmallVector<int64_t> ReorderOp::getOperandSlots() { return {AICC_REORDER_ARG_X, AICC_REORDER_ARG_Y}; }
llvm::SmallVector<int64_t> ReorderOp::serializeParams(RunValues &run) {
  aicc_reorder_params p{};
  p.rank = getLogicalShape().size();
  copyDims(p.dims, logicalShape(run.dims(getInput()), getSrcLayout()));
  p.src_layout = static_cast<int64_t>(getSrcLayout());
  p.dst_layout = static_cast<int64_t>(getDstLayout());
  return toWords(p);
}

int64_t RnnOp::getKernelKind() { return AICC_KERNEL_RNN; }
int64_t RnnOp::getNumKernelArgs() { return AICC_RNN_NUM_ARGS; }
llvm::SmallVector<int64_t> RnnOp::getOperandSlots() {
  // ONNX's inputs, the absent ones skipped, then the outputs (Y, Y_h, Y_c: inits are a prefix).
  llvm::SmallVector<int64_t> slots{AICC_RNN_ARG_X, AICC_RNN_ARG_W, AICC_RNN_ARG_R};
  std::pair<Value, int64_t> optional[] = {{getBias(), AICC_RNN_ARG_B},
                                          {getSequenceLens(), AICC_RNN_ARG_SEQUENCE_LENS},
                                          {getInitialH(), AICC_RNN_ARG_INITIAL_H},
                                          {getInitialC(), AICC_RNN_ARG_INITIAL_C},
                                          {getPeepholes(), AICC_RNN_ARG_P}};
  for (auto [operand, slot] : optional)
    if (operand) slots.push_back(slot);
  for (int64_t i = 0, e = getInits().size(); i < e; ++i) slots.push_back(AICC_RNN_ARG_Y + i);
  return slots;
}
llvm::SmallVector<int64_t> RnnOp::serializeParams(RunValues &run) {
  aicc_rnn_params p{};
  p.cell = static_cast<int64_t>(getCell());
  p.direction = static_cast<int64_t>(getDirection());
  p.layout = getLayout();
  bool batchMajor = getLayout() == 1;
  p.seq_length = run.dim(getX(), batchMajor ? 1 : 0);
  p.batch = run.dim(getX(), batchMajor ? 0 : 1);
  p.input_size = run.dim(getX(), 2);
  p.hidden_size = getHiddenSize();
  p.has_bias = getBias() != nullptr;
  p.has_sequence_lens = getSequenceLens() != nullptr;
  p.has_initial_h = getInitialH() != nullptr;
  p.has_initial_c = getInitialC() != nullptr;
  p.has_peepholes = getPeepholes() != nullptr;
  p.linear_before_reset = getLinearBeforeReset();
  p.input_forget = getInputForget();
  p.clip = getClip() ? getClip()->convertToDouble() : 0.0;
  for (auto [k, attr] : llvm::enumerate(getActivations().getAsRange<RnnActivationAttr>())) {
    p.activations[k] = static_cast<int64_t>(attr.getActivation());
    p.activation_alpha[k] = attr.getAlpha().convertToDouble();
    p.activation_beta[k] = attr.getBeta().convertToDouble();
  }
  return toWords(p);
}

} // namespace aicc::cpu
