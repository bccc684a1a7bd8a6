// aicc_session_run_values on fake_sequence: seq (float32 elements [len]), x float32[2] and opt
// (an optional sequence of int64 elements of any rank) in; longer (seq with x appended), count
// int64[2] (seq's length, opt's or -1 for None) and opt_out (opt as it is) out. Sequence inputs
// become lists in the session's state, output lists come back as element arrays in the session's
// memory, and the inputs are checked as aicc_session_run checks tensors.
#include <optional>

#include "TestSupport.h"

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

// A tensor with storage for its shape and values, viewed as an aicc_tensor.
struct Element {
  int32_t dtype;
  std::vector<int64_t> shape;
  std::vector<unsigned char> bytes;

  template <typename T> static Element of(int32_t dtype, std::vector<int64_t> shape, const std::vector<T> &values) {
    Element e{dtype, std::move(shape), std::vector<unsigned char>(values.size() * sizeof(T))};
    if (!values.empty()) std::memcpy(e.bytes.data(), values.data(), e.bytes.size());
    return e;
  }
  aicc_tensor view() {
    return aicc_tensor{dtype, static_cast<int32_t>(shape.size()), shape.data(), bytes.empty() ? nullptr : bytes.data()};
  }
};

Element floats(std::vector<int64_t> shape, const std::vector<float> &values) {
  return Element::of(AICC_DTYPE_FLOAT32, std::move(shape), values);
}
Element int64s(std::vector<int64_t> shape, const std::vector<int64_t> &values) {
  return Element::of(AICC_DTYPE_INT64, std::move(shape), values);
}

std::vector<int64_t> shapeOf(const aicc_tensor &t) { return std::vector<int64_t>(t.shape, t.shape + t.rank); }

template <typename T> std::vector<T> valuesOf(const aicc_tensor &t) {
  size_t count = 1;
  for (int32_t d = 0; d < t.rank; ++d) count *= static_cast<size_t>(t.shape[d]);
  const auto *data = static_cast<const T *>(t.data);
  return std::vector<T>(data, data + count);
}

aicc_value sequenceValue(std::vector<aicc_tensor> &elements) {
  return aicc_value{1, aicc_tensor{}, static_cast<int64_t>(elements.size()), elements.data()};
}

class SequenceValuesTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_SEQUENCE, &model), AICC_OK) << aicc_last_error();
    ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  }
  void TearDown() override {
    aicc_session_free(session);
    aicc_model_free(model);
  }

  // Runs on seq, x and opt (None without one) into `outputs`; returns "" or the error.
  std::string run(std::vector<Element> &seq, std::vector<float> x, std::optional<std::vector<Element>> opt) {
    seqViews.clear();
    optViews.clear();
    for (Element &e : seq) seqViews.push_back(e.view());
    if (opt)
      for (Element &e : *opt) optViews.push_back(e.view());
    xValues = x;
    xShape = {static_cast<int64_t>(x.size())};
    inputs = {sequenceValue(seqViews),
              aicc_value{1, aicc_tensor{AICC_DTYPE_FLOAT32, 1, xShape.data(), xValues.data()}, 0, nullptr},
              opt ? sequenceValue(optViews) : aicc_value{0, aicc_tensor{}, 0, nullptr}};
    return runInputs();
  }

  std::string runInputs() {
    int status = aicc_session_run_values(session, inputs.data(), static_cast<int32_t>(inputs.size()), outputs.data(),
                                         static_cast<int32_t>(outputs.size()));
    lastStatus = status;
    return status == AICC_OK ? "" : aicc_last_error();
  }

  aicc_model *model = nullptr;
  aicc_session *session = nullptr;
  std::vector<aicc_tensor> seqViews, optViews;
  std::vector<float> xValues;
  std::vector<int64_t> xShape;
  std::vector<aicc_value> inputs;
  std::vector<aicc_value> outputs = std::vector<aicc_value>(3, aicc_value{-1, aicc_tensor{}, -1, nullptr});
  int lastStatus = AICC_OK;
};

