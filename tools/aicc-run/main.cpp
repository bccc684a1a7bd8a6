// aicc-run: runs a compiled model on the inputs of an ONNX backend-test data directory, checks the
// outputs against the directory's references and times the runs.
//
//   aicc-run MODEL.so DATA_DIR... [--iters N] [--warmup N] [--threads N] [--rtol R] [--atol A]
//   [--profile] [--json] [--save-outputs DIR]
//
// Exit status: 0 ran and every output matched (or there were no references), 1 an output did not
// match, 2 anything else went wrong (one "aicc-run: error: ..." line on stderr).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "OutputComparison.h"
#include "TensorFile.h"
#include "aicc/runtime.hpp"

namespace aicc::run {
namespace {

constexpr const char *kUsage =
    "usage: aicc-run MODEL.so DATA_DIR... [options]\n"
    "\n"
    "Runs MODEL.so on DATA_DIR/input_0.pb, input_1.pb, ... (ONNX TensorProto files; a SequenceProto\n"
    "for a sequence, an OptionalProto for an optional one), compares the outputs with\n"
    "DATA_DIR/output_N.pb when present (a sequence element by element), and times the runs. A\n"
    "DATA_DIR that holds test_data_set_N folders stands for them all. Every data set runs on one\n"
    "session, at the sizes it holds (a model with symbolic dims takes any), and is reported in turn.\n"
    "An output whose shape only the run tells (NonZero's) is shown with its data dim by name, then at\n"
    "each data set's size.\n"
    "\n"
    "options:\n"
    "  --inputs DIR    a data directory (as a further argument)\n"
    "  --iters N       timed runs (default 50)\n"
    "  --warmup N      untimed runs before them (default 5)\n"
    "  --threads N     threads per run (default: OpenMP's, i.e. OMP_NUM_THREADS or all cores)\n"
    "  --rtol R        relative tolerance (default 1e-4)\n"
    "  --atol A        absolute tolerance (default 1e-4); an element matches if\n"
    "                  |got - want| <= atol + rtol * |want|, NaN matches NaN, integers must be "
    "equal\n"
    "  --profile       after the timed runs, as many again with profiling on: time per kernel and\n"
    "                  per generated loop nest, named after the ONNX nodes each computes, and\n"
    "                  their sum against the profiled runs' time\n"
    "  --save-outputs DIR\n"
    "                  write the outputs of the last run to DIR/output_N.pb (TensorProto files,\n"
    "                  the layout the data directories use); with several data sets, the K-th\n"
    "                  (from 0, in the order they run) to DIR/data_set_K/output_N.pb; tensors only\n"
    "                  (a sequence or optional output's N is skipped)\n"
    "  --json          print one JSON line per data set: data, outputs_match (true, false, or null without "
    "references),\n"
    "                  max_abs_err (null if infinite or no references), session_ms, first_run_ms,\n"
    "                  min_ms, median_ms, mean_ms,\n"
    "                  iters, warmup, threads, per-output results, and with --profile the profile\n"
    "\n"
    "exit status: 0 all outputs matched or none to check, 1 an output did not match, 2 error\n";

struct Options {
  std::string model;
  std::vector<std::string> dataDirs;
  int iters = 50;
  int warmup = 5;
  int threads = 0; // 0: OpenMP's default
  double rtol = 1e-4;
  double atol = 1e-4;
  bool json = false;
  bool profile = false;
  std::string saveOutputs; // a folder for the outputs, or empty
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int parseCount(const std::string &flag, const std::string &text, int min) {
  size_t used = 0;
  long value = -1;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception &) {
  }
  if (used != text.size() || value < min || value > 1000000000)
    throw UsageError(flag + " expects an integer >= " + std::to_string(min) + ", got '" + text + "'");
  return static_cast<int>(value);
}

double parseTolerance(const std::string &flag, const std::string &text) {
  size_t used = 0;
  double value = -1;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception &) {
  }
  if (used != text.size() || !(value >= 0) || std::isinf(value))
    throw UsageError(flag + " expects a number >= 0, got '" + text + "'");
  return value;
}

Options parseOptions(int argc, char **argv) {
  Options options;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--iters") {
      options.iters = parseCount(arg, value(), 1);
    } else if (arg == "--warmup") {
      options.warmup = parseCount(arg, value(), 0);
    } else if (arg == "--threads") {
      options.threads = parseCount(arg, value(), 1);
    } else if (arg == "--rtol") {
      options.rtol = parseTolerance(arg, value());
    } else if (arg == "--atol") {
      options.atol = parseTolerance(arg, value());
    } else if (arg == "--inputs") {
      positional.push_back(value());
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--profile") {
      options.profile = true;
    } else if (arg == "--save-outputs") {
      options.saveOutputs = value();
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UsageError("unknown option '" + arg + "' (see --help)");
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() < 2) throw UsageError("expected MODEL.so and DATA_DIR (see --help)");
  options.model = positional[0];
  options.dataDirs.assign(positional.begin() + 1, positional.end());
  return options;
}

