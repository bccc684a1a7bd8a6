/* Kernels that compiled CPU artifacts call into (implemented in libaiccrt on oneDNN).
 *
 * The compiler lowers each heavy op (Conv, ConvTranspose, Gemm/MatMul, pooling, layout reorders)
 * to one entry of a kernel table. The artifact's aicc_model_init hands the table to
 * aicc_kernels_create, which creates every oneDNN primitive once per session and reorders constant
 * weights once; aicc_model_run then calls aicc_kernel_run per op with raw pointers into inputs,
 * outputs, weights and the workspace.
 *
 * Each kind's parameters are one of the structs below, stored in the artifact's read-only data. The
 * compiler names their fields (backends/cpu/dialect/KernelParams.cpp) and writes them in one
 * place (backends/cpu/abi/KernelAbi.cpp); the runtime reads them by field name, so the two sides
 * share one definition and cannot drift. Every field is 8 bytes (int64_t or double), so a struct
 * is an array of words with no padding.
 *
 * Activations are described by an aicc_layout: AICC_LAYOUT_PLAIN is ONNX's dense row-major
 * NC(D)HW; the others are oneDNN's channels-last and channel-blocked formats (nChw8c, nChw16c),
 * whose buffers hold ceil(C / block) * block channels.
 *
 * Constant weights of f32 and bf16 kernels are either in ONNX's layout (OIHW) or prepacked by the
 * compiler into the layout the kernel's primitive reads (aicc_packed_format), so that creating a
 * session reorders nothing: the kernel checks that its primitive wants exactly that format and then
 * reads the artifact's bytes in place, or else reorders them once, from the format they are in. */
#ifndef AICC_CPU_KERNELS_H
#define AICC_CPU_KERNELS_H

#include <stdint.h>

#include "aicc/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AICC_MAX_SPATIAL_DIMS 3
#define AICC_MAX_MATMUL_RANK 5
#define AICC_MAX_REORDER_RANK 5
#define AICC_MAX_POST_OPS 4
#define AICC_MAX_PACKED_RANK 6   /* groups, out, in, 3 spatial dims */
#define AICC_MAX_PACKED_BLOCKS 4 /* inner blocks, e.g. 3 in OIhw8i16o2i */

typedef enum aicc_kernel_kind {
  AICC_KERNEL_CONV = 1,             /* aicc_conv_params;    args: aicc_conv_arg */
  AICC_KERNEL_MATMUL = 2,           /* aicc_matmul_params;  args: aicc_matmul_arg */
  AICC_KERNEL_POOL = 3,             /* aicc_pool_params;    args: aicc_pool_arg */
  AICC_KERNEL_DECONV = 4,           /* aicc_conv_params;    args: aicc_conv_arg, W [C, OC/group, k...] */
  AICC_KERNEL_REORDER = 5,          /* aicc_reorder_params; args: aicc_reorder_arg */
  AICC_KERNEL_RNN = 6,              /* aicc_rnn_params;     args: aicc_rnn_arg */
  AICC_KERNEL_ATTENTION = 7,        /* aicc_attention_params; args: aicc_attention_arg */
  AICC_KERNEL_QUANTIZED_CONV = 8,   /* aicc_quantized_conv_params; args: aicc_quantized_conv_arg */
  AICC_KERNEL_QUANTIZED_MATMUL = 9, /* aicc_quantized_matmul_params; args: aicc_quantized_matmul_arg */
  AICC_KERNEL_QUANTIZED_RNN = 10    /* aicc_rnn_params;     args: aicc_quantized_rnn_arg */
} aicc_kernel_kind;

/* The argument slots of each kind: where aicc_kernel_run's args, aicc_kernel_desc's constants and
 * formats, and a binary post-op's `arg` put each operand. An absent operand's slot is null.
 * AICC_<KIND>_NUM_ARGS counts the slots before the binary post-op tensors (conv and matmul: one
 * slot each from AICC_<KIND>_ARG_POST_OPS on, in the order of the binary post-ops), and before
 * the run values (AICC_RUN_VALUE). */
/* AICC_KERNEL_CONV and AICC_KERNEL_DECONV */
typedef enum aicc_conv_arg {
  AICC_CONV_ARG_X = 0,
  AICC_CONV_ARG_W = 1,
  AICC_CONV_ARG_B = 2, /* null without bias */
  AICC_CONV_ARG_Y = 3,
  AICC_CONV_ARG_POST_OPS = 4, /* conv only */
  AICC_CONV_NUM_ARGS = 4
} aicc_conv_arg;

/* AICC_KERNEL_QUANTIZED_CONV */
typedef enum aicc_quantized_conv_arg {
  AICC_QUANTIZED_CONV_ARG_X = 0,
  AICC_QUANTIZED_CONV_ARG_W = 1,
  AICC_QUANTIZED_CONV_ARG_B = 2, /* null without bias */
  AICC_QUANTIZED_CONV_ARG_Y = 3,
  AICC_QUANTIZED_CONV_ARG_SCALES = 4, /* compile-time constant */
  AICC_QUANTIZED_CONV_NUM_ARGS = 5
} aicc_quantized_conv_arg;

