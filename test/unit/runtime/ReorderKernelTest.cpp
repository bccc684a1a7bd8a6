// AICC_KERNEL_REORDER: activations copied between plain NC(D)HW, channels-last and oneDNN's
// channel-blocked layouts. The bytes of each layout are checked against index arithmetic
// (cpu_kernels.h, aicc_layout: blocked8 is [N, ceil(C/8), spatial..., 8], i.e. nChw8c), and
// round trips must give back the plain input exactly.
#include "TestSupport.h"

namespace aicc::test {
namespace {

// plain -> layout must give toLayout's bytes; layout -> plain must give the input back.
void checkRoundTrip(const std::vector<int64_t> &dims, int64_t layout) {
  auto plain = randomFloats(product(dims), 41);
  std::vector<float> laidOut(layoutElements(dims, layout), -99.f), back(plain.size(), -99.f);
  KernelTable table({reorderSpec(dims, AICC_LAYOUT_PLAIN, layout), reorderSpec(dims, layout, AICC_LAYOUT_PLAIN)});
  ASSERT_TRUE(table.created()) << table.createError();
  ASSERT_EQ(table.run(0, reorderArgs(plain.data(), laidOut.data())), "");
  EXPECT_EQ(laidOut, toLayout(plain, dims, layout)); // a copy: exact, padded channels zero
  ASSERT_EQ(table.run(1, reorderArgs(laidOut.data(), back.data())), "");
  EXPECT_EQ(back, plain);
}

TEST(ReorderKernel, Blocked8BytesAreNCHW8c) {
  // Spelled out for one element rather than through layoutOffset: (n 1, c 11, h 2, w 3) of
  // [2, 16, 3, 4] sits in block 1 at lane 3, i.e. at ((1 * 2 + 1) * 3 * 4 + 2 * 4 + 3) * 8 + 3.
  const std::vector<int64_t> dims{2, 16, 3, 4};
  std::vector<float> plain(product(dims), 0.f), blocked(product(dims), -99.f);
  plain[((1 * 16 + 11) * 3 + 2) * 4 + 3] = 5.f;
  KernelTable table({reorderSpec(dims, AICC_LAYOUT_PLAIN, AICC_LAYOUT_BLOCKED8)});
  ASSERT_TRUE(table.created()) << table.createError();
  ASSERT_EQ(table.run(0, reorderArgs(plain.data(), blocked.data())), "");
  std::vector<float> want(blocked.size(), 0.f);
  want[((1 * 2 + 1) * 3 * 4 + 2 * 4 + 3) * 8 + 3] = 5.f;
  EXPECT_EQ(blocked, want);
  checkRoundTrip(dims, AICC_LAYOUT_BLOCKED8);
}

TEST(ReorderKernel, Blocked8PadsChannelsWithZeros) {
  checkRoundTrip({1, 12, 5, 3}, AICC_LAYOUT_BLOCKED8);
  checkRoundTrip({2, 3, 7}, AICC_LAYOUT_BLOCKED8); // 1-D: nCw8c
}

TEST(ReorderKernel, Blocked8ThreeDimensional) { checkRoundTrip({1, 8, 2, 3, 4}, AICC_LAYOUT_BLOCKED8); }

TEST(ReorderKernel, ChannelsLastAndBlocked16) {
  checkRoundTrip({2, 5, 3, 4}, AICC_LAYOUT_CHANNELS_LAST);
  checkRoundTrip({1, 20, 3, 2}, AICC_LAYOUT_BLOCKED16);
}

TEST(ReorderKernel, BetweenTwoNonPlainLayouts) {
  const std::vector<int64_t> dims{1, 12, 4, 5};
  auto plain = randomFloats(product(dims), 42);
  const auto last = toLayout(plain, dims, AICC_LAYOUT_CHANNELS_LAST);
  std::vector<float> blocked(layoutElements(dims, AICC_LAYOUT_BLOCKED8), -99.f);
  KernelTable table({reorderSpec(dims, AICC_LAYOUT_CHANNELS_LAST, AICC_LAYOUT_BLOCKED8)});
  ASSERT_TRUE(table.created()) << table.createError();
  ASSERT_EQ(table.run(0, reorderArgs(const_cast<float *>(last.data()), blocked.data())), "");
  EXPECT_EQ(blocked, toLayout(plain, dims, AICC_LAYOUT_BLOCKED8));
}

TEST(ReorderKernel, BadDescriptionsAreRefused) {
  KernelSpec rank2 = reorderSpec({4, 8}, AICC_LAYOUT_PLAIN, AICC_LAYOUT_BLOCKED8);
  KernelTable table({rank2});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(), "kernel 0 (reorder): rank must be 3..5, got 2");

  KernelSpec zeroDim = reorderSpec({1, 8, 0, 4}, AICC_LAYOUT_PLAIN, AICC_LAYOUT_BLOCKED8);
  KernelTable zero({zeroDim});
  ASSERT_FALSE(zero.created());
  EXPECT_EQ(zero.createError(), "kernel 0 (reorder): dims[2] must be >= 1, got 0");
}

} // namespace
} // namespace aicc::test