std::string dataFile(const std::string &dir, const char *kind, int index) {
  return (std::filesystem::path(dir) / (std::string(kind) + "_" + std::to_string(index) + ".pb")).string();
}

// How many of DIR/kind_0.pb, kind_1.pb, ... exist, counting up to the first gap.
int countDataFiles(const std::string &dir, const char *kind) {
  int count = 0;
  while (std::filesystem::exists(dataFile(dir, kind, count))) ++count;
  return count;
}

// "1 input (x)", "2 outputs (y, z)": what the model has, for count mismatches.
std::string countedNames(const aicc::Model &model, bool inputs) {
  const int count = inputs ? model.numInputs() : model.numOutputs();
  std::string text = std::to_string(count) + (inputs ? " input" : " output") + (count == 1 ? "" : "s");
  for (int i = 0; i < count; ++i)
    text += std::string(i ? ", " : " (") + (inputs ? model.input(i) : model.output(i)).name;
  return count ? text + ")" : text;
}

// "[batch,10]", "[idx.0]": a symbolic or data dim by its name.
std::string declaredShape(const aicc_tensor_info &info) {
  std::string s = "[";
  for (int32_t d = 0; d < info.rank; ++d)
    s += (d ? "," : "") + (info.shape[d] < 0 ? std::string(info.dim_names[d]) : std::to_string(info.shape[d]));
  return s + "]";
}

// Whether the run computes the output's shape (an AICC_DIM_DATA dim), so that only the session
// can hold it.
bool isDataShaped(const aicc_tensor_info &info) {
  return std::find(info.shape, info.shape + info.rank, AICC_DIM_DATA) != info.shape + info.rank;
}

std::string declaredTensor(const aicc_tensor_info &info) {
  return std::string(aicc_dtype_name(info.dtype)) + declaredShape(info);
}

// What a sequence's elements are: "float32[len]", or "int64[...]" for any rank.
std::string declaredElement(const aicc_tensor_info &info) {
  return info.rank == AICC_RANK_ANY ? std::string(aicc_dtype_name(info.dtype)) + "[...]" : declaredTensor(info);
}

// "float32[batch,10]", "sequence of float32[len]", "optional sequence of ...", "optional float32[4]".
std::string declaredValue(const aicc_tensor_info &info, int32_t kind) {
  switch (kind) {
  case AICC_VALUE_TENSOR: return declaredTensor(info);
  case AICC_VALUE_OPTIONAL_TENSOR: return "optional " + declaredTensor(info);
  case AICC_VALUE_OPTIONAL_SEQUENCE: return "optional sequence of " + declaredElement(info);
  default: return "sequence of " + declaredElement(info);
  }
}

// A sequence or optional value's file, read as a sequence: an optional tensor's holds one tensor
// or none.
SequenceData readValueFile(const std::string &path, int32_t kind) {
  if (kind == AICC_VALUE_OPTIONAL_TENSOR) return readOptionalTensorFile(path);
  return readSequenceFile(path, kind == AICC_VALUE_OPTIONAL_SEQUENCE);
}