typedef enum aicc_matmul_arg {
  AICC_MATMUL_ARG_A = 0,
  AICC_MATMUL_ARG_B = 1,
  AICC_MATMUL_ARG_BIAS = 2, /* null without bias */
  AICC_MATMUL_ARG_Y = 3,
  AICC_MATMUL_ARG_POST_OPS = 4,
  AICC_MATMUL_NUM_ARGS = 4
} aicc_matmul_arg;

/* AICC_KERNEL_QUANTIZED_MATMUL: aicc_matmul_arg's slots, then B's scales */
typedef enum aicc_quantized_matmul_arg {
  AICC_QUANTIZED_MATMUL_ARG_A = 0,
  AICC_QUANTIZED_MATMUL_ARG_B = 1,
  AICC_QUANTIZED_MATMUL_ARG_BIAS = 2, /* null without bias */
  AICC_QUANTIZED_MATMUL_ARG_Y = 3,
  AICC_QUANTIZED_MATMUL_ARG_SCALES = 4, /* compile-time constant */
  AICC_QUANTIZED_MATMUL_ARG_POST_OPS = 5,
  AICC_QUANTIZED_MATMUL_NUM_ARGS = 5
} aicc_quantized_matmul_arg;

typedef enum aicc_pool_arg { AICC_POOL_ARG_X = 0, AICC_POOL_ARG_Y = 1, AICC_POOL_NUM_ARGS = 2 } aicc_pool_arg;

typedef enum aicc_attention_arg {
  AICC_ATTENTION_ARG_Q = 0,
  AICC_ATTENTION_ARG_K = 1,
  AICC_ATTENTION_ARG_V = 2,
  AICC_ATTENTION_ARG_MASK = 3, /* null without a mask */
  AICC_ATTENTION_ARG_Y = 4,
  AICC_ATTENTION_NUM_ARGS = 5
} aicc_attention_arg;

typedef enum aicc_reorder_arg {
  AICC_REORDER_ARG_X = 0,
  AICC_REORDER_ARG_Y = 1,
  AICC_REORDER_NUM_ARGS = 2
} aicc_reorder_arg;

/* ONNX's inputs (null where absent), then its outputs (null where not computed) */
typedef enum aicc_rnn_arg {
  AICC_RNN_ARG_X = 0,
  AICC_RNN_ARG_W = 1,
  AICC_RNN_ARG_R = 2,
  AICC_RNN_ARG_B = 3,
  AICC_RNN_ARG_SEQUENCE_LENS = 4,
  AICC_RNN_ARG_INITIAL_H = 5,
  AICC_RNN_ARG_INITIAL_C = 6,
  AICC_RNN_ARG_P = 7,
  AICC_RNN_ARG_Y = 8,
  AICC_RNN_ARG_Y_H = 9,
  AICC_RNN_ARG_Y_C = 10,
  AICC_RNN_NUM_ARGS = 11
} aicc_rnn_arg;

/* AICC_KERNEL_QUANTIZED_RNN: aicc_rnn_arg's slots, with W and R s8 (compile-time constants,
 * symmetric: W[d][row] = W_q[d][row] * W_scales[d][row]), then their scales, f32 [D, G*H] each,
 * also compile-time constants. The run quantizes X and the hidden state to 8 bits as it goes
 * (dynamic quantization: ONNX Runtime's DynamicQuantizeLSTM). */
typedef enum aicc_quantized_rnn_arg {
  AICC_QUANTIZED_RNN_ARG_W_SCALES = 11,
  AICC_QUANTIZED_RNN_ARG_R_SCALES = 12,
  AICC_QUANTIZED_RNN_NUM_ARGS = 13
} aicc_quantized_rnn_arg;

typedef enum aicc_layout {
  AICC_LAYOUT_PLAIN = 0,         /* N, C, (D,) H, W: dense row-major */
  AICC_LAYOUT_CHANNELS_LAST = 1, /* N, (D,) H, W, C */
  AICC_LAYOUT_BLOCKED8 = 2,      /* N, C/8, (D,) H, W, 8c */
  AICC_LAYOUT_BLOCKED16 = 3      /* N, C/16, (D,) H, W, 16c */
} aicc_layout;

/* Operations applied to a kernel's output while it is still in registers (oneDNN post-ops), in
 * order. */
typedef enum aicc_post_op_kind {
  AICC_POST_OP_ELTWISE = 1, /* y = activation(y) */
  AICC_POST_OP_SUM = 2,     /* y = y + scale * (what Y held before the kernel ran) */
  AICC_POST_OP_BINARY = 3   /* y = y <binary> T, T a tensor that broadcasts to Y (matmul only) */
} aicc_post_op_kind;

