// aicc_kernels_list_*: lists are values (an insert or erase makes a new list and leaves the old one
// as it was, also where the new one shares the old one's storage), positions count from the back
// when negative, and every misuse is recorded for aicc_kernels_status while the call still returns
// something safe to use.
#include <cstdint>
#include <optional>

#include "TestSupport.h"

namespace aicc::test {
namespace {

// A float32 [values.size()] row inserted into `list` at `position`, or at the back without one.
aicc_list *insert(void *state, const aicc_list *list, std::vector<float> values,
                  std::optional<int64_t> position = std::nullopt) {
  const int64_t dims[1] = {static_cast<int64_t>(values.size())};
  return aicc_kernels_list_insert(state, list, values.data(), AICC_DTYPE_FLOAT32, 1, dims, position.has_value(),
                                  position.value_or(0));
}

aicc_list *erase(void *state, const aicc_list *list, std::optional<int64_t> position = std::nullopt) {
  return aicc_kernels_list_erase(state, list, position.has_value(), position.value_or(0));
}

// The first value of each element: which elements a list holds, in its order.
std::vector<float> firsts(void *state, const aicc_list *list) {
  std::vector<float> values;
  for (int64_t i = 0; i < aicc_kernels_list_length(state, list); ++i) {
    int64_t dims[1] = {-1};
    values.push_back(*static_cast<const float *>(aicc_kernels_list_at(state, list, i, 1, dims)));
  }
  return values;
}

// "" if no call failed since the last check, else the first failure's message.
std::string status(void *state) {
  return aicc_kernels_status(state) == 0 ? std::string() : std::string(aicc_kernel_last_error());
}

class ListsTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_TRUE(table.created()) << table.createError(); }

  // [1], [2], ... [n]: a list built by appending, as a loop builds one.
  aicc_list *counting(int n) {
    aicc_list *list = aicc_kernels_list_empty(state);
    for (int i = 1; i <= n; ++i) list = insert(state, list, {float(i)});
    return list;
  }

  KernelTable table{{}};
  void *state = table.state();
};

TEST_F(ListsTest, AppendingSharesStorageButLeavesTheOldListAsItWas) {
  aicc_list *empty = aicc_kernels_list_empty(state);
  aicc_list *one = insert(state, empty, {1});
  aicc_list *two = insert(state, one, {2});
  // `one` no longer ends where its storage does: this insert must not overwrite `two`'s 2.
  aicc_list *other = insert(state, one, {3});
  aicc_list *three = insert(state, two, {4});
  EXPECT_EQ(status(state), "");
  EXPECT_EQ(aicc_kernels_list_length(state, empty), 0);
  EXPECT_EQ(firsts(state, one), (std::vector<float>{1}));
  EXPECT_EQ(firsts(state, two), (std::vector<float>{1, 2}));
  EXPECT_EQ(firsts(state, other), (std::vector<float>{1, 3}));
  EXPECT_EQ(firsts(state, three), (std::vector<float>{1, 2, 4}));
  // The element itself is shared, not copied again.
  int64_t dims[1] = {-1};
  EXPECT_EQ(aicc_kernels_list_at(state, one, 0, 1, dims), aicc_kernels_list_at(state, three, 0, 1, dims));
}

TEST_F(ListsTest, ListsKeepTheirElementsAsTheSharedStorageGrows) {
  aicc_list *list = aicc_kernels_list_empty(state);
  aicc_list *tenth = nullptr;
  for (int i = 1; i <= 1000; ++i) {
    list = insert(state, list, {float(i), float(-i)});
    if (i == 10) tenth = list;
  }
  EXPECT_EQ(status(state), "");
  std::vector<float> want(10);
  for (int i = 0; i < 10; ++i) want[i] = float(i + 1);
  EXPECT_EQ(firsts(state, tenth), want);
  ASSERT_EQ(aicc_kernels_list_length(state, list), 1000);
  int64_t dims[1] = {-1};
  const auto *last = static_cast<const float *>(aicc_kernels_list_at(state, list, 999, 1, dims));
  EXPECT_EQ(dims[0], 2);
  EXPECT_EQ(last[0], 1000.f);
  EXPECT_EQ(last[1], -1000.f);
}

