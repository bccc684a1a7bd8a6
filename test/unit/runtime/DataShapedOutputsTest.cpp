// Outputs whose shape only the run tells (AICC_DIM_DATA), on fake_data_shaped: NonZero of x[6]
// into idx int64[idx.0], placed by the artifact through aicc_kernels_output, and count int64[1].
// aicc_session_run_outputs puts each output in the caller's buffer when it fits, else in the
// session's; the calls that need shapes before the run refuse such a model.
#include "aicc/runtime.hpp"

#include "TestSupport.h"

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

// One aicc_output with room for its shape (rank 1 here), the caller's buffer set by the test.
struct OutputSlot {
  std::vector<int64_t> shape = std::vector<int64_t>(1, -7);
  aicc_output entry{nullptr, 0, nullptr, -1};

  OutputSlot(void *data = nullptr, size_t capacity = 0) { entry = {data, capacity, shape.data(), -1}; }
};

std::vector<int64_t> valuesAt(const aicc_output &o, int64_t count) {
  const auto *data = static_cast<const int64_t *>(o.data);
  return std::vector<int64_t>(data, data + count);
}

class DataShapedOutputsTest : public ::testing::Test {
protected:
  void SetUp() override { open(AICC_TEST_FAKE_DATA_SHAPED); }
  void TearDown() override {
    aicc_session_free(session);
    aicc_model_free(model);
  }

  void open(const char *path) {
    aicc_session_free(session);
    aicc_model_free(model);
    session = nullptr;
    ASSERT_EQ(aicc_model_load(path, &model), AICC_OK) << aicc_last_error();
    ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  }

  // Runs on x (float32[x.size()]) into idx and count; returns "" or the error.
  std::string run(std::vector<float> &x, OutputSlot &idx, OutputSlot &count) {
    xShape = {static_cast<int64_t>(x.size())};
    aicc_tensor input{AICC_DTYPE_FLOAT32, 1, xShape.data(), x.data()};
    outputs = {idx.entry, count.entry};
    int status = aicc_session_run_outputs(session, &input, 1, outputs.data(), 2);
    idx.entry = outputs[0], count.entry = outputs[1];
    lastStatus = status;
    return status == AICC_OK ? "" : aicc_last_error();
  }

  aicc_model *model = nullptr;
  aicc_session *session = nullptr;
  std::vector<int64_t> xShape;
  std::vector<aicc_output> outputs;
  int lastStatus = AICC_OK;
};

TEST_F(DataShapedOutputsTest, InfoNamesTheDataDim) {
  const aicc_tensor_info *idx = aicc_model_output(model, 0);
  ASSERT_NE(idx, nullptr);
  EXPECT_STREQ(idx->name, "idx");
  ASSERT_EQ(idx->rank, 1);
  EXPECT_EQ(idx->shape[0], AICC_DIM_DATA);
  ASSERT_NE(idx->dim_names, nullptr);
  EXPECT_STREQ(idx->dim_names[0], "idx.0");
  const aicc_tensor_info *count = aicc_model_output(model, 1);
  ASSERT_NE(count, nullptr);
  EXPECT_EQ(count->shape[0], 1);
}

