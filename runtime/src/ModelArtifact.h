// aicc_model: a dlopen()ed artifact with its four entry points, checked against this runtime and
// host. Reference-counted so that aicc_model_free may come before the last session's free without
// unloading code that the session still runs.
#ifndef AICC_RUNTIME_MODELARTIFACT_H
#define AICC_RUNTIME_MODELARTIFACT_H

#include <atomic>
#include <string>

#include "aicc/model_abi.h"

struct aicc_model {
  using InfoFn = const aicc_artifact_info *(*)();
  using InitFn = int (*)(aicc_rt *, void **);
  using RunFn = int (*)(void *, const void *const *, void *const *, void *);
  using FiniFn = void (*)(void *);

  std::string path;
  void *handle = nullptr; // from dlopen
  const aicc_artifact_info *info = nullptr;
  InitFn init = nullptr;
  RunFn run = nullptr;
  FiniFn fini = nullptr;
  std::atomic<int> references{1};

  ~aicc_model();
};

namespace aicc::rt {

// Takes one more reference, for a session.
void retain(aicc_model *model);

// Drops one reference; the last one unloads the artifact.
void release(aicc_model *model);

} // namespace aicc::rt

#endif // AICC_RUNTIME_MODELARTIFACT_H
