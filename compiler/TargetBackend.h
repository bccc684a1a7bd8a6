// A code-generation target. The CPU backend (oneDNN + LLVM) implements it today; a CUDA backend slots
// in beside it without touching the import, the graph passes or the CPU path.
#ifndef AICC_COMPILER_TARGETBACKEND_H
#define AICC_COMPILER_TARGETBACKEND_H

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/emit/ArtifactDescription.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"

namespace aicc {

struct EmitRequest {
  // SharedObject: model.so, for aicc_model_load; LoadableObject: its one object, for a build
  // system to link into it. Object and Archive: a model linked into the program (NAME.o or
  // libNAME.a), for aicc_model_load_linked.
  enum class Kind { SharedObject, LoadableObject, Object, Archive, LlvmIR };
  Kind kind = Kind::SharedObject;
  std::string outputPath;            // the .so, .o or .a
  std::string linkName;              // Object and Archive: the NAME of NAME_artifact()
  llvm::raw_ostream *text = nullptr; // where LlvmIR goes
  std::string cpu;                   // empty: the host CPU
  std::string runtimeLibDir;         // where libaiccrt.so is, for linking
  // Weights in the layout the target's kernels read, done once here instead of at each session's
  // start. An artifact run once (constant evaluation) gains nothing, and its compile then leaves
  // the runtime's process-wide settings alone.
  bool prepackWeights = true;
  bool verbose = false;
};

// How far below f32 a target may take a model's arithmetic (aicc --quantize).
enum class Quantization {
  None,
  Dynamic, // matmuls with constant weights in int8, their activations quantized on each run
  // Dynamic, and convolutions in int8 with activation ranges from calibration data (QDQ form,
  // made by the compiler before the target's optimize)
  Int8,
};

// What the arithmetic of the kernels that stay floating point is done in (aicc --precision).
enum class Precision {
  F32,
  // Convolutions and matmuls round their operands to bf16 and sum in f32, on targets with bf16
  // instructions; elsewhere f32.
  Bf16,
};

struct OptimizeRequest {
  std::string cpu; // empty: the host CPU
  Quantization quantize = Quantization::None;
  Precision precision = Precision::F32;
  bool verbose = false;
  std::vector<std::string> keepFp32; // ONNX nodes that stay f32 (aicc --keep-fp32)
};

// A kernel `optimize` selected, and the precision it computes in (aicc --report, -v).
struct KernelPrecision {
  std::string nodes;     // the ONNX nodes it computes, " + " between them
  std::string kernel;    // the target's name for it
  std::string precision; // "f32", "bf16", "int8", "int8 dynamic" (activations quantized on each run)
};

class TargetBackend {
public:
  virtual ~TargetBackend() = default;
  virtual llvm::StringRef name() const = 0;
  /// ONNX op types (default domain) this target compiles.
  virtual const std::vector<std::string> &supportedOps() const = 0;
  /// Why the target does not compile `opType` (an ONNX op of the default domain it does not
  /// support), if it says.
  virtual std::optional<llvm::StringRef> whyNotCompiled(llvm::StringRef opType) const = 0;
  virtual void registerDialects(mlir::DialectRegistry &registry) const = 0;
  /// Selects the target's kernels for the graph-optimized module and fuses around them (what
  /// `--emit=optimized` shows), for the CPU and the precision `request` names.
  virtual llvm::Error optimize(mlir::ModuleOp module, const OptimizeRequest &request) = 0;
  /// The kernels of the module `optimize` left, in order, with their precisions.
  virtual std::vector<KernelPrecision> kernelPrecisions(mlir::ModuleOp module) const = 0;
  /// Lowers the module `optimize` left and writes what `request` asks for. `description` holds the
  /// target-independent fields (producer, source hash, inputs, outputs); the target fills in the
  /// rest (target, CPU, workspace bytes, the outputs' dim names) as the artifact states them.
  virtual llvm::Error emit(mlir::ModuleOp module, ArtifactDescription &description, const EmitRequest &request) = 0;
};

std::unique_ptr<TargetBackend> createCpuBackend();

} // namespace aicc

#endif // AICC_COMPILER_TARGETBACKEND_H
