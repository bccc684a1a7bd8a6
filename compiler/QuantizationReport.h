// What aicc --report FILE writes and -v prints for a compile below f32 (--quantize, --precision=bf16):
// each kernel's precision and, with calibration data, how the artifact's outputs compare with the
// f32 model's on it.
#ifndef AICC_COMPILER_QUANTIZATIONREPORT_H
#define AICC_COMPILER_QUANTIZATIONREPORT_H

#include <optional>
#include <string>
#include <vector>

#include "compiler/Calibration.h"
#include "compiler/TargetBackend.h"
#include "llvm/Support/raw_ostream.h"

namespace aicc {

struct QuantizationReport {
  Quantization quantize = Quantization::None;
  Precision precision = Precision::F32;
  const CalibrationOptions *calibration = nullptr; // with calibration data
  size_t calibrationSets = 0;
  std::vector<KernelPrecision> kernels;
  std::optional<std::vector<OutputAccuracy>> accuracy;
  std::string noAccuracy; // why there is none
};

/// The report as JSON.
void writeJson(const QuantizationReport &report, llvm::raw_ostream &os);

/// The -v summary: "aicc: quantization: ...", "aicc: precision: ..." lines.
void printSummary(const QuantizationReport &report, llvm::raw_ostream &os);

} // namespace aicc

#endif // AICC_COMPILER_QUANTIZATIONREPORT_H
