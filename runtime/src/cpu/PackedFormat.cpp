#include "PackedFormat.h"

#include <string>

#include "Kernel.h"

namespace aicc::rt {

std::optional<aicc_packed_format> packedFormatOf(const dnnl::memory::desc &desc) {
  const dnnl_memory_desc_t &md = desc.data;
  const dnnl_blocking_desc_t &blocking = md.format_desc.blocking;
  if (md.format_kind != dnnl_blocked || (md.data_type != dnnl_f32 && md.data_type != dnnl_bf16) || md.ndims < 1 ||
      md.ndims > AICC_MAX_PACKED_RANK || blocking.inner_nblks > AICC_MAX_PACKED_BLOCKS || md.offset0 != 0 ||
      md.extra.flags != 0)
    return std::nullopt;
  aicc_packed_format format{};
  format.rank = md.ndims;
  for (int d = 0; d < md.ndims; ++d) {
    if (md.padded_offsets[d] != 0) return std::nullopt;
    format.dims[d] = md.dims[d];
    format.padded_dims[d] = md.padded_dims[d];
    format.strides[d] = blocking.strides[d];
  }
  format.block_count = blocking.inner_nblks;
  for (int k = 0; k < blocking.inner_nblks; ++k) {
    format.block_sizes[k] = blocking.inner_blks[k];
    format.block_dims[k] = blocking.inner_idxs[k];
  }
  format.bytes = static_cast<int64_t>(desc.get_size());
  return format;
}

dnnl::memory::desc packedDesc(const aicc_packed_format &format) {
  auto fail = [](const std::string &what) { throw KernelError("invalid packed format: " + what); };
  const int64_t rank = format.rank;
  if (rank < 1 || rank > AICC_MAX_PACKED_RANK)
    fail("rank " + std::to_string(rank) + " is not 1.." + std::to_string(AICC_MAX_PACKED_RANK));
  if (format.block_count < 0 || format.block_count > AICC_MAX_PACKED_BLOCKS)
    fail("block_count " + std::to_string(format.block_count) + " is not 0.." + std::to_string(AICC_MAX_PACKED_BLOCKS));
  int64_t blocked[AICC_MAX_PACKED_RANK];
  for (int64_t d = 0; d < rank; ++d) blocked[d] = 1;
  for (int64_t k = 0; k < format.block_count; ++k) {
    const int64_t dim = format.block_dims[k], size = format.block_sizes[k];
    if (dim < 0 || dim >= rank || size < 1)
      fail("block " + std::to_string(k) + " splits dim " + std::to_string(dim) + " by " + std::to_string(size));
    blocked[dim] *= size;
  }
  dnnl_memory_desc_t md{};
  md.ndims = static_cast<int>(rank);
  md.data_type = dnnl_f32;
  md.format_kind = dnnl_blocked;
  for (int64_t d = 0; d < rank; ++d) {
    if (format.dims[d] < 1 || format.padded_dims[d] < format.dims[d] || format.padded_dims[d] % blocked[d] != 0 ||
        format.strides[d] < 0)
      fail("dim " + std::to_string(d) + ": size " + std::to_string(format.dims[d]) + ", padded " +
           std::to_string(format.padded_dims[d]) + ", blocked by " + std::to_string(blocked[d]) + ", stride " +
           std::to_string(format.strides[d]));
    md.dims[d] = format.dims[d];
    md.padded_dims[d] = format.padded_dims[d];
    md.format_desc.blocking.strides[d] = format.strides[d];
  }
  md.format_desc.blocking.inner_nblks = static_cast<int>(format.block_count);
  for (int64_t k = 0; k < format.block_count; ++k) {
    md.format_desc.blocking.inner_blks[k] = format.block_sizes[k];
    md.format_desc.blocking.inner_idxs[k] = format.block_dims[k];
  }
  dnnl::memory::desc desc(md);
  // f32, or bf16 (a bf16 kernel's weights) where the bytes are half the f32 layout's.
  const auto f32Bytes = static_cast<int64_t>(desc.get_size());
  if (format.bytes * 2 == f32Bytes && f32Bytes > 0) {
    md.data_type = dnnl_bf16;
    return dnnl::memory::desc(md);
  }
  if (f32Bytes != format.bytes)
    fail("the layout holds " + std::to_string(f32Bytes) + " bytes of f32 (or half of it of bf16), the format says " +
         std::to_string(format.bytes));
  return desc;
}

} // namespace aicc::rt
