// The kernel table's attributes → aicc/cpu_kernels.h's structs, field by field (see KernelAbi.h).
#include "backends/cpu/abi/KernelAbi.h"

#include <cstring>

namespace aicc::cpu {

using namespace mlir;

namespace {

// The dialect's enums are written into the structs as they are: their cases are numbered as the
// C enums'.
template <typename DialectEnum, typename CEnum> constexpr bool same(DialectEnum a, CEnum b) {
  return static_cast<int64_t>(a) == static_cast<int64_t>(b);
}
static_assert(same(KernelKind::conv, AICC_KERNEL_CONV) && same(KernelKind::matmul, AICC_KERNEL_MATMUL) &&
                  same(KernelKind::pool, AICC_KERNEL_POOL) && same(KernelKind::deconv, AICC_KERNEL_DECONV) &&
                  same(KernelKind::reorder, AICC_KERNEL_REORDER) && same(KernelKind::rnn, AICC_KERNEL_RNN) &&
                  same(KernelKind::attention, AICC_KERNEL_ATTENTION) &&
                  same(KernelKind::quantized_conv, AICC_KERNEL_QUANTIZED_CONV) &&
                  same(KernelKind::quantized_matmul, AICC_KERNEL_QUANTIZED_MATMUL) &&
                  same(KernelKind::quantized_rnn, AICC_KERNEL_QUANTIZED_RNN) &&
                  same(getMaxEnumValForKernelKind(), AICC_KERNEL_QUANTIZED_RNN),
              "KernelKind is aicc_kernel_kind");
static_assert(same(Activation::relu, AICC_ACT_RELU) && same(Activation::leaky_relu, AICC_ACT_LEAKY_RELU) &&
                  same(Activation::sigmoid, AICC_ACT_SIGMOID) && same(Activation::tanh, AICC_ACT_TANH) &&
                  same(Activation::clip, AICC_ACT_CLIP) && same(Activation::hard_swish, AICC_ACT_HARD_SWISH) &&
                  same(Activation::elu, AICC_ACT_ELU) && same(Activation::gelu_erf, AICC_ACT_GELU_ERF) &&
                  same(Activation::swish, AICC_ACT_SWISH) && same(Activation::gelu_tanh, AICC_ACT_GELU_TANH) &&
                  same(Activation::round, AICC_ACT_ROUND) && same(Activation::linear, AICC_ACT_LINEAR) &&
                  same(getMaxEnumValForActivation(), AICC_ACT_LINEAR),
              "Activation is aicc_activation");
static_assert(same(Binary::add, AICC_BINARY_ADD) && same(Binary::mul, AICC_BINARY_MUL) &&
                  same(Binary::sub, AICC_BINARY_SUB) && same(Binary::div, AICC_BINARY_DIV) &&
                  same(getMaxEnumValForBinary(), AICC_BINARY_DIV),
              "Binary is aicc_binary");
static_assert(same(Layout::plain, AICC_LAYOUT_PLAIN) && same(Layout::channels_last, AICC_LAYOUT_CHANNELS_LAST) &&
                  same(Layout::blocked8, AICC_LAYOUT_BLOCKED8) && same(Layout::blocked16, AICC_LAYOUT_BLOCKED16) &&
                  same(getMaxEnumValForLayout(), AICC_LAYOUT_BLOCKED16),
              "Layout is aicc_layout");
static_assert(same(DataType::f32, AICC_DATA_F32) && same(DataType::s8, AICC_DATA_S8) &&
                  same(DataType::u8, AICC_DATA_U8) && same(DataType::bf16, AICC_DATA_BF16) &&
                  same(getMaxEnumValForDataType(), AICC_DATA_BF16),
              "DataType is aicc_data_type");
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
static_assert(same(RnnActivationKind::sigmoid, AICC_RNN_ACT_SIGMOID) &&
                  same(RnnActivationKind::tanh, AICC_RNN_ACT_TANH) &&
                  same(RnnActivationKind::relu, AICC_RNN_ACT_RELU) &&
                  same(RnnActivationKind::affine, AICC_RNN_ACT_AFFINE) &&
                  same(RnnActivationKind::leaky_relu, AICC_RNN_ACT_LEAKY_RELU) &&
                  same(RnnActivationKind::thresholded_relu, AICC_RNN_ACT_THRESHOLDED_RELU) &&
                  same(RnnActivationKind::scaled_tanh, AICC_RNN_ACT_SCALED_TANH) &&
                  same(RnnActivationKind::hard_sigmoid, AICC_RNN_ACT_HARD_SIGMOID) &&
                  same(RnnActivationKind::elu, AICC_RNN_ACT_ELU) &&
                  same(RnnActivationKind::softsign, AICC_RNN_ACT_SOFTSIGN) &&
                  same(RnnActivationKind::softplus, AICC_RNN_ACT_SOFTPLUS) &&
                  same(getMaxEnumValForRnnActivationKind(), AICC_RNN_ACT_SOFTPLUS),
              "RnnActivationKind is aicc_rnn_activation");

template <typename Params> llvm::SmallVector<int64_t> toWords(const Params &params) {
  static_assert(sizeof(Params) % sizeof(int64_t) == 0, "parameter structs are arrays of 8-byte words");
  llvm::SmallVector<int64_t> words(sizeof(Params) / sizeof(int64_t));
  std::memcpy(words.data(), &params, sizeof(Params));
  return words;
}

/// Copies `from` into the first entries of `to`; the attributes' verifiers bound every list by its
/// array's size.
template <size_t N> void copyWords(int64_t (&to)[N], llvm::ArrayRef<int64_t> from) {
  assert(from.size() <= N && "verified by the attribute");
  std::copy(from.begin(), from.end(), to);
}

template <typename Enum> int64_t enumWord(Enum value) { return static_cast<int64_t>(value); }

aicc_post_ops toPostOps(ArrayAttr list) {
  aicc_post_ops result{};
  for (Attribute attr : list) {
    aicc_post_op &op = result.ops[result.count++];
    if (auto binary = dyn_cast<BinaryPostOpAttr>(attr)) {
      op.kind = AICC_POST_OP_BINARY;
      op.binary = enumWord(binary.getBinary());
      op.arg = binary.getArg();
      copyWords(op.dims, binary.getDims());
    } else if (auto eltwise = dyn_cast<EltwiseAttr>(attr)) {
      op.kind = AICC_POST_OP_ELTWISE;
      op.activation = enumWord(eltwise.getActivation());
      op.alpha = eltwise.getAlpha().convertToDouble();
      op.beta = eltwise.getBeta().convertToDouble();
    } else {
      op.kind = AICC_POST_OP_SUM;
      op.alpha = cast<SumAttr>(attr).getScale().convertToDouble();
      op.beta = static_cast<double>(cast<SumAttr>(attr).getZeroPoint());
    }
  }
  return result;
}

/// The fields conv and pool parameters share, named alike in their structs and attributes.
template <typename Params, typename Attr> void copyWindow(Params &p, Attr params) {
  p.spatial_dims = params.getKernel().size();
  p.batch = params.getBatch();
  p.channels = params.getChannels();
  copyWords(p.in, params.getIn());
  copyWords(p.out, params.getOut());
  copyWords(p.kernel, params.getKernel());
  copyWords(p.strides, params.getStrides());
  copyWords(p.dilations, params.getDilations());
  copyWords(p.pads_begin, params.getPadsBegin());
  copyWords(p.pads_end, params.getPadsEnd());
  p.src_layout = enumWord(params.getSrcLayout());
  p.dst_layout = enumWord(params.getDstLayout());
}

} // namespace

aicc_conv_params toConvParams(ConvParamsAttr params) {
  aicc_conv_params p{};
  copyWindow(p, params);
  p.out_channels = params.getOutChannels();
  p.groups = params.getGroups();
  p.has_bias = params.getHasBias();
  p.post_ops = toPostOps(params.getPostOps());
  p.compute_type = enumWord(params.getComputeType());
  return p;
}

aicc_quantized_conv_params toQuantizedConvParams(QuantizedConvParamsAttr params) {
  aicc_quantized_conv_params p{};
  p.conv = toConvParams(params.getConv());
  p.src_type = enumWord(params.getSrcType());
  p.dst_type = enumWord(params.getDstType());
  p.scale_count = params.getScaleCount();
  p.src_zero_point = params.getSrcZeroPoint();
  p.dst_zero_point = params.getDstZeroPoint();
  return p;
}

aicc_matmul_params toMatMulParams(MatMulParamsAttr params) {
  aicc_matmul_params p{};
  p.rank = params.getYDims().size();
  copyWords(p.a_dims, params.getADims());
  copyWords(p.b_dims, params.getBDims());
  copyWords(p.y_dims, params.getYDims());
  // No strides: dense, the struct's 0s.
  copyWords(p.a_strides, params.getAStrides());
  copyWords(p.b_strides, params.getBStrides());
  copyWords(p.y_strides, params.getYStrides());
  p.trans_a = params.getTransA();
  p.trans_b = params.getTransB();
  p.has_bias = !params.getBiasDims().empty();
  if (p.has_bias)
    copyWords(p.bias_dims, params.getBiasDims());
  else
    std::fill(p.bias_dims, p.bias_dims + p.rank, 1);
  p.alpha = params.getAlpha().convertToDouble();
  p.post_ops = toPostOps(params.getPostOps());
  p.compute_type = enumWord(params.getComputeType());
  return p;
}

aicc_quantized_matmul_params toQuantizedMatMulParams(QuantizedMatMulParamsAttr params) {
  aicc_quantized_matmul_params p{};
  p.matmul = toMatMulParams(params.getMatmul());
  p.scale_count = params.getScaleCount();
  p.a_type = enumWord(params.getAType());
  p.a_zero_point = params.getAZeroPoint();
  p.a_scale = params.getAScale().convertToDouble();
  return p;
}

aicc_pool_params toPoolParams(PoolParamsAttr params) {
  aicc_pool_params p{};
  copyWindow(p, params);
  p.algorithm = enumWord(params.getAlgorithm());
  p.data_type = enumWord(params.getDataType());
  p.output_scale = params.getOutputScale().convertToDouble();
  p.output_shift = params.getOutputShift().convertToDouble();
  return p;
}

aicc_attention_params toAttentionParams(AttentionParamsAttr params) {
  aicc_attention_params p{};
  p.batch = params.getBatch();
  p.heads = params.getHeads();
  p.queries = params.getQueries();
  p.keys = params.getKeys();
  p.head_size = params.getHeadSize();
  p.value_size = params.getValueSize();
  copyWords(p.q_strides, params.getQStrides());
  copyWords(p.k_strides, params.getKStrides());
  copyWords(p.v_strides, params.getVStrides());
  copyWords(p.y_strides, params.getYStrides());
  p.has_mask = !params.getMaskStrides().empty();
  copyWords(p.mask_strides, params.getMaskStrides());
  p.scale = params.getScale().convertToDouble();
  p.causal = params.getCausal();
  return p;
}

aicc_reorder_params toReorderParams(ReorderParamsAttr params) {
  aicc_reorder_params p{};
  p.rank = params.getDims().size();
  copyWords(p.dims, params.getDims());
  p.src_layout = enumWord(params.getSrcLayout());
  p.dst_layout = enumWord(params.getDstLayout());
  p.element_bytes = params.getElementBytes();
  return p;
}

aicc_rnn_params toRnnParams(RnnParamsAttr params) {
  aicc_rnn_params p{};
  p.cell = enumWord(params.getCell());
  p.direction = enumWord(params.getDirection());
  p.layout = params.getLayout();
  p.seq_length = params.getSeqLength();
  p.batch = params.getBatch();
  p.input_size = params.getInputSize();
  p.hidden_size = params.getHiddenSize();
  p.has_bias = params.getHasBias();
  p.has_sequence_lens = params.getHasSequenceLens();
  p.has_initial_h = params.getHasInitialH();
  p.has_initial_c = params.getHasInitialC();
  p.has_peepholes = params.getHasPeepholes();
  p.linear_before_reset = params.getLinearBeforeReset();
  p.input_forget = params.getInputForget();
  p.clip = params.getClip().convertToDouble();
  for (auto [k, activation] : llvm::enumerate(params.getActivations().getAsRange<RnnActivationAttr>())) {
    p.activations[k] = enumWord(activation.getActivation());
    p.activation_alpha[k] = activation.getAlpha().convertToDouble();
    p.activation_beta[k] = activation.getBeta().convertToDouble();
  }
  p.compute_type = enumWord(params.getComputeType());
  return p;
}

aicc_packed_format toPackedFormat(PackedFormatAttr format) {
  aicc_packed_format f{};
  f.rank = format.getDims().size();
  copyWords(f.dims, format.getDims());
  copyWords(f.padded_dims, format.getPaddedDims());
  copyWords(f.strides, format.getStrides());
  f.block_count = format.getBlockSizes().size();
  copyWords(f.block_sizes, format.getBlockSizes());
  copyWords(f.block_dims, format.getBlockDims());
  f.bytes = format.getBytes();
  return f;
}

PackedFormatAttr packedFormatAttr(MLIRContext *context, const aicc_packed_format &format) {
  const size_t rank = format.rank, blocks = format.block_count;
  return PackedFormatAttr::get(context, llvm::ArrayRef(format.dims, rank), llvm::ArrayRef(format.padded_dims, rank),
                               llvm::ArrayRef(format.strides, rank), llvm::ArrayRef(format.block_sizes, blocks),
                               llvm::ArrayRef(format.block_dims, blocks), format.bytes);
}

int64_t kernelKind(KernelAttr kernel) { return enumWord(kernel.getKind()); }

llvm::SmallVector<int64_t> paramWords(KernelAttr kernel) {
  Attribute params = kernel.getParams();
  if (auto conv = dyn_cast<ConvParamsAttr>(params)) return toWords(toConvParams(conv));
  if (auto conv = dyn_cast<QuantizedConvParamsAttr>(params)) return toWords(toQuantizedConvParams(conv));
  if (auto matmul = dyn_cast<MatMulParamsAttr>(params)) return toWords(toMatMulParams(matmul));
  if (auto matmul = dyn_cast<QuantizedMatMulParamsAttr>(params)) return toWords(toQuantizedMatMulParams(matmul));
  if (auto pool = dyn_cast<PoolParamsAttr>(params)) return toWords(toPoolParams(pool));
  if (auto reorder = dyn_cast<ReorderParamsAttr>(params)) return toWords(toReorderParams(reorder));
  if (auto attention = dyn_cast<AttentionParamsAttr>(params)) return toWords(toAttentionParams(attention));
  return toWords(toRnnParams(cast<RnnParamsAttr>(params)));
}

llvm::SmallVector<int64_t> packedFormatWords(PackedFormatAttr format) { return toWords(toPackedFormat(format)); }

} // namespace aicc::cpu