typedef enum aicc_binary {
  AICC_BINARY_ADD = 1,
  AICC_BINARY_MUL = 2,
  AICC_BINARY_SUB = 3, /* y - T */
  AICC_BINARY_DIV = 4  /* y / T */
} aicc_binary;

typedef enum aicc_activation {
  AICC_ACT_RELU = 1,       /* max(x, 0) */
  AICC_ACT_LEAKY_RELU = 2, /* x < 0 ? alpha * x : x */
  AICC_ACT_SIGMOID = 3,
  AICC_ACT_TANH = 4,
  AICC_ACT_CLIP = 5,       /* min(max(x, alpha), beta) */
  AICC_ACT_HARD_SWISH = 6, /* x * max(0, min(1, x / 6 + 0.5)) */
  AICC_ACT_ELU = 7,        /* x < 0 ? alpha * (exp(x) - 1) : x */
  AICC_ACT_GELU_ERF = 8,   /* x * (1 + erf(x / sqrt(2))) / 2 */
  AICC_ACT_SWISH = 9,      /* x * sigmoid(x) (SiLU) */
  AICC_ACT_GELU_TANH = 10, /* x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))) / 2 */
  AICC_ACT_ROUND = 11,     /* x rounded to the nearest integer, half to even */
  AICC_ACT_LINEAR = 12     /* alpha * x + beta */
} aicc_activation;

typedef struct aicc_post_op {
  int64_t kind;                       /* an aicc_post_op_kind */
  int64_t activation;                 /* an aicc_activation (eltwise only) */
  double alpha;                       /* eltwise: the activation's alpha; sum: the scale */
  double beta;                        /* eltwise: the activation's beta; sum: the zero point (an int8 Y's, else 0) */
  int64_t binary;                     /* binary: an aicc_binary */
  int64_t arg;                        /* binary: the slot that holds T (AICC_<KIND>_ARG_POST_OPS onwards) */
  int64_t dims[AICC_MAX_MATMUL_RANK]; /* binary: T's dense dims at Y's rank, each 1 or Y's */
} aicc_post_op;

typedef struct aicc_post_ops {
  int64_t count; /* 0..AICC_MAX_POST_OPS */
  aicc_post_op ops[AICC_MAX_POST_OPS];
} aicc_post_ops;

/* ONNX Conv (AICC_KERNEL_CONV) and ConvTranspose (AICC_KERNEL_DECONV), 1-3 spatial dims.
 * Conv: X [N,C,in...], W [OC, C/groups, k...]. ConvTranspose: W [C, OC/groups, k...], and
 * out = (in - 1) * stride + (k - 1) * dilation + 1 - pads_begin - pads_end (output_padding and
 * output_shape are folded into pads_end by the compiler, so a deconv's pads_end may be negative).
 * Entries past spatial_dims are 0.
 * pads_end of a conv already includes the extra padding ceil-style output sizes need. */
typedef struct aicc_conv_params {
  int64_t spatial_dims;
  int64_t batch, channels, out_channels, groups;
  int64_t in[AICC_MAX_SPATIAL_DIMS], out[AICC_MAX_SPATIAL_DIMS], kernel[AICC_MAX_SPATIAL_DIMS];
  int64_t strides[AICC_MAX_SPATIAL_DIMS], dilations[AICC_MAX_SPATIAL_DIMS];
  int64_t pads_begin[AICC_MAX_SPATIAL_DIMS], pads_end[AICC_MAX_SPATIAL_DIMS];
  int64_t has_bias;
  int64_t src_layout, dst_layout; /* aicc_layout of X and of Y */
  aicc_post_ops post_ops;
  int64_t compute_type; /* AICC_DATA_F32 or AICC_DATA_BF16 (see aicc_data_type); 0 is f32 too */
} aicc_conv_params;

/* The element type of a kernel's operand, or what a kernel computes in.
 * A conv, deconv or matmul of compute_type AICC_DATA_BF16 rounds X and W (A and B) to bf16 and
 * sums their products in f32; its operands, bias, post-ops and Y stay f32 (aicc --precision=bf16).
 * Where oneDNN does not run bf16 natively on the CPU it runs on (no AVX512_BF16 or AMX, or a
 * DNNL_MAX_CPU_ISA below them: it would emulate bf16, slower than f32), or has only a reference
 * kernel for it, the kernel computes in f32 instead (on the weights as prepacked: rounded, if
 * they were prepacked in bf16). The compiler prepacks the constant weights in bf16, or in f32
 * where its own oneDNN computes the kernel in f32 (the session then rounds them). A quantized
 * kernel's compute_type is f32. compute_type 0, as in a zero-initialized struct, means f32; so
 * do params that end before compute_type (an artifact written before it had it, whose int8
 * kernels' params are 8 bytes shorter too). */
typedef enum aicc_data_type {
  AICC_DATA_F32 = 1,
  AICC_DATA_S8 = 2,
  AICC_DATA_U8 = 3,
  AICC_DATA_BF16 = 4
} aicc_data_type;

