// Calibration for static int8 quantization; see Calibration.h.
#include "compiler/Calibration.h"

#include "compiler/Diagnostics.h"
#include "compiler/EntropyRange.h"
#include "compiler/HostArtifact.h"
#include "compiler/ModuleConventions.h"
#include "dialects/AiccDialect.h"
#include "passes/Passes.h"
#include "passes/StaticQuantization.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "mlir/Pass/PassManager.h"
#include "onnx/onnx_pb.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <functional>

namespace aicc {
namespace {

using namespace mlir;

/// Data sets per aicc-run: each writes every convolution input of its run, so a chunk bounds the
/// disk a large model's calibration takes.
constexpr size_t kSetsPerRun = 16;
/// Values the percentile and entropy methods keep per convolution input (256 KiB each).
constexpr uint64_t kSamples = 1 << 16;

/// The names of the ONNX nodes (and graph inputs, initializers) `loc` was made from.
void namesIn(Location loc, llvm::SmallVectorImpl<llvm::StringRef> &names) {
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations()) namesIn(inner, names);
  else if (auto name = dyn_cast<NameLoc>(loc))
    names.push_back(name.getName().strref());
}

/// The ONNX op type of an op imported from a node of the default domain (not an initializer's
/// constant), else "".
llvm::StringRef opTypeOf(Operation *op) {
  if (!isa<mlir::aicc::AiccDialect>(op->getDialect()) || isa<mlir::aicc::ConstantOp>(op)) return "";
  return op->getName().stripDialect();
}

/// The input sets under `dir`: itself when it holds input_0.pb, else its folders that do, by name.
llvm::Expected<std::vector<std::string>> dataSets(const std::string &dir) {
  auto hasInputs = [](llvm::StringRef folder) {
    llvm::SmallString<256> file(folder);
    llvm::sys::path::append(file, "input_0.pb");
    return llvm::sys::fs::exists(file);
  };
  if (!llvm::sys::fs::is_directory(dir)) return fail("--calibration-data '" + dir + "' is not a folder");
  if (hasInputs(dir)) return std::vector<std::string>{dir};
  std::vector<std::string> sets;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (llvm::sys::fs::is_directory(it->path()) && hasInputs(it->path())) sets.push_back(it->path());
  if (ec) return fail("cannot read --calibration-data '" + dir + "': " + ec.message());
  if (sets.empty())
    return fail("--calibration-data '" + dir + "' holds no input sets (folders with input_0.pb, input_1.pb, ...)");
  std::sort(sets.begin(), sets.end());
  return sets;
}

/// A folder under `folder` per set, with links to the set's input files only: the references a
/// test-data set holds (output_N.pb) are the model's outputs, not the instrumented model's.
llvm::Expected<std::vector<std::string>> linkInputs(const std::vector<std::string> &sets,
                                                    const TemporaryFolder &folder) {
  std::vector<std::string> linked;
  for (size_t k = 0; k < sets.size(); ++k) {
    std::string target = folder.file("inputs/" + std::to_string(k));
    if (std::error_code ec = llvm::sys::fs::create_directories(target))
      return fail("calibration: cannot create '" + target + "': " + ec.message());
    for (int i = 0;; ++i) {
      std::string name = "input_" + std::to_string(i) + ".pb";
      llvm::SmallString<256> source(sets[k]);
      llvm::sys::path::append(source, name);
      if (!llvm::sys::fs::exists(source)) break;
      llvm::SmallString<256> absolute(source), link(target);
      llvm::sys::fs::make_absolute(absolute);
      llvm::sys::path::append(link, name);
      // A file system without links gets a copy.
      if (llvm::sys::fs::create_link(absolute, link))
        if (std::error_code ec = llvm::sys::fs::copy_file(absolute, link))
          return fail("calibration: cannot link or copy '" + std::string(source) + "': " + ec.message());
    }
    linked.push_back(target);
  }
  return linked;
}

llvm::Expected<RunOutput> readOutput(const std::string &path) {
  // aicc-run writes no file for a sequence or an optional output.
  if (!llvm::sys::fs::exists(path)) return RunOutput{};
  auto file = llvm::MemoryBuffer::getFile(path);
  onnx::TensorProto tensor;
  if (!file || !tensor.ParseFromArray((*file)->getBufferStart(), (*file)->getBufferSize()))
    return fail("calibration: cannot read the run's output '" + path + "'");
  RunOutput output;
  if (tensor.dims_size() > 0) output.lastDim = tensor.dims(tensor.dims_size() - 1);
  if (tensor.data_type() != onnx::TensorProto::FLOAT) return output;
  std::vector<float> &values = output.values.emplace();
  if (!tensor.has_raw_data()) {
    values.assign(tensor.float_data().begin(), tensor.float_data().end());
  } else {
    values.resize(tensor.raw_data().size() / sizeof(float));
    std::memcpy(values.data(), tensor.raw_data().data(), values.size() * sizeof(float));
  }
  return output;
}

/// The last "aicc-run: error: " line of `path`, without its prefix, or "".
std::string runError(const std::string &path) {
  auto file = llvm::MemoryBuffer::getFile(path);
  if (!file) return "";
  llvm::SmallVector<llvm::StringRef> lines;
  (*file)->getBuffer().split(lines, '\n');
  for (llvm::StringRef line : llvm::reverse(lines))
    if (line.consume_front("aicc-run: error: ")) return line.str();
  return "";
}

/// What one calibration point took on the data: its finite range, and for the percentile and
/// entropy methods a uniform sample of its finite values (a reservoir of kSamples, drawn with a
/// fixed seed, so a compile is reproducible), whose distribution estimates the data's.
struct PointStatistics {
  float min = INFINITY, max = -INFINITY;
  uint64_t seen = 0;
  std::vector<float> samples;
  uint64_t state = 0x9E3779B97F4A7C15u;