TEST_F(ListsTest, InsertsAtTheFrontAndInTheMiddle) {
  aicc_list *list = counting(3);
  aicc_list *front = insert(state, list, {10}, 0);
  aicc_list *middle = insert(state, list, {20}, 1);
  aicc_list *back = insert(state, list, {30}, 3);
  EXPECT_EQ(status(state), "");
  EXPECT_EQ(firsts(state, front), (std::vector<float>{10, 1, 2, 3}));
  EXPECT_EQ(firsts(state, middle), (std::vector<float>{1, 20, 2, 3}));
  EXPECT_EQ(firsts(state, back), (std::vector<float>{1, 2, 3, 30}));
  EXPECT_EQ(firsts(state, list), (std::vector<float>{1, 2, 3}));
}

TEST_F(ListsTest, NegativePositionsCountFromTheBack) {
  aicc_list *list = counting(3);
  EXPECT_EQ(firsts(state, insert(state, list, {9}, -1)), (std::vector<float>{1, 2, 9, 3}));
  EXPECT_EQ(firsts(state, insert(state, list, {9}, -3)), (std::vector<float>{9, 1, 2, 3}));
  EXPECT_EQ(firsts(state, erase(state, list, -1)), (std::vector<float>{1, 2}));
  EXPECT_EQ(firsts(state, erase(state, list, -3)), (std::vector<float>{2, 3}));
  int64_t dims[1] = {-1};
  EXPECT_EQ(*static_cast<const float *>(aicc_kernels_list_at(state, list, -3, 1, dims)), 1.f);
  EXPECT_EQ(status(state), "");
}

