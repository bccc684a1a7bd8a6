#include "ShapeSpecificKernel.h"

#include <algorithm>
#include <string>

namespace aicc::rt {
namespace {

// The run value a parameter word stands for, or -1 for a plain word.
int64_t runValueIndex(int64_t word) {
  uint64_t offset = static_cast<uint64_t>(word) - static_cast<uint64_t>(AICC_RUN_VALUE_BASE);
  return offset < AICC_MAX_RUN_VALUES ? static_cast<int64_t>(offset) : -1;
}

} // namespace

bool ShapeSpecificKernel::takesRunValues(const aicc_kernel_desc &desc, int64_t *numRunValues) {
  *numRunValues = 0;
  if (!desc.params || desc.params_size <= 0 || desc.params_size % sizeof(int64_t) != 0)
    return false; // the kind's own check reports it
  const auto *words = static_cast<const int64_t *>(desc.params);
  for (int64_t i = 0, n = desc.params_size / sizeof(int64_t); i < n; ++i)
    if (int64_t k = runValueIndex(words[i]); k >= 0) *numRunValues = std::max(*numRunValues, k + 1);
  return *numRunValues > 0;
}

ShapeSpecificKernel::ShapeSpecificKernel(const aicc_kernel_desc &desc, int64_t numRunValues,
                                         const KernelOptions &options)
    : desc(desc), numRunValues(numRunValues), options(options), current(numRunValues) {
  const auto *begin = static_cast<const int64_t *>(desc.params);
  words.assign(begin, begin + desc.params_size / sizeof(int64_t));
}

Kernel &ShapeSpecificKernel::forRun(void *const *args, dnnl::stream &stream, bool &created) {
  created = false;
  for (int64_t k = 0; k < numRunValues; ++k) {
    current[k] = static_cast<int64_t>(reinterpret_cast<intptr_t>(args[desc.num_args + k]));
    if (current[k] < 0)
      throw KernelError("run value " + std::to_string(k) + " is negative (" + std::to_string(current[k]) + ")");
  }
  for (Entry &entry : entries)
    if (entry.values == current) return *entry.kernel;

  Entry entry{current, words, nullptr};
  for (int64_t &word : entry.params)
    if (int64_t k = runValueIndex(word); k >= 0) word = current[k];
  aicc_kernel_desc specific = desc;
  specific.params = entry.params.data();
  // The compiler prepacks no weights for a kernel it cannot create: each shape's kernel reorders
  // its own copy from the ONNX layout.
  specific.formats = nullptr;
  entry.kernel = createKernel(specific, stream, options);
  if (entries.size() == kCapacity) entries.erase(entries.begin());
  entries.push_back(std::move(entry));
  created = true;
  return *entries.back().kernel;
}

std::vector<Kernel *> ShapeSpecificKernel::kernels() const {
  std::vector<Kernel *> result;
  for (const Entry &entry : entries) result.push_back(entry.kernel.get());
  return result;
}

} // namespace aicc::rt