/* ONNX QLinearConv, and a QDQ graph's DequantizeLinear -> Conv -> QuantizeLinear, as one int8
 * convolution: with acc = sum (X - src_zero_point) * W + B in int32 (B int32 [OC], the
 * accumulator's scale), Y = saturate(round_half_even(post_ops(scales * acc)) + dst_zero_point) in
 * dst_type (f32: post_ops(scales * acc), dst_zero_point 0). X is u8 or s8, W s8 [OC, C/groups, k...]
 * with zero point 0. SCALES is f32 [scale_count], one value or one per output channel (x_scale *
 * w_scale / y_scale, folded by the compiler), a compile-time constant: oneDNN 2.6's int8
 * convolutions take their output scales when they are created. `conv` holds the geometry and the
 * layouts of X and Y; its post-ops are eltwise, and at most one sum (Y += the kernel's result: a
 * residual Y held), first into an f32 Y; into a u8 or s8 Y anywhere, adding alpha * (Y - beta) in
 * Y's own units (beta its zero point). */
typedef struct aicc_quantized_conv_params {
  aicc_conv_params conv;
  int64_t src_type, dst_type; /* aicc_data_type */
  int64_t scale_count;
  int64_t src_zero_point, dst_zero_point;
} aicc_quantized_conv_params;

#define AICC_WINOGRAD_MIN_MACS (INT64_C(1) << 24)
#define AICC_WINOGRAD_MIN_PIXELS 256
#define AICC_WINOGRAD_MIN_CHANNELS 16

/* Whether a conv is worth running as Winograd F(4x4 or 2x2, 3x3): a dense 2-D 3x3 conv with
 * stride 1 and dilation 1, of at least AICC_WINOGRAD_MIN_MACS multiply-adds over at least
 * AICC_WINOGRAD_MIN_PIXELS output pixels (batch x height x width), with at least
 * AICC_WINOGRAD_MIN_CHANNELS input and output channels (an RGB image's 3 channels padded to 16:
 * 0.69 vs 0.17 ms direct). oneDNN 2.6 has Winograd kernels for f32 on AVX-512 only, on nChw16c
 * activations: the runtime runs such a conv as Winograd where oneDNN has it (staging other
 * layouts through nChw16c), and the compiler's layout plan weighs these convs when it chooses
 * between channels-last and blocks; both sides ask this one predicate.
 * Winograd's transformed weights are up to 4x direct's (36 values per 3x3 tap set), read once per
 * run: over few pixels a conv streams them from memory. Measured in ResNet-18 at batch 8 (64x64
 * images; Zen 5, 2 threads), Winograd vs direct: 64 channels at 8x16x16 0.22 vs 0.38 ms, 128 at
 * 8x8x8 0.27 vs 0.37, 256 at 8x4x4 0.45 vs 0.43, 512 at 8x2x2 1.9 vs 0.7; a GroupNorm block's 128
 * channels at 64x64 1.36 vs 3.03; below 2^24 multiply-adds (64 channels at 14x14) direct is as fast.
 * Winograd's error is a few times direct's (max 1e-5 absolute on outputs of magnitude 4.5 with
 * 2880 terms per output), the trade cuDNN and TensorRT make by default. */
static inline int aicc_conv_winograd_pays(const aicc_conv_params *p) {
  if (p->spatial_dims != 2 || p->groups != 1 || p->channels < AICC_WINOGRAD_MIN_CHANNELS ||
      p->out_channels < AICC_WINOGRAD_MIN_CHANNELS)
    return 0;
  for (int i = 0; i < 2; ++i)
    if (p->kernel[i] != 3 || p->strides[i] != 1 || p->dilations[i] != 1) return 0;
  const double pixels = (double)p->batch * p->out[0] * p->out[1];
  return pixels >= AICC_WINOGRAD_MIN_PIXELS &&
         pixels * p->channels * p->out_channels * 9 >= (double)AICC_WINOGRAD_MIN_MACS;
}

/* Batched matrix product Y = alpha * op(A) x op(B) + bias, then post-ops; numpy broadcasting over
 * batch dims. All dims are given at the same rank (2..5, leading 1s added by the compiler);
 * a_dims/b_dims describe op(A) [.., M, K] and op(B) [.., K, N]; with trans_a/trans_b the stored
 * operand has its last two dims swapped. bias_dims broadcast to y_dims.
 * a_strides/b_strides/y_strides, when not all 0, give the element stride of each dim of op(A),
 * op(B) and Y instead (a transpose or a slice the compiler folded into the kernel: the data is
 * read or written where the strides say, and trans_a/trans_b are 0); all 0 means dense. */
