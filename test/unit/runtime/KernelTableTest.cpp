// aicc_kernels_create / aicc_kernel_run / aicc_kernels_status: how a table of kernels is built,
// shares its scratch buffers, and reports bad descriptions and bad runs by kernel index and kind.
#include "TestSupport.h"

#include <thread>

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

// A 1x10 * 10x10 matmul with constant B: the smallest useful kernel.
aicc_matmul_params smallMatMulParams() {
  aicc_matmul_params p{};
  p.rank = 2;
  p.a_dims[0] = 1, p.a_dims[1] = 10;
  p.b_dims[0] = 10, p.b_dims[1] = 10;
  p.y_dims[0] = 1, p.y_dims[1] = 10;
  p.bias_dims[0] = p.bias_dims[1] = 1;
  p.alpha = 1.0;
  return p;
}

// A matmul's constants with B alone constant.
std::vector<const void *> constantB(const std::vector<float> &b) {
  return constantSlots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_B, b.data()}});
}

// The args of a matmul whose B is constant (and that has no bias).
std::vector<void *> matMulArgs(float *a, float *y) {
  return slots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_A, a}, {AICC_MATMUL_ARG_Y, y}});
}

KernelSpec smallMatMul(const std::vector<float> &b) {
  return KernelSpec(AICC_KERNEL_MATMUL, smallMatMulParams(), constantB(b));
}

std::string createError(const KernelSpec &spec) {
  KernelTable table({spec});
  EXPECT_FALSE(table.created());
  return table.createError();
}

TEST(KernelTable, EmptyTableIsValid) {
  KernelTable table({});
  ASSERT_TRUE(table.created()) << table.createError();
  EXPECT_EQ(aicc_kernels_status(table.state()), 0);
}

TEST(KernelTable, UnknownKindIsNamed) {
  std::vector<float> b(100);
  KernelSpec unknown = smallMatMul(b);
  unknown.kind = 11;
  KernelTable table({smallMatMul(b), unknown});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(), "kernel 1 (unknown kind 11): expected kind 1 (conv), 2 (matmul), "
                                 "3 (pool), 4 (deconv), 5 (reorder), 6 (rnn), 7 (attention), 8 (quantized conv), "
                                 "9 (quantized matmul) or 10 (quantized rnn)");
}

TEST(KernelTable, WrongParamsSizeIsNamed) {
  // A matmul struct handed to a pool kernel, and a pool struct one word short.
  std::vector<float> b(100);
  KernelSpec spec = smallMatMul(b);
  spec.kind = AICC_KERNEL_POOL;
  EXPECT_EQ(createError(spec), "kernel 0 (pool): expected " + std::to_string(sizeof(aicc_pool_params)) +
                                   " bytes of params, got " + std::to_string(sizeof(aicc_matmul_params)));
  KernelSpec pool(AICC_KERNEL_POOL, aicc_pool_params{}, constantSlots(AICC_POOL_NUM_ARGS, {}));
  pool.paramsSize -= 8;
  EXPECT_EQ(createError(pool), "kernel 0 (pool): expected " + std::to_string(sizeof(aicc_pool_params)) +
                                   " bytes of params, got " + std::to_string(sizeof(aicc_pool_params) - 8));
}

TEST(KernelTable, NullParamsAreNamed) {
  std::vector<float> b(100);
  KernelSpec spec = smallMatMul(b);
  spec.params.clear(); // desc().params is null, params_size still sizeof(aicc_matmul_params)
  EXPECT_EQ(createError(spec), "kernel 0 (matmul): params is null");
}

TEST(KernelTable, WrongArgCountIsNamed) {
  std::vector<float> b(100);
  KernelSpec spec = smallMatMul(b);
  spec.constants.pop_back();
  EXPECT_EQ(createError(spec), "kernel 0 (matmul): expected 4 args, got 3");
}

TEST(KernelTable, UnknownActivationIsNamed) {
  std::vector<float> b(100);
  aicc_matmul_params p = smallMatMulParams();
  p.post_ops = postOpList({eltwise(AICC_ACT_RELU), eltwise(42)});
  EXPECT_EQ(createError(KernelSpec(AICC_KERNEL_MATMUL, p, constantB(b))), "kernel 0 (matmul): unknown activation 42");
}

