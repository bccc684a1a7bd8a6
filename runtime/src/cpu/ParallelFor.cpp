// aicc_parallel_for: generated loop nests on the session's threads. The split is static (equal
// ranges, one per thread): the thread tiles of one loop nest are all the same size.
#include "aicc/cpu_kernels.h"

#include <algorithm>

#include <omp.h>

#include "../Profile.h"
#include "KernelTable.h"

extern "C" void aicc_parallel_for(void *state, int64_t count, aicc_parallel_body body, void *ctx, const char *name) {
  if (count <= 0 || !body) return;
  const int64_t threads = std::min<int64_t>(omp_get_max_threads(), count);
  const bool sequential = threads <= 1 || omp_in_parallel();
  aicc::rt::ScopedCallTimer timer(aicc::rt::sessionProfile(state), "loop nest", name,
                                  sequential ? 1 : static_cast<int32_t>(threads));
  if (sequential) {
    body(ctx, 0, count);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const int64_t t = omp_get_thread_num(), n = omp_get_num_threads();
    const int64_t begin = count * t / n, end = count * (t + 1) / n;
    if (begin < end) body(ctx, begin, end);
  }
}