typedef struct aicc_matmul_params {
  int64_t rank;
  int64_t a_dims[AICC_MAX_MATMUL_RANK], b_dims[AICC_MAX_MATMUL_RANK], y_dims[AICC_MAX_MATMUL_RANK];
  int64_t a_strides[AICC_MAX_MATMUL_RANK], b_strides[AICC_MAX_MATMUL_RANK], y_strides[AICC_MAX_MATMUL_RANK];
  int64_t trans_a, trans_b;
  int64_t has_bias;
  int64_t bias_dims[AICC_MAX_MATMUL_RANK];
  double alpha;
  aicc_post_ops post_ops;
  int64_t compute_type; /* AICC_DATA_F32 or AICC_DATA_BF16 (see aicc_data_type); 0 is f32 too */
} aicc_matmul_params;

/* A matmul with int8 weights: aicc_matmul_params' Y = alpha * op(A) x op(B) + bias and post-ops,
 * where B is s8 with op(B)[.., k, n] = SCALES[n] * B_s8 (scale_count N, one per column of op(B)) or
 * SCALES[0] * B_s8 (scale_count 1), and Y = alpha * A_scale * SCALES * (sum (A_q - A_zero_point) *
 * B_s8) from an exact int32 sum. Y is f32; A is dense (no trans_a, no a_strides); B is a
 * compile-time constant whose batch dims are all 1. A is either
 * - dynamic (a_type AICC_DATA_F32; ONNX Runtime's quantize_dynamic, a DynamicQuantizeLinear ->
 *   MatMulInteger graph): f32, finite (a NaN or an infinity leaves Y unspecified), and each run
 *   quantizes it as ONNX's DynamicQuantizeLinear does: u8 per tensor, A_scale (max(0, max A) -
 *   min(0, min A)) / 255, A_zero_point round(-min(0, min A) / A_scale);
 * - or static (a_type AICC_DATA_U8 or AICC_DATA_S8; a QDQ graph's MatMul, QLinearMatMul): A_q
 *   itself, with A_scale = a_scale (finite, positive) and A_zero_point = a_zero_point.
 * Without VNNI, whose absence makes oneDNN's int8 products inexact, the kernel multiplies the
 * values the quantized A and B stand for in f32. */
typedef struct aicc_quantized_matmul_params {
  aicc_matmul_params matmul;
  int64_t scale_count;
  int64_t a_type; /* aicc_data_type */
  int64_t a_zero_point;
  double a_scale;
} aicc_quantized_matmul_params;

/* Scaled dot-product attention, per batch b and head h:
 *   Y[b,h,i,:] = sum_j softmax_j(scale * Q[b,h,i,:] . K[b,h,j,:] + mask[b,h,i,j]) V[b,h,j,:]
 * over keys j (with causal, only j <= i: queries == keys), computed without storing the
 * [queries, keys] scores. Q [batch, heads, queries, head_size], K [.., keys, head_size],
 * V [.., keys, value_size], Y [.., queries, value_size] and the additive mask [.., queries, keys]
 * are read and written through element strides per dim (batch, heads, rows, columns); the last
 * stride of Q, K, V and Y is 1, a mask dim of stride 0 is broadcast. A row whose every score is
 * -inf gives NaN, as softmax does. */
typedef struct aicc_attention_params {
  int64_t batch, heads, queries, keys, head_size, value_size;
  int64_t q_strides[4], k_strides[4], v_strides[4], y_strides[4];
  int64_t has_mask;
  int64_t mask_strides[4];
  double scale;
  int64_t causal;
} aicc_attention_params;

typedef enum aicc_pool_algorithm {
  AICC_POOL_MAX = 0,
  AICC_POOL_AVERAGE_INCLUDE_PAD = 1, /* average counting padded cells */
  AICC_POOL_AVERAGE_EXCLUDE_PAD = 2  /* average over the cells inside the input */
} aicc_pool_algorithm;

/* Max or average pooling, 1-3 spatial dims. Global pooling is kernel == in, no pads. pads_end
 * already includes the extra padding ceil_mode needs.
 * X and Y are f32, u8 or s8 alike (data_type, an aicc_data_type; 0 is f32, as are params that end
 * before it: an artifact written before it had it). Int8 pooling works on the quantized values
 * as they are: max pooling keeps them (X and Y share a scale and zero point; output_scale 1,
 * output_shift 0), average pooling writes saturate(round_half_even(output_scale * mean +
 * output_shift)), which requantizes the mean of X's values into Y's scale and zero point. An
 * average that counts padded cells counts them as the value 0. */
typedef struct aicc_pool_params {
  int64_t spatial_dims;
  int64_t batch, channels;
  int64_t algorithm; /* an aicc_pool_algorithm */
  int64_t in[AICC_MAX_SPATIAL_DIMS], out[AICC_MAX_SPATIAL_DIMS], kernel[AICC_MAX_SPATIAL_DIMS];
  int64_t strides[AICC_MAX_SPATIAL_DIMS], dilations[AICC_MAX_SPATIAL_DIMS];
  int64_t pads_begin[AICC_MAX_SPATIAL_DIMS], pads_end[AICC_MAX_SPATIAL_DIMS];
  int64_t src_layout, dst_layout;
  int64_t data_type;
  double output_scale, output_shift;
} aicc_pool_params;