  /// splitmix64.
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
  }

  void measure(llvm::ArrayRef<float> values, bool sample) {
    for (float v : values) {
      if (!std::isfinite(v)) continue;
      min = std::min(min, v);
      max = std::max(max, v);
      if (!sample) continue;
      if (++seen <= kSamples)
        samples.push_back(v);
      else if (uint64_t slot = next() % seen; slot < kSamples)
        samples[slot] = v;
    }
  }

  /// [min, max]; with the percentile method the values at 100 - `percentile` and `percentile`
  /// percent, the tails beyond them clipped; with the entropy method, entropyRange's.
  std::pair<double, double> range(CalibrationMethod method, double percentile) {
    if (!(min <= max)) return {0, 0}; // nothing finite seen
    if (method == CalibrationMethod::MinMax || samples.empty()) return {min, max};
    if (method == CalibrationMethod::Entropy) return entropyRange(samples, min, max);
    auto quantile = [&](double q) {
      auto at = samples.begin() + static_cast<ptrdiff_t>(std::nearbyint(q * double(samples.size() - 1)));
      std::nth_element(samples.begin(), at, samples.end());
      return double(*at);
    };
    return {quantile(1 - percentile / 100), quantile(percentile / 100)};
  }
};

/// Runs `artifact` over `linked` (linkInputs' folders for `sets`), kSetsPerRun at a time, and
/// hands outputs `firstOutput` to `endOutput` (excluded) of each run to `visit(set, output, value)`.
llvm::Error runOverData(const std::string &aiccRun, const std::string &artifact, const std::vector<std::string> &sets,
                        const std::vector<std::string> &linked, size_t firstOutput, size_t endOutput,
                        const TemporaryFolder &folder,
                        const std::function<void(size_t, size_t, const RunOutput &)> &visit) {
  const std::string saved = folder.file("outputs"), errors = folder.file("aicc-run.err");
  for (size_t first = 0; first < sets.size(); first += kSetsPerRun) {
    llvm::ArrayRef<std::string> chunk =
        llvm::ArrayRef(linked).slice(first, std::min(kSetsPerRun, linked.size() - first));
    std::vector<llvm::StringRef> args{aiccRun, artifact};
    args.insert(args.end(), chunk.begin(), chunk.end());
    for (llvm::StringRef arg : {"--iters", "1", "--warmup", "0", "--save-outputs"}) args.push_back(arg);
    args.push_back(saved);
    std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef(errors)};
    std::string message;
    int rc = llvm::sys::ExecuteAndWait(aiccRun, args, std::nullopt, redirects, 0, 0, &message);
    if (rc != 0) {
      std::string why = runError(errors);
      if (why.empty()) why = "the run of '" + artifact + "' failed" + (message.empty() ? "" : ": " + message);
      // The error names the user's folders, not the links' (".../inputs/1" is not ".../inputs/12").
      for (size_t j = 0; j < chunk.size(); ++j)
        for (size_t at = 0; (at = why.find(chunk[j], at)) != std::string::npos;) {
          const size_t end = at + chunk[j].size();
          if (end < why.size() && std::isdigit(static_cast<unsigned char>(why[end]))) {
            at = end;
            continue;
          }
          why.replace(at, chunk[j].size(), sets[first + j]);
          at += sets[first + j].size();
        }
      return fail("--calibration-data: " + why);
    }
    for (size_t j = 0; j < chunk.size(); ++j) {
      llvm::SmallString<256> dir(saved);
      if (chunk.size() > 1) llvm::sys::path::append(dir, "data_set_" + std::to_string(j));
      for (size_t n = firstOutput; n < endOutput; ++n) {
        llvm::SmallString<256> path(dir);
        llvm::sys::path::append(path, "output_" + std::to_string(n) + ".pb");
        auto output = readOutput(std::string(path));
        if (!output) return output.takeError();
        visit(first + j, n, *output);
      }
    }
    llvm::sys::fs::remove_directories(saved);
  }
  return llvm::Error::success();
}

