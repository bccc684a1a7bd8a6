// aicc_session_*: running the fake artifact, the checks made before every run, thread counts, and
// concurrent sessions.
#include <thread>

#include "TestSupport.h"

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

class SessionTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_ADD_ONE, &model), AICC_OK) << aicc_last_error();
    ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  }
  void TearDown() override {
    aicc_session_free(session);
    aicc_model_free(model);
  }

  // Runs with the given tensors; returns "" or the error.
  std::string run(const std::vector<aicc_tensor> &inputs, const std::vector<aicc_tensor> &outputs) {
    int status = aicc_session_run(session, inputs.data(), static_cast<int32_t>(inputs.size()), outputs.data(),
                                  static_cast<int32_t>(outputs.size()));
    if (status == AICC_OK) return "";
    EXPECT_EQ(status, AICC_ERR_INVALID_ARGUMENT);
    return aicc_last_error();
  }

  aicc_model *model = nullptr;
  aicc_session *session = nullptr;
  float x[6] = {0, 1, 2, 3, 4, 5};
  float y[6] = {};
};

TEST_F(SessionTest, ComputesXPlusOne) {
  ASSERT_EQ(run({fakeTensor(x)}, {fakeTensor(y)}), "");
  for (int i = 0; i < 6; ++i) EXPECT_EQ(y[i], x[i] + 1) << i;
}

TEST_F(SessionTest, WrongInputCountListsTheInputs) {
  EXPECT_EQ(run({fakeTensor(x), fakeTensor(x)}, {fakeTensor(y)}), "expected 1 input (x), got 2");
  EXPECT_EQ(run({}, {fakeTensor(y)}), "expected 1 input (x), got 0");
  EXPECT_EQ(run({fakeTensor(x)}, {}), "expected 1 output (y), got 0");
}

TEST_F(SessionTest, WrongDtypeNamesTheInput) {
  aicc_tensor in = fakeTensor(x);
  in.dtype = AICC_DTYPE_INT64;
  EXPECT_EQ(run({in}, {fakeTensor(y)}), "input 'x': expected dtype float32, got int64 (7)");
}

TEST_F(SessionTest, WrongShapeNamesTheInput) {
  const int64_t transposed[2] = {3, 2}, flat[1] = {6};
  aicc_tensor in = fakeTensor(x);
  in.shape = transposed;
  EXPECT_EQ(run({in}, {fakeTensor(y)}), "input 'x': expected shape [2,3], got [3,2]");
  in.rank = 1;
  in.shape = flat;
  EXPECT_EQ(run({in}, {fakeTensor(y)}), "input 'x': expected shape [2,3], got [6]");
  in.rank = -3;
  EXPECT_EQ(run({in}, {fakeTensor(y)}), "input 'x': expected shape [2,3], got rank -3");
  in.rank = 2;
  in.shape = nullptr;
  EXPECT_EQ(run({in}, {fakeTensor(y)}), "input 'x': expected shape [2,3], got a null shape");
}

TEST_F(SessionTest, WrongOutputShapeNamesTheOutput) {
  const int64_t wrong[2] = {2, 4};
  aicc_tensor out = fakeTensor(y);
  out.shape = wrong;
  EXPECT_EQ(run({fakeTensor(x)}, {out}), "output 'y': expected shape [2,3], got [2,4]");
}