// Whether the model has a sequence input or output, which only aicc_session_run_values runs.
bool hasSequences(const aicc::Model &model) {
  for (int i = 0; i < model.numInputs(); ++i)
    if (model.inputKind(i) != AICC_VALUE_TENSOR) return true;
  for (int i = 0; i < model.numOutputs(); ++i)
    if (model.outputKind(i) != AICC_VALUE_TENSOR) return true;
  return false;
}

// Whether a tensor of `dtype` and `shape` is what `info` describes (a symbolic dim of any size):
// the input's, or for a sequence, each of its elements.
bool fits(const aicc_tensor_info &info, int32_t dtype, const std::vector<int64_t> &shape) {
  if (dtype != info.dtype) return false;
  if (info.rank == AICC_RANK_ANY) return true;
  bool fits = static_cast<int32_t>(shape.size()) == info.rank;
  for (int32_t d = 0; fits && d < info.rank; ++d)
    fits = info.shape[d] == AICC_DIM_SYMBOLIC || info.shape[d] == shape[d];
  return fits;
}

aicc::Tensor tensorOf(const TensorData &data) {
  aicc::Tensor tensor(data.dtype, data.shape);
  std::copy(data.bytes.begin(), data.bytes.end(), static_cast<unsigned char *>(tensor.data()));
  return tensor;
}

// One input as its file holds it, in the buffers the runs read: a tensor, or a sequence's
// elements (none for None).
struct InputValue {
  bool present = true;
  std::vector<aicc::Tensor> tensors;
  std::vector<aicc_tensor> views; // of tensors
  std::string description;        // what the file held, for the report
};

InputValue readInput(const aicc::Model &model, int index, const std::string &path) {
  const aicc_tensor_info &info = model.input(index);
  const int32_t kind = model.inputKind(index);
  InputValue input;
  if (kind == AICC_VALUE_TENSOR) {
    TensorData data = readTensorFile(path);
    if (!fits(info, data.dtype, data.shape))
      throw std::runtime_error(path + ": input '" + info.name + "' must be " + declaredTensor(info) +
                               ", the file holds " + describeTensor(data.dtype, data.shape));
    input.description = describeTensor(data.dtype, data.shape);
    input.tensors.push_back(tensorOf(data));
  } else {
    SequenceData data = readValueFile(path, kind);
    for (size_t k = 0; k < data.elements.size(); ++k)
      if (!fits(info, data.elements[k].dtype, data.elements[k].shape))
        throw std::runtime_error(path + ": input '" + info.name + "' element " + std::to_string(k) + " must be " +
                                 declaredElement(info) + ", the file holds " +
                                 describeTensor(data.elements[k].dtype, data.elements[k].shape));
    input.present = data.present;
    input.description = kind == AICC_VALUE_OPTIONAL_TENSOR && data.present
                            ? describeTensor(data.elements[0].dtype, data.elements[0].shape)
                            : describeSequence(data);
    for (const TensorData &element : data.elements) input.tensors.push_back(tensorOf(element));
  }
  for (aicc::Tensor &t : input.tensors) input.views.push_back(t.view());
  return input;
}

// An output as the last run left it: a tensor, or a sequence's elements (none for None).
struct OutputValue {
  bool present = true;
  std::vector<aicc_tensor> tensors;
};

std::vector<int64_t> shapeOf(const aicc_tensor &t) { return std::vector<int64_t>(t.shape, t.shape + t.rank); }

std::string describeOutput(const OutputValue &output, int32_t kind) {
  if (kind == AICC_VALUE_TENSOR || (kind == AICC_VALUE_OPTIONAL_TENSOR && output.present))
    return describeTensor(output.tensors[0].dtype, shapeOf(output.tensors[0]));
  SequenceData shapes{output.present, {}};
  for (const aicc_tensor &t : output.tensors) shapes.elements.push_back(TensorData{"", t.dtype, shapeOf(t), {}});
  return describeSequence(shapes);
}

