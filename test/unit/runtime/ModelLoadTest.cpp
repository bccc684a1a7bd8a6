// aicc_model_load: what it accepts, what it refuses, and that each refusal says why.
#include <fstream>

#include "TestSupport.h"

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

struct LoadResult {
  int status;
  std::string error;
};

LoadResult tryLoad(const std::string &path) {
  aicc_model *model = nullptr;
  int status = aicc_model_load(path.c_str(), &model);
  LoadResult result{status, status == AICC_OK ? "" : aicc_last_error()};
  if (status == AICC_OK)
    aicc_model_free(model);
  else
    EXPECT_EQ(model, nullptr);
  return result;
}

TEST(ModelLoad, DescribesTheFakeArtifact) {
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_ADD_ONE, &model), AICC_OK) << aicc_last_error();
  EXPECT_EQ(aicc_model_num_inputs(model), 1);
  EXPECT_EQ(aicc_model_num_outputs(model), 1);
  const aicc_tensor_info *x = aicc_model_input(model, 0);
  ASSERT_NE(x, nullptr);
  EXPECT_STREQ(x->name, "x");
  EXPECT_EQ(x->dtype, AICC_DTYPE_FLOAT32);
  ASSERT_EQ(x->rank, 2);
  EXPECT_EQ(x->shape[0], 2);
  EXPECT_EQ(x->shape[1], 3);
  EXPECT_STREQ(aicc_model_output(model, 0)->name, "y");
  EXPECT_EQ(aicc_model_input(model, 1), nullptr);
  EXPECT_EQ(aicc_model_output(model, -1), nullptr);
  EXPECT_STREQ(aicc_model_producer(model), "aicc-fake 1");
  EXPECT_STREQ(aicc_model_target(model), "cpu");
  EXPECT_STREQ(aicc_model_cpu(model), "x86-64");
  EXPECT_STREQ(aicc_model_cpu_features(model), "sse2");
  EXPECT_EQ(std::string(aicc_model_source_hash(model)).size(), 64u);
  EXPECT_EQ(aicc_model_workspace_bytes(model), 64u);
  aicc_model_free(model);
}

