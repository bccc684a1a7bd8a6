// The shape of a serving binary on libaiccrt: load a compiled model once at startup, describe its
// inputs and outputs, give each worker thread its own session, and run requests through it. Here
// a single worker serves one request of fixed-pattern inputs and reports its latency.
//
//   aicc-serve-example MODEL.so
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "aicc/runtime.hpp"

namespace {

std::string describe(const aicc_tensor_info &info) {
  std::string s = std::string(info.name) + " " + aicc_dtype_name(info.dtype) + "[";
  for (int32_t d = 0; d < info.rank; ++d) s += (d ? "," : "") + std::to_string(info.shape[d]);
  return s + "]";
}

// A request stand-in: element i is (i % 10) / 10 for floating types, i % 10 for integers, i % 2
// for bool. 16-bit floats get the bits of 0 (a real server would convert its inputs).
void fillPattern(aicc::Tensor &t) {
  for (size_t i = 0; i < t.elements(); ++i) {
    const double v = static_cast<double>(i % 10);
    switch (t.dtype()) {
    case AICC_DTYPE_FLOAT32: t.data<float>()[i] = static_cast<float>(v / 10); break;
    case AICC_DTYPE_FLOAT64: t.data<double>()[i] = v / 10; break;
    case AICC_DTYPE_INT8: t.data<int8_t>()[i] = static_cast<int8_t>(v); break;
    case AICC_DTYPE_UINT8: t.data<uint8_t>()[i] = static_cast<uint8_t>(v); break;
    case AICC_DTYPE_BOOL: t.data<uint8_t>()[i] = i % 2; break;
    case AICC_DTYPE_INT16: t.data<int16_t>()[i] = static_cast<int16_t>(v); break;
    case AICC_DTYPE_UINT16: t.data<uint16_t>()[i] = static_cast<uint16_t>(v); break;
    case AICC_DTYPE_INT32: t.data<int32_t>()[i] = static_cast<int32_t>(v); break;
    case AICC_DTYPE_UINT32: t.data<uint32_t>()[i] = static_cast<uint32_t>(v); break;
    case AICC_DTYPE_INT64: t.data<int64_t>()[i] = static_cast<int64_t>(v); break;
    case AICC_DTYPE_UINT64: t.data<uint64_t>()[i] = static_cast<uint64_t>(v); break;
    default: break; // float16/bfloat16 stay zero
    }
  }
}

// Element i as text (16-bit floats as their bits).
std::string elementText(const aicc::Tensor &t, size_t i) {
  char buffer[32];
  switch (t.dtype()) {
  case AICC_DTYPE_FLOAT32: std::snprintf(buffer, sizeof buffer, "%g", t.data<float>()[i]); break;
  case AICC_DTYPE_FLOAT64: std::snprintf(buffer, sizeof buffer, "%g", t.data<double>()[i]); break;
  case AICC_DTYPE_INT8: std::snprintf(buffer, sizeof buffer, "%d", t.data<int8_t>()[i]); break;
  case AICC_DTYPE_UINT8:
  case AICC_DTYPE_BOOL: std::snprintf(buffer, sizeof buffer, "%u", t.data<uint8_t>()[i]); break;
  case AICC_DTYPE_INT16: std::snprintf(buffer, sizeof buffer, "%d", t.data<int16_t>()[i]); break;
  case AICC_DTYPE_UINT16:
  case AICC_DTYPE_FLOAT16:
  case AICC_DTYPE_BFLOAT16: std::snprintf(buffer, sizeof buffer, "0x%04x", t.data<uint16_t>()[i]); break;
  case AICC_DTYPE_INT32: std::snprintf(buffer, sizeof buffer, "%d", t.data<int32_t>()[i]); break;
  case AICC_DTYPE_UINT32: std::snprintf(buffer, sizeof buffer, "%u", t.data<uint32_t>()[i]); break;
  case AICC_DTYPE_INT64:
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(t.data<int64_t>()[i]));
    break;
  case AICC_DTYPE_UINT64:
    std::snprintf(buffer, sizeof buffer, "%llu", static_cast<unsigned long long>(t.data<uint64_t>()[i]));
    break;
  default: std::snprintf(buffer, sizeof buffer, "?"); break;
  }
  return buffer;
}

int serve(const char *path) {
  aicc::Model model(path); // once per process; shared by all workers
  std::printf("model %s: %s, target %s (%s)\n", path, model.producer().c_str(), model.target().c_str(),
              model.cpu().c_str());
  std::vector<aicc::Tensor> inputs, outputs;
  for (int i = 0; i < model.numInputs(); ++i) {
    std::printf("  input  %s\n", describe(model.input(i)).c_str());
    inputs.emplace_back(model.input(i));
    fillPattern(inputs.back());
  }
  for (int i = 0; i < model.numOutputs(); ++i) {
    std::printf("  output %s\n", describe(model.output(i)).c_str());
    outputs.emplace_back(model.output(i));
  }
  std::vector<aicc_tensor> inputViews, outputViews;
  for (aicc::Tensor &t : inputs) inputViews.push_back(t.view());
  for (aicc::Tensor &t : outputs) outputViews.push_back(t.view());

  aicc::Session session(model);         // once per worker thread
  session.run(inputViews, outputViews); // the first run pays for cold caches

  constexpr int kRequests = 20;
  std::vector<double> ms;
  for (int r = 0; r < kRequests; ++r) {
    auto start = std::chrono::steady_clock::now();
    session.run(inputViews, outputViews);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());

  for (int i = 0; i < model.numOutputs(); ++i) {
    const aicc::Tensor &y = outputs[i];
    std::string values;
    for (size_t e = 0; e < std::min<size_t>(y.elements(), 8); ++e) values += " " + elementText(y, e);
    std::printf("%s:%s%s\n", describe(model.output(i)).c_str(), values.c_str(), y.elements() > 8 ? " ..." : "");
  }
  std::printf("latency: median %.4f ms, min %.4f ms over %d requests, %d threads\n", ms[kRequests / 2], ms[0],
              kRequests, session.numThreads());
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: aicc-serve-example MODEL.so\n");
    return 2;
  }
  try {
    return serve(argv[1]);
  } catch (const aicc::Error &e) {
    std::fprintf(stderr, "aicc-serve-example: error: %s\n", e.what());
    return 1;
  }
}
