// AICC_KERNEL_REORDER: an activation (f32 or 8-bit) copied between layouts (plain, channels-last, blocked) by one
// oneDNN reorder, where the compiler's layout plan meets a consumer that needs another layout.
#include "Kernel.h"

namespace aicc::rt {
namespace {

// The struct before element_bytes, as artifacts compiled before int8 activations give it, is of f32.
aicc_reorder_params reorderParams(const aicc_kernel_desc &desc) {
  constexpr size_t olderSize = offsetof(aicc_reorder_params, element_bytes);
  aicc_reorder_params p = paramsOrOlder<aicc_reorder_params>(desc, olderSize);
  if (desc.params_size == static_cast<int64_t>(olderSize)) p.element_bytes = 4;
  return p;
}

class ReorderKernel final : public Kernel {
public:
  explicit ReorderKernel(const aicc_kernel_desc &desc) {
    const aicc_reorder_params p = reorderParams(desc);
    if (p.rank < 3 || p.rank > AICC_MAX_REORDER_RANK)
      throw KernelError("rank must be 3..5, got " + std::to_string(p.rank));
    expectArgCount(desc, AICC_REORDER_NUM_ARGS);
    const dnnl::memory::dims dims = checkedDims("dims", p.dims, p.rank, 1);
    if (p.element_bytes != 4 && p.element_bytes != 1)
      throw KernelError("element_bytes must be 4 or 1, got " + std::to_string(p.element_bytes));
    const auto type = p.element_bytes == 4 ? dnnl::memory::data_type::f32 : dnnl::memory::data_type::u8;
    dnnl::memory from(activationDesc(dims, p.src_layout, type), cpuEngine(), DNNL_MEMORY_NONE);
    dnnl::memory to(activationDesc(dims, p.dst_layout, type), cpuEngine(), DNNL_MEMORY_NONE);
    bindInput(desc, AICC_REORDER_ARG_X, "X", from);
    addRunArg(AICC_REORDER_ARG_Y, "Y", to);
    addReorder(from, to);
  }
};

} // namespace

std::unique_ptr<Kernel> createReorder(const aicc_kernel_desc &desc, dnnl::stream &) {
  return std::make_unique<ReorderKernel>(desc);
}

} // namespace aicc::rt