// The data sets `dirs` stand for: each itself, or the test_data_set_N folders it holds, in order.
std::vector<std::string> expandDataSets(const std::vector<std::string> &dirs) {
  std::vector<std::string> sets;
  for (const std::string &dir : dirs) {
    if (!std::filesystem::is_directory(dir)) throw std::runtime_error("data directory '" + dir + "' does not exist");
    std::vector<std::string> inside;
    for (int k = 0; std::filesystem::is_directory(std::filesystem::path(dir) / ("test_data_set_" + std::to_string(k)));
         ++k)
      inside.push_back((std::filesystem::path(dir) / ("test_data_set_" + std::to_string(k))).string());
    if (inside.empty() || std::filesystem::exists(dataFile(dir, "input", 0)))
      sets.push_back(dir);
    else
      sets.insert(sets.end(), inside.begin(), inside.end());
  }
  return sets;
}

// An output's check against its reference; `problem` is set when they cannot even be compared.
// A sequence's comparison sums its elements'.
struct OutputCheck {
  std::string name;
  std::string problem;
  Comparison comparison;
  bool sequence = false;
  bool present = true;     // a sequence: false for None, as the reference is too
  size_t length = 0;       // a sequence: its tensors
  size_t firstElement = 0; // a sequence: the tensor the first mismatch is in

  bool matched() const { return problem.empty() && comparison.mismatches == 0; }
};

// Output `name` (a sequence, or None) against the sequence of its reference `file`, element by
// element.
OutputCheck checkSequence(const std::string &name, const std::string &file, const OutputValue &got,
                          const SequenceData &want, const Options &options) {
  OutputCheck check{name, "", {}};
  check.sequence = true;
  check.present = got.present;
  check.length = got.tensors.size();
  auto what = [](bool present, size_t length) {
    return present ? "a sequence of " + std::to_string(length) : std::string("None");
  };
  if (want.present != got.present || want.elements.size() != got.tensors.size()) {
    check.problem = "the reference " + file + " is " + what(want.present, want.elements.size()) +
                    ", the model's output is " + what(got.present, got.tensors.size());
    return check;
  }
  Comparison &sum = check.comparison;
  for (size_t k = 0; k < got.tensors.size(); ++k) {
    const aicc_tensor &g = got.tensors[k];
    const TensorData &w = want.elements[k];
    if (w.dtype != g.dtype || w.shape != shapeOf(g)) {
      check.problem = "element " + std::to_string(k) + " of the reference " + file + " is " +
                      describeTensor(w.dtype, w.shape) + ", the model's is " + describeTensor(g.dtype, shapeOf(g));
      return check;
    }
    const Comparison c = compareOutput(g.dtype, g.data, w.bytes.data(), w.bytes.size() / aicc_dtype_size(g.dtype),
                                       options.rtol, options.atol);
    if (c.mismatches && !sum.mismatches) {
      check.firstElement = k;
      sum.firstMismatch = c.firstMismatch;
      sum.firstGot = c.firstGot;
      sum.firstWant = c.firstWant;
    }
    sum.elements += c.elements;
    sum.mismatches += c.mismatches;
    sum.maxAbsError = std::max(sum.maxAbsError, c.maxAbsError);
  }
  return check;
}

struct Timing {
  double minMs = 0, medianMs = 0, meanMs = 0;
};

Timing summarize(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  Timing t;
  t.minMs = ms.front();
  const size_t n = ms.size();
  t.medianMs = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  double sum = 0;
  for (double v : ms) sum += v;
  t.meanMs = sum / n;
  return t;
}

std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// JSON has no infinity: an infinite error is null (the mismatch is in outputs_match).
std::string jsonNumber(double v) {
  if (!std::isfinite(v)) return "null";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", v);
  return buffer;
}

// The profile of `runs` runs, entries by time: one line each, then their sum against the runs'
// own time (the part no kernel or loop nest accounts for is the glue between them).
struct ProfileReport {
  int64_t runs = 0;
  double runMs = 0;   // per run
  double entryMs = 0; // per run, all entries
  std::vector<aicc_profile_entry> entries;

