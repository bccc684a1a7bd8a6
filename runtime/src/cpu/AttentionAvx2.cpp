// attendRows for AVX2 with FMA (compiled with -mavx2 -mfma).
#include "AttentionRows.inc"

void aicc::rt::attendRowsAvx2(const AttentionGeometry &g, const AttentionOperands &x, int64_t b, int64_t h,
                              int64_t begin, int64_t end, float *scratch) {
  attendRowsImpl(g, x, b, h, begin, end, scratch);
}
