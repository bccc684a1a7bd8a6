// The dims of one call's tensors, resolved once its inputs are bound: a symbolic dim at the size
// the inputs give its symbol, a static one as the model declares it. Every reader of a size in that
// call (the checks of the caller's outputs, the placing of outputs, the generated code through
// aicc_kernels_run_dims, the artifact's aicc_kernels_output) reads it here, so that none
// substitutes symbols on its own and no two can disagree.
#ifndef AICC_RUNTIME_RUNBINDING_H
#define AICC_RUNTIME_RUNBINDING_H

#include <cstddef>
#include <cstdint>
#include <vector>

struct aicc_model;

namespace aicc::rt {

class RunBinding {
public:
  // Laid out for `model`'s tensors, with their static dims in place: a model without symbolic
  // dims is resolved from the start.
  explicit RunBinding(const aicc_model &model);

  // Each symbol's size in this call, -1 while no input dim has set it. The input checks set them,
  // then call resolve().
  std::vector<int64_t> symbolSizes;

  // Writes symbolSizes into every symbolic dim. Allocates nothing.
  void resolve();

  // Every tensor input's dims, then every tensor output's that is not data-shaped: what
  // aicc_kernels_run_dims gives the generated code.
  const int64_t *runDims() const { return dims_.data(); }

  // The dims of tensor output `o`. A data-shaped output's are its declared ones with symbols
  // resolved: AICC_DIM_DATA where only the run knows the size.
  const int64_t *outputDims(int32_t o) const { return dims_.data() + outputOffsets_[o]; }

private:
  struct SymbolicDim {
    size_t at; // in dims_
    int symbol;
  };

  std::vector<int64_t> dims_;         // the run dims, then the data-shaped outputs' declared dims
  std::vector<size_t> outputOffsets_; // per output, where its dims start in dims_ (a sequence has none)
  std::vector<SymbolicDim> symbolicDims_;
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_RUNBINDING_H