  // Milliseconds per run of `seconds` recorded over all runs.
  double msPerRun(double seconds) const { return runs ? seconds * 1e3 / static_cast<double>(runs) : 0; }
};

ProfileReport profileRuns(aicc::Session &session, const std::function<void()> &runOnce, int runs) {
  session.setProfiling(true);
  for (int i = 0; i < runs; ++i) runOnce();
  const aicc_profile p = session.profile();
  ProfileReport report;
  report.runs = p.runs;
  report.entries.assign(p.entries, p.entries + p.num_entries);
  session.setProfiling(false);
  std::stable_sort(report.entries.begin(), report.entries.end(),
                   [](const aicc_profile_entry &a, const aicc_profile_entry &b) { return a.seconds > b.seconds; });
  report.runMs = report.msPerRun(p.run_seconds);
  for (const aicc_profile_entry &e : report.entries) report.entryMs += report.msPerRun(e.seconds);
  return report;
}

void printProfile(const ProfileReport &r) {
  std::printf("profile %lld profiled runs: %.4f ms per run; its %zu kernels and loop nests %.4f ms "
              "(%.1f%%)\n",
              static_cast<long long>(r.runs), r.runMs, r.entries.size(), r.entryMs,
              r.runMs > 0 ? 100 * r.entryMs / r.runMs : 0.0);
  std::printf("  %9s %6s %6s %7s  %-10s %s\n", "ms/run", "%", "calls", "ranges", "kind", "ONNX nodes");
  for (const aicc_profile_entry &e : r.entries) {
    const double ms = r.msPerRun(e.seconds);
    std::printf("  %9.4f %6.1f %6.3g %7s  %-10s %s\n", ms, r.runMs > 0 ? 100 * ms / r.runMs : 0.0,
                r.runs ? static_cast<double>(e.calls) / static_cast<double>(r.runs) : 0.0,
                e.ranges ? std::to_string(e.ranges).c_str() : "-", e.kind, e.name);
  }
}

std::string profileJson(const ProfileReport &r) {
  std::ostringstream j;
  j << "{\"runs\":" << r.runs << ",\"run_ms\":" << jsonNumber(r.runMs) << ",\"entries_ms\":" << jsonNumber(r.entryMs)
    << ",\"entries\":[";
  for (size_t i = 0; i < r.entries.size(); ++i) {
    const aicc_profile_entry &e = r.entries[i];
    j << (i ? "," : "") << "{\"name\":" << jsonString(e.name) << ",\"kind\":" << jsonString(e.kind)
      << ",\"ranges\":" << e.ranges << ",\"calls\":" << e.calls
      << ",\"ms_per_run\":" << jsonNumber(r.msPerRun(e.seconds)) << "}";
  }
  j << "]}";
  return j.str();
}

// One data set's inputs, run, timed and checked on the session.
// Writes each tensor output of the last run to dir/output_N.pb (a sequence or an optional has no
// TensorProto file: its N is skipped).
void saveOutputs(const std::string &dir, const aicc::Model &model, const std::vector<OutputValue> &got) {
  std::filesystem::create_directories(dir);
  for (int i = 0; i < model.numOutputs(); ++i) {
    const aicc_tensor_info &info = model.output(i);
    if (model.outputKind(i) != AICC_VALUE_TENSOR) continue;
    const aicc_tensor &output = got[i].tensors[0];
    TensorData tensor{info.name, output.dtype, shapeOf(output), {}};
    int64_t count = 1;
    for (int64_t size : tensor.shape) count *= size;
    const auto *data = static_cast<const unsigned char *>(output.data);
    tensor.bytes.assign(data, data + count * aicc_dtype_size(output.dtype));
    writeTensorFile(dataFile(dir, "output", i), tensor);
  }
}

