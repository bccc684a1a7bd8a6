// The ONNX rules every stage shares (dialects/OnnxSemantics.h), at their edges: the values ONNX's
// reference implementation gives.
#include <gtest/gtest.h>

#include <limits>

#include "dialects/OnnxSemantics.h"

namespace mlir::aicc {
namespace {

std::pair<int64_t, int64_t> pair(int64_t first, int64_t second) { return {first, second}; }

TEST(OnnxSemantics, NormalizeAxis) {
  EXPECT_EQ(normalizeAxis(0, 3), 0);
  EXPECT_EQ(normalizeAxis(-1, 3), 2);
  EXPECT_EQ(normalizeAxis(-3, 3), 0);
  EXPECT_EQ(normalizeAxis(3, 3), std::nullopt);
  EXPECT_EQ(normalizeAxis(-4, 3), std::nullopt);
  EXPECT_EQ(normalizeAxis(0, 0), std::nullopt);
}

TEST(OnnxSemantics, FlattenAxisTakesRankItself) {
  EXPECT_EQ(flattenAxis(3, 3), 3);
  EXPECT_EQ(flattenAxis(-1, 3), 2);
  EXPECT_EQ(flattenAxis(-3, 3), 0);
  EXPECT_EQ(flattenAxis(0, 0), 0);
  EXPECT_EQ(flattenAxis(4, 3), std::nullopt);
  EXPECT_EQ(flattenAxis(-4, 3), std::nullopt);
}

TEST(OnnxSemantics, ShapeRangeClampsBothBounds) {
  EXPECT_EQ(shapeRange(0, std::nullopt, 4), pair(0, 4));
  EXPECT_EQ(shapeRange(-1, std::nullopt, 4), pair(3, 4));
  EXPECT_EQ(shapeRange(1, -1, 4), pair(1, 3));
  EXPECT_EQ(shapeRange(-10, 10, 4), pair(0, 4));
  EXPECT_EQ(shapeRange(3, 1, 4), pair(3, 3)); // empty, never negative
}

TEST(OnnxSemantics, SliceRange) {
  auto range = [](int64_t start, int64_t end, int64_t step, int64_t size) {
    SliceRange r = sliceRange(start, end, step, size);
    return std::make_pair(r.start, r.count);
  };
  const int64_t min = std::numeric_limits<int64_t>::min(), max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(range(1, 3, 1, 5), pair(1, 2));
  EXPECT_EQ(range(0, max, 2, 5), pair(0, 3)); // 0, 2, 4
  EXPECT_EQ(range(-2, max, 1, 5), pair(3, 2));
  EXPECT_EQ(range(min, 2, 1, 5), pair(0, 2));    // no overflow
  EXPECT_EQ(range(10, 20, 1, 5), pair(5, 0));    // start past the end
  EXPECT_EQ(range(max, min, -1, 5), pair(4, 5)); // the whole dim reversed
  EXPECT_EQ(range(-1, -6, -2, 5), pair(4, 3));   // 4, 2, 0
  EXPECT_EQ(range(3, 3, -1, 5), pair(3, 0));
  EXPECT_EQ(range(0, 1, 1, 0), pair(0, 0));     // an empty dim
  EXPECT_EQ(range(-1, min, -1, 0), pair(0, 0)); // reversed, empty
  EXPECT_EQ(range(0, max, max, 5), pair(0, 1)); // steps of any size
  EXPECT_EQ(range(max, min, min, 5), pair(4, 1));
}

TEST(OnnxSemantics, SliceAxesDefaultsAndChecks) {
  std::string reason;
  FailureOr<SliceAxes> defaults = sliceAxes(2, 2, std::nullopt, std::nullopt, 3, reason);
  ASSERT_TRUE(succeeded(defaults));
  EXPECT_EQ(defaults->axes, (llvm::SmallVector<int64_t>{0, 1}));
  EXPECT_EQ(defaults->steps, (llvm::SmallVector<int64_t>{1, 1}));

  const int64_t axes[] = {-1, 0}, steps[] = {2, -1};
  FailureOr<SliceAxes> given = sliceAxes(2, 2, ArrayRef<int64_t>(axes), ArrayRef<int64_t>(steps), 3, reason);
  ASSERT_TRUE(succeeded(given));
  EXPECT_EQ(given->axes, (llvm::SmallVector<int64_t>{2, 0}));
  EXPECT_EQ(given->steps, (llvm::SmallVector<int64_t>{2, -1}));

  EXPECT_TRUE(failed(sliceAxes(2, 1, std::nullopt, std::nullopt, 3, reason)));
  EXPECT_EQ(reason, "inputs 'starts', 'ends', 'axes' and 'steps' must have the same length");
  const int64_t repeated[] = {1, -2};
  EXPECT_TRUE(failed(sliceAxes(2, 2, ArrayRef<int64_t>(repeated), std::nullopt, 3, reason)));
  EXPECT_EQ(reason, "input 'axes' has an out-of-range or repeated axis");
  const int64_t zero[] = {1, 0};
  EXPECT_TRUE(failed(sliceAxes(2, 2, std::nullopt, ArrayRef<int64_t>(zero), 3, reason)));
  EXPECT_EQ(reason, "input 'steps' has a 0");
}

TEST(OnnxSemantics, ReshapeDims) {
  std::string reason;
  FailureOr<ReshapeDims> dims = reshapeDims({0, -1, 4, std::nullopt}, 3, /*allowZero=*/false, reason);
  ASSERT_TRUE(succeeded(dims));
  EXPECT_EQ(dims->copies, (llvm::SmallVector<bool>{true, false, false, false}));
  EXPECT_EQ(dims->inferred, 1u);
  EXPECT_EQ(dims->sizes, (llvm::SmallVector<std::optional<int64_t>>{std::nullopt, std::nullopt, 4, std::nullopt}));

  FailureOr<ReshapeDims> zero = reshapeDims({0, 3}, 1, /*allowZero=*/true, reason);
  ASSERT_TRUE(succeeded(zero));
  EXPECT_EQ(zero->copies, (llvm::SmallVector<bool>{false, false}));
  EXPECT_EQ(zero->sizes[0], 0);

  EXPECT_TRUE(failed(reshapeDims({-1, -1}, 2, false, reason)));
  EXPECT_EQ(reason, "input 'shape' has more than one -1");
  EXPECT_TRUE(failed(reshapeDims({2, -3}, 2, false, reason)));
  EXPECT_EQ(reason, "input 'shape' has the invalid size -3");
  EXPECT_TRUE(failed(reshapeDims({1, 0}, 1, false, reason)));
  EXPECT_EQ(reason, "input 'shape' copies dimension 1 (0) but input 'data' has rank 1");
  EXPECT_TRUE(succeeded(reshapeDims({1, 0}, std::nullopt, false, reason))); // the rank is not known yet
}

} // namespace
} // namespace mlir::aicc
