// A serving binary's view of models compiled at build time: conv and linear are linked into the
// program (aicc_add_model(... STATIC)), mlp is loaded from the .so its build made. Each runs on
// its input and is checked against its reference output.
//
//   linked_models DATA_DIR   DATA_DIR/{conv,linear,mlp}/{input_0,output_0}.bin: raw float32 in the
//                            model's shapes (the test suite writes them from ONNX test data)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "aicc/runtime.hpp"
#include "conv.h"
#include "linear.h"

// What the generated headers state is known when the program compiles.
static_assert(CONV_NUM_INPUTS == 1 && CONV_NUM_OUTPUTS == 1, "conv: one input, one output");
static_assert(LINEAR_INPUT_0_DTYPE == AICC_DTYPE_FLOAT32, "linear reads float32");

namespace {

std::vector<float> readFloats(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read '" + path + "'");
  std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::vector<float> values(bytes.size() / sizeof(float));
  std::copy(bytes.begin(), bytes.begin() + values.size() * sizeof(float), reinterpret_cast<char *>(values.data()));
  return values;
}

// Runs `model` on DIR/input_0.bin; true if every output element is within 1e-4 + 1e-4·|want| of
// DIR/output_0.bin.
bool runAndCheck(const char *name, const aicc::Model &model, const std::string &dir) {
  aicc::Session session(model);
  aicc::Tensor x(model.input(0)), y(model.output(0));
  std::vector<float> input = readFloats(dir + "/input_0.bin"), want = readFloats(dir + "/output_0.bin");
  if (input.size() != x.elements() || want.size() != y.elements()) {
    std::printf("%s: the data holds %zu inputs and %zu outputs; the model takes %zu and gives %zu\n", name,
                input.size(), want.size(), x.elements(), y.elements());
    return false;
  }
  std::copy(input.begin(), input.end(), x.data<float>());
  session.run({x.view()}, {y.view()});
  double worst = 0;
  bool ok = true;
  for (size_t i = 0; i < want.size(); ++i) {
    const double diff = std::fabs(double(y.data<float>()[i]) - want[i]);
    worst = std::max(worst, diff);
    ok = ok && diff <= 1e-4 + 1e-4 * std::fabs(want[i]);
  }
  std::printf("%s: %zu outputs, max abs diff %.3g: %s\n", name, want.size(), worst, ok ? "ok" : "MISMATCH");
  return ok;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: linked_models DATA_DIR\n");
    return 2;
  }
  const std::string data = argv[1];
  try {
    aicc::Model conv(conv_artifact()), linear(linear_artifact()), mlp(MLP_ARTIFACT);
    bool ok = runAndCheck("conv", conv, data + "/conv");
    ok = runAndCheck("linear", linear, data + "/linear") && ok;
    ok = runAndCheck("mlp", mlp, data + "/mlp") && ok;
    return ok ? 0 : 1;
  } catch (const aicc::Error &e) {
    std::fprintf(stderr, "linked_models: %s\n", e.what());
    return 2;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "linked_models: %s\n", e.what());
    return 2;
  }
}
