// aicc_model_load_linked: a model whose entry points the program holds (aicc -o NAME.o) loads, is
// checked and runs as a file does. The entry points here are the fake artifact's, taken with dlsym:
// the runtime sees only the aicc_linked_artifact.
#include <dlfcn.h>

#include "TestSupport.h"
#include "aicc/runtime.hpp"
#include "conv2d_abi8.h"

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

// The entry points of a fake .so, as a linked model's NAME_artifact() gives them.
class FakeLinked {
public:
  explicit FakeLinked(const char *path) : handle_(dlopen(path, RTLD_NOW | RTLD_LOCAL)) {
    EXPECT_NE(handle_, nullptr) << dlerror();
    artifact_.abi_version = AICC_MODEL_ABI_VERSION;
    artifact_.name = "fake_linked";
    artifact_.info = reinterpret_cast<decltype(artifact_.info)>(symbol("aicc_model_info"));
    artifact_.init = reinterpret_cast<decltype(artifact_.init)>(symbol("aicc_model_init"));
    artifact_.run = reinterpret_cast<decltype(artifact_.run)>(symbol("aicc_model_run"));
    artifact_.fini = reinterpret_cast<decltype(artifact_.fini)>(symbol("aicc_model_fini"));
    artifact_.workspace_bytes_for =
        reinterpret_cast<decltype(artifact_.workspace_bytes_for)>(symbol("aicc_model_workspace_bytes_for"));
  }
  ~FakeLinked() {
    if (handle_) dlclose(handle_);
  }
  aicc_linked_artifact &artifact() { return artifact_; }

private:
  void *symbol(const char *name) { return handle_ ? dlsym(handle_, name) : nullptr; }
  void *handle_;
  aicc_linked_artifact artifact_{};
};

std::string loadError(const aicc_linked_artifact *artifact, int expected) {
  aicc_model *model = nullptr;
  EXPECT_EQ(aicc_model_load_linked(artifact, &model), expected);
  EXPECT_EQ(model, nullptr);
  return aicc_last_error();
}

TEST(LinkedModel, LoadsDescribesAndRuns) {
  FakeLinked fake(AICC_TEST_FAKE_ADD_ONE);
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load_linked(&fake.artifact(), &model), AICC_OK) << aicc_last_error();
  EXPECT_STREQ(aicc_model_input(model, 0)->name, "x");
  EXPECT_STREQ(aicc_model_producer(model), "aicc-fake 1");
  expectAddsOne(model);
  aicc_model_free(model);
}

TEST(LinkedModel, SymbolicDimsUseItsWorkspaceFunction) {
  FakeLinked fake(AICC_TEST_FAKE_SYMBOLIC);
  aicc_model *model = nullptr;
  ASSERT_EQ(aicc_model_load_linked(&fake.artifact(), &model), AICC_OK) << aicc_last_error();
  aicc_model_free(model);

  fake.artifact().workspace_bytes_for = nullptr;
  EXPECT_THAT(loadError(&fake.artifact(), AICC_ERR_ABI),
              HasSubstr("linked model 'fake_linked' has symbolic dims but does not export "
                        "aicc_model_workspace_bytes_for"));
}

TEST(LinkedModel, TheCppWrapperLoadsIt) {
  FakeLinked fake(AICC_TEST_FAKE_ADD_ONE);
  aicc::Model model(&fake.artifact());
  EXPECT_EQ(model.numInputs(), 1);
  fake.artifact().abi_version = 7;
  try {
    aicc::Model refused(&fake.artifact());
    FAIL() << "an ABI 7 linked artifact loaded";
  } catch (const aicc::Error &e) {
    EXPECT_EQ(e.status(), AICC_ERR_ABI);
  }
}

TEST(LinkedModel, NullArgumentsAreRefused) {
  FakeLinked fake(AICC_TEST_FAKE_ADD_ONE);
  EXPECT_EQ(aicc_model_load_linked(&fake.artifact(), nullptr), AICC_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(loadError(nullptr, AICC_ERR_INVALID_ARGUMENT), HasSubstr("artifact is null"));
  fake.artifact().run = nullptr;
  EXPECT_THAT(loadError(&fake.artifact(), AICC_ERR_ABI),
              HasSubstr("linked model 'fake_linked' is not an aicc artifact: a null name or entry point"));
}

// The version comes first in every layout; the rest is read only once it is known.
TEST(LinkedModel, OtherAbiVersionsAreRefused) {
  FakeLinked fake(AICC_TEST_FAKE_ADD_ONE);
  for (uint32_t version : {7u, AICC_MODEL_ABI_VERSION + 1u}) {
    fake.artifact().abi_version = version;
    EXPECT_THAT(loadError(&fake.artifact(), AICC_ERR_ABI),
                HasSubstr("written for artifact ABI version " + std::to_string(version) +
                          "; this runtime links versions 8 to " + std::to_string(AICC_MODEL_ABI_VERSION)));
  }
}

// The checks of a file apply to what a linked model's info says.
TEST(LinkedModel, ItsInfoIsCheckedAsAFilesIs) {
  FakeLinked abi(AICC_TEST_FAKE_ABI_999);
  EXPECT_THAT(loadError(&abi.artifact(), AICC_ERR_ABI),
              HasSubstr("linked model 'fake_linked' was written for artifact ABI version 999"));
  FakeLinked cuda(AICC_TEST_FAKE_CUDA_TARGET);
  EXPECT_THAT(loadError(&cuda.artifact(), AICC_ERR_TARGET), HasSubstr("targets 'cuda'"));
}

// One compile writes the struct and the info: versions that differ are not one model's.
TEST(LinkedModel, InfoOfAnotherAbiIsRefused) {
  FakeLinked older(AICC_TEST_FAKE_ABI_5);
  EXPECT_THAT(loadError(&older.artifact(), AICC_ERR_ABI),
              HasSubstr("linked model 'fake_linked' is not an aicc artifact: its info is of ABI version 5, its entry "
                        "points of " +
                        std::to_string(AICC_MODEL_ABI_VERSION)));
}

// A model aicc 0.1.0 linked at ABI 8 (checked in as libconv2d_abi8.a, never rebuilt) keeps
// linking and loading, and computes what the same compile as a .so computes.
TEST(LinkedModel, Abi8ArchiveStillLinksAndRuns) {
  aicc::Model linked(conv2d_abi8_artifact()), loaded(AICC_TEST_CONV2D_ABI8);
  static_assert(CONV2D_ABI8_NUM_INPUTS == 1 && CONV2D_ABI8_INPUT_0_DTYPE == AICC_DTYPE_FLOAT32, "the header");
  EXPECT_EQ(std::string(linked.input(0).name), loaded.input(0).name);
  EXPECT_EQ(linked.sourceHash(), loaded.sourceHash());
  aicc::Tensor x(linked.input(0)), fromLinked(linked.output(0)), fromLoaded(loaded.output(0));
  for (size_t i = 0; i < x.elements(); ++i) x.data<float>()[i] = std::sin(0.1f * i);
  aicc::Session(linked).run({x.view()}, {fromLinked.view()});
  aicc::Session(loaded).run({x.view()}, {fromLoaded.view()});
  ASSERT_EQ(fromLinked.elements(), fromLoaded.elements());
  for (size_t i = 0; i < fromLinked.elements(); ++i)
    EXPECT_NEAR(fromLinked.data<float>()[i], fromLoaded.data<float>()[i], 1e-6) << "element " << i;
}

} // namespace
} // namespace aicc::test
