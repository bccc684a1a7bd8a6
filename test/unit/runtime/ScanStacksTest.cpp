// aicc_kernels_scan_row / aicc_kernels_scan_rows: a Loop's scan output stacked in the session's
// buffer, which keeps its rows as it grows, checks the rows' order and shape, and is reused by
// the next run of the loop.
#include <cstring>

#include "TestSupport.h"

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

void append(void *state, int64_t slot, int64_t index, std::vector<int64_t> dims, float value) {
  int64_t count = 1;
  for (int64_t d : dims) count *= d;
  auto *row = static_cast<float *>(aicc_kernels_scan_row(state, slot, index, dims.size(), dims.data(), sizeof(float)));
  ASSERT_NE(row, nullptr) << aicc_kernel_last_error();
  for (int64_t k = 0; k < count; ++k) row[k] = value + k;
}

TEST(ScanStacks, RowsSurviveGrowth) {
  KernelTable table({});
  ASSERT_TRUE(table.created()) << table.createError();
  // 3000 rows of 3 floats cross the first 4 KiB and several doublings.
  for (int64_t i = 0; i < 3000; ++i) append(table.state(), 0, i, {3}, 10.0f * i);
  int64_t dims[1] = {-1};
  auto *rows = static_cast<const float *>(aicc_kernels_scan_rows(table.state(), 0, 3000, 1, dims));
  ASSERT_NE(rows, nullptr);
  EXPECT_EQ(dims[0], 3);
  for (int64_t i = 0; i < 3000; i += 499) {
    EXPECT_EQ(rows[3 * i], 10.0f * i);
    EXPECT_EQ(rows[3 * i + 2], 10.0f * i + 2);
  }
  EXPECT_EQ(aicc_kernels_status(table.state()), 0);
}

TEST(ScanStacks, EachRunStartsAtRowZero) {
  KernelTable table({});
  ASSERT_TRUE(table.created());
  for (int64_t i = 0; i < 5; ++i) append(table.state(), 1, i, {2, 2}, 1.0f);
  append(table.state(), 1, 0, {2, 1}, 7.0f); // the next run: new row dims
  int64_t dims[2] = {};
  auto *rows = static_cast<const float *>(aicc_kernels_scan_rows(table.state(), 1, 1, 2, dims));
  ASSERT_NE(rows, nullptr);
  EXPECT_EQ(dims[0], 2);
  EXPECT_EQ(dims[1], 1);
  EXPECT_EQ(rows[0], 7.0f);
  // Only one row was appended in this run.
  EXPECT_EQ(aicc_kernels_scan_rows(table.state(), 1, 2, 2, dims), nullptr);
  EXPECT_NE(aicc_kernels_status(table.state()), 0);
  EXPECT_THAT(aicc_kernel_last_error(), HasSubstr("2 rows asked for"));
}

TEST(ScanStacks, ARowOfAnotherShapeIsRefused) {
  KernelTable table({});
  ASSERT_TRUE(table.created());
  append(table.state(), 0, 0, {4}, 0.0f);
  int64_t other[1] = {5};
  EXPECT_EQ(aicc_kernels_scan_row(table.state(), 0, 1, 1, other, sizeof(float)), nullptr);
  EXPECT_NE(aicc_kernels_status(table.state()), 0);
  EXPECT_THAT(aicc_kernel_last_error(), HasSubstr("iteration 1 yields shape [5], iteration 0 yielded [4]"));
}

TEST(ScanStacks, RowsOutOfOrderAreRefused) {
  KernelTable table({});
  ASSERT_TRUE(table.created());
  int64_t dims[1] = {2};
  EXPECT_EQ(aicc_kernels_scan_row(table.state(), 0, 3, 1, dims, sizeof(float)), nullptr);
  EXPECT_NE(aicc_kernels_status(table.state()), 0);
  EXPECT_THAT(aicc_kernel_last_error(), HasSubstr("row 3 appended after 0 rows"));
}

TEST(ScanStacks, NoIterationsGiveAnEmptyStack) {
  KernelTable table({});
  ASSERT_TRUE(table.created());
  int64_t dims[2] = {9, 9};
  EXPECT_NE(aicc_kernels_scan_rows(table.state(), 4, 0, 2, dims), nullptr);
  EXPECT_EQ(dims[0], 0);
  EXPECT_EQ(dims[1], 0);
  EXPECT_EQ(aicc_kernels_status(table.state()), 0);
}

} // namespace
} // namespace aicc::test
