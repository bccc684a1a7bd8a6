// The whole compilation, as the `aicc` tool runs it: load → import → graph passes → target backend.
#ifndef AICC_COMPILER_COMPILER_H
#define AICC_COMPILER_COMPILER_H

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "compiler/Calibration.h"
#include "compiler/TargetBackend.h"
#include "compiler/import/ModelLoader.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace aicc {

struct CompileOptions {
  // SharedObject: model.so; LoadableObject: the object it is linked from (aicc -c). Object,
  // Archive: NAME.o or libNAME.a with NAME.h, to link into a program. The others are text.
  enum class Emit { SharedObject, LoadableObject, Object, Archive, Mlir, Optimized, LlvmIR };
  std::string inputPath;
  std::string outputPath;
  Emit emit = Emit::SharedObject;
  std::string linkName;    // Object, Archive: NAME, as in NAME_artifact()
  std::string headerPath;  // Object, Archive: where NAME.h goes
  std::string depfilePath; // if set: a Makefile rule, the output's dependence on the model's files
  std::string cpu;         // empty: the host
  Quantization quantize = Quantization::None;
  Precision precision = Precision::F32;
  CalibrationOptions calibration;    // Int8
  std::vector<std::string> keepFp32; // ONNX node names or op types that stay f32
  std::string reportPath;            // with quantize: where the quantization report goes
  std::vector<InputShapeOverride> inputShapes;
  std::string runtimeLibDir;
  bool verbose = false;
};

/// Compiles per `options`; textual outputs (--emit=mlir|optimized|llvm) go to `text`. The error is one
/// line naming the file, node or input at fault.
llvm::Error compileModel(const CompileOptions &options, llvm::raw_ostream &text);

/// What `aicc --list-ops` reports about the default domain's op types (ONNX 1.12, every version
/// and the deprecated ones): those the CPU target compiles, sorted, and each other one with why not.
struct OpCoverage {
  std::vector<std::string> compiled;
  std::vector<std::pair<std::string, std::string>> notCompiled; // op type, why
  size_t total = 0;
};
OpCoverage cpuOpCoverage();

} // namespace aicc

#endif // AICC_COMPILER_COMPILER_H
