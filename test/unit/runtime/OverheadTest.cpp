// Per-call overhead of aicc_kernel_run (1x10 * 10x10 matmul), of aicc_session_run on the fake
// artifact and of aicc_session_run_outputs on the data-shaped one. Recorded as test properties (see the XML/console
// output); the bound only catches gross regressions such as primitives being rebuilt per run, not ordinary timing
// noise.
#include <algorithm>
#include <chrono>

#include "TestSupport.h"

namespace aicc::test {
namespace {

// Mean microseconds per call of `call`, the best of several batches.
template <typename Call> double microsecondsPerCall(Call call) {
  constexpr int kBatches = 7, kCallsPerBatch = 20000;
  for (int i = 0; i < 2000; ++i) call();
  double best = 1e300;
  for (int batch = 0; batch < kBatches; ++batch) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCallsPerBatch; ++i) call();
    std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count() / kCallsPerBatch);
  }
  return best;
}

constexpr double kGrossRegressionMicroseconds = 100;

TEST(Overhead, KernelRunSmallMatMul) {
  auto a = randomFloats(10, 1), b = randomFloats(100, 2);
  std::vector<float> y(10);
  aicc_matmul_params p{};
  p.rank = 2;
  p.a_dims[0] = 1, p.a_dims[1] = 10;
  p.b_dims[0] = 10, p.b_dims[1] = 10;
  p.y_dims[0] = 1, p.y_dims[1] = 10;
  p.bias_dims[0] = p.bias_dims[1] = 1;
  p.alpha = 1.0;
  KernelTable table(
      {KernelSpec(AICC_KERNEL_MATMUL, p, constantSlots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_B, b.data()}}))});
  ASSERT_TRUE(table.created()) << table.createError();
  const std::vector<void *> args =
      slots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_A, a.data()}, {AICC_MATMUL_ARG_Y, y.data()}});
  double us = microsecondsPerCall([&] { aicc_kernel_run(table.state(), 0, args.data()); });
  ASSERT_EQ(aicc_kernels_status(table.state()), 0) << aicc_kernel_last_error();
  RecordProperty("kernel_run_matmul_1x10x10_us", std::to_string(us));
  std::cout << "aicc_kernel_run, 1x10 * 10x10 matmul: " << us << " us/call\n";
  EXPECT_LT(us, kGrossRegressionMicroseconds);
}

TEST(Overhead, SessionRunFakeArtifact) {
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_ADD_ONE, &model), AICC_OK) << aicc_last_error();
  aicc_session *session = nullptr;
  ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  float x[6] = {0, 1, 2, 3, 4, 5}, y[6];
  aicc_tensor in = fakeTensor(x), out = fakeTensor(y);
  for (int threads : {0, 1}) {
    ASSERT_EQ(aicc_session_set_num_threads(session, threads), AICC_OK) << aicc_last_error();
    int failures = 0;
    double us = microsecondsPerCall([&] { failures += aicc_session_run(session, &in, 1, &out, 1) != AICC_OK; });
    ASSERT_EQ(failures, 0) << aicc_last_error();
    const std::string label = threads == 0 ? "default threads" : "1 thread";
    RecordProperty("session_run_fake_us_" + std::to_string(threads), std::to_string(us));
    std::cout << "aicc_session_run, fake artifact (" << label << ", " << aicc_session_num_threads(session)
              << "): " << us << " us/call\n";
    EXPECT_LT(us, kGrossRegressionMicroseconds);
  }
  aicc_session_free(session);
  aicc_model_free(model);
}

TEST(Overhead, SessionRunOutputsDataShaped) {
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_DATA_SHAPED, &model), AICC_OK) << aicc_last_error();
  aicc_session *session = nullptr;
  ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  float x[6] = {0, 1, 0, 2, 3, 0};
  const int64_t xShape[] = {6};
  aicc_tensor in{AICC_DTYPE_FLOAT32, 1, xShape, x};
  // Both outputs in the session's buffers, the entries reused as a serving loop would.
  int64_t idxShape = 0, countShape = 0;
  aicc_output out[] = {{nullptr, 0, &idxShape, 0}, {nullptr, 0, &countShape, 0}};
  int failures = 0;
  double us = microsecondsPerCall([&] { failures += aicc_session_run_outputs(session, &in, 1, out, 2) != AICC_OK; });
  ASSERT_EQ(failures, 0) << aicc_last_error();
  EXPECT_EQ(idxShape, 3);
  RecordProperty("session_run_outputs_data_shaped_us", std::to_string(us));
  std::cout << "aicc_session_run_outputs, data-shaped fake artifact: " << us << " us/call\n";
  EXPECT_LT(us, kGrossRegressionMicroseconds);
  aicc_session_free(session);
  aicc_model_free(model);
}

} // namespace
} // namespace aicc::test