TEST_F(DataShapedOutputsTest, CallerBuffersThatHoldTheOutputAreWrittenThere) {
  std::vector<float> x = {0, 1.5f, 0, 2, -3, 0};
  std::vector<int64_t> idxBuffer(6, -1), countBuffer(1, -1);
  OutputSlot idx(idxBuffer.data(), 6 * sizeof(int64_t)), count(countBuffer.data(), sizeof(int64_t));
  ASSERT_EQ(run(x, idx, count), "");
  EXPECT_EQ(idx.entry.data, idxBuffer.data());
  EXPECT_EQ(idx.entry.session_owned, 0);
  EXPECT_EQ(idx.shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(std::vector<int64_t>(idxBuffer.begin(), idxBuffer.begin() + 3), (std::vector<int64_t>{1, 3, 4}));
  EXPECT_EQ(count.entry.data, countBuffer.data());
  EXPECT_EQ(count.entry.session_owned, 0);
  EXPECT_EQ(count.shape, (std::vector<int64_t>{1}));
  EXPECT_EQ(countBuffer[0], 3);
}

TEST_F(DataShapedOutputsTest, SmallOrNoBuffersGoToTheSession) {
  std::vector<float> x = {0, 1.5f, 0, 2, -3, 0};
  std::vector<int64_t> small(2, -1);
  OutputSlot idx(small.data(), 2 * sizeof(int64_t)), count; // 3 indices need 24 bytes
  ASSERT_EQ(run(x, idx, count), "");
  EXPECT_EQ(idx.entry.session_owned, 1);
  EXPECT_NE(idx.entry.data, small.data());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(idx.entry.data) % 64, 0u);
  EXPECT_EQ(small, (std::vector<int64_t>{-1, -1})); // untouched
  EXPECT_EQ(idx.shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(valuesAt(idx.entry, 3), (std::vector<int64_t>{1, 3, 4}));
  EXPECT_EQ(count.entry.session_owned, 1);
  ASSERT_NE(count.entry.data, nullptr);
  EXPECT_EQ(valuesAt(count.entry, 1), (std::vector<int64_t>{3}));
}

TEST_F(DataShapedOutputsTest, NoNonZeroGivesAnEmptyOutputThatIsNotNull) {
  std::vector<float> x(6, 0.0f);
  OutputSlot idx, count;
  ASSERT_EQ(run(x, idx, count), "");
  EXPECT_EQ(idx.shape, (std::vector<int64_t>{0}));
  EXPECT_NE(idx.entry.data, nullptr);
  EXPECT_EQ(idx.entry.session_owned, 1);
  EXPECT_EQ(valuesAt(count.entry, 1), (std::vector<int64_t>{0}));

  // A caller buffer of no bytes holds an output of none.
  int64_t none = 0;
  OutputSlot emptyIdx(&none, 0), count2;
  ASSERT_EQ(run(x, emptyIdx, count2), "");
  EXPECT_EQ(emptyIdx.entry.data, &none);
  EXPECT_EQ(emptyIdx.entry.session_owned, 0);
}

TEST_F(DataShapedOutputsTest, RunsAfterRunsKeepTheSessionBuffer) {
  // The same entries serve every run: the data pointer a run leaves counts as no buffer.
  std::vector<float> x = {1, 2, 3, 4, 5, 6};
  OutputSlot idx, count;
  ASSERT_EQ(run(x, idx, count), "");
  void *first = idx.entry.data;
  for (std::vector<float> next : {std::vector<float>{0, 0, 1, 0, 0, 0}, std::vector<float>(6, 0.0f), x}) {
    ASSERT_EQ(run(next, idx, count), "");
    EXPECT_EQ(idx.entry.data, first);
    EXPECT_EQ(idx.entry.session_owned, 1);
  }
  EXPECT_EQ(valuesAt(idx.entry, 6), (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
}

TEST_F(DataShapedOutputsTest, SessionBufferGrowsAndIsReusedAtSizesSeenBefore) {
  open(AICC_TEST_FAKE_DATA_SHAPED_SYMBOLIC);
  OutputSlot idx, count;
  std::vector<float> small = {0, 1, 1}, large(100, 1.0f), medium(50, 1.0f);
  ASSERT_EQ(run(small, idx, count), "");
  EXPECT_EQ(idx.shape, (std::vector<int64_t>{2}));
  ASSERT_EQ(run(large, idx, count), ""); // 800 bytes: the buffer grows
  EXPECT_EQ(idx.shape, (std::vector<int64_t>{100}));
  EXPECT_EQ(valuesAt(idx.entry, 100)[99], 99);
  void *grown = idx.entry.data;
  for (std::vector<float> *x : {&large, &medium, &small, &large}) {
    ASSERT_EQ(run(*x, idx, count), "") << x->size();
    EXPECT_EQ(idx.entry.data, grown) << x->size();
    EXPECT_EQ(idx.shape[0], std::count_if(x->begin(), x->end(), [](float v) { return v != 0; }));
  }
}

TEST_F(DataShapedOutputsTest, RunDimsLeaveOutDataShapedOutputs) {
  // fake_data_shaped_symbolic fails its run unless the run dims are x's and then count's.
  open(AICC_TEST_FAKE_DATA_SHAPED_SYMBOLIC);
  for (int64_t n : {3, 17, 0}) {
    std::vector<float> x(n, 2.0f);
    OutputSlot idx, count;
    ASSERT_EQ(run(x, idx, count), "") << n;
    EXPECT_EQ(idx.shape, (std::vector<int64_t>{n}));
    EXPECT_EQ(valuesAt(count.entry, 1), (std::vector<int64_t>{n}));
  }
}

TEST_F(DataShapedOutputsTest, SessionRunRefusesTheModel) {
  std::vector<float> x(6, 1.0f);
  std::vector<int64_t> idx(6), count(1);
  const int64_t idxShape[] = {6}, countShape[] = {1}, xShape[] = {6};
  aicc_tensor input{AICC_DTYPE_FLOAT32, 1, xShape, x.data()};
  aicc_tensor out[] = {{AICC_DTYPE_INT64, 1, idxShape, idx.data()}, {AICC_DTYPE_INT64, 1, countShape, count.data()}};
  EXPECT_EQ(aicc_session_run(session, &input, 1, out, 2), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(),
               "output 'idx' has a shape known only after the run (dim 0, 'idx.0'): run with aicc_session_run_outputs");
}

TEST_F(DataShapedOutputsTest, OutputShapeRefusesTheDataShapedOutput) {
  const int64_t xShape[] = {6};
  aicc_tensor input{AICC_DTYPE_FLOAT32, 1, xShape, nullptr};
  int64_t shape = -7;
  EXPECT_EQ(aicc_model_output_shape(model, &input, 1, 0, &shape), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "output 'idx' dim 0 ('idx.0') is known only after the run");
  ASSERT_EQ(aicc_model_output_shape(model, &input, 1, 1, &shape), AICC_OK) << aicc_last_error();
  EXPECT_EQ(shape, 1);
}

TEST_F(DataShapedOutputsTest, ArtifactMisusesAreRunErrors) {
  const std::string model = std::string("model '") + AICC_TEST_FAKE_DATA_SHAPED + "': ";
  const std::pair<float, std::string> misuses[] = {
      {-1.0f, "run failed: aicc_kernels_output: output 'count' has a shape known before the run: the runtime "
              "placed it"},
      {-2.0f, "run failed: aicc_kernels_output: output 'idx' dim 0 ('idx.0') is -1"},
      {-3.0f, "run failed: aicc_kernels_output: output 'idx' of shape [2305843009213693952] has more bytes than "
              "memory holds"},
      {-4.0f, "run failed: aicc_kernels_output: output 'idx' was asked for twice in one run"},
      {-5.0f, "the artifact did not produce output 'idx'"},
  };
  for (const auto &[misuse, message] : misuses) {
    std::vector<float> x = {misuse, 1, 0, 0, 0, 0};
    int64_t countValue = -9;
    OutputSlot idx, count(&countValue, sizeof countValue);
    EXPECT_EQ(run(x, idx, count), model + message);
    EXPECT_EQ(lastStatus, AICC_ERR_RUN);
    // A failed run leaves the entries as they were.
    EXPECT_EQ(idx.entry.data, nullptr);
    EXPECT_EQ(idx.entry.session_owned, -1);
    EXPECT_EQ(idx.shape, (std::vector<int64_t>{-7}));
  }
  // The session still runs.
  std::vector<float> x = {0, 0, 0, 0, 0, 7};
  OutputSlot idx, count;
  ASSERT_EQ(run(x, idx, count), "");
  EXPECT_EQ(valuesAt(idx.entry, 1), (std::vector<int64_t>{5}));
}

TEST_F(DataShapedOutputsTest, ArgumentChecksNameTheOutput) {
  std::vector<float> x(6, 1.0f);
  const int64_t xShape[] = {6};
  aicc_tensor input{AICC_DTYPE_FLOAT32, 1, xShape, x.data()};
  OutputSlot idx, count;
  std::vector<aicc_output> entries = {idx.entry, count.entry};
  EXPECT_EQ(aicc_session_run_outputs(session, &input, 1, entries.data(), 1), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "expected 2 outputs (idx, count), got 1");
  EXPECT_EQ(aicc_session_run_outputs(session, &input, 1, nullptr, 2), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "expected 2 outputs (idx, count), got a null array");
  EXPECT_EQ(aicc_session_run_outputs(nullptr, &input, 1, entries.data(), 2), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "aicc_session_run_outputs: session is null");

  entries[1].shape = nullptr;
  EXPECT_EQ(aicc_session_run_outputs(session, &input, 1, entries.data(), 2), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "output 'count': shape is null (it needs room for 1 dims)");
  entries[1].shape = count.shape.data();

  // Caller buffers are separate as far as their capacities reach.
  std::vector<int64_t> shared(8);
  entries[0].data = shared.data(), entries[0].capacity = 6 * sizeof(int64_t);
  entries[1].data = shared.data() + 5, entries[1].capacity = sizeof(int64_t);
  EXPECT_EQ(aicc_session_run_outputs(session, &input, 1, entries.data(), 2), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "output 'count' overlaps output 'idx': outputs need buffers of their own");
  entries[0].data = x.data(), entries[0].capacity = 8;
  entries[1].data = nullptr, entries[1].capacity = 0;
  EXPECT_EQ(aicc_session_run_outputs(session, &input, 1, entries.data(), 2), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "output 'idx' overlaps input 'x': outputs need buffers of their own");

  const int64_t wrongShape[] = {5};
  aicc_tensor wrong{AICC_DTYPE_FLOAT32, 1, wrongShape, x.data()};
  entries[0].data = nullptr, entries[0].capacity = 0;
  EXPECT_EQ(aicc_session_run_outputs(session, &wrong, 1, entries.data(), 2), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(), "input 'x': expected shape [6], got [5]");
}

TEST_F(DataShapedOutputsTest, InputInASessionBufferIsRefused) {
  // The run would overwrite it (or free it, growing the buffer).
  std::vector<float> x(6, 1.0f);
  OutputSlot idx, count;
  ASSERT_EQ(run(x, idx, count), "");
  const int64_t xShape[] = {6};
  aicc_tensor input{AICC_DTYPE_FLOAT32, 1, xShape, idx.entry.data};
  std::vector<aicc_output> entries = {idx.entry, count.entry};
  EXPECT_EQ(aicc_session_run_outputs(session, &input, 1, entries.data(), 2), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(aicc_last_error(),
               "input 'x' is in the session's buffer for output 'idx', which this run overwrites: copy it first");
}

TEST_F(DataShapedOutputsTest, KernelsOutputOutsideARunIsAnError) {
  KernelTable table(std::vector<KernelSpec>{});
  ASSERT_TRUE(table.created()) << table.createError();
  const int64_t dims[] = {1};
  EXPECT_EQ(aicc_kernels_output(table.state(), 0, dims), nullptr);
  EXPECT_NE(aicc_kernels_status(table.state()), 0);
  EXPECT_STREQ(aicc_kernel_last_error(),
               "aicc_kernels_output: no run of aicc_session_run_outputs or _run_values is in progress");
  EXPECT_EQ(aicc_kernels_output(nullptr, 0, dims), nullptr);
}

TEST(DataShapedModelInfo, MalformedDataDimsAreRefused) {
  aicc_model *model = nullptr;
  EXPECT_EQ(aicc_model_load(AICC_TEST_FAKE_DATA_DIM_IN_INPUT, &model), AICC_ERR_ABI);
  EXPECT_THAT(aicc_last_error(),
              HasSubstr("has malformed info: input 0 'x' dim 0 is AICC_DIM_DATA, which only outputs may have"));
  EXPECT_EQ(aicc_model_load(AICC_TEST_FAKE_DATA_SHAPED_ABI_5, &model), AICC_ERR_ABI);
  EXPECT_THAT(aicc_last_error(),
              HasSubstr("has malformed info: output 0 'idx' dim 0 is AICC_DIM_DATA, which ABI 5 does not have"));
  EXPECT_EQ(model, nullptr);
}

// Models whose outputs' shapes are known before the run take aicc_session_run_outputs too.
TEST(RunOutputs, StaticAndSymbolicOutputs) {
  for (const char *path : {AICC_TEST_FAKE_ADD_ONE, AICC_TEST_FAKE_SYMBOLIC}) {
    aicc_model *model = nullptr;
    aicc_session *session = nullptr;
    ASSERT_EQ(aicc_model_load(path, &model), AICC_OK) << aicc_last_error();
    ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
    float x[6] = {0, 1, 2, 3, 4, 5}, y[6] = {};
    aicc_tensor input = fakeTensor(x);
    int64_t shape[2] = {-7, -7};
    aicc_output into{y, sizeof y, shape, -1};
    ASSERT_EQ(aicc_session_run_outputs(session, &input, 1, &into, 1), AICC_OK) << aicc_last_error();
    EXPECT_EQ(into.data, y);
    EXPECT_EQ(into.session_owned, 0);
    EXPECT_EQ(shape[0], 2);
    EXPECT_EQ(shape[1], 3);
    EXPECT_EQ(y[5], 6.0f);

    aicc_output owned{nullptr, 0, shape, -1};
    ASSERT_EQ(aicc_session_run_outputs(session, &input, 1, &owned, 1), AICC_OK) << aicc_last_error();
    EXPECT_EQ(owned.session_owned, 1);
    EXPECT_EQ(static_cast<const float *>(owned.data)[5], 6.0f);
    aicc_session_free(session);
    aicc_model_free(model);
  }
}

// ABI 5 artifacts have this ABI's layout: they load and run as they are.
TEST(RunOutputs, Abi5ArtifactStillLoadsAndRuns) {
  aicc::Model model(AICC_TEST_FAKE_ABI_5);
  aicc::Session session(model);
  float x[6] = {0, 1, 2, 3, 4, 5}, y[6] = {};
  session.run({fakeTensor(x)}, {fakeTensor(y)});
  EXPECT_EQ(y[5], 6.0f);
  std::vector<aicc::OutputView> outputs = session.run({fakeTensor(x)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].data<float>()[0], 1.0f);
}

TEST(RunOutputs, CppWrapper) {
  aicc::Model model(AICC_TEST_FAKE_DATA_SHAPED);
  aicc::Session session(model);
  float x[6] = {3, 0, 0, 1, 0, 0};
  const int64_t xShape[] = {6};
  std::vector<aicc::OutputView> outputs = session.run({aicc_tensor{AICC_DTYPE_FLOAT32, 1, xShape, x}});
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs[0].dtype(), AICC_DTYPE_INT64);
  EXPECT_EQ(outputs[0].shape(), (std::vector<int64_t>{2}));
  EXPECT_EQ(outputs[0].elements(), 2u);
  EXPECT_EQ(outputs[0].bytes(), 16u);
  EXPECT_EQ(outputs[0].data<int64_t>()[1], 3);
  EXPECT_EQ(outputs[1].data<int64_t>()[0], 2);

  int64_t idx[6] = {}, idxShape = 0, count = 0, countShape = 0;
  std::vector<aicc_output> entries = {{idx, sizeof idx, &idxShape, -1}, {&count, sizeof count, &countShape, -1}};
  session.runOutputs({aicc_tensor{AICC_DTYPE_FLOAT32, 1, xShape, x}}, entries);
  EXPECT_EQ(entries[0].data, idx);
  EXPECT_EQ(idxShape, 2);
  EXPECT_EQ(idx[0], 0);
  EXPECT_EQ(count, 2);

  try {
    session.run({aicc_tensor{AICC_DTYPE_FLOAT32, 1, xShape, x}}, {});
    FAIL() << "aicc_session_run ran a model with a data-shaped output";
  } catch (const aicc::Error &e) {
    EXPECT_EQ(e.status(), AICC_ERR_INVALID_ARGUMENT);
    EXPECT_THAT(e.what(), HasSubstr("run with aicc_session_run_outputs"));
  }
  try {
    aicc::Tensor t(model.output(0));
    FAIL() << "a Tensor took the shape of a data-shaped output";
  } catch (const aicc::Error &e) {
    EXPECT_STREQ(e.what(), "'idx' dim 0 is known only after the run: use Session::run(inputs)");
  }
}

} // namespace
} // namespace aicc::test
