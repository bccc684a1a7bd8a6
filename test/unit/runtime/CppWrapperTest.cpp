// aicc/runtime.hpp: the RAII wrapper runs a model and turns failures into aicc::Error.
#include "aicc/runtime.hpp"

#include <optional>

#include "TestSupport.h"

namespace aicc::test {
namespace {

using ::testing::HasSubstr;

TEST(CppWrapper, LoadsRunsAndDescribes) {
  aicc::Model model(AICC_TEST_FAKE_ADD_ONE);
  EXPECT_EQ(model.numInputs(), 1);
  EXPECT_STREQ(model.input(0).name, "x");
  EXPECT_EQ(model.producer(), "aicc-fake 1");
  aicc::Session session(model);
  aicc::Tensor x(model.input(0)), y(model.output(0));
  ASSERT_EQ(x.elements(), 6u);
  EXPECT_EQ(x.bytes(), 24u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(x.data()) % 64, 0u);
  for (size_t i = 0; i < x.elements(); ++i) x.data<float>()[i] = static_cast<float>(i);
  session.run({x.view()}, {y.view()});
  EXPECT_EQ(y.data<float>()[5], 6.f);
}

TEST(CppWrapper, SessionOutlivesMovedAndDestroyedModel) {
  std::optional<aicc::Session> session;
  {
    aicc::Model model(AICC_TEST_FAKE_ADD_ONE);
    aicc::Model moved(std::move(model));
    session.emplace(moved);
  }
  float x[6] = {}, y[6] = {};
  session->run({fakeTensor(x)}, {fakeTensor(y)});
  EXPECT_EQ(y[0], 1.f);
}

TEST(CppWrapper, FailuresThrowWithStatusAndMessage) {
  try {
    aicc::Model model("/nonexistent.so");
    FAIL() << "loading a missing file succeeded";
  } catch (const aicc::Error &e) {
    EXPECT_EQ(e.status(), AICC_ERR_LOAD);
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent.so"));
  }
  aicc::Model model(AICC_TEST_FAKE_ADD_ONE);
  aicc::Session session(model);
  float x[6] = {};
  try {
    session.run({fakeTensor(x)}, {});
    FAIL() << "a run without outputs succeeded";
  } catch (const aicc::Error &e) {
    EXPECT_EQ(e.status(), AICC_ERR_INVALID_ARGUMENT);
    EXPECT_STREQ(e.what(), "expected 1 output (y), got 0");
  }
  EXPECT_THROW(model.output(1), aicc::Error);
}

} // namespace
} // namespace aicc::test
