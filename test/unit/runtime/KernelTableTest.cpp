// aicc_kernels_create / aicc_kernel_run / aicc_kernels_status: how a table of kernels is built,
// shares its scratch buffers, and reports bad descriptions and bad runs by kernel index and kind.
#include "TestSupport.h"

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

// A 1x10 * 10x10 matmul with constant B: the smallest useful kernel.
KernelSpec smallMatMul(const std::vector<float> &b) {
  return KernelSpec{AICC_KERNEL_MATMUL,
                    {2, 1, 10, 10, 10, 1, 10, 0, 0, 0, 1, 1, doubleBits(1.0), AICC_ACT_NONE, 0, 0},
                    {nullptr, b.data(), nullptr, nullptr}};
}

TEST(KernelTable, EmptyTableIsValid) {
  KernelTable table({});
  ASSERT_TRUE(table.created()) << table.createError();
  EXPECT_EQ(aicc_kernels_status(table.state()), 0);
}

TEST(KernelTable, UnknownKindIsNamed) {
  std::vector<float> b(100);
  KernelTable table({smallMatMul(b), KernelSpec{9, {0}, {}}});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(),
            "kernel 1 (unknown kind 9): expected kind 1 (conv), 2 (matmul) or 3 (pool)");
}

TEST(KernelTable, WrongParamCountIsNamed) {
  KernelTable table({KernelSpec{AICC_KERNEL_POOL, {2, 1, 1, 0}, {nullptr, nullptr}}});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(), "kernel 0 (pool): expected 18 params (4 + 7*S for S = 2), got 4");
}

TEST(KernelTable, WrongArgCountIsNamed) {
  std::vector<float> b(100);
  KernelSpec spec = smallMatMul(b);
  spec.constants.pop_back();
  KernelTable table({spec});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(), "kernel 0 (matmul): expected 4 args, got 3");
}

TEST(KernelTable, UnknownActivationIsNamed) {
  std::vector<float> b(100);
  KernelSpec spec = smallMatMul(b);
  spec.params[13] = 42;
  KernelTable table({spec});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(), "kernel 0 (matmul): unknown activation 42");
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
  EXPECT_EQ(table.run(3, {a.data(), nullptr, nullptr, y.data()}),
            "kernel 3: index out of range of the kernel table");
  EXPECT_EQ(table.run(0, {nullptr, nullptr, nullptr, y.data()}),
            "kernel 0 (matmul): operand 0 (A) is null");
  EXPECT_EQ(table.run(0, {a.data(), nullptr, nullptr, nullptr}),
            "kernel 0 (matmul): operand 3 (Y) is null");
  aicc_kernel_run(table.state(), 0, nullptr);
  EXPECT_NE(aicc_kernels_status(table.state()), 0);
  EXPECT_EQ(std::string(aicc_kernel_last_error()), "kernel 0 (matmul): args is null");
  // The first error wins; status clears it.
  aicc_kernel_run(table.state(), 7, nullptr);
  aicc_kernel_run(table.state(), 0, nullptr);
  EXPECT_NE(aicc_kernels_status(table.state()), 0);
  EXPECT_THAT(aicc_kernel_last_error(), HasSubstr("kernel 7"));
  EXPECT_EQ(table.run(0, {a.data(), nullptr, nullptr, y.data()}), "");
  EXPECT_EQ(y[0], 10.f);
  aicc_kernel_run(nullptr, 0, nullptr); // ignored
  EXPECT_NE(aicc_kernels_status(nullptr), 0);
}

// A table whose kernels all use the shared scratch slots: a 3x3 conv (staged NHWC/blocked
// activations), a pooling, and a matmul. Each one's result must be right when run in sequence.
TEST(KernelTable, KernelsShareScratchBuffers) {
  const int64_t C = 8, OC = 16, H = 10;
  auto x = randomFloats(C * H * H, 31), w = randomFloats(OC * C * 9, 32);
  KernelSpec conv{
      AICC_KERNEL_CONV,
      {2, 1, C, OC, 1, H, H, H, H, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0, AICC_ACT_NONE, 0, 0},
      {nullptr, w.data(), nullptr, nullptr}};
  KernelSpec pool{AICC_KERNEL_POOL,
                  {2, 1, OC, 0, H, H, 5, 5, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0},
                  {nullptr, nullptr}};
  auto b = randomFloats(25 * 4, 33);
  KernelSpec matmul{AICC_KERNEL_MATMUL,
                    {2, OC, 25, 25, 4, OC, 4, 0, 0, 0, 1, 1, doubleBits(1.0), AICC_ACT_NONE, 0, 0},
                    {nullptr, b.data(), nullptr, nullptr}};
  KernelTable table({conv, pool, matmul});
  ASSERT_TRUE(table.created()) << table.createError();

  // Reference from single-kernel tables.
  std::vector<float> convRef(OC * H * H), poolRef(OC * 25), outRef(OC * 4);
  {
    KernelTable c({conv}), p({pool}), m({matmul});
    ASSERT_EQ(c.run(0, {x.data(), nullptr, nullptr, convRef.data()}), "");
    ASSERT_EQ(p.run(0, {convRef.data(), poolRef.data()}), "");
    ASSERT_EQ(m.run(0, {poolRef.data(), nullptr, nullptr, outRef.data()}), "");
  }
  std::vector<float> convOut(OC * H * H), poolOut(OC * 25), out(OC * 4);
  for (int repeat = 0; repeat < 3; ++repeat) {
    aicc_kernel_run(table.state(), 0,
                    std::vector<void *>{x.data(), nullptr, nullptr, convOut.data()}.data());
    aicc_kernel_run(table.state(), 1, std::vector<void *>{convOut.data(), poolOut.data()}.data());
    aicc_kernel_run(table.state(), 2,
                    std::vector<void *>{poolOut.data(), nullptr, nullptr, out.data()}.data());
    ASSERT_EQ(aicc_kernels_status(table.state()), 0) << aicc_kernel_last_error();
    EXPECT_EQ(out, outRef);
  }
}

} // namespace
} // namespace aicc::test