/// One output's agreement between the quantized and the f32 runs, summed over the sets.
struct AccuracySums {
  double maxAbsError = 0, absErrorSum = 0;
  uint64_t elements = 0, rows = 0, agreeingRows = 0;

  void add(llvm::ArrayRef<float> got, llvm::ArrayRef<float> want, int64_t lastDim) {
    if (got.size() != want.size()) {
      maxAbsError = INFINITY;
      return;
    }
    for (size_t i = 0; i < got.size(); ++i) {
      const double error = std::abs(double(got[i]) - want[i]);
      maxAbsError = std::max(maxAbsError, std::isnan(error) ? INFINITY : error);
      absErrorSum += error;
    }
    elements += got.size();
    if (lastDim < 2) return;
    for (size_t row = 0; row + lastDim <= got.size(); row += lastDim) {
      auto argmax = [&](llvm::ArrayRef<float> v) { return std::max_element(v.begin(), v.end()) - v.begin(); };
      ++rows;
      agreeingRows += argmax(got.slice(row, lastDim)) == argmax(want.slice(row, lastDim));
    }
  }
};

} // namespace

llvm::Error checkKeptInFp32(ModuleOp module, const std::vector<std::string> &keep) {
  if (keep.empty()) return llvm::Error::success();
  llvm::StringSet<> known;
  module.walk([&](Operation *op) {
    llvm::StringRef type = opTypeOf(op);
    if (type.empty()) return;
    llvm::SmallVector<llvm::StringRef> names;
    namesIn(op->getLoc(), names);
    for (llvm::StringRef name : names) known.insert(name);
    known.insert(type);
  });
  for (const std::string &entry : keep)
    if (entry.empty() || !known.contains(entry))
      return fail("--keep-fp32: the model has no node or op type named '" + entry + "'");
  return llvm::Error::success();
}

llvm::Expected<std::vector<std::string>> markKeptInFp32(ModuleOp module, const std::vector<std::string> &keep) {
  llvm::StringSet<> wanted, matched;
  for (const std::string &entry : keep) wanted.insert(entry);
  std::vector<std::string> kept;
  if (wanted.empty()) return kept;
  module.walk([&](Operation *op) {
    llvm::StringRef type = opTypeOf(op);
    if (type.empty()) return;
    llvm::SmallVector<llvm::StringRef> names;
    namesIn(op->getLoc(), names);
    names.push_back(type);
    bool keeps = false;
    for (llvm::StringRef name : names)
      if (wanted.contains(name)) {
        matched.insert(name);
        keeps = true;
      }
    if (!keeps) return;
    op->setAttr(kKeepFp32Attr, UnitAttr::get(op->getContext()));
    kept.insert(kept.end(), names.begin(), names.end() - 1);
  });
  for (const std::string &entry : keep)
    if (!matched.contains(entry))
      return fail("--keep-fp32: '" + entry +
                  "' is no op after graph optimization (folded into another: name that one)");
  return kept;
}