/* Copies an activation [N, C, spatial...] (rank 3..5) from one layout into another. */
typedef struct aicc_reorder_params {
  int64_t rank;
  int64_t dims[AICC_MAX_REORDER_RANK]; /* logical N, C, spatial... */
  int64_t src_layout, dst_layout;
  int64_t element_bytes; /* 4 (f32) or 1 (an 8-bit integer: a layout change moves bytes as they are) */
} aicc_reorder_params;

typedef enum aicc_rnn_cell { AICC_RNN_CELL_RNN = 1, AICC_RNN_CELL_LSTM = 2, AICC_RNN_CELL_GRU = 3 } aicc_rnn_cell;

typedef enum aicc_rnn_direction {
  AICC_RNN_FORWARD = 0,
  AICC_RNN_REVERSE = 1,
  AICC_RNN_BIDIRECTIONAL = 2
} aicc_rnn_direction;

/* The activation functions of ONNX's recurrent ops, with their alpha and beta as ONNX defines them. */
typedef enum aicc_rnn_activation {
  AICC_RNN_ACT_SIGMOID = 1,
  AICC_RNN_ACT_TANH = 2,
  AICC_RNN_ACT_RELU = 3,
  AICC_RNN_ACT_AFFINE = 4,           /* alpha * x + beta */
  AICC_RNN_ACT_LEAKY_RELU = 5,       /* x < 0 ? alpha * x : x */
  AICC_RNN_ACT_THRESHOLDED_RELU = 6, /* x > alpha ? x : 0 */
  AICC_RNN_ACT_SCALED_TANH = 7,      /* alpha * tanh(beta * x) */
  AICC_RNN_ACT_HARD_SIGMOID = 8,     /* min(max(alpha * x + beta, 0), 1) */
  AICC_RNN_ACT_ELU = 9,              /* x < 0 ? alpha * (exp(x) - 1) : x */
  AICC_RNN_ACT_SOFTSIGN = 10,        /* x / (1 + |x|) */
  AICC_RNN_ACT_SOFTPLUS = 11         /* log(1 + exp(x)) */
} aicc_rnn_activation;

#define AICC_MAX_RNN_ACTIVATIONS 6 /* 3 per direction (LSTM's f, g, h), forward first */

/* ONNX RNN, LSTM and GRU (opset 14), every attribute, in ONNX's tensor layouts: with layout 0,
 * X [T, B, I], Y [T, D, B, H], Y_h and Y_c [D, B, H]; with layout 1, X [B, T, I], Y [B, T, D, H],
 * Y_h and Y_c [B, D, H] (initial_h and initial_c as Y_h). W [D, G*H, I], R [D, G*H, H] and
 * B [D, 2*G*H] hold the gates in ONNX's order (LSTM i, o, f, c; GRU z, r, h), P [D, 3*H] (i, o, f).
 * sequence_lens [B] is int32. activations[k] for k < D * (gates' activations) are given, the rest
 * 0. clip 0 means no clip. */
typedef struct aicc_rnn_params {
  int64_t cell;      /* an aicc_rnn_cell */
  int64_t direction; /* an aicc_rnn_direction */
  int64_t layout;    /* ONNX's layout attribute: 0 time-major, 1 batch-major */
  int64_t seq_length, batch, input_size, hidden_size;
  int64_t has_bias, has_sequence_lens, has_initial_h, has_initial_c, has_peepholes;
  int64_t linear_before_reset; /* GRU */
  int64_t input_forget;        /* LSTM: the forget gate is 1 - the input gate */
  double clip;
  int64_t activations[AICC_MAX_RNN_ACTIVATIONS]; /* aicc_rnn_activation */
  double activation_alpha[AICC_MAX_RNN_ACTIVATIONS], activation_beta[AICC_MAX_RNN_ACTIVATIONS];
  /* AICC_DATA_F32 or AICC_DATA_BF16 (an LSTM with constant W and R; see aicc_data_type); 0, and
   * params that end before it, f32. A bf16 LSTM rounds W, R and the hidden state to bf16 and sums
   * their products in f32 where the CPU has bf16 dot products; its cell state and gates stay f32.
   * Of a few sequences it keeps the input projection (X x W^T, one GEMM over all steps) in f32,
   * computes the recurrence in bf16 and writes Y, Y_h and Y_c in f32; of more, oneDNN's bf16 LSTM
   * reads X and writes Y and Y_h in bf16 (converted from and to the f32 tensors). Elsewhere it
   * computes in f32, on W and R as prepacked (rounded, if the compiler prepacked them in bf16).
   * An AICC_KERNEL_QUANTIZED_RNN's is f32. */
  int64_t compute_type;
} aicc_rnn_params;

