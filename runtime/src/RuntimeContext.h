// The aicc_rt context that the runtime hands to an artifact's init, and that init hands on to
// aicc_kernels_create (model_abi.h keeps it opaque). One per session.
#ifndef AICC_RUNTIME_RUNTIMECONTEXT_H
#define AICC_RUNTIME_RUNTIMECONTEXT_H

#include <cstdint>

#include <omp.h>

namespace aicc::rt {
class Profile;
struct RunOutputs;
} // namespace aicc::rt

struct aicc_rt {
  // OpenMP threads for creating and running the session's kernels; 0 means the OpenMP default of
  // the calling thread. oneDNN splits work by the thread count current when a primitive is
  // created, so creation and runs must see the same count.
  int32_t num_threads = 0;
  // aicc_session_set_batch_invariant: kernels choose no algorithm by the batch size.
  int32_t batch_invariant = 0;
  // Where kernels and loop nests record their times while the session profiles; null otherwise.
  aicc::rt::Profile *profile = nullptr;
  // The dims of the current run's inputs and then of its outputs that are not data-shaped
  // (aicc_kernels_run_dims), for artifacts with symbolic dims; null otherwise.
  const int64_t *run_dims = nullptr;
  // Where the outputs of the aicc_session_run_outputs call in progress go (aicc_kernels_output);
  // null outside one.
  aicc::rt::RunOutputs *outputs = nullptr;
};

namespace aicc::rt {

// Sets the calling thread's OpenMP thread count for one scope and restores it afterwards, so that a
// session's setting never leaks into the caller's own OpenMP code.
class ScopedOmpThreads {
public:
  explicit ScopedOmpThreads(int32_t numThreads) {
    if (numThreads <= 0) return;
    int current = omp_get_max_threads();
    if (current == numThreads) return;
    previous = current;
    omp_set_num_threads(numThreads);
  }
  ~ScopedOmpThreads() {
    if (previous > 0) omp_set_num_threads(previous);
  }
  ScopedOmpThreads(const ScopedOmpThreads &) = delete;
  ScopedOmpThreads &operator=(const ScopedOmpThreads &) = delete;

private:
  int previous = 0;
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_RUNTIMECONTEXT_H
