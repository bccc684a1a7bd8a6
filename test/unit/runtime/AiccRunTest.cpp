// aicc-run end to end on the fake artifacts (y = x + 1 over float32[2,3], and others): data
// directories written here as ONNX TensorProto, SequenceProto and OptionalProto files, the tool run
// as a process, its exit status and output checked.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <onnx/onnx-data_pb.h>

namespace aicc::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

// A fresh data directory for the current test.
std::string dataDir() {
  const auto *test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::path(AICC_TEST_SCRATCH_DIR) / (std::string("aicc_run.") + test->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

onnx::TensorProto floatTensor(const std::vector<float> &values, std::vector<int64_t> dims = {2, 3}, bool raw = true) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto_DataType_FLOAT);
  for (int64_t d : dims) t.add_dims(d);
  if (raw)
    t.set_raw_data(std::string(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(float)));
  else
    for (float v : values) t.add_float_data(v);
  return t;
}

void write(const std::string &dir, const std::string &file, const google::protobuf::Message &m) {
  std::ofstream out(dir + "/" + file, std::ios::binary);
  ASSERT_TRUE(m.SerializeToOstream(&out));
}

const std::vector<float> kX = {0, 1, 2, 3, 4, 5};
const std::vector<float> kY = {1, 2, 3, 4, 5, 6};

struct Result {
  int exitCode;
  std::string out, err;
};

Result runTool(const std::string &arguments) {
  const std::string errFile = std::string(AICC_TEST_SCRATCH_DIR) + "/aicc_run_stderr_" +
                              ::testing::UnitTest::GetInstance()->current_test_info()->name();
  const std::string command = std::string(AICC_RUN_BINARY) + " " + arguments + " 2>" + errFile;
  Result r{-1, "", ""};
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(errFile);
  r.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
  return r;
}

std::string model() { return AICC_TEST_FAKE_ADD_ONE; }

TEST(AiccRun, MatchingReferencePasses) {
  const std::string dir = dataDir();
  write(dir, "input_0.pb", floatTensor(kX));
  write(dir, "output_0.pb", floatTensor(kY));
  Result r = runTool(model() + " " + dir + " --iters 5 --warmup 1");
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("input   x float32[2,3] from input_0.pb"));
  EXPECT_THAT(r.out, HasSubstr("timing  5 runs after 1 warmup"));
  EXPECT_THAT(r.out, HasSubstr("check   y: max abs err 0, 0 of 6 elements mismatch"));
  EXPECT_THAT(r.out, HasSubstr("PASS"));
  EXPECT_EQ(r.err, "");
}

TEST(AiccRun, JsonIsOneLine) {
  const std::string dir = dataDir();
  write(dir, "input_0.pb", floatTensor(kX));
  write(dir, "output_0.pb", floatTensor(kY));
  Result r = runTool(model() + " --inputs " + dir + " --json --iters 3 --warmup 0 --threads 1");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_EQ(r.out.front(), '{');
  for (const char *field :
       {"\"outputs_match\":true", "\"max_abs_err\":0", "\"min_ms\":", "\"median_ms\":", "\"mean_ms\":", "\"iters\":3",
        "\"warmup\":0", "\"threads\":1", "\"outputs\":[{\"name\":\"y\",\"match\":true,\"elements\":6,\"mismatches\":0"})
    EXPECT_THAT(r.out, HasSubstr(field));
}

TEST(AiccRun, ProfileNamesEachKernelAndLoopNest) {
  const std::string dir = dataDir();
  write(dir, "input_0.pb", floatTensor(kX));
  write(dir, "output_0.pb", floatTensor(kY));
  Result r = runTool(model() + " " + dir + " --iters 4 --warmup 0 --threads 1 --profile");
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("profile 4 profiled runs: "));
  EXPECT_THAT(r.out, HasSubstr("its 2 kernels and loop nests"));
  EXPECT_THAT(r.out, ContainsRegex("1 +- +matmul +/fc/MatMul\n"));
  EXPECT_THAT(r.out, ContainsRegex("1 +1 +loop nest +/Identity\n"));
  EXPECT_THAT(r.out, HasSubstr("PASS"));

  r = runTool(model() + " " + dir + " --iters 2 --warmup 0 --threads 1 --profile --json");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"profile\":{\"runs\":2,\"run_ms\":"));
  EXPECT_THAT(r.out, HasSubstr("{\"name\":\"/fc/MatMul\",\"kind\":\"matmul\",\"ranges\":0,\"calls\":2,"));
}

