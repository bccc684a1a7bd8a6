// The quantization report; see QuantizationReport.h.
#include "compiler/QuantizationReport.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <cmath>

namespace aicc {
namespace {

llvm::StringRef quantizationName(Quantization quantize) {
  switch (quantize) {
  case Quantization::Dynamic: return "dynamic";
  case Quantization::Int8: return "int8";
  case Quantization::None: break;
  }
  return "none";
}

size_t kernelsIn(const QuantizationReport &report, llvm::StringRef precision) {
  return llvm::count_if(report.kernels,
                        [&](const KernelPrecision &k) { return llvm::StringRef(k.precision).starts_with(precision); });
}

/// JSON has no infinity: a NaN or infinite error is null.
llvm::json::Value number(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

} // namespace

void writeJson(const QuantizationReport &report, llvm::raw_ostream &os) {
  llvm::json::Object root{{"quantize", quantizationName(report.quantize)},
                          {"precision", report.precision == Precision::Bf16 ? "bf16" : "f32"}};
  if (report.calibration) {
    llvm::json::Object calibration{{"data", report.calibration->dataDir},
                                   {"sets", static_cast<int64_t>(report.calibrationSets)}};
    // Ranges are measured for int8 only; bf16 uses the data to measure its error.
    if (report.quantize == Quantization::Int8) {
      const CalibrationMethod method = report.calibration->method;
      const bool percentile = method == CalibrationMethod::Percentile;
      calibration["method"] = percentile ? "percentile" : method == CalibrationMethod::Entropy ? "entropy" : "minmax";
      calibration["percentile"] =
          percentile ? llvm::json::Value(report.calibration->percentile) : llvm::json::Value(nullptr);
    }
    root["calibration"] = std::move(calibration);
  }
  llvm::json::Array kernels;
  for (const KernelPrecision &k : report.kernels)
    kernels.push_back(llvm::json::Object{{"nodes", k.nodes}, {"kernel", k.kernel}, {"precision", k.precision}});
  root["kernels"] = std::move(kernels);
  root["int8_kernels"] = static_cast<int64_t>(kernelsIn(report, "int8"));
  root["bf16_kernels"] = static_cast<int64_t>(kernelsIn(report, "bf16"));
  if (report.accuracy) {
    llvm::json::Array outputs;
    for (const OutputAccuracy &a : *report.accuracy)
      outputs.push_back(llvm::json::Object{
          {"output", a.name},
          {"max_abs_error", number(a.maxAbsError)},
          {"mean_abs_error", number(a.meanAbsError)},
          {"top1_agreement", a.top1Agreement ? llvm::json::Value(*a.top1Agreement) : llvm::json::Value(nullptr)}});
    root["accuracy_against_fp32"] = std::move(outputs);
  } else {
    root["accuracy_against_fp32"] = nullptr;
    root["no_accuracy_because"] = report.noAccuracy;
  }
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
}

void printSummary(const QuantizationReport &report, llvm::raw_ostream &os) {
  if (report.quantize != Quantization::None)
    os << "aicc: quantization (" << quantizationName(report.quantize) << "): " << kernelsIn(report, "int8") << " of "
       << report.kernels.size() << " kernels in int8\n";
  if (report.precision == Precision::Bf16)
    os << "aicc: precision (bf16): " << kernelsIn(report, "bf16") << " of " << report.kernels.size()
       << " kernels in bf16\n";
  if (!report.accuracy) {
    os << "aicc: no accuracy against f32: " << report.noAccuracy << "\n";
    return;
  }
  for (const OutputAccuracy &a : *report.accuracy) {
    os << "aicc: against f32 on the calibration data, output '" << a.name << "': max abs error "
       << llvm::format("%.4g", a.maxAbsError) << ", mean " << llvm::format("%.4g", a.meanAbsError);
    if (a.top1Agreement) os << ", top-1 agreement " << llvm::format("%.2f%%", 100 * *a.top1Agreement);
    os << "\n";
  }
}

} // namespace aicc
