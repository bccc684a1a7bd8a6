// aicc-run: runs a compiled model on the inputs of an ONNX backend-test data directory, checks the
// outputs against the directory's references and times the runs.
//
//   aicc-run MODEL.so DATA_DIR... [--iters N] [--warmup N] [--threads N] [--rtol R] [--atol A]
//   [--profile] [--json]
//
// Exit status: 0 ran and every output matched (or there were no references), 1 an output did not
// match, 2 anything else went wrong (one "aicc-run: error: ..." line on stderr).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
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
    "Runs MODEL.so on DATA_DIR/input_0.pb, input_1.pb, ... (ONNX TensorProto files), compares the\n"
    "outputs with DATA_DIR/output_N.pb when present, and times the runs. A DATA_DIR that holds\n"
    "test_data_set_N folders stands for them all. Every data set runs on one session, at the sizes\n"
    "it holds (a model with symbolic dims takes any), and is reported in turn. An output whose shape\n"
    "only the run tells (NonZero's) is shown with its data dim by name, then at each data set's size.\n"
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
    throw UsageError(flag + " expects an integer >= " + std::to_string(min) + ", got '" + text +
                     "'");
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
      if (i + 1 >= argc)
        throw UsageError(arg + " needs a value");
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
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UsageError("unknown option '" + arg + "' (see --help)");
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() < 2)
    throw UsageError("expected MODEL.so and DATA_DIR (see --help)");
  options.model = positional[0];
  options.dataDirs.assign(positional.begin() + 1, positional.end());
  return options;
}

std::string dataFile(const std::string &dir, const char *kind, int index) {
  return (std::filesystem::path(dir) / (std::string(kind) + "_" + std::to_string(index) + ".pb"))
      .string();
}

// How many of DIR/kind_0.pb, kind_1.pb, ... exist, counting up to the first gap.
int countDataFiles(const std::string &dir, const char *kind) {
  int count = 0;
  while (std::filesystem::exists(dataFile(dir, kind, count)))
    ++count;
  return count;
}

