// Kernel op → kernel table parameters → aicc/cpu_kernels.h struct, for every kernel kind: each
// struct field, read by name, holds what the op says (KernelParams.cpp, KernelAbi.cpp).
#include <gtest/gtest.h>

#include "backends/cpu/dialect/CpuDialect.h"
#include "backends/cpu/abi/KernelAbi.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

class KernelAbiTest : public ::testing::Test {
protected:
  KernelAbiTest() {
    DialectRegistry registry;
    registerCpuDialect(registry);
    registry.insert<func::FuncDialect, memref::MemRefDialect>();
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// The one kernel op in `body` (the body of a function taking `args`).
  KernelOpInterface kernel(llvm::StringRef args, llvm::StringRef body) {
    std::string source = ("func.func @f(" + args + ") {\n" + body + "\n  return\n}").str();
    module = parseSourceString<ModuleOp>(source, &context);
    if (!module) return nullptr;
    KernelOpInterface found;
    module->walk([&](KernelOpInterface op) { found = op; });
    return found;
  }

  template <typename Attr> Attr params(KernelOpInterface op) {
    RunValues run;
    Attribute attr = op.getKernelParams(run);
    runValues = run.sources().size();
    return cast<Attr>(attr);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  size_t runValues = 0;
};

template <size_t N> std::vector<int64_t> words(const int64_t (&array)[N], size_t count = N) {
  return std::vector<int64_t>(array, array + count);
}

TEST_F(KernelAbiTest, Conv) {
  KernelOpInterface op = kernel(
      "%x: memref<?x3x9x9xf32>, %w: memref<8x1x3x3xf32>, %b: memref<8xf32>, %t: memref<1x8x1x1xf32>, "
      "%y: memref<?x1x5x5x8xf32>",
      "aicc_cpu.conv ins(%x, %w, %b : memref<?x3x9x9xf32>, memref<8x1x3x3xf32>, memref<8xf32>) "
      "post_op_inputs(%t : memref<1x8x1x1xf32>) outs(%y : memref<?x1x5x5x8xf32>) "
      "{strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 0>, "
      "pads_end = array<i64: 1, 2>, groups = 3 : i64, dst_layout = #aicc_cpu.layout<blocked8>, "
      "post_ops = [#aicc_cpu.sum<scale = 0.5>, #aicc_cpu.binary<mul>, #aicc_cpu.eltwise<leaky_relu, alpha = 0.1>]}");
  ASSERT_TRUE(op);
  EXPECT_EQ(op.getKernelKind(), KernelKind::conv);
  EXPECT_EQ(op.getNumKernelArgs(), AICC_CONV_NUM_ARGS + 1);
  EXPECT_EQ(op.getOperandSlots(), (llvm::SmallVector<int64_t>{AICC_CONV_ARG_X, AICC_CONV_ARG_W, AICC_CONV_ARG_B,
                                                              AICC_CONV_ARG_POST_OPS, AICC_CONV_ARG_Y}));
  const aicc_conv_params p = toConvParams(params<ConvParamsAttr>(op));
  EXPECT_EQ(runValues, 2u); // the batch of X, and of Y (read with its other dims)
  EXPECT_EQ(p.spatial_dims, 2);
  EXPECT_EQ(p.batch, AICC_RUN_VALUE(0));
  EXPECT_EQ(p.channels, 3);
  EXPECT_EQ(p.out_channels, 8);
  EXPECT_EQ(p.groups, 3);
  EXPECT_EQ(words(p.in), (std::vector<int64_t>{9, 9, 0}));
  EXPECT_EQ(words(p.out), (std::vector<int64_t>{5, 5, 0}));
  EXPECT_EQ(words(p.kernel), (std::vector<int64_t>{3, 3, 0}));
  EXPECT_EQ(words(p.strides), (std::vector<int64_t>{2, 2, 0}));
  EXPECT_EQ(words(p.dilations), (std::vector<int64_t>{1, 1, 0}));
  EXPECT_EQ(words(p.pads_begin), (std::vector<int64_t>{1, 0, 0}));
  EXPECT_EQ(words(p.pads_end), (std::vector<int64_t>{1, 2, 0}));
  EXPECT_EQ(p.has_bias, 1);
  EXPECT_EQ(p.src_layout, AICC_LAYOUT_PLAIN);
  EXPECT_EQ(p.dst_layout, AICC_LAYOUT_BLOCKED8);
  EXPECT_EQ(p.compute_type, AICC_DATA_F32); // the default, written as f32: never 0
  ASSERT_EQ(p.post_ops.count, 3);
  EXPECT_EQ(p.post_ops.ops[0].kind, AICC_POST_OP_SUM);
  EXPECT_EQ(p.post_ops.ops[0].alpha, 0.5);
  EXPECT_EQ(p.post_ops.ops[1].kind, AICC_POST_OP_BINARY);
  EXPECT_EQ(p.post_ops.ops[1].binary, AICC_BINARY_MUL);
  EXPECT_EQ(p.post_ops.ops[1].arg, AICC_CONV_ARG_POST_OPS);
  EXPECT_EQ(words(p.post_ops.ops[1].dims), (std::vector<int64_t>{1, 8, 1, 1, 0}));
  EXPECT_EQ(p.post_ops.ops[2].kind, AICC_POST_OP_ELTWISE);
  EXPECT_EQ(p.post_ops.ops[2].activation, AICC_ACT_LEAKY_RELU);
  EXPECT_DOUBLE_EQ(p.post_ops.ops[2].alpha, 0.1);
  EXPECT_EQ(p.post_ops.ops[2].beta, 0.0);
}

TEST_F(KernelAbiTest, Deconv) {
  // ConvTranspose's W is [C, OC/groups, k...].
  KernelOpInterface op =
      kernel("%x: memref<1x4x3x3xf32>, %w: memref<4x3x2x2xf32>, %y: memref<1x6x6x6xf32>",
             "aicc_cpu.deconv ins(%x, %w : memref<1x4x3x3xf32>, memref<4x3x2x2xf32>) outs(%y : memref<1x6x6x6xf32>) "
             "{strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, "
             "pads_end = array<i64: 0, 0>, groups = 2 : i64, compute_type = #aicc_cpu.data_type<bf16>}");
  ASSERT_TRUE(op);
  EXPECT_EQ(op.getKernelKind(), KernelKind::deconv);
  EXPECT_EQ(op.getNumKernelArgs(), AICC_CONV_NUM_ARGS);
  EXPECT_EQ(op.getOperandSlots(), (llvm::SmallVector<int64_t>{AICC_CONV_ARG_X, AICC_CONV_ARG_W, AICC_CONV_ARG_Y}));
  const aicc_conv_params p = toConvParams(params<ConvParamsAttr>(op));
  EXPECT_EQ(p.channels, 4);
  EXPECT_EQ(p.out_channels, 6);
  EXPECT_EQ(p.groups, 2);
  EXPECT_EQ(words(p.out, 2), (std::vector<int64_t>{6, 6}));
  EXPECT_EQ(p.has_bias, 0);
  EXPECT_EQ(p.post_ops.count, 0);
  EXPECT_EQ(p.compute_type, AICC_DATA_BF16);
}

TEST_F(KernelAbiTest, MatMul) {
  // op(A) is a transposed by 0-2-1, read in place through its strides; B is stored transposed.
  KernelOpInterface op =
      kernel("%a: memref<2x3x5xf32>, %b: memref<2x4x3xf32>, %bias: memref<1x1x4xf32>, %y: memref<2x5x4xf32>",
             "aicc_cpu.matmul ins(%a, %b, %bias : memref<2x3x5xf32>, memref<2x4x3xf32>, memref<1x1x4xf32>) "
             "outs(%y : memref<2x5x4xf32>) {a_permutation = array<i64: 0, 2, 1>, trans_b = true, alpha = 0.25 : f64, "
             "post_ops = [#aicc_cpu.eltwise<gelu_erf>]}");
  ASSERT_TRUE(op);
  EXPECT_EQ(op.getKernelKind(), KernelKind::matmul);
  EXPECT_EQ(op.getNumKernelArgs(), AICC_MATMUL_NUM_ARGS);
  EXPECT_EQ(op.getOperandSlots(), (llvm::SmallVector<int64_t>{AICC_MATMUL_ARG_A, AICC_MATMUL_ARG_B,
                                                              AICC_MATMUL_ARG_BIAS, AICC_MATMUL_ARG_Y}));
  const aicc_matmul_params p = toMatMulParams(params<MatMulParamsAttr>(op));
  EXPECT_EQ(p.rank, 3);
  EXPECT_EQ(words(p.a_dims, 3), (std::vector<int64_t>{2, 5, 3}));
  EXPECT_EQ(words(p.a_strides, 3), (std::vector<int64_t>{15, 1, 5}));
  EXPECT_EQ(p.trans_a, 0);
  EXPECT_EQ(words(p.b_dims, 3), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(words(p.b_strides), (std::vector<int64_t>{0, 0, 0, 0, 0})); // dense
  EXPECT_EQ(p.trans_b, 1);
  EXPECT_EQ(words(p.y_dims, 3), (std::vector<int64_t>{2, 5, 4}));
  EXPECT_EQ(words(p.y_strides), (std::vector<int64_t>{0, 0, 0, 0, 0}));
  EXPECT_EQ(p.has_bias, 1);
  EXPECT_EQ(words(p.bias_dims, 3), (std::vector<int64_t>{1, 1, 4}));
  EXPECT_EQ(p.alpha, 0.25);
  ASSERT_EQ(p.post_ops.count, 1);
  EXPECT_EQ(p.post_ops.ops[0].activation, AICC_ACT_GELU_ERF);
  EXPECT_EQ(p.compute_type, AICC_DATA_F32);
}

TEST_F(KernelAbiTest, MatMulWithoutBiasHasUnitBiasDims) {
  KernelOpInterface op = kernel("%a: memref<2x3xf32>, %b: memref<3x4xf32>, %y: memref<2x4xf32>",
                                "aicc_cpu.matmul ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) "
                                "outs(%y : memref<2x4xf32>)");
  ASSERT_TRUE(op);
  EXPECT_EQ(op.getOperandSlots(),
            (llvm::SmallVector<int64_t>{AICC_MATMUL_ARG_A, AICC_MATMUL_ARG_B, AICC_MATMUL_ARG_Y}));
  const aicc_matmul_params p = toMatMulParams(params<MatMulParamsAttr>(op));
  EXPECT_EQ(p.has_bias, 0);
  EXPECT_EQ(words(p.bias_dims), (std::vector<int64_t>{1, 1, 0, 0, 0}));
  EXPECT_EQ(p.alpha, 1.0);
}

TEST_F(KernelAbiTest, Pool) {
  KernelOpInterface op =
      kernel("%x: memref<2x1x7x7x16xf32>, %y: memref<2x1x3x3x16xf32>",
             "aicc_cpu.pool <average_exclude_pad> ins(%x : memref<2x1x7x7x16xf32>) outs(%y : memref<2x1x3x3x16xf32>) "
             "{kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, "
             "pads_begin = array<i64: 0, 0>, pads_end = array<i64: 1, 1>, layout = #aicc_cpu.layout<blocked16>}");
  ASSERT_TRUE(op);
  EXPECT_EQ(op.getKernelKind(), KernelKind::pool);
  EXPECT_EQ(op.getNumKernelArgs(), AICC_POOL_NUM_ARGS);
  EXPECT_EQ(op.getOperandSlots(), (llvm::SmallVector<int64_t>{AICC_POOL_ARG_X, AICC_POOL_ARG_Y}));
  const aicc_pool_params p = toPoolParams(params<PoolParamsAttr>(op));
  EXPECT_EQ(p.spatial_dims, 2);
  EXPECT_EQ(p.batch, 2);
  EXPECT_EQ(p.channels, 16);
  EXPECT_EQ(p.algorithm, AICC_POOL_AVERAGE_EXCLUDE_PAD);
  EXPECT_EQ(words(p.in), (std::vector<int64_t>{7, 7, 0}));
  EXPECT_EQ(words(p.out), (std::vector<int64_t>{3, 3, 0}));
  EXPECT_EQ(words(p.kernel), (std::vector<int64_t>{3, 3, 0}));
  EXPECT_EQ(words(p.strides), (std::vector<int64_t>{2, 2, 0}));
  EXPECT_EQ(words(p.pads_end), (std::vector<int64_t>{1, 1, 0}));
  EXPECT_EQ(p.src_layout, AICC_LAYOUT_BLOCKED16);
  EXPECT_EQ(p.dst_layout, AICC_LAYOUT_BLOCKED16);
  EXPECT_EQ(p.data_type, AICC_DATA_F32);
  EXPECT_EQ(p.output_scale, 1.0);
  EXPECT_EQ(p.output_shift, 0.0);
}

TEST_F(KernelAbiTest, Int8Pool) {
  KernelOpInterface op =
      kernel("%x: memref<1x7x7x32xi8>, %y: memref<1x1x1x32xi8>",
             "aicc_cpu.pool <average_exclude_pad> ins(%x : memref<1x7x7x32xi8>) outs(%y : memref<1x1x1x32xi8>) "
             "{kernel = array<i64: 7, 7>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, "
             "pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, layout = #aicc_cpu.layout<channels_last>, "
             "data_type = #aicc_cpu.data_type<u8>, output_scale = 0.5 : f64, output_shift = 64.0 : f64}");
  ASSERT_TRUE(op);
  const aicc_pool_params p = toPoolParams(params<PoolParamsAttr>(op));
  EXPECT_EQ(p.channels, 32);
  EXPECT_EQ(words(p.in), (std::vector<int64_t>{7, 7, 0}));
  EXPECT_EQ(p.src_layout, AICC_LAYOUT_CHANNELS_LAST);
  EXPECT_EQ(p.data_type, AICC_DATA_U8);
  EXPECT_EQ(p.output_scale, 0.5);
  EXPECT_EQ(p.output_shift, 64.0);
}

TEST_F(KernelAbiTest, Attention) {
  // Q, K and V as [B, S, H, D] views of a fused projection [1, 4, 3·2·8] (rows of 48), read as
  // [B, H, S, D]; Y written as [B, S, H, D]; the mask [1, 1, 1, 4] broadcast over heads and queries.
  KernelOpInterface op = kernel(
      "%q: memref<1x4x2x8xf32, strided<[192, 48, 8, 1]>>, %k: memref<1x4x2x8xf32, strided<[192, 48, 8, 1], offset: "
      "16>>, "
      "%v: memref<1x4x2x8xf32, strided<[192, 48, 8, 1], offset: 32>>, %m: memref<1x1x1x4xf32>, %y: memref<1x4x2x8xf32>",
      "aicc_cpu.attention ins(%q, %k, %v, %m : memref<1x4x2x8xf32, strided<[192, 48, 8, 1]>>, "
      "memref<1x4x2x8xf32, strided<[192, 48, 8, 1], offset: 16>>, memref<1x4x2x8xf32, strided<[192, 48, 8, 1], offset: "
      "32>>, "
      "memref<1x1x1x4xf32>) outs(%y : memref<1x4x2x8xf32>) {scale = 0.125 : f64, q_permutation = array<i64: 0, 2, 1, "
      "3>, "
      "k_permutation = array<i64: 0, 2, 1, 3>, v_permutation = array<i64: 0, 2, 1, 3>, "
      "result_permutation = array<i64: 0, 2, 1, 3>}");
  ASSERT_TRUE(op);
  EXPECT_EQ(op.getKernelKind(), KernelKind::attention);
  EXPECT_EQ(op.getNumKernelArgs(), AICC_ATTENTION_NUM_ARGS);
  EXPECT_EQ(op.getOperandSlots(),
            (llvm::SmallVector<int64_t>{AICC_ATTENTION_ARG_Q, AICC_ATTENTION_ARG_K, AICC_ATTENTION_ARG_V,
                                        AICC_ATTENTION_ARG_MASK, AICC_ATTENTION_ARG_Y}));
  const aicc_attention_params p = toAttentionParams(params<AttentionParamsAttr>(op));
  EXPECT_EQ(p.batch, 1);
  EXPECT_EQ(p.heads, 2);
  EXPECT_EQ(p.queries, 4);
  EXPECT_EQ(p.keys, 4);
  EXPECT_EQ(p.head_size, 8);
  EXPECT_EQ(p.value_size, 8);
  EXPECT_EQ(words(p.q_strides), (std::vector<int64_t>{192, 8, 48, 1}));
  EXPECT_EQ(words(p.k_strides), (std::vector<int64_t>{192, 8, 48, 1}));
  EXPECT_EQ(words(p.y_strides), (std::vector<int64_t>{64, 8, 16, 1}));
  EXPECT_EQ(p.has_mask, 1);
  EXPECT_EQ(words(p.mask_strides), (std::vector<int64_t>{0, 0, 0, 1}));
  EXPECT_EQ(p.scale, 0.125);
  EXPECT_EQ(p.causal, 0);
}

TEST_F(KernelAbiTest, Reorder) {
  KernelOpInterface op = kernel("%x: memref<1x12x4x4xf32>, %y: memref<1x4x4x12xf32>",
                                "aicc_cpu.reorder <plain> to <channels_last> ins(%x : memref<1x12x4x4xf32>) "
                                "outs(%y : memref<1x4x4x12xf32>) {logical_shape = array<i64: 1, 12, 4, 4>}");
  ASSERT_TRUE(op);
  EXPECT_EQ(op.getKernelKind(), KernelKind::reorder);
  EXPECT_EQ(op.getNumKernelArgs(), AICC_REORDER_NUM_ARGS);
  EXPECT_EQ(op.getOperandSlots(), (llvm::SmallVector<int64_t>{AICC_REORDER_ARG_X, AICC_REORDER_ARG_Y}));
  const aicc_reorder_params p = toReorderParams(params<ReorderParamsAttr>(op));
  EXPECT_EQ(p.rank, 4);
  EXPECT_EQ(words(p.dims), (std::vector<int64_t>{1, 12, 4, 4, 0}));
  EXPECT_EQ(p.src_layout, AICC_LAYOUT_PLAIN);
  EXPECT_EQ(p.dst_layout, AICC_LAYOUT_CHANNELS_LAST);
  EXPECT_EQ(p.element_bytes, 4);
}

TEST_F(KernelAbiTest, Rnn) {
  // A batch-major bidirectional GRU with a symbolic sequence length.
  KernelOpInterface op = kernel(
      "%x: memref<3x?x8xf32>, %w: memref<2x48x8xf32>, %r: memref<2x48x16xf32>, %b: memref<2x96xf32>, "
      "%lens: memref<3xi32>, %y: memref<3x?x2x16xf32>, %yh: memref<3x2x16xf32>",
      "aicc_cpu.rnn <gru> ins(%x, %w, %r : memref<3x?x8xf32>, memref<2x48x8xf32>, "
      "memref<2x48x16xf32>) bias(%b : memref<2x96xf32>) sequence_lens(%lens : memref<3xi32>) "
      "outs(%y, %yh : memref<3x?x2x16xf32>, memref<3x2x16xf32>) {direction = #aicc_cpu.rnn_direction<bidirectional>, "
      "hidden_size = 16 : i64, layout = 1 : i64, "
      "linear_before_reset = true, clip = 4.0 : f64, activations = [#aicc_cpu.rnn_activation<sigmoid>, "
      "#aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<hard_sigmoid, alpha = 0.2, beta = 0.5>, "
      "#aicc_cpu.rnn_activation<tanh>]}");
  ASSERT_TRUE(op);
  EXPECT_EQ(op.getKernelKind(), KernelKind::rnn);
  EXPECT_EQ(op.getNumKernelArgs(), AICC_RNN_NUM_ARGS);
  EXPECT_EQ(op.getOperandSlots(),
            (llvm::SmallVector<int64_t>{AICC_RNN_ARG_X, AICC_RNN_ARG_W, AICC_RNN_ARG_R, AICC_RNN_ARG_B,
                                        AICC_RNN_ARG_SEQUENCE_LENS, AICC_RNN_ARG_Y, AICC_RNN_ARG_Y_H}));
  const aicc_rnn_params p = toRnnParams(params<RnnParamsAttr>(op));
  EXPECT_EQ(p.cell, AICC_RNN_CELL_GRU);
  EXPECT_EQ(p.direction, AICC_RNN_BIDIRECTIONAL);
  EXPECT_EQ(p.layout, 1);
  EXPECT_EQ(p.seq_length, AICC_RUN_VALUE(0));
  EXPECT_EQ(p.batch, 3);
  EXPECT_EQ(p.input_size, 8);
  EXPECT_EQ(p.hidden_size, 16);
  EXPECT_EQ(p.has_bias, 1);
  EXPECT_EQ(p.has_sequence_lens, 1);
  EXPECT_EQ(p.has_initial_h, 0);
  EXPECT_EQ(p.has_initial_c, 0);
  EXPECT_EQ(p.has_peepholes, 0);
  EXPECT_EQ(p.linear_before_reset, 1);
  EXPECT_EQ(p.input_forget, 0);
  EXPECT_EQ(p.clip, 4.0);
  EXPECT_EQ(words(p.activations), (std::vector<int64_t>{AICC_RNN_ACT_SIGMOID, AICC_RNN_ACT_TANH,
                                                        AICC_RNN_ACT_HARD_SIGMOID, AICC_RNN_ACT_TANH, 0, 0}));
  EXPECT_DOUBLE_EQ(p.activation_alpha[2], 0.2);
  EXPECT_DOUBLE_EQ(p.activation_beta[2], 0.5);
  EXPECT_EQ(p.compute_type, AICC_DATA_F32);
}

TEST_F(KernelAbiTest, Bf16Lstm) {
  KernelOpInterface op =
      kernel("%x: memref<5x1x8xf32>, %w: memref<1x128x8xf32>, %r: memref<1x128x32xf32>, %y: memref<5x1x1x32xf32>, "
             "%yh: memref<1x1x32xf32>, %yc: memref<1x1x32xf32>",
             "aicc_cpu.rnn <lstm> ins(%x, %w, %r : memref<5x1x8xf32>, memref<1x128x8xf32>, memref<1x128x32xf32>) "
             "outs(%y, %yh, %yc : memref<5x1x1x32xf32>, memref<1x1x32xf32>, memref<1x1x32xf32>) "
             "{direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 32 : i64, "
             "compute_type = #aicc_cpu.data_type<bf16>, activations = [#aicc_cpu.rnn_activation<sigmoid>, "
             "#aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}");
  ASSERT_TRUE(op);
  const aicc_rnn_params p = toRnnParams(params<RnnParamsAttr>(op));
  EXPECT_EQ(p.cell, AICC_RNN_CELL_LSTM);
  EXPECT_EQ(p.hidden_size, 32);
  EXPECT_EQ(p.compute_type, AICC_DATA_BF16);
}

TEST_F(KernelAbiTest, PackedFormatRoundTrips) {
  aicc_packed_format format{};
  format.rank = 4;
  const int64_t dims[] = {64, 3, 7, 7}, padded[] = {64, 16, 7, 7}, strides[] = {784, 49, 7, 1};
  std::copy(std::begin(dims), std::end(dims), format.dims);
  std::copy(std::begin(padded), std::end(padded), format.padded_dims);
  std::copy(std::begin(strides), std::end(strides), format.strides);
  format.block_count = 2;
  format.block_sizes[0] = format.block_sizes[1] = 16;
  format.block_dims[0] = 1;
  format.bytes = 200704;
  PackedFormatAttr attr = packedFormatAttr(&context, format);
  EXPECT_EQ(attr.getDims(), llvm::ArrayRef<int64_t>(dims));
  EXPECT_EQ(attr.getBlockDims(), (llvm::ArrayRef<int64_t>{1, 0}));
  const aicc_packed_format back = toPackedFormat(attr);
  EXPECT_EQ(std::memcmp(&back, &format, sizeof format), 0);
}

} // namespace
} // namespace aicc::cpu