TEST(ModelLoad, NullArgumentsAreRefused) {
  aicc_model *model = nullptr;
  EXPECT_EQ(aicc_model_load(nullptr, &model), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(aicc_model_load(AICC_TEST_FAKE_ADD_ONE, nullptr), AICC_ERR_INVALID_ARGUMENT);
  aicc_model_free(nullptr); // ignored
}

TEST(ModelLoad, MissingFileNamesThePath) {
  LoadResult r = tryLoad("/nonexistent/dir/model.so");
  EXPECT_EQ(r.status, AICC_ERR_LOAD);
  EXPECT_THAT(r.error, HasSubstr("'/nonexistent/dir/model.so'"));
  EXPECT_THAT(r.error, HasSubstr("No such file or directory"));
}

TEST(ModelLoad, DirectoryIsRefused) {
  LoadResult r = tryLoad(AICC_TEST_SCRATCH_DIR);
  EXPECT_EQ(r.status, AICC_ERR_LOAD);
  EXPECT_THAT(r.error, HasSubstr("directory"));
}

TEST(ModelLoad, TruncatedArtifactIsRefused) {
  std::ifstream in(AICC_TEST_FAKE_ADD_ONE, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 4096u);
  const std::string path = scratchPath("truncated.so");
  std::ofstream(path, std::ios::binary).write(bytes.data(), 1024);
  LoadResult r = tryLoad(path);
  EXPECT_EQ(r.status, AICC_ERR_LOAD);
  EXPECT_THAT(r.error, HasSubstr("cannot load model '" + path + "': truncated file: segment"));
}

TEST(ModelLoad, ShortFileIsRefusedWithTheLoaderMessage) {
  const std::string path = scratchPath("short.so");
  std::ofstream(path) << "tiny\n";
  LoadResult r = tryLoad(path);
  EXPECT_EQ(r.status, AICC_ERR_LOAD);
  EXPECT_EQ(r.error, "cannot load model '" + path + "': file too short");
}

TEST(ModelLoad, ArtifactCutAnywhereIsRefused) {
  std::ifstream in(AICC_TEST_FAKE_ADD_ONE, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<size_t> cuts;
  for (size_t keep = 40; keep < bytes.size(); keep += 64) cuts.push_back(keep);
  cuts.push_back(bytes.size() - 1);
  for (size_t keep : cuts) {
    const std::string path = scratchPath("cut_" + std::to_string(keep) + ".so");
    std::ofstream(path, std::ios::binary).write(bytes.data(), keep);
    LoadResult r = tryLoad(path);
    EXPECT_EQ(r.status, AICC_ERR_LOAD) << keep;
    EXPECT_THAT(r.error, HasSubstr("cannot load model '" + path + "': ")) << keep;
  }
}

TEST(ModelLoad, TextFileIsRefusedWithTheLoaderMessage) {
  const std::string path = scratchPath("x.so");
  // Longer than an ELF header, so that the loader reads the magic rather than finding it short.
  std::ofstream(path) << std::string(10, '#') << " this text file is not a shared object\n"
                      << std::string(200, '#') << "\n";
  LoadResult r = tryLoad(path);
  EXPECT_EQ(r.status, AICC_ERR_LOAD);
  EXPECT_EQ(r.error, "cannot load model '" + path + "': invalid ELF header");
}

TEST(ModelLoad, RelativePathMeansAFileNotALibrarySearch) {
  const std::string dir = std::filesystem::path(scratchPath("x")).parent_path().string();
  std::filesystem::copy_file(AICC_TEST_FAKE_ADD_ONE, dir + "/relative.so",
                             std::filesystem::copy_options::overwrite_existing);
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  LoadResult r = tryLoad("relative.so");
  std::filesystem::current_path(previous);
  EXPECT_EQ(r.status, AICC_OK) << r.error;
}

TEST(ModelLoad, SharedObjectWithoutTheEntryPointsIsNotAnArtifact) {
  LoadResult r = tryLoad(AICC_TEST_NOT_A_MODEL);
  EXPECT_EQ(r.status, AICC_ERR_ABI);
  EXPECT_THAT(r.error, HasSubstr("is not an aicc artifact"));
  EXPECT_THAT(r.error, HasSubstr("aicc_model_info, aicc_model_init, aicc_model_run, aicc_model_fini"));
}

TEST(ModelLoad, MissingSymbolIsNamed) {
  LoadResult r = tryLoad(AICC_TEST_FAKE_NO_RUN);
  EXPECT_EQ(r.status, AICC_ERR_ABI);
  EXPECT_THAT(r.error, HasSubstr("does not export aicc_model_run"));
  EXPECT_THAT(r.error, ::testing::Not(HasSubstr("aicc_model_init")));
}

TEST(ModelLoad, AbiVersionMismatchStatesBothVersions) {
  LoadResult r = tryLoad(AICC_TEST_FAKE_ABI_999);
  EXPECT_EQ(r.status, AICC_ERR_ABI);
  EXPECT_THAT(r.error, HasSubstr("ABI version 999"));
  EXPECT_THAT(r.error, HasSubstr("supports versions " + std::to_string(AICC_MODEL_ABI_OLDEST_VERSION) + " to " +
                                 std::to_string(AICC_MODEL_ABI_VERSION)));
}

// An artifact of ABI 4 (no dim_names in its tensor infos) keeps loading and running: its info is
// read in its own layout.
TEST(ModelLoad, Abi4ArtifactStillLoadsAndRuns) {
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_ABI_4, &model), AICC_OK) << aicc_last_error();
  const aicc_tensor_info *x = aicc_model_input(model, 0);
  ASSERT_NE(x, nullptr);
  EXPECT_STREQ(x->name, "x");
  EXPECT_EQ(x->rank, 2);
  EXPECT_EQ(x->dim_names, nullptr);
  EXPECT_STREQ(aicc_model_output(model, 0)->name, "y");
  expectAddsOne(model);
  aicc_model_free(model);
}