// "1 input (x)", "2 outputs (y, z)": what the model has, for count mismatches.
std::string countedNames(const aicc::Model &model, bool inputs) {
  const int count = inputs ? model.numInputs() : model.numOutputs();
  std::string text =
      std::to_string(count) + (inputs ? " input" : " output") + (count == 1 ? "" : "s");
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

// The data sets `dirs` stand for: each itself, or the test_data_set_N folders it holds, in order.
std::vector<std::string> expandDataSets(const std::vector<std::string> &dirs) {
  std::vector<std::string> sets;
  for (const std::string &dir : dirs) {
    if (!std::filesystem::is_directory(dir))
      throw std::runtime_error("data directory '" + dir + "' does not exist");
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
struct OutputCheck {
  std::string name;
  std::string problem;
  Comparison comparison;

  bool matched() const { return problem.empty() && comparison.mismatches == 0; }
};

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
  for (double v : ms)
    sum += v;
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
  if (!std::isfinite(v))
    return "null";
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

ProfileReport profileRuns(aicc::Session &session, const std::vector<aicc_tensor> &inputs,
                          std::vector<aicc_output> &outputs, int runs) {
  session.setProfiling(true);
  for (int i = 0; i < runs; ++i)
    session.runOutputs(inputs, outputs);
  const aicc_profile p = session.profile();
  ProfileReport report;
  report.runs = p.runs;
  report.entries.assign(p.entries, p.entries + p.num_entries);
  session.setProfiling(false);
  std::stable_sort(report.entries.begin(), report.entries.end(),
                   [](const aicc_profile_entry &a, const aicc_profile_entry &b) { return a.seconds > b.seconds; });
  report.runMs = report.msPerRun(p.run_seconds);
  for (const aicc_profile_entry &e : report.entries)
    report.entryMs += report.msPerRun(e.seconds);
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
      << ",\"ranges\":" << e.ranges << ",\"calls\":" << e.calls << ",\"ms_per_run\":" << jsonNumber(r.msPerRun(e.seconds))
      << "}";
  }
  j << "]}";
  return j.str();
}

// One data set's inputs, run, timed and checked on the session.
int runDataSet(const Options &options, const aicc::Model &model, aicc::Session &session, const std::string &dataDir,
               double sessionMs) {
  const int numInputs = model.numInputs();
  const int inputFiles = countDataFiles(dataDir, "input");
  if (inputFiles != numInputs)
    throw std::runtime_error(dataDir + " holds " + std::to_string(inputFiles) +
                             " input_N.pb files; the model has " + countedNames(model, true));

  std::vector<aicc::Tensor> inputs, outputBuffers;
  std::vector<aicc_tensor> inputViews;
  for (int i = 0; i < numInputs; ++i) {
    const aicc_tensor_info &info = model.input(i);
    const std::string path = dataFile(dataDir, "input", i);
    TensorData data = readTensorFile(path);
    bool fits = data.dtype == info.dtype && static_cast<int32_t>(data.shape.size()) == info.rank;
    for (int32_t d = 0; fits && d < info.rank; ++d)
      fits = info.shape[d] == AICC_DIM_SYMBOLIC || info.shape[d] == data.shape[d];
    if (!fits)
      throw std::runtime_error(path + ": input '" + info.name + "' must be " + declaredTensor(info) +
                               ", the file holds " + describeTensor(data.dtype, data.shape));
    inputs.emplace_back(data.dtype, data.shape);
    std::copy(data.bytes.begin(), data.bytes.end(), static_cast<unsigned char *>(inputs.back().data()));
  }
  for (aicc::Tensor &t : inputs)
    inputViews.push_back(t.view());
  // An output's buffer is ours where its shape follows from the inputs' (symbolic dims; this also
  // checks that the inputs agree on the sizes of dims that share a name), the session's where only
  // the run tells it. Either way the run says the shape, and the same entries serve every run.
  const int numOutputs = model.numOutputs();
  std::vector<std::vector<int64_t>> outputShapes(numOutputs);
  std::vector<aicc_output> outputs(numOutputs);
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

  const int outputFiles = countDataFiles(dataDir, "output");
  if (outputFiles != 0 && outputFiles != numOutputs)
    throw std::runtime_error(dataDir + " holds " + std::to_string(outputFiles) +
                             " output_N.pb files; the model has " + countedNames(model, false));

  // The first run at a shape creates the primitives a model with symbolic dims needs for it.
  auto firstStart = std::chrono::steady_clock::now();
  session.runOutputs(inputViews, outputs);
  const double firstRunMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - firstStart).count();
  for (int i = 0; i < options.warmup; ++i)
    session.runOutputs(inputViews, outputs);
  std::vector<double> ms;
  ms.reserve(options.iters);
  for (int i = 0; i < options.iters; ++i) {
    auto start = std::chrono::steady_clock::now();
    session.runOutputs(inputViews, outputs);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  const Timing timing = summarize(ms);
  std::optional<ProfileReport> profile;
  if (options.profile)
    profile = profileRuns(session, inputViews, outputs, options.iters);

  std::vector<OutputCheck> checks;
  for (int i = 0; i < outputFiles; ++i) {
    const aicc_tensor_info &info = model.output(i);
    const std::string path = dataFile(dataDir, "output", i);
    TensorData want = readTensorFile(path);
    OutputCheck check{info.name, "", {}};
    if (want.dtype != info.dtype || want.shape != outputShapes[i])
      check.problem = "the reference " + std::filesystem::path(path).filename().string() + " is " +
                      describeTensor(want.dtype, want.shape) + ", the model's output is " +
                      describeTensor(info.dtype, outputShapes[i]);
    else
      // The reference holds exactly the elements of its shape, the run's.
      check.comparison = compareOutput(info.dtype, outputs[i].data, want.bytes.data(),
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
      << ",\"min_ms\":" << jsonNumber(timing.minMs)
      << ",\"median_ms\":" << jsonNumber(timing.medianMs)
      << ",\"mean_ms\":" << jsonNumber(timing.meanMs) << ",\"iters\":" << options.iters
      << ",\"warmup\":" << options.warmup << ",\"threads\":" << threads;
    if (profile)
      j << ",\"profile\":" << profileJson(*profile);
    j << ",\"outputs\":[";
    for (size_t i = 0; i < checks.size(); ++i) {
      const OutputCheck &c = checks[i];
      j << (i ? "," : "") << "{\"name\":" << jsonString(c.name)
        << ",\"match\":" << (c.matched() ? "true" : "false");
      if (c.problem.empty())
        j << ",\"elements\":" << c.comparison.elements
          << ",\"mismatches\":" << c.comparison.mismatches
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
      std::printf("input   %s %s from input_%d.pb\n", model.input(i).name,
                  describeTensor(inputs[i].dtype(), inputs[i].shape()).c_str(), i);
    for (int i = 0; i < numOutputs; ++i)
      std::printf("output  %s %s\n", model.output(i).name,
                  describeTensor(model.output(i).dtype, outputShapes[i]).c_str());
    std::printf("first run %.2f ms\n", firstRunMs);
    std::printf("timing  %d run%s after %d warmup, %d thread%s: min %.4f ms, median %.4f ms, mean "
                "%.4f ms\n",
                options.iters, options.iters == 1 ? "" : "s", options.warmup, threads,
                threads == 1 ? "" : "s", timing.minMs, timing.medianMs, timing.meanMs);
    if (profile)
      printProfile(*profile);
    for (const OutputCheck &c : checks) {
      if (!c.problem.empty()) {
        std::printf("check   %s: MISMATCH: %s\n", c.name.c_str(), c.problem.c_str());
        continue;
      }
      const Comparison &r = c.comparison;
      std::printf("check   %s: max abs err %.3g, %zu of %zu elements mismatch (rtol %g, atol %g)",
                  c.name.c_str(), r.maxAbsError, r.mismatches, r.elements, options.rtol,
                  options.atol);
      if (r.mismatches)
        std::printf("; first at %zu: got %.9g, expected %.9g", r.firstMismatch, r.firstGot,
                    r.firstWant);
      std::printf("\n");
    }
    std::printf("%s\n", !checked     ? "OK (no reference outputs to check)"
                        : allMatched ? "PASS"
                                     : "FAIL");
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
  if (options.threads > 0)
    session.setNumThreads(options.threads);
  const double sessionMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sessionStart).count();

  if (!options.json) {
    std::printf("model   %s (%s; %s %s; features %s)\n", options.model.c_str(), model.producer().c_str(),
                model.target().c_str(), model.cpu().c_str(),
                model.cpuFeatures().empty() ? "none" : model.cpuFeatures().c_str());
    for (int i = 0; i < model.numInputs(); ++i)
      std::printf("takes   %s %s\n", model.input(i).name, declaredTensor(model.input(i)).c_str());
    for (int i = 0; i < model.numOutputs(); ++i)
      std::printf("gives   %s %s\n", model.output(i).name, declaredTensor(model.output(i)).c_str());
    std::printf("session created in %.2f ms\n", sessionMs);
  }
  int status = 0;
  for (const std::string &dir : dataSets)
    status = std::max(status, runDataSet(options, model, session, dir, sessionMs));
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