// `saveDir`: where the outputs go (--save-outputs), or empty.
int runDataSet(const Options &options, const aicc::Model &model, aicc::Session &session, const std::string &dataDir,
               const std::string &saveDir, double sessionMs) {
  const int numInputs = model.numInputs();
  const int inputFiles = countDataFiles(dataDir, "input");
  if (inputFiles != numInputs)
    throw std::runtime_error(dataDir + " holds " + std::to_string(inputFiles) + " input_N.pb files; the model has " +
                             countedNames(model, true));

  std::vector<InputValue> inputs;
  for (int i = 0; i < numInputs; ++i) inputs.push_back(readInput(model, i, dataFile(dataDir, "input", i)));
  const int numOutputs = model.numOutputs();
  // A model with sequences runs with aicc_session_run_values, every output in the session's
  // memory; any other as before, with aicc_session_run_outputs.
  const bool values = hasSequences(model);
  std::function<void()> runOnce;
  std::vector<aicc_tensor> inputViews;
  std::vector<aicc::Tensor> outputBuffers;
  std::vector<std::vector<int64_t>> outputShapes(numOutputs);
  std::vector<aicc_output> outputs(numOutputs);
  std::vector<aicc_value> valueInputs, valueOutputs(numOutputs);
  if (values) {
    for (int i = 0; i < numInputs; ++i) {
      InputValue &input = inputs[i];
      if (model.inputKind(i) == AICC_VALUE_TENSOR)
        valueInputs.push_back(aicc_value{1, input.views[0], 0, nullptr});
      else if (model.inputKind(i) == AICC_VALUE_OPTIONAL_TENSOR)
        valueInputs.push_back(aicc_value{input.present, input.present ? input.views[0] : aicc_tensor{}, 0, nullptr});
      else
        valueInputs.push_back(
            aicc_value{input.present, aicc_tensor{}, static_cast<int64_t>(input.views.size()), input.views.data()});
    }
    runOnce = [&] { session.runValues(valueInputs, valueOutputs); };
  } else {
    for (InputValue &input : inputs) inputViews.push_back(input.views[0]);
    // An output's buffer is ours where its shape follows from the inputs' (symbolic dims; this
    // also checks that the inputs agree on the sizes of dims that share a name), the session's
    // where only the run tells it. Either way the run says the shape, and the same entries serve
    // every run.
    outputBuffers.reserve(numOutputs); // the entries point into them
    for (int i = 0; i < numOutputs; ++i) {
      const aicc_tensor_info &info = model.output(i);
      outputShapes[i].resize(info.rank);
      outputs[i] = aicc_output{nullptr, 0, outputShapes[i].data(), 0};
      if (!isDataShaped(info)) {
        aicc::Tensor &buffer = outputBuffers.emplace_back(info.dtype, model.outputShape(inputViews, i));
        outputs[i].data = buffer.data();
        outputs[i].capacity = buffer.bytes();
      }
    }
    runOnce = [&] { session.runOutputs(inputViews, outputs); };
  }

  const int outputFiles = countDataFiles(dataDir, "output");
  if (outputFiles != 0 && outputFiles != numOutputs)
    throw std::runtime_error(dataDir + " holds " + std::to_string(outputFiles) + " output_N.pb files; the model has " +
                             countedNames(model, false));

  // The first run at a shape creates the primitives a model with symbolic dims needs for it.
  auto firstStart = std::chrono::steady_clock::now();
  runOnce();
  const double firstRunMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - firstStart).count();
  for (int i = 0; i < options.warmup; ++i) runOnce();
  std::vector<double> ms;
  ms.reserve(options.iters);
  for (int i = 0; i < options.iters; ++i) {
    auto start = std::chrono::steady_clock::now();
    runOnce();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  const Timing timing = summarize(ms);
  std::optional<ProfileReport> profile;
  if (options.profile) profile = profileRuns(session, runOnce, options.iters);

  std::vector<OutputValue> got(numOutputs);
  for (int i = 0; i < numOutputs; ++i) {
    const aicc_tensor_info &info = model.output(i);
    if (!values) {
      got[i].tensors = {aicc_tensor{info.dtype, info.rank, outputShapes[i].data(), outputs[i].data}};
    } else if (model.outputKind(i) == AICC_VALUE_TENSOR) {
      got[i].tensors = {valueOutputs[i].tensor};
    } else if (model.outputKind(i) == AICC_VALUE_OPTIONAL_TENSOR) {
      got[i].present = valueOutputs[i].present;
      if (got[i].present) got[i].tensors = {valueOutputs[i].tensor};
    } else {
      got[i].present = valueOutputs[i].present;
      got[i].tensors.assign(valueOutputs[i].elements, valueOutputs[i].elements + valueOutputs[i].length);
    }
  }

  if (!saveDir.empty()) saveOutputs(saveDir, model, got);

  std::vector<OutputCheck> checks;
  for (int i = 0; i < outputFiles; ++i) {
    const aicc_tensor_info &info = model.output(i);
    const std::string path = dataFile(dataDir, "output", i);
    const std::string file = std::filesystem::path(path).filename().string();
    const int32_t kind = model.outputKind(i);
    if (kind != AICC_VALUE_TENSOR) {
      checks.push_back(checkSequence(info.name, file, got[i], readValueFile(path, kind), options));
      continue;
    }
    TensorData want = readTensorFile(path);
    const aicc_tensor &output = got[i].tensors[0];
    OutputCheck check{info.name, "", {}};
    if (want.dtype != info.dtype || want.shape != shapeOf(output))
      check.problem = "the reference " + file + " is " + describeTensor(want.dtype, want.shape) +
                      ", the model's output is " + describeTensor(info.dtype, shapeOf(output));
    else
      // The reference holds exactly the elements of its shape, the run's.
      check.comparison = compareOutput(info.dtype, output.data, want.bytes.data(),
                                       want.bytes.size() / aicc_dtype_size(info.dtype), options.rtol, options.atol);
    checks.push_back(check);
  }
  const bool checked = !checks.empty();
  bool allMatched = true;
  double maxAbsError = 0;
  for (const OutputCheck &c : checks) {
    allMatched = allMatched && c.matched();
    maxAbsError = std::max(maxAbsError, c.problem.empty() ? c.comparison.maxAbsError : INFINITY);
  }
  const int threads = session.numThreads();

  if (options.json) {
    std::ostringstream j;
    j << "{\"model\":" << jsonString(options.model) << ",\"data\":" << jsonString(dataDir)
      << ",\"outputs_match\":" << (checked ? (allMatched ? "true" : "false") : "null")
      << ",\"max_abs_err\":" << (checked ? jsonNumber(maxAbsError) : "null")
      << ",\"session_ms\":" << jsonNumber(sessionMs) << ",\"first_run_ms\":" << jsonNumber(firstRunMs)
      << ",\"min_ms\":" << jsonNumber(timing.minMs) << ",\"median_ms\":" << jsonNumber(timing.medianMs)
      << ",\"mean_ms\":" << jsonNumber(timing.meanMs) << ",\"iters\":" << options.iters
      << ",\"warmup\":" << options.warmup << ",\"threads\":" << threads;
    if (profile) j << ",\"profile\":" << profileJson(*profile);
    j << ",\"outputs\":[";
    for (size_t i = 0; i < checks.size(); ++i) {
      const OutputCheck &c = checks[i];
      j << (i ? "," : "") << "{\"name\":" << jsonString(c.name) << ",\"match\":" << (c.matched() ? "true" : "false");
      if (c.sequence) j << ",\"length\":" << (c.present ? std::to_string(c.length) : "null");
      if (c.problem.empty())
        j << ",\"elements\":" << c.comparison.elements << ",\"mismatches\":" << c.comparison.mismatches
          << ",\"max_abs_err\":" << jsonNumber(c.comparison.maxAbsError);
      else
        j << ",\"problem\":" << jsonString(c.problem);
      j << "}";
    }
    j << "]}";
    std::cout << j.str() << "\n";
  } else {
    std::printf("data    %s\n", dataDir.c_str());
    for (int i = 0; i < numInputs; ++i)
      std::printf("input   %s %s from input_%d.pb\n", model.input(i).name, inputs[i].description.c_str(), i);
    for (int i = 0; i < numOutputs; ++i)
      std::printf("output  %s %s\n", model.output(i).name, describeOutput(got[i], model.outputKind(i)).c_str());
    std::printf("first run %.2f ms\n", firstRunMs);
    std::printf("timing  %d run%s after %d warmup, %d thread%s: min %.4f ms, median %.4f ms, mean "
                "%.4f ms\n",
                options.iters, options.iters == 1 ? "" : "s", options.warmup, threads, threads == 1 ? "" : "s",
                timing.minMs, timing.medianMs, timing.meanMs);
    if (profile) printProfile(*profile);
    for (const OutputCheck &c : checks) {
      if (!c.problem.empty()) {
        std::printf("check   %s: MISMATCH: %s\n", c.name.c_str(), c.problem.c_str());
        continue;
      }
      if (c.sequence && !c.present) {
        std::printf("check   %s: None, as the reference\n", c.name.c_str());
        continue;
      }
      const Comparison &r = c.comparison;
      std::printf("check   %s: ", c.name.c_str());
      if (c.sequence) std::printf("%zu tensor%s, ", c.length, c.length == 1 ? "" : "s");
      std::printf("max abs err %.3g, %zu of %zu elements mismatch (rtol %g, atol %g)", r.maxAbsError, r.mismatches,
                  r.elements, options.rtol, options.atol);
      if (r.mismatches && c.sequence)
        std::printf("; first in element %zu at %zu: got %.9g, expected %.9g", c.firstElement, r.firstMismatch,
                    r.firstGot, r.firstWant);
      else if (r.mismatches)
        std::printf("; first at %zu: got %.9g, expected %.9g", r.firstMismatch, r.firstGot, r.firstWant);
      std::printf("\n");
    }
    std::printf("%s\n", !checked ? "OK (no reference outputs to check)" : allMatched ? "PASS" : "FAIL");
  }
  return !checked || allMatched ? 0 : 1;
}