TEST(AiccRun, MismatchExitsOne) {
  const std::string dir = dataDir();
  std::vector<float> wrong = kY;
  wrong[4] = 7.5f;
  write(dir, "input_0.pb", floatTensor(kX));
  write(dir, "output_0.pb", floatTensor(wrong));
  Result r = runTool(model() + " " + dir + " --iters 1");
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("max abs err 2.5, 1 of 6 elements mismatch"));
  EXPECT_THAT(r.out, HasSubstr("first at 4: got 5, expected 7.5"));
  EXPECT_THAT(r.out, HasSubstr("FAIL"));
  r = runTool(model() + " " + dir + " --iters 1 --json");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.out, HasSubstr("\"outputs_match\":false,\"max_abs_err\":2.5"));
}

TEST(AiccRun, TolerancesFollowAllclose) {
  const std::string dir = dataDir();
  std::vector<float> close = kY;
  close[0] += 1.5e-4f; // within atol + rtol * 1 = 2e-4
  write(dir, "input_0.pb", floatTensor(kX));
  write(dir, "output_0.pb", floatTensor(close));
  EXPECT_EQ(runTool(model() + " " + dir + " --iters 1").exitCode, 0);
  EXPECT_EQ(runTool(model() + " " + dir + " --iters 1 --atol 0 --rtol 1e-4").exitCode, 1);
  EXPECT_EQ(runTool(model() + " " + dir + " --iters 1 --atol 0 --rtol 2e-4").exitCode, 0);
}

TEST(AiccRun, TypedFieldsAreRead) {
  const std::string dir = dataDir();
  write(dir, "input_0.pb", floatTensor(kX, {2, 3}, false));
  write(dir, "output_0.pb", floatTensor(kY, {2, 3}, false));
  Result r = runTool(model() + " " + dir + " --iters 1");
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
}

TEST(AiccRun, NanMatchesNan) {
  const std::string dir = dataDir();
  // The fake computes x * I + 1 with a matmul, so a NaN in row 0 of x makes all of row 0 NaN.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> x = kX, y = {nan, nan, nan, 4, 5, 6};
  x[2] = nan;
  write(dir, "input_0.pb", floatTensor(x));
  write(dir, "output_0.pb", floatTensor(y));
  Result r = runTool(model() + " " + dir + " --iters 1");
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
}

TEST(AiccRun, NoReferenceIsNotAFailure) {
  const std::string dir = dataDir();
  write(dir, "input_0.pb", floatTensor(kX));
  Result r = runTool(model() + " " + dir + " --iters 1 --json");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"outputs_match\":null,\"max_abs_err\":null"));
}

TEST(AiccRun, ReferenceOfAnotherShapeIsAMismatch) {
  const std::string dir = dataDir();
  write(dir, "input_0.pb", floatTensor(kX));
  write(dir, "output_0.pb", floatTensor(kY, {3, 2}));
  Result r = runTool(model() + " " + dir + " --iters 1");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.out, HasSubstr("the reference output_0.pb is float32[3,2], the model's output is float32[2,3]"));
}

TEST(AiccRun, WrongInputShapeNamesTheInputAndFile) {
  const std::string dir = dataDir();
  write(dir, "input_0.pb", floatTensor(kX, {3, 2}));
  Result r = runTool(model() + " " + dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("aicc-run: error: " + dir +
                               "/input_0.pb: input 'x' must be float32[2,3], the file holds float32[3,2]"));
}

TEST(AiccRun, WrongInputDtypeNamesTheInput) {
  const std::string dir = dataDir();
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto_DataType_INT64);
  t.add_dims(2), t.add_dims(3);
  for (int i = 0; i < 6; ++i) t.add_int64_data(i);
  write(dir, "input_0.pb", t);
  Result r = runTool(model() + " " + dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("input 'x' must be float32[2,3], the file holds int64[2,3]"));
}