/* The blocked layout a constant was prepacked into: oneDNN's blocking description, by field
 * (see oneDNN's "understanding memory formats"). The logical tensor has `rank` dims, zero-padded
 * to padded_dims; the innermost `block_count` blocks split dim block_dims[k] by block_sizes[k]
 * (outermost first) and are dense; the element at padded index (i_0, ...) is at
 *   sum_d (i_d / B_d) * strides[d] + its offset inside the inner blocks,
 * where B_d is the product of the block sizes that split dim d. `bytes` is the data's size, which
 * tells the element type: f32, or bf16 (a bf16 kernel's weights) where it is half the f32 size. */
typedef struct aicc_packed_format {
  int64_t rank;
  int64_t dims[AICC_MAX_PACKED_RANK];
  int64_t padded_dims[AICC_MAX_PACKED_RANK];
  int64_t strides[AICC_MAX_PACKED_RANK]; /* in elements */
  int64_t block_count;
  int64_t block_sizes[AICC_MAX_PACKED_BLOCKS];
  int64_t block_dims[AICC_MAX_PACKED_BLOCKS];
  int64_t bytes;
} aicc_packed_format;

/* One entry of an artifact's kernel table. */
/* A parameter word that only the run knows (a symbolic dim, or a stride that follows from one) is
 * AICC_RUN_VALUE(k): the kernel then reads it from args[num_args + k] on each call, as an integer,
 * and creates its primitives for the values it is given, once per set of values it sees. */
#define AICC_RUN_VALUE_BASE INT64_MIN
#define AICC_MAX_RUN_VALUES 64
#define AICC_RUN_VALUE(k) (AICC_RUN_VALUE_BASE + (int64_t)(k))

typedef struct aicc_kernel_desc {
  int64_t kind;        /* an aicc_kernel_kind */
  int64_t params_size; /* bytes at params: sizeof the kind's params struct */
  const void *params;
  /* the args aicc_kernel_run receives, in the kind's slots (aicc_conv_arg, ...) */
  int64_t num_args;
  /* num_args entries: the data where an operand is a compile-time constant (weights, bias), else null */
  const void *const *constants;
  /* null, or num_args entries: the layout of a prepacked constant, null where the data is in its ONNX layout */
  const aicc_packed_format *const *formats;
  /* the ONNX nodes it computes, for errors and the profile; may be null */
  const char *name;
} aicc_kernel_desc;

/* Creates every kernel of one session. Returns 0 and sets *state, or non-zero with the reason in
 * aicc_kernel_last_error(). A state is used by one thread at a time. rt is the context the runtime
 * passed to aicc_model_init (its thread count applies while primitives are created); null means
 * the process defaults. */
int aicc_kernels_create(aicc_rt *rt, const aicc_kernel_desc *descs, int64_t count, void **state);
void aicc_kernels_destroy(void *state); /* null is ignored */

/* Executes kernel `index` on args (num_args pointers in the kind's slots, aicc_conv_arg...; null
 * for an absent operand). The args of constant operands are not read: the kernel uses what it prepared from
 * desc.constants at create. A sum post-op reads Y before writing it. Errors are recorded in the
 * state and reported by aicc_kernels_status. */
void aicc_kernel_run(void *state, int64_t index, void *const *args);

/* The dims of the current run's tensors (aicc_model_run in model_abi.h): every input's, then every
 * output's that is not data-shaped; null before the runtime set them. For artifacts with symbolic
 * dims. */
const int64_t *aicc_kernels_run_dims(void *state);

/* Where data-shaped output `index` (in the artifact's output order) of the current run goes, now
 * that its dims are known: `dims` holds all its rank dims, static ones too. Call it once per run
 * for each data-shaped output, from the thread that runs the model, and write the output there,
 * dense and row-major. Never null on success, even for an output of no elements. Returns null,
 * with the reason recorded for aicc_kernels_status, if `index` is not a data-shaped output or was
 * asked for already in this run, a dim is negative or differs from its static or symbolic size,
 * the bytes overflow, or memory runs out. */
void *aicc_kernels_output(void *state, int64_t index, const int64_t *dims);

/* Records that generated code read index `index` (as the model gave it) for an axis of `size`
 * elements where ONNX accepts -size to size-1 (a Scatter's or Gather's indices): the run fails
 * with "<node>: index <index> is out of range for axis <axis> of size <size>", reported by
 * aicc_kernels_status; the generated code skips the element instead of writing or reading outside
 * the tensor. `node` names the ONNX node. Safe to call from several threads of one run. */
void aicc_kernels_index_error(void *state, const char *node, int64_t index, int64_t axis, int64_t size);

/* A Loop's scan output `slot` (numbered by the artifact): where its row `index` goes, `rank` dims
 * in `dims` and dense row-major of element_bytes-sized elements. Row 0 starts the stack afresh;
 * the rows after it must come in order and have row 0's dims. The session keeps the stack across
 * runs and grows it (keeping its rows) only past what it held. Returns null, with the reason
 * recorded for aicc_kernels_status, on a row out of order or of other dims, or out of memory. */
void *aicc_kernels_scan_row(void *state, int64_t slot, int64_t index, int64_t rank, const int64_t *dims,
                            int64_t element_bytes);