TEST_F(SequenceValuesTest, KindsAndElementInfoAreReported) {
  EXPECT_EQ(aicc_model_input_kind(model, 0), AICC_VALUE_SEQUENCE);
  EXPECT_EQ(aicc_model_input_kind(model, 1), AICC_VALUE_TENSOR);
  EXPECT_EQ(aicc_model_input_kind(model, 2), AICC_VALUE_OPTIONAL_SEQUENCE);
  EXPECT_EQ(aicc_model_output_kind(model, 0), AICC_VALUE_SEQUENCE);
  EXPECT_EQ(aicc_model_output_kind(model, 2), AICC_VALUE_OPTIONAL_SEQUENCE);
  EXPECT_EQ(aicc_model_input_kind(model, 3), -1);
  EXPECT_EQ(aicc_model_output_kind(model, -1), -1);
  EXPECT_EQ(aicc_model_input_kind(nullptr, 0), -1);
  const aicc_tensor_info *opt = aicc_model_input(model, 2);
  ASSERT_NE(opt, nullptr);
  EXPECT_EQ(opt->rank, AICC_RANK_ANY);
  EXPECT_EQ(opt->shape, nullptr);
  // The model loaded without aicc_model_workspace_bytes_for: "len" is no symbol of the run.
  EXPECT_EQ(aicc_model_input(model, 0)->shape[0], AICC_DIM_SYMBOLIC);
}

