// What aicc --quantize=int8 does to the graph-optimized module before QuantizeStatically: the ops
// kept in f32 marked, then each int8 convolution's input range measured by running an
// instrumented f32 copy of the model, compiled by aicc itself, over the calibration data.
#ifndef AICC_COMPILER_CALIBRATION_H
#define AICC_COMPILER_CALIBRATION_H

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/HostArtifact.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/BuiltinOps.h"

namespace aicc {

/// How a measured set of values becomes the range the activation is quantized over.
enum class CalibrationMethod {
  MinMax,     // the smallest and largest value seen
  Percentile, // the values at `percentile` and 100 - `percentile` percent, outliers clipped
  Entropy,    // TensorRT's: the threshold whose clipping and rounding lose the least (KL divergence)
};

struct CalibrationOptions {
  std::string dataDir; // DIR/<set>/input_N.pb, as ONNX's test data lays them out
  CalibrationMethod method = CalibrationMethod::MinMax;
  double percentile = 99.99;
  // Measure the ranges of the convolutions static quantization selects (aicc.x_range); without,
  // the data serves Calibration::compare only.
  bool measureRanges = true;
  // Keep the f32 model's outputs for Calibration::compare (held in memory: every set's outputs).
  bool keepOutputs = false;
  bool verbose = false;
};

/// Fails when an entry of `keep` (aicc --keep-fp32) names neither a node nor an op type of the
/// imported `module`: a misspelled name would quantize what the user meant to keep.
llvm::Error checkKeptInFp32(mlir::ModuleOp module, const std::vector<std::string> &keep);

/// Marks (aicc.keep_fp32) every op of the graph-optimized `module` whose op type, or the name of a
/// node it was made from, is in `keep`; returns the names of the nodes those were made from. An
/// entry that marks nothing (a BatchNormalization folded into its Conv) is an error.
llvm::Expected<std::vector<std::string>> markKeptInFp32(mlir::ModuleOp module, const std::vector<std::string> &keep);

/// How the quantized model's output compares with the f32 model's on the calibration data.
struct OutputAccuracy {
  std::string name;
  double maxAbsError = 0, meanAbsError = 0;
  std::optional<double> top1Agreement; // of the argmax over the last axis, where it has 2 or more
};

/// An output a calibration run wrote: its values when they are f32 (none otherwise), and its
/// last dim.
struct RunOutput {
  std::optional<std::vector<float>> values;
  int64_t lastDim = 1;
};

/// The calibration of one compile: its data, and the f32 model's outputs on it.
class Calibration {
public:
  /// Attaches to each convolution static quantization selects the range its input took on the
  /// data (aicc.x_range). The error names the data set at fault.
  static llvm::Expected<std::unique_ptr<Calibration>> run(mlir::ModuleOp module, const CalibrationOptions &options);

  size_t numSets() const { return sets.size(); }
  /// Runs `artifact` (the quantized model, for this host) on the data and compares each f32
  /// output with the f32 model's (kept with `keepOutputs`).
  llvm::Expected<std::vector<OutputAccuracy>> compare(const std::string &artifact) const;

private:
  Calibration() = default;
  TemporaryFolder folder; // the links to the inputs, the instrumented model, the runs' outputs
  std::string aiccRun;
  std::vector<std::string> sets;   // the user's input sets
  std::vector<std::string> linked; // links to their inputs only
  std::vector<std::string> outputNames;
  std::vector<std::vector<RunOutput>> reference; // per set, the f32 model's outputs
};

} // namespace aicc

#endif // AICC_COMPILER_CALIBRATION_H