TEST(KernelTable, BadPostOpListsAreNamed) {
  std::vector<float> b(100);
  aicc_matmul_params p = smallMatMulParams();
  aicc_post_op unknown{};
  unknown.kind = 7;
  p.post_ops = postOpList({unknown});
  EXPECT_EQ(createError(KernelSpec(AICC_KERNEL_MATMUL, p, constantB(b))), "kernel 0 (matmul): unknown post-op kind 7");
  p.post_ops.count = AICC_MAX_POST_OPS + 1;
  EXPECT_EQ(createError(KernelSpec(AICC_KERNEL_MATMUL, p, constantB(b))),
            "kernel 0 (matmul): post_ops.count must be 0..4, got 5");
}

TEST(KernelTable, UnknownLayoutIsNamed) {
  KernelSpec spec = reorderSpec({1, 8, 4, 4}, AICC_LAYOUT_PLAIN, 7);
  EXPECT_EQ(createError(spec), "kernel 0 (reorder): unknown layout 7");
}

TEST(KernelTable, InvalidTableArgumentsAreRefused) {
  void *state = reinterpret_cast<void *>(1);
  EXPECT_NE(aicc_kernels_create(nullptr, nullptr, 2, &state), 0);
  EXPECT_EQ(state, nullptr);
  EXPECT_THAT(aicc_kernel_last_error(), HasSubstr("invalid kernel table"));
  EXPECT_NE(aicc_kernels_create(nullptr, nullptr, 0, nullptr), 0);
  aicc_kernels_destroy(nullptr); // ignored
}

TEST(KernelTable, BadRunsAreReportedOnceAndCleared) {
  std::vector<float> a(10, 1.f), b(100, 1.f), y(10);
  KernelTable table({smallMatMul(b)});
  ASSERT_TRUE(table.created()) << table.createError();
  EXPECT_EQ(table.run(3, matMulArgs(a.data(), y.data())), "kernel 3: index out of range of the kernel table");
  EXPECT_EQ(table.run(0, matMulArgs(nullptr, y.data())), "kernel 0 (matmul): operand 0 (A) is null");
  EXPECT_EQ(table.run(0, matMulArgs(a.data(), nullptr)), "kernel 0 (matmul): operand 3 (Y) is null");
  aicc_kernel_run(table.state(), 0, nullptr);
  EXPECT_NE(aicc_kernels_status(table.state()), 0);
  EXPECT_EQ(std::string(aicc_kernel_last_error()), "kernel 0 (matmul): args is null");
  // The first error wins; status clears it.
  aicc_kernel_run(table.state(), 7, nullptr);
  aicc_kernel_run(table.state(), 0, nullptr);
  EXPECT_NE(aicc_kernels_status(table.state()), 0);
  EXPECT_THAT(aicc_kernel_last_error(), HasSubstr("kernel 7"));
  EXPECT_EQ(table.run(0, matMulArgs(a.data(), y.data())), "");
  EXPECT_EQ(y[0], 10.f);
  aicc_kernel_run(nullptr, 0, nullptr); // ignored
  EXPECT_NE(aicc_kernels_status(nullptr), 0);
}

// Generated code reports an index outside its axis (Scatter, Gather) through the same state: the
// first error of the run wins, from any of its threads, and names the node, the index and the axis.
TEST(KernelTable, IndexErrorsAreReportedWithTheirNode) {
  KernelTable table({});
  ASSERT_TRUE(table.created()) << table.createError();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] { aicc_kernels_index_error(table.state(), "/ScatterND", 9, 1, 5); });
  for (std::thread &thread : threads) thread.join();
  aicc_kernels_index_error(table.state(), nullptr, -7, 0, 3);
  EXPECT_NE(aicc_kernels_status(table.state()), 0);
  EXPECT_EQ(std::string(aicc_kernel_last_error()), "/ScatterND: index 9 is out of range for axis 1 of size 5");
  EXPECT_EQ(aicc_kernels_status(table.state()), 0);
  aicc_kernels_index_error(nullptr, "/Gather", 1, 0, 1); // ignored
}

