// Where the outputs of aicc_session_run_outputs (and the tensor outputs of _run_values) go: each
// into the caller's buffer when that holds it, else into a buffer the session keeps for that
// output (64-byte aligned, grown and never shrunk, so that a run at sizes seen before allocates
// nothing). An output whose shape is known before the run is placed before it; a data-shaped one
// during it, when the artifact asks (aicc_kernels_output).
#ifndef AICC_RUNTIME_RUNOUTPUTS_H
#define AICC_RUNTIME_RUNOUTPUTS_H

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

struct aicc_model;

namespace aicc::rt {

class RunBinding;

// The bytes of a dense tensor of `dtype` and `dims` in `bytes`; false if they overflow size_t.
bool checkedByteSize(int32_t dtype, int32_t rank, const int64_t *dims, size_t &bytes);

struct RunOutputs {
  struct FreeDeleter {
    void operator()(void *p) const { std::free(p); }
  };

  struct Output {
    std::unique_ptr<void, FreeDeleter> owned; // the session's buffer: ownedBytes, 64-byte aligned
    size_t ownedBytes = 0;
    std::vector<int64_t> dims; // rank entries: the output's shape in this run, once placed
    // This run's caller buffer, or null where the caller gave none.
    void *callerData = nullptr;
    size_t callerCapacity = 0;
    void *data = nullptr; // where the output goes in this run; null until it is placed
  };

  // Sized for `model`'s outputs; its buffers come with the first runs. `binding` holds each run's
  // dims.
  RunOutputs(const aicc_model &model, const RunBinding &binding);

  // The output whose session buffer overlaps [p, p + bytes), or -1.
  int32_t sessionBufferOverlapping(const void *p, size_t bytes) const;

  // Places output `o` of `bytes` bytes: in the caller's buffer if it holds them, else in the
  // session's, grown to hold them (never null, even for 0 bytes). Null if memory runs out.
  void *place(int32_t o, size_t bytes) noexcept;

  // aicc_kernels_output: checks the artifact's call and places data-shaped output `index` of
  // `dims`. Null with the reason in `error` if the call is wrong or memory runs out.
  void *placeDataShaped(int64_t index, const int64_t *dims, std::string &error);

  const aicc_model &model;
  const RunBinding &binding;
  std::vector<Output> outputs;
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_RUNOUTPUTS_H
