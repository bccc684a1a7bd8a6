// A model with a symbolic dim (fake_symbolic: y[rows,3] = x[rows,3] + 1): one session runs every
// size, its matmul kernel created per size from run values, and the checks name the dim.
#include "TestSupport.h"

namespace aicc::test {
namespace {

class SymbolicDimsTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_SYMBOLIC, &model), AICC_OK) << aicc_last_error();
    ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  }
  void TearDown() override {
    aicc_session_free(session);
    aicc_model_free(model);
  }

  // Runs on x of `inShape` into y of `outShape`; returns "" or the error.
  std::string run(std::vector<int64_t> inShape, std::vector<int64_t> outShape, std::vector<float> &x,
                  std::vector<float> &y) {
    aicc_tensor input{AICC_DTYPE_FLOAT32, static_cast<int32_t>(inShape.size()), inShape.data(), x.data()};
    aicc_tensor output{AICC_DTYPE_FLOAT32, static_cast<int32_t>(outShape.size()), outShape.data(), y.data()};
    return aicc_session_run(session, &input, 1, &output, 1) == AICC_OK ? "" : aicc_last_error();
  }

  aicc_model *model = nullptr;
  aicc_session *session = nullptr;
};

TEST_F(SymbolicDimsTest, InfoNamesTheDim) {
  const aicc_tensor_info *x = aicc_model_input(model, 0);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->shape[0], AICC_DIM_SYMBOLIC);
  ASSERT_NE(x->dim_names, nullptr);
  EXPECT_STREQ(x->dim_names[0], "rows");
  EXPECT_EQ(x->dim_names[1], nullptr);
}

TEST_F(SymbolicDimsTest, OutputShapeFollowsTheInputs) {
  std::vector<int64_t> shape{7, 3}, out(2);
  aicc_tensor input{AICC_DTYPE_FLOAT32, 2, shape.data(), nullptr}; // the data is not needed
  ASSERT_EQ(aicc_model_output_shape(model, &input, 1, 0, out.data()), AICC_OK) << aicc_last_error();
  EXPECT_EQ(out, (std::vector<int64_t>{7, 3}));
  EXPECT_NE(aicc_model_output_shape(model, &input, 1, 1, out.data()), AICC_OK);
  EXPECT_STREQ(aicc_last_error(), "aicc_model_output_shape: output 1 does not exist (the model has 1)");
}

TEST_F(SymbolicDimsTest, OneSessionRunsEverySize) {
  // Back to a size seen before as well: its kernel is reused.
  for (int64_t rows : {2, 5, 1, 64, 5}) {
    std::vector<float> x(rows * 3), y(rows * 3, -1.0f);
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
    ASSERT_EQ(run({rows, 3}, {rows, 3}, x, y), "") << rows;
    for (size_t i = 0; i < y.size(); ++i) ASSERT_EQ(y[i], x[i] + 1) << "rows " << rows << ", element " << i;
  }
}

TEST_F(SymbolicDimsTest, ManyShapesStayBounded) {
  // More sizes than a kernel keeps: the oldest are dropped and made again when they come back.
  for (int round = 0; round < 2; ++round)
    for (int64_t rows = 1; rows <= 12; ++rows) {
      std::vector<float> x(rows * 3, 2.0f), y(rows * 3);
      ASSERT_EQ(run({rows, 3}, {rows, 3}, x, y), "") << rows;
      ASSERT_EQ(y.back(), 3.0f) << rows;
    }
}

TEST_F(SymbolicDimsTest, RunsLargerAfterSmaller) {
  // The fake copies x into the workspace: 64 rows need 768 bytes, 12 times the 1-row run's, so the
  // session must grow the workspace to what aicc_model_workspace_bytes_for says.
  for (int64_t rows : {1, 64, 1, 64}) {
    std::vector<float> x(rows * 3, 1.0f), y(rows * 3);
    ASSERT_EQ(run({rows, 3}, {rows, 3}, x, y), "") << rows;
    ASSERT_EQ(y.front(), 2.0f);
  }
}

TEST_F(SymbolicDimsTest, ChecksNameTheDim) {
  std::vector<float> x(12), y(15);
  EXPECT_EQ(run({4, 3}, {5, 3}, x, y), "output 'y': expected shape [4,3] ([rows,3]), got [5,3]");
  EXPECT_EQ(run({4, 2}, {4, 2}, x, y), "input 'x': expected shape [rows,3], got [4,2]");
  EXPECT_EQ(run({-4, 3}, {4, 3}, x, y), "input 'x': expected shape [rows,3], got [-4,3]");
}

} // namespace
} // namespace aicc::test
