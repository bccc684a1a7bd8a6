// What aicc --quantize=int8 does to the graph-optimized module before QuantizeStatically: the ops
// kept in f32 marked, then each int8 convolution's input range measured by running an
// instrumented f32 copy of the model, compiled by aicc itself, over the calibration data.
#ifndef AICC_COMPILER_CALIBRATION_H
#define AICC_COMPILER_CALIBRATION_H

#include <string>
#include <vector>

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/BuiltinOps.h"

namespace aicc {

/// How a measured set of values becomes the range the activation is quantized over.
enum class CalibrationMethod {
  MinMax,     // the smallest and largest value seen
  Percentile, // the values at `percentile` and 100 - `percentile` percent, outliers clipped
};

struct CalibrationOptions {
  std::string dataDir; // DIR/<set>/input_N.pb, as ONNX's test data lays them out
  CalibrationMethod method = CalibrationMethod::MinMax;
  double percentile = 99.99;
  bool verbose = false;
};

/// Fails when an entry of `keep` (aicc --keep-fp32) names neither a node nor an op type of the
/// imported `module`: a misspelled name would quantize what the user meant to keep.
llvm::Error checkKeptInFp32(mlir::ModuleOp module, const std::vector<std::string> &keep);

/// Marks (aicc.keep_fp32) every op of the graph-optimized `module` whose op type, or the name of a
/// node it was made from, is in `keep`; returns the names of the nodes those were made from.
std::vector<std::string> markKeptInFp32(mlir::ModuleOp module, const std::vector<std::string> &keep);

/// Attaches to each convolution static quantization selects the range its input took on the
/// data (aicc.x_range). The error names the data set at fault.
llvm::Error calibrate(mlir::ModuleOp module, const CalibrationOptions &options);

} // namespace aicc

#endif // AICC_COMPILER_CALIBRATION_H