// A table whose kernels all use the shared scratch slots: a 3x3 conv (staged NHWC/blocked
// activations), a pooling, and a matmul. Each one's result must be right when run in sequence.
TEST(KernelTable, KernelsShareScratchBuffers) {
  const int64_t C = 8, OC = 16, H = 10;
  auto x = randomFloats(C * H * H, 31), w = randomFloats(OC * C * 9, 32);
  aicc_conv_params cp{};
  cp.spatial_dims = 2, cp.batch = 1, cp.channels = C, cp.out_channels = OC, cp.groups = 1;
  for (int i = 0; i < 2; ++i) {
    cp.in[i] = cp.out[i] = H, cp.kernel[i] = 3;
    cp.strides[i] = cp.dilations[i] = cp.pads_begin[i] = cp.pads_end[i] = 1;
  }
  KernelSpec conv(AICC_KERNEL_CONV, cp, constantSlots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_W, w.data()}}));
  aicc_pool_params pp{};
  pp.spatial_dims = 2, pp.batch = 1, pp.channels = OC, pp.algorithm = AICC_POOL_MAX;
  for (int i = 0; i < 2; ++i) {
    pp.in[i] = H, pp.out[i] = 5, pp.kernel[i] = 2, pp.strides[i] = 2, pp.dilations[i] = 1;
  }
  KernelSpec pool(AICC_KERNEL_POOL, pp, constantSlots(AICC_POOL_NUM_ARGS, {}));
  auto b = randomFloats(25 * 4, 33);
  aicc_matmul_params mp{};
  mp.rank = 2;
  mp.a_dims[0] = OC, mp.a_dims[1] = 25;
  mp.b_dims[0] = 25, mp.b_dims[1] = 4;
  mp.y_dims[0] = OC, mp.y_dims[1] = 4;
  mp.bias_dims[0] = mp.bias_dims[1] = 1;
  mp.alpha = 1.0;
  KernelSpec matmul(AICC_KERNEL_MATMUL, mp, constantB(b));
  KernelTable table({conv, pool, matmul});
  ASSERT_TRUE(table.created()) << table.createError();

  auto convArgs = [](float *x, float *y) {
    return slots(AICC_CONV_NUM_ARGS, {{AICC_CONV_ARG_X, x}, {AICC_CONV_ARG_Y, y}});
  };
  auto poolArgs = [](float *x, float *y) {
    return slots(AICC_POOL_NUM_ARGS, {{AICC_POOL_ARG_X, x}, {AICC_POOL_ARG_Y, y}});
  };

  // Reference from single-kernel tables.
  std::vector<float> convRef(OC * H * H), poolRef(OC * 25), outRef(OC * 4);
  {
    KernelTable c({conv}), p({pool}), m({matmul});
    ASSERT_EQ(c.run(0, convArgs(x.data(), convRef.data())), "");
    ASSERT_EQ(p.run(0, poolArgs(convRef.data(), poolRef.data())), "");
    ASSERT_EQ(m.run(0, matMulArgs(poolRef.data(), outRef.data())), "");
  }
  std::vector<float> convOut(OC * H * H), poolOut(OC * 25), out(OC * 4);
  for (int repeat = 0; repeat < 3; ++repeat) {
    aicc_kernel_run(table.state(), 0, convArgs(x.data(), convOut.data()).data());
    aicc_kernel_run(table.state(), 1, poolArgs(convOut.data(), poolOut.data()).data());
    aicc_kernel_run(table.state(), 2, matMulArgs(poolOut.data(), out.data()).data());
    ASSERT_EQ(aicc_kernels_status(table.state()), 0) << aicc_kernel_last_error();
    EXPECT_EQ(out, outRef);
  }
}

// A reorder of 8-bit activations (an int8 kernel's), and one whose params predate element_bytes
// (an artifact compiled before them), which moves f32: plain NCHW to channels-last either way.
TEST(KernelTable, ReordersMoveBytesOrF32) {
  const std::vector<int64_t> dims{1, 16, 2, 2};
  auto nhwc = [](int64_t c, int64_t hw) { return hw * 16 + c; };
  std::vector<uint8_t> bytes(64), bytesOut(64);
  std::vector<float> floats(64), floatsOut(64);
  for (int i = 0; i < 64; ++i) bytes[i] = static_cast<uint8_t>(200 + i % 50), floats[i] = 0.5f * i;
  KernelSpec old = reorderSpec(dims, AICC_LAYOUT_PLAIN, AICC_LAYOUT_CHANNELS_LAST);
  old.paramsSize -= static_cast<int64_t>(sizeof(int64_t));
  KernelTable table({reorderSpec(dims, AICC_LAYOUT_PLAIN, AICC_LAYOUT_CHANNELS_LAST, 1), old});
  ASSERT_TRUE(table.created()) << table.createError();
  ASSERT_EQ(table.run(0, reorderArgs(bytes.data(), bytesOut.data())), "");
  ASSERT_EQ(table.run(1, reorderArgs(floats.data(), floatsOut.data())), "");
  for (int64_t c = 0; c < 16; ++c)
    for (int64_t hw = 0; hw < 4; ++hw) {
      EXPECT_EQ(bytesOut[nhwc(c, hw)], bytes[c * 4 + hw]);
      EXPECT_EQ(floatsOut[nhwc(c, hw)], floats[c * 4 + hw]);
    }
}

} // namespace
} // namespace aicc::test