TEST_F(SequenceValuesTest, SequencesGoInAndComeOut) {
  std::vector<Element> seq = {floats({3}, {1, 2, 3}), floats({1}, {4})};
  std::vector<Element> opt = {int64s({2, 2}, {1, 2, 3, 4}), int64s({}, {7})};
  ASSERT_EQ(run(seq, {5, 6}, opt), "");

  const aicc_value &longer = outputs[0];
  EXPECT_EQ(longer.present, 1);
  ASSERT_EQ(longer.length, 3);
  EXPECT_EQ(shapeOf(longer.elements[0]), (std::vector<int64_t>{3}));
  EXPECT_EQ(shapeOf(longer.elements[1]), (std::vector<int64_t>{1}));
  EXPECT_EQ(shapeOf(longer.elements[2]), (std::vector<int64_t>{2}));
  EXPECT_EQ(valuesOf<float>(longer.elements[0]), (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(valuesOf<float>(longer.elements[1]), (std::vector<float>{4}));
  EXPECT_EQ(valuesOf<float>(longer.elements[2]), (std::vector<float>{5, 6}));
  for (int k = 0; k < 3; ++k) EXPECT_EQ(longer.elements[k].dtype, AICC_DTYPE_FLOAT32) << k;
  // Outputs are in the session's memory, even elements that are the inputs' own.
  EXPECT_NE(longer.elements[0].data, seq[0].bytes.data());
  EXPECT_NE(longer.elements[0].shape, seq[0].shape.data());

  const aicc_value &count = outputs[1];
  EXPECT_EQ(count.present, 1);
  EXPECT_EQ(count.tensor.dtype, AICC_DTYPE_INT64);
  EXPECT_EQ(shapeOf(count.tensor), (std::vector<int64_t>{2}));
  EXPECT_EQ(valuesOf<int64_t>(count.tensor), (std::vector<int64_t>{2, 2}));

  const aicc_value &optOut = outputs[2];
  EXPECT_EQ(optOut.present, 1);
  ASSERT_EQ(optOut.length, 2);
  EXPECT_EQ(shapeOf(optOut.elements[0]), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(valuesOf<int64_t>(optOut.elements[0]), (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(optOut.elements[1].rank, 0);
  EXPECT_EQ(valuesOf<int64_t>(optOut.elements[1]), (std::vector<int64_t>{7}));
  EXPECT_NE(optOut.elements[0].data, opt[0].bytes.data());
}

TEST_F(SequenceValuesTest, EmptyAndAbsentSequences) {
  std::vector<Element> seq;
  ASSERT_EQ(run(seq, {5, 6}, std::nullopt), "");
  ASSERT_EQ(outputs[0].length, 1);
  EXPECT_EQ(valuesOf<float>(outputs[0].elements[0]), (std::vector<float>{5, 6}));
  EXPECT_EQ(valuesOf<int64_t>(outputs[1].tensor), (std::vector<int64_t>{0, -1}));
  EXPECT_EQ(outputs[2].present, 0);
  EXPECT_EQ(outputs[2].length, 0);

  // An optional holding an empty sequence is not None.
  ASSERT_EQ(run(seq, {5, 6}, std::vector<Element>{}), "");
  EXPECT_EQ(outputs[2].present, 1);
  EXPECT_EQ(outputs[2].length, 0);
  EXPECT_EQ(valuesOf<int64_t>(outputs[1].tensor), (std::vector<int64_t>{0, 0}));
}

TEST_F(SequenceValuesTest, ElementsAreCheckedAgainstTheElementInfo) {
  std::vector<Element> ok = {floats({2}, {1, 2})};
  std::vector<Element> wrongDtype = {floats({2}, {1, 2}), int64s({2}, {1, 2})};
  EXPECT_EQ(run(wrongDtype, {5, 6}, std::nullopt), "input 'seq' element 1: expected dtype float32, got int64 (7)");
  EXPECT_EQ(lastStatus, AICC_ERR_INVALID_ARGUMENT);
  std::vector<Element> wrongRank = {floats({1, 2}, {1, 2})};
  EXPECT_EQ(run(wrongRank, {5, 6}, std::nullopt), "input 'seq' element 0: expected shape [len], got [1,2]");
  std::vector<Element> negative = {floats({-1}, {})};
  EXPECT_EQ(run(negative, {5, 6}, std::nullopt), "input 'seq' element 0: expected shape [len], got [-1]");
  std::vector<Element> noData = {floats({2}, {})};
  EXPECT_EQ(run(noData, {5, 6}, std::nullopt), "input 'seq' element 0: data is null");
  std::vector<Element> anyRankNegative = {int64s({3, -2}, {})};
  EXPECT_EQ(run(ok, {5, 6}, anyRankNegative), "input 'opt' element 0: expected shape of any rank, got [3,-2]");
  std::vector<Element> anyRankWrongDtype = {floats({}, {1})};
  EXPECT_EQ(run(ok, {5, 6}, anyRankWrongDtype), "input 'opt' element 0: expected dtype int64, got float32 (1)");
  EXPECT_EQ(run(ok, {5, 6, 7}, std::nullopt), "input 'x': expected shape [2], got [3]");

  ASSERT_EQ(run(ok, {5, 6}, std::nullopt), "");
  inputs[0].length = -1;
  EXPECT_EQ(runInputs(), "input 'seq': negative length -1");
  inputs[0].length = 2;
  inputs[0].elements = nullptr;
  EXPECT_EQ(runInputs(), "input 'seq': elements is null for length 2");
}

TEST_F(SequenceValuesTest, OnlyAnOptionalMayBeAbsent) {
  std::vector<Element> seq = {floats({2}, {1, 2})};
  ASSERT_EQ(run(seq, {5, 6}, std::nullopt), "");
  inputs[0].present = 0;
  EXPECT_EQ(runInputs(), "input 'seq' is absent (present is 0), which only an optional may be");
  EXPECT_EQ(lastStatus, AICC_ERR_INVALID_ARGUMENT);
  inputs[0].present = 1;
  inputs[1].present = 0;
  EXPECT_EQ(runInputs(), "input 'x' is absent (present is 0), which only an optional may be");
}

TEST_F(SequenceValuesTest, FailedRunLeavesTheOutputEntries) {
  std::vector<Element> seq = {floats({2}, {1, 2})};
  ASSERT_EQ(run(seq, {5, 6}, std::nullopt), "");
  const std::vector<aicc_value> before = outputs;
  std::vector<Element> wrong = {int64s({2}, {1, 2})};
  EXPECT_NE(run(wrong, {5, 6}, std::nullopt), "");
  for (int o = 0; o < 3; ++o) {
    EXPECT_EQ(outputs[o].present, before[o].present) << o;
    EXPECT_EQ(outputs[o].length, before[o].length) << o;
    EXPECT_EQ(outputs[o].elements, before[o].elements) << o;
    EXPECT_EQ(outputs[o].tensor.data, before[o].tensor.data) << o;
  }
  EXPECT_EQ(aicc_session_run_values(session, inputs.data(), 2, outputs.data(), 3), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "expected 3 inputs (seq, x, opt), got 2");
  EXPECT_EQ(aicc_session_run_values(session, inputs.data(), 3, nullptr, 3), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "expected 3 outputs (longer, count, opt_out), got a null array");
  EXPECT_EQ(aicc_session_run_values(nullptr, inputs.data(), 3, outputs.data(), 3), AICC_ERR_INVALID_ARGUMENT);
}

TEST_F(SequenceValuesTest, ListErrorsFailTheRun) {
  std::vector<Element> seq = {floats({2}, {1, 2}), floats({1}, {3})};
  // A negative x[0] makes the fake insert at position 99.
  EXPECT_THAT(run(seq, {-5, 6}, std::nullopt),
              HasSubstr("run failed: aicc_kernels_list_insert: position 99 is out of range of a list of length 2 (it "
                        "must be in [-2, 2])"));
  EXPECT_EQ(lastStatus, AICC_ERR_RUN);
  // The session runs on.
  EXPECT_EQ(run(seq, {5, 6}, std::nullopt), "");
  EXPECT_EQ(outputs[0].length, 3);
}

TEST_F(SequenceValuesTest, RepeatedRunsReuseTheSessionsMemory) {
  std::vector<Element> seq = {floats({3}, {1, 2, 3})};
  std::vector<Element> opt = {int64s({1}, {9})};
  ASSERT_EQ(run(seq, {5, 6}, opt), "");
  const void *appended = outputs[0].elements[1].data;
  const void *copied = outputs[2].elements[0].data;
  const aicc_tensor *elements = outputs[0].elements;
  ASSERT_EQ(run(seq, {7, 8}, opt), "");
  EXPECT_EQ(outputs[0].elements[1].data, appended);
  EXPECT_EQ(outputs[2].elements[0].data, copied);
  EXPECT_EQ(outputs[0].elements, elements);
  EXPECT_EQ(valuesOf<float>(outputs[0].elements[1]), (std::vector<float>{7, 8}));
}

TEST_F(SequenceValuesTest, InputInTheSessionsMemoryIsRefused) {
  std::vector<Element> seq = {floats({3}, {1, 2, 3})};
  ASSERT_EQ(run(seq, {5, 6}, std::nullopt), "");
  // The last run's output as this run's input: the run would overwrite it while reading it.
  std::vector<aicc_tensor> previous(outputs[0].elements, outputs[0].elements + outputs[0].length);
  inputs[0] = sequenceValue(previous);
  EXPECT_EQ(runInputs(),
            "input 'seq' element 0 is in the session's sequences, which this run overwrites: copy it first");
  std::vector<float> x = valuesOf<float>(previous[1]);
  inputs[0] = sequenceValue(seqViews);
  inputs[1].tensor = previous[1];
  EXPECT_EQ(runInputs(), "input 'x' is in the session's sequences, which this run overwrites: copy it first");
  inputs[1].tensor.data = x.data();
  EXPECT_EQ(runInputs(), "input 'x' shape is in the session's sequences, which this run overwrites: copy it first");
  inputs[1].tensor.shape = xShape.data();
  EXPECT_EQ(runInputs(), "");
}

TEST_F(SequenceValuesTest, RunAndRunOutputsRefuseTheModel) {
  float x[2] = {5, 6};
  const int64_t xShape[1] = {2};
  std::vector<aicc_tensor> tensors(3, aicc_tensor{AICC_DTYPE_FLOAT32, 1, xShape, x});
  EXPECT_EQ(aicc_session_run(session, tensors.data(), 3, tensors.data(), 3), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "input 'seq' is a sequence: run the model with aicc_session_run_values");
  std::vector<aicc_output> placed(3, aicc_output{nullptr, 0, nullptr, 0});
  EXPECT_EQ(aicc_session_run_outputs(session, tensors.data(), 3, placed.data(), 3), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "input 'seq' is a sequence: run the model with aicc_session_run_values");

  int64_t shape[2] = {-1, -1};
  EXPECT_EQ(aicc_model_output_shape(model, tensors.data(), 3, 0, shape), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "output 'longer' is a sequence: its shape is known only after the run "
                                  "(aicc_session_run_values)");
  // A tensor output's shape: the sequences' entries are not read.
  tensors[0] = tensors[2] = aicc_tensor{};
  ASSERT_EQ(aicc_model_output_shape(model, tensors.data(), 3, 1, shape), AICC_OK) << aicc_last_error();
  EXPECT_EQ(shape[0], 2);
}

TEST_F(SequenceValuesTest, ProfilingAndThreadCountsWork) {
  std::vector<Element> seq = {floats({2}, {1, 2})};
  ASSERT_EQ(aicc_session_set_num_threads(session, 1), AICC_OK) << aicc_last_error();
  ASSERT_EQ(aicc_session_set_profiling(session, 1), AICC_OK);
  ASSERT_EQ(run(seq, {5, 6}, std::nullopt), "");
  ASSERT_EQ(run(seq, {5, 6}, std::nullopt), "");
  aicc_profile profile;
  ASSERT_EQ(aicc_session_get_profile(session, &profile), AICC_OK);
  EXPECT_EQ(profile.runs, 2);
  // A new state (new lists) for another thread count.
  ASSERT_EQ(aicc_session_set_num_threads(session, 2), AICC_OK) << aicc_last_error();
  ASSERT_EQ(run(seq, {5, 6}, std::nullopt), "");
  EXPECT_EQ(valuesOf<float>(outputs[0].elements[1]), (std::vector<float>{5, 6}));
}

// Every model runs with aicc_session_run_values: its tensors go to the session's buffers.
TEST(SequenceValues, TensorModelsRunToo) {
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_ADD_ONE, &model), AICC_OK) << aicc_last_error();
  EXPECT_EQ(aicc_model_input_kind(model, 0), AICC_VALUE_TENSOR);
  EXPECT_EQ(aicc_model_output_kind(model, 0), AICC_VALUE_TENSOR);
  aicc_session *session = nullptr;
  ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  float x[6] = {0, 1, 2, 3, 4, 5};
  aicc_value in{1, fakeTensor(x), 0, nullptr}, out{};
  ASSERT_EQ(aicc_session_run_values(session, &in, 1, &out, 1), AICC_OK) << aicc_last_error();
  EXPECT_EQ(out.present, 1);
  EXPECT_EQ(shapeOf(out.tensor), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(valuesOf<float>(out.tensor), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  // The output buffer is the session's: an input there would be overwritten.
  in.tensor.data = out.tensor.data;
  EXPECT_EQ(aicc_session_run_values(session, &in, 1, &out, 1), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(),
               "input 'x' is in the session's buffer for output 'y', which this run overwrites: copy it first");
  // So would its shape, which the run rewrites before the artifact reads the input's dims.
  in.tensor.data = x;
  in.tensor.shape = out.tensor.shape;
  EXPECT_EQ(aicc_session_run_values(session, &in, 1, &out, 1), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(),
               "input 'x' shape is in the session's shapes for output 'y', which this run overwrites: copy it first");
  aicc_session_free(session);
  aicc_model_free(model);

  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_DATA_SHAPED, &model), AICC_OK) << aicc_last_error();
  ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  float nonZero[6] = {0, 1.5f, 0, 2, -3, 0};
  const int64_t shape[1] = {6};
  in.tensor = aicc_tensor{AICC_DTYPE_FLOAT32, 1, shape, nonZero};
  std::vector<aicc_value> outs(2);
  ASSERT_EQ(aicc_session_run_values(session, &in, 1, outs.data(), 2), AICC_OK) << aicc_last_error();
  EXPECT_EQ(valuesOf<int64_t>(outs[0].tensor), (std::vector<int64_t>{1, 3, 4}));
  EXPECT_EQ(valuesOf<int64_t>(outs[1].tensor), (std::vector<int64_t>{3}));
  aicc_session_free(session);
  aicc_model_free(model);
}

} // namespace
} // namespace aicc::test
