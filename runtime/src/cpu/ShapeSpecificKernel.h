// A kernel whose parameters hold run values (AICC_RUN_VALUE, aicc/cpu_kernels.h: symbolic dims and
// the strides that follow from them): its primitives are created for the values a run passes, on
// first use, and kept for the next run with the same values.
#ifndef AICC_RUNTIME_CPU_SHAPESPECIFICKERNEL_H
#define AICC_RUNTIME_CPU_SHAPESPECIFICKERNEL_H

#include <cstdint>
#include <memory>
#include <vector>

#include "Kernel.h"

namespace aicc::rt {

class ShapeSpecificKernel {
public:
  // Kernels kept per kernel table entry; the oldest goes first when a new set of values arrives.
  static constexpr size_t kCapacity = 8;

  // Whether `desc`'s parameters hold run values; if so, *numRunValues is how many (the highest
  // index used plus one). Throws KernelError for malformed params.
  static bool takesRunValues(const aicc_kernel_desc &desc, int64_t *numRunValues);

  ShapeSpecificKernel(const aicc_kernel_desc &desc, int64_t numRunValues, const KernelOptions &options);

  // The kernel for the run values in args[num_args...], created if this is a new set: `created`
  // is then set, since the state must give the new kernel its scratch buffers.
  Kernel &forRun(void *const *args, dnnl::stream &stream, bool &created);

  // Every kernel created and still kept.
  std::vector<Kernel *> kernels() const;

private:
  struct Entry {
    std::vector<int64_t> values;
    std::vector<int64_t> params; // the desc's words with the values in place
    std::unique_ptr<Kernel> kernel;
  };

  aicc_kernel_desc desc;
  std::vector<int64_t> words;
  int64_t numRunValues;
  KernelOptions options;
  std::vector<Entry> entries;   // most recently created last
  std::vector<int64_t> current; // the values of the current call, reused
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_SHAPESPECIFICKERNEL_H
