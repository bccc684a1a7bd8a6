// AICC_KERNEL_ATTENTION: scaled dot-product attention, softmax(scale · Q Kᵀ + mask) V, in one pass
// over the keys per query row with an online softmax (a running maximum and sum, rescaling the
// accumulated output when the maximum grows), so the [queries, keys] scores are never written to
// memory. Each thread takes whole blocks of query rows of one (batch, head) (AttentionRows.inc),
// whose K and V slices stay in its cache while the block reads them.
#include "AttentionRows.inc"
#include "Kernel.h"

#include <omp.h>

#include <vector>

namespace aicc::rt {

int64_t attentionScratchFloats(const AttentionGeometry &g) {
  return kAttentionKeyBlock * g.headSize + kAttentionQueryBlock * (g.valueSize + 2);
}

void attendRowsGeneric(const AttentionGeometry &g, const AttentionOperands &x, int64_t b, int64_t h, int64_t begin,
                       int64_t end, float *scratch) {
  attendRowsImpl(g, x, b, h, begin, end, scratch);
}

namespace {

// The widest build oneDNN would use here (the host's, or less under ONEDNN_MAX_CPU_ISA).
AttendRows hostAttendRows() {
  const unsigned isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
  auto has = [isa](dnnl::cpu_isa want) { return (isa & static_cast<unsigned>(want)) == static_cast<unsigned>(want); };
  if (has(dnnl::cpu_isa::avx512_core) && __builtin_cpu_supports("fma")) return attendRowsAvx512;
  if (has(dnnl::cpu_isa::avx2) && __builtin_cpu_supports("fma")) return attendRowsAvx2;
  return attendRowsGeneric;
}

void runAttention(const AttentionGeometry &g, const AttentionOperands &x, AttendRows attendRows) {
  const int64_t blocks = (g.queries + kAttentionQueryBlock - 1) / kAttentionQueryBlock;
  const int64_t tasks = g.batch * g.heads * blocks;
  const int64_t threads = std::max<int64_t>(1, std::min<int64_t>(omp_get_max_threads(), tasks));
  auto work = [&](int64_t t, int64_t n) {
    std::vector<float> scratch(attentionScratchFloats(g));
    for (int64_t task = tasks * t / n; task < tasks * (t + 1) / n; ++task) {
      const int64_t block = task % blocks, bh = task / blocks;
      const int64_t begin = block * kAttentionQueryBlock, end = std::min(g.queries, begin + kAttentionQueryBlock);
      attendRows(g, x, bh / g.heads, bh % g.heads, begin, end, scratch.data());
    }
  };
  if (threads == 1 || omp_in_parallel()) {
    work(0, 1);
    return;
  }
#pragma omp parallel num_threads(threads)
  work(omp_get_thread_num(), omp_get_num_threads());
}

class AttentionKernel final : public Kernel {
public:
  explicit AttentionKernel(const aicc_kernel_desc &desc);
};

AttentionKernel::AttentionKernel(const aicc_kernel_desc &desc) {
  const auto p = paramsAs<aicc_attention_params>(desc);
  expectArgCount(desc, AICC_ATTENTION_NUM_ARGS);
  const int64_t sizes[] = {p.batch, p.heads, p.queries, p.keys, p.head_size, p.value_size};
  const char *sizeNames[] = {"batch", "heads", "queries", "keys", "head_size", "value_size"};
  for (int d = 0; d < 6; ++d)
    if (sizes[d] < 1) throw KernelError(std::string(sizeNames[d]) + " must be >= 1, got " + std::to_string(sizes[d]));
  if (p.causal != 0 && p.queries != p.keys)
    throw KernelError("causal attention needs as many queries as keys, got " + std::to_string(p.queries) + " and " +
                      std::to_string(p.keys));
  if (!std::isfinite(p.scale)) throw KernelError("scale must be finite");

  AttentionGeometry g{p.batch,
                      p.heads,
                      p.queries,
                      p.keys,
                      p.head_size,
                      p.value_size,
                      {},
                      {},
                      {},
                      {},
                      {},
                      static_cast<float>(p.scale),
                      p.causal != 0,
                      p.has_mask != 0};
  const struct {
    const int64_t *strides;
    int64_t *into;
    const char *name;
    bool rowMajorColumns;
  } views[] = {{p.q_strides, g.q, "q_strides", true},
               {p.k_strides, g.k, "k_strides", true},
               {p.v_strides, g.v, "v_strides", true},
               {p.y_strides, g.y, "y_strides", true},
               {p.mask_strides, g.mask, "mask_strides", false}};
  for (const auto &view : views) {
    if (view.into == g.mask && !g.hasMask) continue;
    for (int d = 0; d < 4; ++d) {
      if (view.strides[d] < 0) throw KernelError(std::string(view.name) + " must be >= 0");
      view.into[d] = view.strides[d];
    }
    if (view.rowMajorColumns && view.strides[3] != 1)
      throw KernelError(std::string(view.name) + "[3] must be 1, got " + std::to_string(view.strides[3]));
  }

  // The memories only carry the pointers; the strides above say where the elements are.
  std::vector<dnnl::memory> data(AICC_ATTENTION_NUM_ARGS);
  const struct {
    int index;
    const char *name;
    bool present;
  } operands[] = {{AICC_ATTENTION_ARG_Q, "Q", true},
                  {AICC_ATTENTION_ARG_K, "K", true},
                  {AICC_ATTENTION_ARG_V, "V", true},
                  {AICC_ATTENTION_ARG_MASK, "mask", g.hasMask},
                  {AICC_ATTENTION_ARG_Y, "Y", true}};
  for (const auto &operand : operands)
    if (operand.present) data[operand.index] = operandMemory(desc, operand.index, operand.name, rowMajorDesc({1}));
  addHostStep([g, data, attendRows = hostAttendRows()] {
    auto pointer = [&](int index) {
      return data[index] ? static_cast<float *>(data[index].get_data_handle()) : nullptr;
    };
    runAttention(g,
                 {pointer(AICC_ATTENTION_ARG_Q), pointer(AICC_ATTENTION_ARG_K), pointer(AICC_ATTENTION_ARG_V),
                  pointer(AICC_ATTENTION_ARG_MASK), pointer(AICC_ATTENTION_ARG_Y)},
                 attendRows);
  });
}

} // namespace

std::unique_ptr<Kernel> createAttention(const aicc_kernel_desc &desc, dnnl::stream &) {
  return std::make_unique<AttentionKernel>(desc);
}

} // namespace aicc::rt