// Before ABI 7 every value is a tensor, and the info ends before the kinds: what follows it in
// the artifact (here pointers that would crash if read) is not read as kinds.
TEST(ModelLoad, AbiBefore7HasOnlyTensors) {
  for (const char *path : {AICC_TEST_FAKE_ABI_4, AICC_TEST_FAKE_ABI_5, AICC_TEST_FAKE_ABI_6}) {
    aicc_model *model = nullptr;
    ASSERT_EQ(aicc_model_load(path, &model), AICC_OK) << aicc_last_error();
    EXPECT_EQ(aicc_model_input_kind(model, 0), AICC_VALUE_TENSOR) << path;
    EXPECT_EQ(aicc_model_output_kind(model, 0), AICC_VALUE_TENSOR) << path;
    {
      SCOPED_TRACE(path);
      expectAddsOne(model);
    }
    aicc_model_free(model);
  }
}

TEST(ModelLoad, UnknownValueKindIsRefused) {
  LoadResult r = tryLoad(AICC_TEST_FAKE_BAD_KIND);
  EXPECT_EQ(r.status, AICC_ERR_ABI);
  EXPECT_THAT(r.error, HasSubstr("has malformed info: input 0 'x' has unknown kind 7"));
}

TEST(ModelLoad, OtherTargetIsRefused) {
  LoadResult r = tryLoad(AICC_TEST_FAKE_CUDA_TARGET);
  EXPECT_EQ(r.status, AICC_ERR_TARGET);
  EXPECT_THAT(r.error, HasSubstr("targets 'cuda'"));
}

// fake_env_features reads its cpu_features once per process, at its first info call; each test
// loads a private copy so that the variable is read afresh.
std::string copyOfEnvFeaturesFake() {
  const std::string path = scratchPath("env_features.so");
  std::filesystem::copy_file(AICC_TEST_FAKE_ENV_FEATURES, path, std::filesystem::copy_options::overwrite_existing);
  return path;
}

TEST(ModelLoad, MissingCpuFeatureIsRefusedAndListed) {
  std::string absent;
#define AICC_CPU_FEATURE(name)                                                                                         \
  if (absent.empty() && !aicc_host_has_cpu_feature(name)) absent = name;
#include "aicc/cpu_features.def"
  if (absent.empty()) GTEST_SKIP() << "this host has every feature in aicc/cpu_features.def; nothing to refuse";

  setenv("AICC_FAKE_CPU_FEATURES", ("sse2," + absent).c_str(), 1);
  LoadResult r = tryLoad(copyOfEnvFeaturesFake());
  unsetenv("AICC_FAKE_CPU_FEATURES");
  EXPECT_EQ(r.status, AICC_ERR_CPU);
  EXPECT_THAT(r.error, HasSubstr("compiled for CPU x86-64 with sse2," + absent));
  EXPECT_THAT(r.error, HasSubstr("this machine lacks: " + absent));
}

TEST(ModelLoad, UnknownCpuFeatureIsTreatedAsMissing) {
  setenv("AICC_FAKE_CPU_FEATURES", "sse2, quantum-entanglement", 1);
  LoadResult r = tryLoad(copyOfEnvFeaturesFake());
  unsetenv("AICC_FAKE_CPU_FEATURES");
  EXPECT_EQ(r.status, AICC_ERR_CPU);
  EXPECT_THAT(r.error, HasSubstr("this machine lacks: quantum-entanglement"));
}

TEST(ModelLoad, ModelOutlivesItsFreeWhileASessionHoldsIt) {
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load(AICC_TEST_FAKE_ADD_ONE, &model), AICC_OK);
  aicc_session *session = nullptr;
  ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  aicc_model_free(model); // the session keeps the artifact loaded
  float x[6] = {0, 1, 2, 3, 4, 5}, y[6] = {};
  aicc_tensor in = fakeTensor(x), out = fakeTensor(y);
  ASSERT_EQ(aicc_session_run(session, &in, 1, &out, 1), AICC_OK) << aicc_last_error();
  EXPECT_EQ(y[5], 6.f);
  aicc_session_free(session);
}

} // namespace
} // namespace aicc::test