/* After the loop: the first `count` rows of scan output `slot`, contiguous, valid until its next
 * row 0; their `rank` row dims are written to dims (0s when count is 0). Never null for count rows
 * that aicc_kernels_scan_row placed; otherwise null, with the reason recorded. */
void *aicc_kernels_scan_rows(void *state, int64_t slot, int64_t count, int64_t rank, int64_t *dims);

/* --- Lists: the ONNX sequences that the compiler could not turn into tensors (sequence inputs and
 * outputs of the model, lists read or built at positions only the run knows). A list is a value:
 * inserting or erasing makes a new list and leaves the old one as it was; an insert copies the
 * tensor in, and elements are read in place. Lists and their elements live in the session's state
 * until its next run starts. Every function records what went wrong (a position out of range, an
 * element of another rank or static dims, a null list: an optional holding nothing) for
 * aicc_kernels_status and still returns something safe to use: the list given (or an empty one),
 * length 0, an element of no bytes. */
typedef struct aicc_list aicc_list;

aicc_list *aicc_kernels_list_empty(void *state);

/* `list` with a copy of a dense row-major tensor (dtype an aicc_dtype, `rank` dims) inserted
 * before `position` (ONNX's: negative counts from the back, length appends) or, with has_position
 * 0, at the back. */
aicc_list *aicc_kernels_list_insert(void *state, const aicc_list *list, const void *data, int64_t dtype, int64_t rank,
                                    const int64_t *dims, int64_t has_position, int64_t position);

/* `list` without the element at `position` (negative counts from the back) or, with has_position
 * 0, without its last one. */
aicc_list *aicc_kernels_list_erase(void *state, const aicc_list *list, int64_t has_position, int64_t position);

int64_t aicc_kernels_list_length(void *state, const aicc_list *list);

/* The element at `position` (negative counts from the back): its data, valid while the list is,
 * and its dims in dims[0, rank). On entry dims holds what the compiler knows: a static size, or
 * -1 for a dim of any size; an element of another rank or another static size is an error, as
 * is a position out of range: dims are then the static sizes given (0 for the others) and the
 * data is zeroed memory of at least 8 bytes per element of those dims, so that the generated code
 * that reads it before the run ends reads memory it may. Never null. */
const void *aicc_kernels_list_at(void *state, const aicc_list *list, int64_t position, int64_t rank, int64_t *dims);

/* ConcatFromSequence: the list's tensors joined along their `axis` (new_axis 0) or stacked along
 * a new `axis` of the result (new_axis 1), in the session's lists, valid while they are; the
 * result's dims in dims[0, rank). axis is in [0, rank). On entry dims holds the compiler's static
 * sizes, or -1. An absent or empty list, elements of different dtypes, ranks or dims (but along
 * a joined axis), or a result of other static sizes is an error, with what list_at gives then. */
const void *aicc_kernels_list_concat(void *state, const aicc_list *list, int64_t axis, int64_t new_axis, int64_t rank,
                                     int64_t *dims);

/* 0 if every aicc_kernel_run since the last call succeeded; otherwise non-zero, with the first
 * error's message in aicc_kernel_last_error(). Clears the recorded error. */
int aicc_kernels_status(void *state);

/* Runs body(ctx, begin, end) over ranges that split [0, count) among the session's OpenMP threads
 * (the thread count current for the run: the pool oneDNN's kernels use), each range once; with one
 * thread, or when called from inside a parallel region, body(ctx, 0, count) on the calling
 * thread. Generated code calls this for every loop nest (aicc_cpu.parallel_for; count 1 for one
 * that runs sequentially). `state` is the kernels' state (aicc_kernels_create) and `name` the ONNX
 * nodes the loop nest came from: while the session profiles, the call's time is recorded under
 * that name. */
typedef void (*aicc_parallel_body)(void *ctx, int64_t begin, int64_t end);
void aicc_parallel_for(void *state, int64_t count, aicc_parallel_body body, void *ctx, const char *name);

/* Compile time (aicc calls this, artifacts do not): creates the kernels as aicc_kernels_create
 * does, with oneDNN limited to `isa` (oneDNN's name for it: "avx2", "avx512_core", ...; null or ""
 * for the host's), and calls pack(context, kernel, arg, format, data) for each constant operand the
 * kernel reordered, with the format and the bytes (format->bytes of them) its primitive reads;
 * they are valid during the call only. oneDNN's ISA limit holds for the whole process: a second
 * call with another `isa` fails. Returns 0, or non-zero with the reason in
 * aicc_kernel_last_error(). */
typedef void (*aicc_pack_fn)(void *context, int64_t kernel, int64_t arg, const aicc_packed_format *format,
                             const void *data);
int aicc_kernels_prepack(const char *isa, const aicc_kernel_desc *descs, int64_t count, aicc_pack_fn pack,
                         void *context);

/* The calling thread's last error message ("" if none). */
const char *aicc_kernel_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* AICC_CPU_KERNELS_H */
