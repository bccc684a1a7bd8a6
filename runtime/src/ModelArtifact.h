// aicc_model: a dlopen()ed or linked artifact with its four entry points, checked against this
// runtime and host. Reference-counted so that aicc_model_free may come before the last session's
// free without unloading code that the session still runs.
#ifndef AICC_RUNTIME_MODELARTIFACT_H
#define AICC_RUNTIME_MODELARTIFACT_H

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "aicc/model_abi.h"

struct aicc_model {
  using InfoFn = const aicc_artifact_info *(*)();
  using InitFn = int (*)(aicc_rt *, void **);
  using RunFn = int (*)(void *, const void *const *, void *const *, void *);
  using FiniFn = void (*)(void *);
  using WorkspaceBytesFn = uint64_t (*)(const int64_t *);

  std::string path;       // the file, or a linked model's name: what messages call it
  void *handle = nullptr; // from dlopen; null for a linked model
  const aicc_artifact_info *info = nullptr;
  InitFn init = nullptr;
  RunFn run = nullptr;
  FiniFn fini = nullptr;
  WorkspaceBytesFn workspaceBytesFor = nullptr; // with symbolic dims only
  std::atomic<int> references{1};

  // Each input's and each output's aicc_value_kind: all AICC_VALUE_TENSOR below ABI 7.
  std::vector<int32_t> inputKinds, outputKinds;
  // The symbolic dims: their names, and per dim of every input and then every output the index
  // of its symbol, or -1 for a static or data dim. A sequence's dims are its elements' own: it
  // has no entries.
  std::vector<std::string> symbols;
  std::vector<std::vector<int>> dimSymbols;
  // Per output, its first AICC_DIM_DATA dim, or -1 if its shape is known before the run (or it is
  // a sequence).
  std::vector<int> firstDataDim;

  bool isDataShaped(int32_t output) const { return firstDataDim[output] >= 0; }
  bool isTensorInput(int32_t input) const { return inputKinds[input] == AICC_VALUE_TENSOR; }
  bool isTensorOutput(int32_t output) const { return outputKinds[output] == AICC_VALUE_TENSOR; }

  // An artifact of an older ABI, its info converted to this one's layout.
  struct ConvertedInfo {
    aicc_artifact_info info;
    std::vector<aicc_tensor_info> inputs, outputs;
  };
  std::unique_ptr<ConvertedInfo> converted;

  ~aicc_model();
};

namespace aicc::rt {

// Takes one more reference, for a session.
void retain(aicc_model *model);

// Drops one reference; the last one unloads the artifact.
void release(aicc_model *model);

} // namespace aicc::rt

#endif // AICC_RUNTIME_MODELARTIFACT_H