TEST(AiccRun, MalformedFileIsNamedNotFatal) {
  const std::string dir = dataDir();
  std::ofstream(dir + "/input_0.pb", std::ios::binary) << std::string("\xff\xff\xff\xff\x0f", 5);
  Result r = runTool(model() + " " + dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("aicc-run: error: " + dir + "/input_0.pb: "));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(AiccRun, ShortRawDataIsRefused) {
  const std::string dir = dataDir();
  onnx::TensorProto t = floatTensor(kX);
  t.mutable_raw_data()->resize(20);
  write(dir, "input_0.pb", t);
  Result r = runTool(model() + " " + dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("input_0.pb: raw_data holds 20 bytes; float32[2,3] needs 24"));
}

TEST(AiccRun, MissingInputsAreCounted) {
  const std::string dir = dataDir();
  Result r = runTool(model() + " " + dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("holds 0 input_N.pb files; the model has 1 input (x)"));
}

onnx::TensorProto int64Tensor(const std::vector<int64_t> &values) {
  onnx::TensorProto t;
  t.set_data_type(onnx::TensorProto_DataType_INT64);
  t.add_dims(static_cast<int64_t>(values.size()));
  for (int64_t v : values) t.add_int64_data(v);
  return t;
}

// fake_data_shaped: NonZero of x[6] into idx int64[idx.0], whose size only the run tells, and
// count int64[1].
TEST(AiccRun, DataShapedOutputIsCheckedAtTheSizeTheRunGives) {
  const std::string dir = dataDir();
  onnx::TensorProto x = floatTensor({0, 1.5f, 0, 2, -3, 0}, {6});
  write(dir, "input_0.pb", x);
  write(dir, "output_0.pb", int64Tensor({1, 3, 4}));
  write(dir, "output_1.pb", int64Tensor({3}));
  Result r = runTool(std::string(AICC_TEST_FAKE_DATA_SHAPED) + " " + dir + " --iters 3 --warmup 1");
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("gives   idx int64[idx.0]\n"));
  EXPECT_THAT(r.out, HasSubstr("gives   count int64[1]\n"));
  EXPECT_THAT(r.out, HasSubstr("output  idx int64[3]\n"));
  EXPECT_THAT(r.out, HasSubstr("check   idx: max abs err 0, 0 of 3 elements mismatch"));
  EXPECT_THAT(r.out, HasSubstr("PASS"));

  write(dir, "output_0.pb", int64Tensor({1, 3}));
  r = runTool(std::string(AICC_TEST_FAKE_DATA_SHAPED) + " " + dir + " --iters 1");
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("the reference output_0.pb is int64[2], the model's output is int64[3]"));
}

// fake_sequence: longer = seq with x appended, count = [seq's length, opt's or -1 for None],
// opt_out = opt.
onnx::SequenceProto sequence(const std::vector<onnx::TensorProto> &tensors) {
  onnx::SequenceProto s;
  s.set_elem_type(onnx::SequenceProto_DataType_TENSOR);
  for (const onnx::TensorProto &t : tensors) *s.add_tensor_values() = t;
  return s;
}

// As ONNX's backend tests write an optional: None has no elem_type and no value.
onnx::OptionalProto optional(const std::optional<onnx::SequenceProto> &value) {
  onnx::OptionalProto o;
  o.set_name("opt");
  if (value) {
    o.set_elem_type(onnx::OptionalProto_DataType_SEQUENCE);
    *o.mutable_sequence_value() = *value;
  }
  return o;
}

// A data set for fake_sequence: seq [1,2,3], [4]; x [5,6]; opt with one int64[2], or None.
std::string sequenceData(bool optPresent) {
  const std::string dir = dataDir();
  write(dir, "input_0.pb", sequence({floatTensor({1, 2, 3}, {3}), floatTensor({4}, {1})}));
  write(dir, "input_1.pb", floatTensor({5, 6}, {2}));
  write(dir, "input_2.pb", optional(optPresent ? std::optional(sequence({int64Tensor({8, 9})})) : std::nullopt));
  write(dir, "output_0.pb", sequence({floatTensor({1, 2, 3}, {3}), floatTensor({4}, {1}), floatTensor({5, 6}, {2})}));
  write(dir, "output_1.pb", int64Tensor({2, optPresent ? 1 : -1}));
  write(dir, "output_2.pb", optional(optPresent ? std::optional(sequence({int64Tensor({8, 9})})) : std::nullopt));
  return dir;
}

std::string sequenceModel() { return AICC_TEST_FAKE_SEQUENCE; }

TEST(AiccRun, SequencesAreReadRunAndComparedElementByElement) {
  const std::string dir = sequenceData(true);
  Result r = runTool(sequenceModel() + " " + dir + " --iters 3 --warmup 1");
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("takes   seq sequence of float32[len]\n"));
  EXPECT_THAT(r.out, HasSubstr("takes   opt optional sequence of int64[...]\n"));
  EXPECT_THAT(r.out, HasSubstr("gives   count int64[2]\n"));
  EXPECT_THAT(r.out, HasSubstr("input   seq sequence of 2 (float32[3], float32[1]) from input_0.pb\n"));
  EXPECT_THAT(r.out, HasSubstr("input   x float32[2] from input_1.pb\n"));
  EXPECT_THAT(r.out, HasSubstr("output  longer sequence of 3 (float32[3], float32[1], float32[2])\n"));
  EXPECT_THAT(r.out, HasSubstr("timing  3 runs after 1 warmup"));
  EXPECT_THAT(r.out, HasSubstr("check   longer: 3 tensors, max abs err 0, 0 of 6 elements mismatch"));
  EXPECT_THAT(r.out, HasSubstr("check   count: max abs err 0, 0 of 2 elements mismatch"));
  EXPECT_THAT(r.out, HasSubstr("check   opt_out: 1 tensor, max abs err 0, 0 of 2 elements mismatch"));
  EXPECT_THAT(r.out, HasSubstr("PASS"));

  r = runTool(sequenceModel() + " " + dir + " --iters 2 --warmup 0 --json --profile");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\"outputs_match\":true"));
  EXPECT_THAT(r.out, HasSubstr("\"profile\":{\"runs\":2,"));
  EXPECT_THAT(r.out, HasSubstr("{\"name\":\"longer\",\"match\":true,\"length\":3,\"elements\":6,\"mismatches\":0"));
  EXPECT_THAT(r.out, HasSubstr("{\"name\":\"count\",\"match\":true,\"elements\":2,"));
}

