// What an artifact declares about itself (aicc/model_abi.h), gathered from the lowered module.
#ifndef AICC_COMPILER_EMIT_ARTIFACTDESCRIPTION_H
#define AICC_COMPILER_EMIT_ARTIFACTDESCRIPTION_H

#include <cstdint>
#include <string>
#include <vector>

#include "llvm/Support/Error.h"
#include "mlir/IR/BuiltinOps.h"

namespace llvm {
class Module;
}

namespace aicc {

struct TensorSignature {
  std::string name;
  int32_t kind = 0;                  // aicc_value_kind; a sequence's other fields describe its elements
  int32_t dtype = 0;                 // aicc_dtype
  bool anyRank = false;              // a sequence of elements of any rank (AICC_RANK_ANY; shape empty)
  std::vector<int64_t> shape;        // AICC_DIM_SYMBOLIC for a symbolic dim
  std::vector<std::string> dimNames; // per dim: a symbolic dim's name, "" for a static dim
};

struct ArtifactDescription {
  std::string producer;
  std::string target;      // "cpu"
  std::string cpu;         // LLVM CPU name
  std::string cpuFeatures; // comma-separated, names from aicc/cpu_features.def
  std::string sourceHash;
  uint64_t workspaceBytes = 0;
  std::vector<TensorSignature> inputs, outputs;
};

/// Names, dtypes and shapes of the entry function's inputs and outputs, in ONNX terms, with the
/// names of the inputs' symbolic dims (attrs::kInputDimNames); the outputs' symbolic dims are
/// named by the backend, once it knows which input dim each equals. Fails, naming the tensor, on
/// an unranked type or an element type the ABI has no code for.
llvm::Expected<std::pair<std::vector<TensorSignature>, std::vector<TensorSignature>>>
describeSignature(mlir::ModuleOp module);

/// Adds the `aicc_model_info` global and function to `module`.
void emitModelInfo(llvm::Module &module, const ArtifactDescription &description);

} // namespace aicc

#endif // AICC_COMPILER_EMIT_ARTIFACTDESCRIPTION_H