TEST_F(ListsTest, EraseMakesANewListAndKeepsTheOld) {
  aicc_list *list = counting(4);
  EXPECT_EQ(firsts(state, erase(state, list, 0)), (std::vector<float>{2, 3, 4}));
  EXPECT_EQ(firsts(state, erase(state, list, 2)), (std::vector<float>{1, 2, 4}));
  aicc_list *shorter = erase(state, list);
  EXPECT_EQ(firsts(state, shorter), (std::vector<float>{1, 2, 3}));
  // `shorter` shares `list`'s storage but ends before it: appending to it copies.
  aicc_list *replaced = insert(state, shorter, {9});
  EXPECT_EQ(firsts(state, replaced), (std::vector<float>{1, 2, 3, 9}));
  EXPECT_EQ(firsts(state, list), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(aicc_kernels_list_length(state, erase(state, counting(1))), 0);
  EXPECT_EQ(status(state), "");
}

TEST_F(ListsTest, InsertCopiesTheTensorIntoAlignedMemory) {
  std::vector<float> row = {1, 2, 3, 4, 5, 6};
  const int64_t dims[2] = {2, 3};
  aicc_list *list =
      aicc_kernels_list_insert(state, aicc_kernels_list_empty(state), row.data(), AICC_DTYPE_FLOAT32, 2, dims, 0, 0);
  row[0] = 100;
  int64_t read[2] = {2, -1};
  const auto *data = static_cast<const float *>(aicc_kernels_list_at(state, list, 0, 2, read));
  EXPECT_EQ(status(state), "");
  EXPECT_NE(data, row.data());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(data) % 64, 0u);
  EXPECT_EQ(read[1], 3);
  EXPECT_EQ(std::vector<float>(data, data + 6), (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST_F(ListsTest, ElementOfNoBytesHasData) {
  const int64_t dims[2] = {0, 4};
  aicc_list *list =
      aicc_kernels_list_insert(state, aicc_kernels_list_empty(state), nullptr, AICC_DTYPE_INT64, 2, dims, 0, 0);
  int64_t read[2] = {-1, -1};
  EXPECT_NE(aicc_kernels_list_at(state, list, 0, 2, read), nullptr);
  EXPECT_EQ(read[0], 0);
  EXPECT_EQ(read[1], 4);
  EXPECT_EQ(status(state), "");
}

TEST_F(ListsTest, PositionsOutOfRangeAreRecordedAndTheListGivenReturned) {
  aicc_list *list = counting(2);
  EXPECT_EQ(insert(state, list, {9}, 3), list);
  EXPECT_EQ(status(state), "aicc_kernels_list_insert: position 3 is out of range of a list of length 2 (it must be in "
                           "[-2, 2])");
  EXPECT_EQ(erase(state, list, -3), list);
  EXPECT_EQ(status(state), "aicc_kernels_list_erase: position -3 is out of range of a list of length 2 (it must be in "
                           "[-2, 1])");
  aicc_list *empty = aicc_kernels_list_empty(state);
  EXPECT_EQ(erase(state, empty), empty);
  EXPECT_EQ(status(state), "aicc_kernels_list_erase: the list is empty: it has no last element to erase");
  // Only the first failure is reported.
  erase(state, list, 5);
  erase(state, list, 6);
  EXPECT_THAT(status(state), ::testing::HasSubstr("position 5"));
  EXPECT_EQ(status(state), "");
}

TEST_F(ListsTest, FailedReadGivesZerosOfTheStaticDims) {
  aicc_list *list = counting(2);
  int64_t dims[3] = {4, -1, 3};
  const auto *data = static_cast<const int64_t *>(aicc_kernels_list_at(state, list, 2, 3, dims));
  EXPECT_EQ(status(state), "aicc_kernels_list_at: position 2 is out of range of a list of length 2 (it must be in "
                           "[-2, 1])");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(dims[0], 4);
  EXPECT_EQ(dims[1], 0);
  EXPECT_EQ(dims[2], 3);
  // 8 bytes for each of 4 * 0 * 3 elements, and more: what a read of the static dims may touch.
  EXPECT_EQ(data[0], 0);
}

TEST_F(ListsTest, ReadChecksRankAndStaticDims) {
  std::vector<float> values(6, 1.f);
  const int64_t dims[2] = {2, 3};
  aicc_list *list =
      aicc_kernels_list_insert(state, aicc_kernels_list_empty(state), values.data(), AICC_DTYPE_FLOAT32, 2, dims, 0, 0);
  int64_t rank1[1] = {-1};
  aicc_kernels_list_at(state, list, 0, 1, rank1);
  EXPECT_EQ(status(state), "aicc_kernels_list_at: the element at position 0 has shape [2,3], not [?]");
  EXPECT_EQ(rank1[0], 0);
  int64_t other[2] = {2, 4};
  const auto *zeros = static_cast<const float *>(aicc_kernels_list_at(state, list, 0, 2, other));
  EXPECT_EQ(status(state), "aicc_kernels_list_at: the element at position 0 has shape [2,3], not [2,4]");
  EXPECT_EQ(other[1], 4);
  EXPECT_EQ(std::vector<float>(zeros, zeros + 8), std::vector<float>(8, 0.f));
  int64_t fits[2] = {-1, 3};
  EXPECT_EQ(*static_cast<const float *>(aicc_kernels_list_at(state, list, -1, 2, fits)), 1.f);
  EXPECT_EQ(fits[0], 2);
  EXPECT_EQ(status(state), "");
}

TEST_F(ListsTest, NullListIsAnAbsentSequence) {
  const std::string absent = ": the sequence is absent (an optional holding nothing)";
  aicc_list *inserted = insert(state, nullptr, {1});
  ASSERT_NE(inserted, nullptr);
  EXPECT_EQ(aicc_kernels_list_length(state, inserted), 0);
  EXPECT_EQ(status(state), "aicc_kernels_list_insert" + absent);
  aicc_list *erased = erase(state, nullptr);
  ASSERT_NE(erased, nullptr);
  EXPECT_EQ(status(state), "aicc_kernels_list_erase" + absent);
  EXPECT_EQ(aicc_kernels_list_length(state, nullptr), 0);
  EXPECT_EQ(status(state), "aicc_kernels_list_length" + absent);
  int64_t dims[1] = {5};
  EXPECT_NE(aicc_kernels_list_at(state, nullptr, 0, 1, dims), nullptr);
  EXPECT_EQ(dims[0], 5);
  EXPECT_EQ(status(state), "aicc_kernels_list_at" + absent);
}

TEST_F(ListsTest, InvalidElementsAreRecorded) {
  aicc_list *list = counting(1);
  const int64_t negative[1] = {-2}, three[1] = {3};
  float data[3] = {};
  EXPECT_EQ(aicc_kernels_list_insert(state, list, data, 99, 1, three, 0, 0), list);
  EXPECT_EQ(status(state), "aicc_kernels_list_insert: unknown dtype 99");
  EXPECT_EQ(aicc_kernels_list_insert(state, list, data, AICC_DTYPE_FLOAT32, 1, negative, 0, 0), list);
  EXPECT_EQ(status(state), "aicc_kernels_list_insert: invalid element dims [-2]");
  EXPECT_EQ(aicc_kernels_list_insert(state, list, nullptr, AICC_DTYPE_FLOAT32, 1, three, 0, 0), list);
  EXPECT_EQ(status(state), "aicc_kernels_list_insert: the element's data is null");
  EXPECT_EQ(aicc_kernels_list_insert(state, list, data, AICC_DTYPE_FLOAT32, 1, nullptr, 0, 0), list);
  EXPECT_EQ(status(state), "aicc_kernels_list_insert: invalid element: rank 1 with null dims");
  EXPECT_EQ(aicc_kernels_list_length(state, list), 1);
}

// A float32 [rows, cols] matrix of `values`, inserted at the back of `list`.
aicc_list *insertMatrix(void *state, const aicc_list *list, int64_t rows, int64_t cols, std::vector<float> values) {
  const int64_t dims[2] = {rows, cols};
  return aicc_kernels_list_insert(state, list, values.data(), AICC_DTYPE_FLOAT32, 2, dims, 0, 0);
}

TEST_F(ListsTest, ConcatJoinsRaggedElementsAlongAnAxis) {
  aicc_list *list = aicc_kernels_list_empty(state);
  list = insertMatrix(state, list, 2, 1, {1, 2});
  list = insertMatrix(state, list, 2, 2, {3, 4, 5, 6});
  int64_t dims[2] = {2, -1};
  const auto *joined = static_cast<const float *>(aicc_kernels_list_concat(state, list, 1, 0, 2, dims));
  EXPECT_EQ(status(state), "");
  EXPECT_EQ(dims[0], 2);
  EXPECT_EQ(dims[1], 3);
  EXPECT_EQ(std::vector<float>(joined, joined + 6), (std::vector<float>{1, 3, 4, 2, 5, 6}));
}

TEST_F(ListsTest, ConcatWithANewAxisStacks) {
  int64_t dims[2] = {-1, -1};
  const auto *stacked = static_cast<const float *>(aicc_kernels_list_concat(state, counting(3), 1, 1, 2, dims));
  EXPECT_EQ(status(state), "");
  EXPECT_EQ(dims[0], 1);
  EXPECT_EQ(dims[1], 3);
  EXPECT_EQ(std::vector<float>(stacked, stacked + 3), (std::vector<float>{1, 2, 3}));
}

TEST_F(ListsTest, ConcatOfElementsThatDoNotFitIsRecorded) {
  aicc_list *list = aicc_kernels_list_empty(state);
  list = insertMatrix(state, list, 2, 1, {1, 2});
  list = insertMatrix(state, list, 3, 1, {3, 4, 5});
  int64_t dims[2] = {-1, -1};
  aicc_kernels_list_concat(state, list, 1, 0, 2, dims);
  EXPECT_EQ(status(state), "aicc_kernels_list_concat: element 1 has shape [3,1], which does not join along axis 1 "
                           "with element 0's [2,1]");
  // Zeroed memory of what the compiler knew: no dim of the failed result is read past.
  EXPECT_EQ(dims[0], 0);
  int64_t stackDims[2] = {-1, -1};
  aicc_kernels_list_concat(state, list, 0, 1, 2, stackDims);
  EXPECT_EQ(status(state), "aicc_kernels_list_concat: element 0 has shape [2,1], not of rank 1 (to stack into rank 2)");
  int64_t one[1] = {-1};
  aicc_kernels_list_concat(state, aicc_kernels_list_empty(state), 0, 0, 1, one);
  EXPECT_EQ(status(state), "aicc_kernels_list_concat: cannot concatenate a sequence of no tensors");
  aicc_kernels_list_concat(state, nullptr, 0, 0, 1, one);
  EXPECT_EQ(status(state), "aicc_kernels_list_concat: the sequence is absent (an optional holding nothing)");
  // Element 0 of another rank than the result asks: its dims are not read as the result's.
  int64_t three[3] = {-1, -1, -1};
  aicc_kernels_list_concat(state, list, 0, 0, 3, three);
  EXPECT_EQ(status(state), "aicc_kernels_list_concat: element 0 has shape [2,1], not of rank 3");
  int64_t wrong[1] = {5};
  aicc_kernels_list_concat(state, counting(3), 0, 0, 1, wrong);
  EXPECT_EQ(status(state), "aicc_kernels_list_concat: the concatenation has shape [3], not [5]");
}

} // namespace
} // namespace aicc::test