TEST(AiccRun, NoneIsReadAndCompared) {
  const std::string dir = sequenceData(false);
  Result r = runTool(sequenceModel() + " " + dir + " --iters 1");
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("input   opt None from input_2.pb\n"));
  EXPECT_THAT(r.out, HasSubstr("output  opt_out None\n"));
  EXPECT_THAT(r.out, HasSubstr("check   opt_out: None, as the reference\n"));
  r = runTool(sequenceModel() + " " + dir + " --iters 1 --json");
  EXPECT_THAT(r.out, HasSubstr("{\"name\":\"opt_out\",\"match\":true,\"length\":null,\"elements\":0"));

  write(dir, "output_2.pb", optional(sequence({int64Tensor({8, 9})})));
  r = runTool(sequenceModel() + " " + dir + " --iters 1");
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("check   opt_out: MISMATCH: the reference output_2.pb is a sequence of 1, the model's "
                               "output is None"));
}

TEST(AiccRun, SequenceMismatchesNameTheOutputAndElement) {
  const std::string dir = sequenceData(true);
  write(dir, "output_0.pb", sequence({floatTensor({1, 2, 3}, {3}), floatTensor({4}, {1}), floatTensor({5, 7}, {2})}));
  Result r = runTool(sequenceModel() + " " + dir + " --iters 1");
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("check   longer: 3 tensors, max abs err 1, 1 of 6 elements mismatch (rtol 0.0001, atol "
                               "0.0001); first in element 2 at 1: got 6, expected 7\n"));
  EXPECT_THAT(r.out, HasSubstr("FAIL"));

  write(dir, "output_0.pb", sequence({floatTensor({1, 2, 3}, {3}), floatTensor({4}, {1})}));
  r = runTool(sequenceModel() + " " + dir + " --iters 1");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.out, HasSubstr("check   longer: MISMATCH: the reference output_0.pb is a sequence of 2, the model's "
                               "output is a sequence of 3\n"));

  write(dir, "output_0.pb",
        sequence({floatTensor({1, 2, 3}, {3}), floatTensor({4, 4}, {2}), floatTensor({5, 6}, {2})}));
  r = runTool(sequenceModel() + " " + dir + " --iters 1 --json");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.out, HasSubstr("\"problem\":\"element 1 of the reference output_0.pb is float32[2], the model's is "
                               "float32[1]\""));
}

TEST(AiccRun, WrongSequenceFilesAreNamed) {
  const std::string dir = sequenceData(true);
  write(dir, "input_0.pb", sequence({floatTensor({1, 2, 3}, {3}), int64Tensor({4})}));
  Result r = runTool(sequenceModel() + " " + dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("aicc-run: error: " + dir +
                               "/input_0.pb: input 'seq' element 1 must be float32[len], the file holds int64[1]"));

  write(dir, "input_0.pb", sequence({floatTensor({1, 2, 3}, {3})}));
  write(dir, "input_2.pb", sequence({int64Tensor({8})}));
  r = runTool(sequenceModel() + " " + dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("/input_2.pb: holds an optional of elem_type 1 (TENSOR); the model's value is an "
                               "optional sequence"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

  write(dir, "input_2.pb", optional(std::nullopt));
  onnx::SequenceProto truncated = sequence({floatTensor({1, 2, 3}, {3})});
  truncated.mutable_tensor_values(0)->mutable_raw_data()->resize(8);
  write(dir, "input_0.pb", truncated);
  r = runTool(sequenceModel() + " " + dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("/input_0.pb: element 0: raw_data holds 8 bytes; float32[3] needs 12"));
}

TEST(AiccRun, UsageAndLoadErrorsExitTwo) {
  const std::string dir = dataDir();
  Result r = runTool("/nonexistent/model.so " + dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("aicc-run: error: cannot open model '/nonexistent/model.so'"));
  r = runTool(model() + " " + dir + " --iters zero");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("--iters expects an integer >= 1, got 'zero'"));
  r = runTool(model());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("expected MODEL.so and DATA_DIR"));
  r = runTool(model() + " " + dir + " --frobnicate");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown option '--frobnicate'"));
}

} // namespace
} // namespace aicc::test