int runTool(const Options &options) {
  aicc::Model model(options.model);
  const std::vector<std::string> dataSets = expandDataSets(options.dataDirs);

  // Session creation builds the oneDNN primitives of every static-shape kernel and reorders the
  // weights: what a server pays once per thread before its first request.
  const auto sessionStart = std::chrono::steady_clock::now();
  aicc::Session session(model);
  if (options.threads > 0) session.setNumThreads(options.threads);
  const double sessionMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sessionStart).count();

  if (!options.json) {
    std::printf("model   %s (%s; %s %s; features %s)\n", options.model.c_str(), model.producer().c_str(),
                model.target().c_str(), model.cpu().c_str(),
                model.cpuFeatures().empty() ? "none" : model.cpuFeatures().c_str());
    for (int i = 0; i < model.numInputs(); ++i)
      std::printf("takes   %s %s\n", model.input(i).name, declaredValue(model.input(i), model.inputKind(i)).c_str());
    for (int i = 0; i < model.numOutputs(); ++i)
      std::printf("gives   %s %s\n", model.output(i).name, declaredValue(model.output(i), model.outputKind(i)).c_str());
    std::printf("session created in %.2f ms\n", sessionMs);
  }
  int status = 0;
  for (size_t k = 0; k < dataSets.size(); ++k) {
    std::string saveDir = options.saveOutputs;
    if (!saveDir.empty() && dataSets.size() > 1)
      saveDir = (std::filesystem::path(saveDir) / ("data_set_" + std::to_string(k))).string();
    status = std::max(status, runDataSet(options, model, session, dataSets[k], saveDir, sessionMs));
  }
  return status;
}

} // namespace
} // namespace aicc::run

int main(int argc, char **argv) {
  try {
    return aicc::run::runTool(aicc::run::parseOptions(argc, argv));
  } catch (const std::exception &e) {
    std::cerr << "aicc-run: error: " << e.what() << "\n";
    return 2;
  }
}