llvm::Expected<std::unique_ptr<Calibration>> Calibration::run(ModuleOp module, const CalibrationOptions &options) {
  auto sets = dataSets(options.dataDir);
  if (!sets) return sets.takeError();
  auto entry = module.lookupSymbol<func::FuncOp>(kEntryFunction);
  if (!entry) return fail("calibration: the module has no entry function");
  std::optional<std::string> libDir = runtimeLibDir(), aiccRun = aiccRunPath();
  if (!libDir || !aiccRun) return fail("calibration needs aicc-run and libaiccrt beside the compiler");
  std::unique_ptr<Calibration> calibration(new Calibration());
  calibration->aiccRun = *aiccRun;
  calibration->sets = std::move(*sets);
  if (auto err = calibration->folder.create("aicc-calibration")) return err;
  auto linked = linkInputs(calibration->sets, calibration->folder);
  if (!linked) return linked.takeError();
  calibration->linked = std::move(*linked);
  auto names = entry->getAttrOfType<ArrayAttr>(attrs::kOutputNames);
  for (Attribute name : names ? names.getValue() : llvm::ArrayRef<Attribute>())
    calibration->outputNames.push_back(cast<StringAttr>(name).str());

  llvm::SmallVector<mlir::aicc::ConvOp> convs;
  if (options.measureRanges) convs = staticallyQuantizedConvs(entry);
  llvm::SmallVector<Value> points = calibrationPoints(convs);
  if (points.empty() && !options.keepOutputs) return calibration;
  OwningOpRef<ModuleOp> instrumented = module.clone();
  PassManager expose(module.getContext());
  expose.addNestedPass<func::FuncOp>(createExposeCalibrationPoints());
  if (failed(expose.run(*instrumented))) return fail("calibration: cannot instrument the model");
  const std::string artifact = calibration->folder.file("instrumented.so");
  if (auto err = compileForHost(*instrumented, artifact, *libDir, "aicc calibration"))
    return fail("calibration: cannot compile the instrumented model: " + llvm::toString(std::move(err)));
  instrumented = nullptr;

  const size_t outputs = calibration->outputNames.size();
  const bool sample = options.method != CalibrationMethod::MinMax;
  std::vector<PointStatistics> statistics(points.size());
  if (options.keepOutputs) calibration->reference.assign(calibration->sets.size(), std::vector<RunOutput>(outputs));
  // The model's own outputs are read only for the report.
  if (auto err = runOverData(calibration->aiccRun, artifact, calibration->sets, calibration->linked,
                             options.keepOutputs ? 0 : outputs, outputs + points.size(), calibration->folder,
                             [&](size_t set, size_t n, const RunOutput &output) {
    if (n >= outputs && output.values)
      statistics[n - outputs].measure(*output.values, sample);
    else if (n < outputs)
      calibration->reference[set][n] = output;
  }))
    return err;

  llvm::DenseMap<Value, std::pair<double, double>> ranges;
  for (auto [point, stats] : llvm::zip(points, statistics))
    ranges[point] = stats.range(options.method, options.percentile);
  for (mlir::aicc::ConvOp conv : convs) {
    auto [low, high] = ranges.lookup(conv.getX());
    conv->setAttr(kInputRangeAttr, DenseF64ArrayAttr::get(conv.getContext(), {low, high}));
  }
  if (options.verbose)
    llvm::errs() << "aicc: calibration: " << calibration->sets.size() << " input set"
                 << (calibration->sets.size() == 1 ? "" : "s") << ", " << points.size() << " convolution input"
                 << (points.size() == 1 ? "" : "s") << " measured\n";
  return calibration;
}

llvm::Expected<std::vector<OutputAccuracy>> Calibration::compare(const std::string &artifact) const {
  if (reference.empty()) return fail("calibration: the f32 outputs were not kept");
  std::vector<AccuracySums> sums(outputNames.size());
  if (auto err = runOverData(aiccRun, artifact, sets, linked, 0, outputNames.size(), folder,
                             [&](size_t set, size_t n, const RunOutput &output) {
    const RunOutput &want = reference[set][n];
    if (output.values && want.values) sums[n].add(*output.values, *want.values, want.lastDim);
  }))
    return err;
  std::vector<OutputAccuracy> accuracy;
  for (auto [name, sum] : llvm::zip(outputNames, sums)) {
    if (sum.elements == 0) continue; // not f32
    OutputAccuracy output{name, sum.maxAbsError, sum.absErrorSum / sum.elements, std::nullopt};
    if (sum.rows > 0) output.top1Agreement = double(sum.agreeingRows) / sum.rows;
    accuracy.push_back(output);
  }
  return accuracy;
}

} // namespace aicc