TEST_F(SessionTest, NullDataIsRefused) {
  EXPECT_EQ(run({fakeTensor(nullptr)}, {fakeTensor(y)}), "input 'x': data is null");
  EXPECT_EQ(run({fakeTensor(x)}, {fakeTensor(nullptr)}), "output 'y': data is null");
  EXPECT_EQ(aicc_session_run(session, nullptr, 1, nullptr, 1), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(aicc_session_run(nullptr, nullptr, 0, nullptr, 0), AICC_ERR_INVALID_ARGUMENT);
}

TEST_F(SessionTest, OutputOverlappingTheInputIsRefused) {
  EXPECT_EQ(run({fakeTensor(x)}, {fakeTensor(x)}), "output 'y' overlaps input 'x': outputs need buffers of their own");
  EXPECT_EQ(run({fakeTensor(x)}, {fakeTensor(x + 1)}),
            "output 'y' overlaps input 'x': outputs need buffers of their own");
}

TEST_F(SessionTest, ThreadCountIsAppliedAndRestored) {
  const int callerThreads = aicc_session_num_threads(session);
  ASSERT_EQ(aicc_session_set_num_threads(session, 1), AICC_OK) << aicc_last_error();
  EXPECT_EQ(aicc_session_num_threads(session), 1);
  ASSERT_EQ(run({fakeTensor(x)}, {fakeTensor(y)}), "");
  EXPECT_EQ(y[0], 1.f);
  // The caller's OpenMP setting is untouched by the session's.
  ASSERT_EQ(aicc_session_set_num_threads(session, 0), AICC_OK);
  EXPECT_EQ(aicc_session_num_threads(session), callerThreads);
  EXPECT_EQ(aicc_session_set_num_threads(session, -1), AICC_ERR_INVALID_ARGUMENT);
}

TEST_F(SessionTest, ProfileTimesEveryKernelAndLoopNestByName) {
  aicc_profile profile;
  ASSERT_EQ(aicc_session_get_profile(session, &profile), AICC_OK);
  EXPECT_EQ(profile.runs, 0);
  EXPECT_EQ(profile.num_entries, 0);

  ASSERT_EQ(aicc_session_set_profiling(session, 1), AICC_OK);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(run({fakeTensor(x)}, {fakeTensor(y)}), "");
  ASSERT_EQ(aicc_session_get_profile(session, &profile), AICC_OK);
  EXPECT_EQ(profile.runs, 3);
  ASSERT_EQ(profile.num_entries, 2);
  // In the order they first ran: the copy's loop nest, then the matmul.
  EXPECT_STREQ(profile.entries[0].name, "/Identity");
  EXPECT_STREQ(profile.entries[0].kind, "loop nest");
  EXPECT_EQ(profile.entries[0].ranges, 1);
  EXPECT_STREQ(profile.entries[1].name, "/fc/MatMul");
  EXPECT_STREQ(profile.entries[1].kind, "matmul");
  EXPECT_EQ(profile.entries[1].ranges, 0);
  double entries = 0;
  for (int32_t i = 0; i < profile.num_entries; ++i) {
    EXPECT_EQ(profile.entries[i].calls, 3);
    EXPECT_GT(profile.entries[i].seconds, 0);
    entries += profile.entries[i].seconds;
  }
  // The entries are timed inside the run.
  EXPECT_LE(entries, profile.run_seconds);

  // Stopping keeps what was recorded; starting again clears it.
  ASSERT_EQ(aicc_session_set_profiling(session, 0), AICC_OK);
  ASSERT_EQ(run({fakeTensor(x)}, {fakeTensor(y)}), "");
  ASSERT_EQ(aicc_session_get_profile(session, &profile), AICC_OK);
  EXPECT_EQ(profile.runs, 3);
  ASSERT_EQ(aicc_session_set_profiling(session, 1), AICC_OK);
  ASSERT_EQ(aicc_session_get_profile(session, &profile), AICC_OK);
  EXPECT_EQ(profile.runs, 0);
  EXPECT_EQ(profile.num_entries, 0);

  EXPECT_EQ(aicc_session_set_profiling(nullptr, 1), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(aicc_session_get_profile(session, nullptr), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(aicc_last_error(), HasSubstr("out is null"));
}

TEST(Session, KernelCreationFailureNamesTheKernel) {
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_BAD_KERNEL, &model), AICC_OK) << aicc_last_error();
  aicc_session *session = nullptr;
  EXPECT_EQ(aicc_session_create(model, &session), AICC_ERR_INIT);
  EXPECT_EQ(session, nullptr);
  const size_t size = sizeof(aicc_matmul_params);
  EXPECT_THAT(aicc_last_error(),
              HasSubstr("init failed: kernel 0 (matmul, /fc/MatMul): expected " + std::to_string(size) +
                        " bytes of params, got " + std::to_string(size - 16)));
  aicc_model_free(model);
}

TEST(Session, KernelRunFailureIsReported) {
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_NULL_OPERAND, &model), AICC_OK) << aicc_last_error();
  aicc_session *session = nullptr;
  ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  float x[6] = {}, y[6] = {};
  aicc_tensor in = fakeTensor(x), out = fakeTensor(y);
  EXPECT_EQ(aicc_session_run(session, &in, 1, &out, 1), AICC_ERR_RUN);
  EXPECT_THAT(aicc_last_error(), HasSubstr("run failed: kernel 0 (matmul, /fc/MatMul): operand 0 (A) is null"));
  aicc_session_free(session);
  aicc_model_free(model);
}

TEST(Session, TwoSessionsOnTwoThreadsComputeIndependently) {
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_ADD_ONE, &model), AICC_OK) << aicc_last_error();
  constexpr int kRuns = 2000;
  int failures[2] = {0, 0};
  auto worker = [&](int id) {
    aicc_session *session = nullptr;
    if (aicc_session_create(model, &session) != AICC_OK) {
      failures[id] = kRuns;
      return;
    }
    for (int run = 0; run < kRuns; ++run) {
      float x[6], y[6];
      for (int i = 0; i < 6; ++i) x[i] = static_cast<float>(id * 1000 + run + i);
      aicc_tensor in = fakeTensor(x), out = fakeTensor(y);
      if (aicc_session_run(session, &in, 1, &out, 1) != AICC_OK) {
        ++failures[id];
        continue;
      }
      for (int i = 0; i < 6; ++i) failures[id] += y[i] != x[i] + 1;
    }
    aicc_session_free(session);
  };
  std::thread a(worker, 0), b(worker, 1);
  a.join();
  b.join();
  EXPECT_EQ(failures[0], 0);
  EXPECT_EQ(failures[1], 0);
  aicc_model_free(model);
}

} // namespace
} // namespace aicc::test
