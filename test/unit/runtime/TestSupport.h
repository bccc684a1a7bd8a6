// Shared by the runtime tests: scratch files, the fake model's data, and an RAII kernel table.
#ifndef AICC_TEST_UNIT_RUNTIME_TESTSUPPORT_H
#define AICC_TEST_UNIT_RUNTIME_TESTSUPPORT_H

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aicc/cpu_kernels.h"
#include "aicc/runtime.h"

namespace aicc::test {

// A path for a file this test creates, unique per test so that tests may run in parallel.
inline std::string scratchPath(const std::string &fileName) {
  const auto *test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::path(AICC_TEST_SCRATCH_DIR) /
                              (std::string(test->test_suite_name()) + "." + test->name());
  std::filesystem::create_directories(dir);
  return (dir / fileName).string();
}

// The fake artifact's input and output: [2,3] float32, y = x + 1.
inline const int64_t kFakeShape[2] = {2, 3};

inline aicc_tensor fakeTensor(float *data) {
  return aicc_tensor{AICC_DTYPE_FLOAT32, 2, kFakeShape, data};
}

// A double stored bit-for-bit in an int64 kernel param.
inline int64_t doubleBits(double value) {
  int64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

inline std::vector<float> randomFloats(size_t count, uint32_t seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> distribution(-1.f, 1.f);
  std::vector<float> values(count);
  for (float &v : values)
    v = distribution(generator);
  return values;
}

inline void expectAllNear(const std::vector<float> &got, const std::vector<float> &want,
                          float tolerance = 1e-4f) {
  ASSERT_EQ(got.size(), want.size());
  size_t mismatches = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::abs(got[i] - want[i]) > tolerance * (1 + std::abs(want[i]))) {
      if (++mismatches <= 5)
        ADD_FAILURE() << "element " << i << ": got " << got[i] << ", want " << want[i];
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << got.size() << " elements";
}

// One kernel desc with storage for its params and constants.
struct KernelSpec {
  int64_t kind;
  std::vector<int64_t> params;
  std::vector<const void *> constants; // num_args entries, null where passed at run

  aicc_kernel_desc desc() const {
    return aicc_kernel_desc{kind, static_cast<int64_t>(params.size()), params.data(),
                            static_cast<int64_t>(constants.size()), constants.data()};
  }
};

// aicc_kernels_create / destroy around a list of specs.
class KernelTable {
public:
  explicit KernelTable(const std::vector<KernelSpec> &specs, aicc_rt *rt = nullptr) {
    std::vector<aicc_kernel_desc> descs;
    for (const KernelSpec &spec : specs)
      descs.push_back(spec.desc());
    status_ = aicc_kernels_create(rt, descs.data(), static_cast<int64_t>(descs.size()), &state_);
    if (status_ != 0)
      error_ = aicc_kernel_last_error();
  }
  ~KernelTable() { aicc_kernels_destroy(state_); }
  KernelTable(const KernelTable &) = delete;
  KernelTable &operator=(const KernelTable &) = delete;

  bool created() const { return status_ == 0; }
  const std::string &createError() const { return error_; }
  void *state() const { return state_; }

  // Runs kernel `index` and returns "" or the error message.
  std::string run(int64_t index, std::vector<void *> args) {
    aicc_kernel_run(state_, index, args.data());
    return aicc_kernels_status(state_) == 0 ? std::string() : std::string(aicc_kernel_last_error());
  }

private:
  void *state_ = nullptr;
  int status_ = 0;
  std::string error_;
};

} // namespace aicc::test

#endif // AICC_TEST_UNIT_RUNTIME_TESTSUPPORT_H
