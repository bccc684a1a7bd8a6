// The rows of AICC_KERNEL_ATTENTION (Attention.cpp): one block of query rows of one (batch, head)
// per call, in a portable build and in AVX2 and AVX-512 builds of the same code
// (AttentionRows.inc), chosen at run time.
#ifndef AICC_RUNTIME_CPU_ATTENTIONROWS_H
#define AICC_RUNTIME_CPU_ATTENTIONROWS_H

#include <cstdint>

namespace aicc::rt {

constexpr int64_t kAttentionQueryBlock = 16; // query rows per call: each K block is transposed once for them
constexpr int64_t kAttentionKeyBlock = 64;   // keys scored before each rescale of the output rows

struct AttentionGeometry {
  int64_t batch, heads, queries, keys, headSize, valueSize;
  int64_t q[4], k[4], v[4], y[4], mask[4]; // element strides of [batch, heads, rows, columns]
  float scale;
  bool causal, hasMask;
};

struct AttentionOperands {
  const float *q, *k, *v, *mask; // mask null without one
  float *y;
};

// Per-thread work space: kAttentionKeyBlock · headSize + kAttentionQueryBlock · (valueSize + 2) floats.
int64_t attentionScratchFloats(const AttentionGeometry &g);

using AttendRows = void (*)(const AttentionGeometry &g, const AttentionOperands &x, int64_t b, int64_t h, int64_t begin,
                            int64_t end, float *scratch);
void attendRowsGeneric(const AttentionGeometry &, const AttentionOperands &, int64_t, int64_t, int64_t, int64_t,
                       float *);
void attendRowsAvx2(const AttentionGeometry &, const AttentionOperands &, int64_t, int64_t, int64_t, int64_t, float *);
void attendRowsAvx512(const AttentionGeometry &, const AttentionOperands &, int64_t, int64_t, int64_t, int64_t,
                      float *);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_ATTENTIONROWS_H
