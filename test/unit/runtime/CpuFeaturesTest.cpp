// aicc_host_has_cpu_feature against what any x86-64 machine must have, and the published list.
#include "TestSupport.h"

namespace aicc::test {
namespace {

TEST(CpuFeatures, BaselineIsPresent) { EXPECT_EQ(aicc_host_has_cpu_feature("sse2"), 1); }

TEST(CpuFeatures, UnknownAndNullNamesAreAbsent) {
  EXPECT_EQ(aicc_host_has_cpu_feature("not-a-feature"), 0);
  EXPECT_EQ(aicc_host_has_cpu_feature(""), 0);
  EXPECT_EQ(aicc_host_has_cpu_feature(nullptr), 0);
}

TEST(CpuFeatures, ImpliedFeaturesAreConsistent) {
  // A CPU (and OS) with a feature has what it is built on.
  auto has = [](const char *name) { return aicc_host_has_cpu_feature(name) == 1; };
  if (has("avx2")) {
    EXPECT_TRUE(has("avx"));
  }
  if (has("avx512bw") || has("avx512vl") || has("avx512dq")) {
    EXPECT_TRUE(has("avx512f"));
  }
  if (has("avx")) {
    EXPECT_TRUE(has("sse4.2"));
  }
}

TEST(CpuFeatures, EveryPublishedNameIsAnswered) {
  // Also records what this host has, which helps reading other tests' results.
  std::string present;
#define AICC_CPU_FEATURE(name)                                                                                         \
  if (aicc_host_has_cpu_feature(name)) present += std::string(present.empty() ? "" : ",") + name;
#include "aicc/cpu_features.def"
  RecordProperty("host_cpu_features", present);
  EXPECT_THAT(present, ::testing::StartsWith("sse2"));
}

} // namespace
} // namespace aicc::test
