// attendRows for AVX-512 (compiled with -mavx512f and the rest of the AVX-512 core set).
#include "AttentionRows.inc"

void aicc::rt::attendRowsAvx512(const AttentionGeometry &g, const AttentionOperands &x, int64_t b, int64_t h,
                                int64_t begin, int64_t end, float *scratch) {
  attendRowsImpl(g, x, b, h, begin, end, scratch);
}
