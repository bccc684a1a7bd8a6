// AICC_KERNEL_ATTENTION against softmax(scale · Q Kᵀ + mask) V computed directly, in double: no
// mask, a padding mask broadcast over heads and queries, causal attention over more keys than one
// block of the online softmax (and an odd count, as ViT's 197), Q, K and V read as views of one
// fused projection and Y written with the heads interleaved, a row masked out entirely, and the
// parameters it refuses.
#include <cmath>
#include <limits>

#include "TestSupport.h"

namespace aicc::test {
namespace {

// Dims [B, H, rows, cols] and their element strides; dense unless a test sets the strides.
struct View {
  int64_t dims[4];
  int64_t strides[4];
  int64_t at(int64_t b, int64_t h, int64_t i, int64_t j) const {
    return b * strides[0] + h * strides[1] + i * strides[2] + j * strides[3];
  }
};
View dense(int64_t b, int64_t h, int64_t rows, int64_t cols) {
  return {{b, h, rows, cols}, {h * rows * cols, rows * cols, cols, 1}};
}

struct AttentionCase {
  int64_t B = 1, H = 1, Sq = 4, Sk = 4, D = 8, Dv = 8;
  View q = dense(1, 1, 4, 8), k = dense(1, 1, 4, 8), v = dense(1, 1, 4, 8), y = dense(1, 1, 4, 8);
  bool hasMask = false, causal = false;
  View mask{};
  double scale = 1.0;

  aicc_attention_params params() const {
    aicc_attention_params p{};
    p.batch = B, p.heads = H, p.queries = Sq, p.keys = Sk, p.head_size = D, p.value_size = Dv;
    for (int d = 0; d < 4; ++d) {
      p.q_strides[d] = q.strides[d], p.k_strides[d] = k.strides[d], p.v_strides[d] = v.strides[d];
      p.y_strides[d] = y.strides[d], p.mask_strides[d] = hasMask ? mask.strides[d] : 0;
    }
    p.has_mask = hasMask, p.scale = scale, p.causal = causal;
    return p;
  }
  KernelSpec spec() const {
    return KernelSpec(AICC_KERNEL_ATTENTION, params(), constantSlots(AICC_ATTENTION_NUM_ARGS, {}));
  }
};

// Y at the positions c.y names, computed directly; other elements of `y` are left as they are.
void referenceAttention(const AttentionCase &c, const std::vector<float> &q, const std::vector<float> &k,
                        const std::vector<float> &v, const std::vector<float> &mask, std::vector<float> &y) {
  for (int64_t b = 0; b < c.B; ++b)
    for (int64_t h = 0; h < c.H; ++h)
      for (int64_t i = 0; i < c.Sq; ++i) {
        std::vector<double> s(c.Sk, -std::numeric_limits<double>::infinity());
        double top = -std::numeric_limits<double>::infinity();
        for (int64_t j = 0; j < (c.causal ? i + 1 : c.Sk); ++j) {
          double dot = 0;
          for (int64_t t = 0; t < c.D; ++t) dot += double(q[c.q.at(b, h, i, t)]) * k[c.k.at(b, h, j, t)];
          s[j] = c.scale * dot + (c.hasMask ? mask[c.mask.at(b, h, i, j)] : 0.0);
          top = std::max(top, s[j]);
        }
        double total = 0;
        for (double &e : s) total += (e = std::exp(e - top));
        for (int64_t t = 0; t < c.Dv; ++t) {
          double sum = 0;
          for (int64_t j = 0; j < c.Sk; ++j) sum += s[j] * v[c.v.at(b, h, j, t)];
          y[c.y.at(b, h, i, t)] = static_cast<float>(sum / total);
        }
      }
}

// Runs the case and compares every element of Y.
void checkAttention(const AttentionCase &c, std::vector<float> q, std::vector<float> k, std::vector<float> v,
                    std::vector<float> mask, size_t ySize) {
  KernelTable table({c.spec()});
  ASSERT_TRUE(table.created()) << table.createError();
  std::vector<float> got(ySize), want(ySize);
  referenceAttention(c, q, k, v, mask, want);
  ASSERT_EQ(table.run(0, slots(AICC_ATTENTION_NUM_ARGS, {{AICC_ATTENTION_ARG_Q, q.data()},
                                                         {AICC_ATTENTION_ARG_K, k.data()},
                                                         {AICC_ATTENTION_ARG_V, v.data()},
                                                         {AICC_ATTENTION_ARG_MASK, c.hasMask ? mask.data() : nullptr},
                                                         {AICC_ATTENTION_ARG_Y, got.data()}})),
            "");
  expectAllNear(got, want, 2e-5f);
}

AttentionCase denseCase(int64_t B, int64_t H, int64_t Sq, int64_t Sk, int64_t D, int64_t Dv) {
  AttentionCase c;
  c.B = B, c.H = H, c.Sq = Sq, c.Sk = Sk, c.D = D, c.Dv = Dv;
  c.q = dense(B, H, Sq, D), c.k = dense(B, H, Sk, D), c.v = dense(B, H, Sk, Dv), c.y = dense(B, H, Sq, Dv);
  c.scale = 1 / std::sqrt(double(D));
  return c;
}

TEST(AttentionKernel, NoMask) {
  AttentionCase c = denseCase(2, 3, 5, 7, 8, 6);
  checkAttention(c, randomFloats(2 * 3 * 5 * 8, 1), randomFloats(2 * 3 * 7 * 8, 2), randomFloats(2 * 3 * 7 * 6, 3), {},
                 2 * 3 * 5 * 6);
}

TEST(AttentionKernel, PaddingMaskBroadcast) {
  // BERT's additive mask [B, 1, 1, Sk]: 0 where attended, -10000 at padding (and -inf once).
  AttentionCase c = denseCase(2, 2, 6, 6, 4, 4);
  c.hasMask = true;
  c.mask = {{2, 1, 1, 6}, {6, 0, 0, 1}};
  std::vector<float> mask(12, 0.f);
  mask[4] = mask[5] = -10000.f, mask[11] = -std::numeric_limits<float>::infinity();
  checkAttention(c, randomFloats(96, 4), randomFloats(96, 5), randomFloats(96, 6), mask, 96);
}

TEST(AttentionKernel, CausalAcrossKeyBlocks) {
  // 197 keys: three blocks of the online softmax and a partial one; scores scaled up so the running
  // maximum changes often.
  AttentionCase c = denseCase(1, 2, 197, 197, 16, 16);
  c.causal = true;
  c.scale = 2.0;
  const size_t n = 2 * 197 * 16;
  checkAttention(c, randomFloats(n, 7), randomFloats(n, 8), randomFloats(n, 9), {}, n);
}

TEST(AttentionKernel, ViewsOfFusedProjection) {
  // qkv [B, S, 3, H, D] as a fused projection leaves it; Q, K and V are [B, H, S, D] views of it at
  // offsets 0, H·D and 2·H·D, and Y is written as [B, S, H, D] (the heads merged back).
  const int64_t B = 2, S = 5, H = 3, D = 4;
  AttentionCase c = denseCase(B, H, S, S, D, D);
  const int64_t row = 3 * H * D;
  c.q = {{B, H, S, D}, {S * row, D, row, 1}};
  c.k = c.q, c.v = c.q;
  c.y = {{B, H, S, D}, {S * H * D, D, H * D, 1}};
  std::vector<float> qkv = randomFloats(B * S * row, 10);
  // The kernel reads K and V at their offsets into the same buffer: shift the views by pointer.
  KernelTable table({c.spec()});
  ASSERT_TRUE(table.created()) << table.createError();
  std::vector<float> got(B * S * H * D), want(B * S * H * D);
  std::vector<float> k(qkv.begin() + H * D, qkv.end()), v(qkv.begin() + 2 * H * D, qkv.end());
  k.resize(qkv.size()), v.resize(qkv.size());
  referenceAttention(c, qkv, k, v, {}, want);
  ASSERT_EQ(table.run(0, slots(AICC_ATTENTION_NUM_ARGS, {{AICC_ATTENTION_ARG_Q, qkv.data()},
                                                         {AICC_ATTENTION_ARG_K, qkv.data() + H * D},
                                                         {AICC_ATTENTION_ARG_V, qkv.data() + 2 * H * D},
                                                         {AICC_ATTENTION_ARG_Y, got.data()}})),
            "");
  expectAllNear(got, want, 2e-5f);
}

TEST(AttentionKernel, RowMaskedOutIsNaN) {
  // softmax over scores that are all -inf is NaN (0 / 0), in PyTorch and in ONNX's reference.
  AttentionCase c = denseCase(1, 1, 2, 3, 2, 2);
  c.hasMask = true;
  c.mask = {{1, 1, 2, 3}, {6, 6, 3, 1}};
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> mask{-inf, -inf, -inf, 0, 0, 0}, q = randomFloats(4, 11), k = randomFloats(6, 12),
                                                      v = randomFloats(6, 13), y(4);
  KernelTable table({c.spec()});
  ASSERT_TRUE(table.created()) << table.createError();
  ASSERT_EQ(table.run(0, slots(AICC_ATTENTION_NUM_ARGS, {{AICC_ATTENTION_ARG_Q, q.data()},
                                                         {AICC_ATTENTION_ARG_K, k.data()},
                                                         {AICC_ATTENTION_ARG_V, v.data()},
                                                         {AICC_ATTENTION_ARG_MASK, mask.data()},
                                                         {AICC_ATTENTION_ARG_Y, y.data()}})),
            "");
  EXPECT_TRUE(std::isnan(y[0]) && std::isnan(y[1]));
  EXPECT_FALSE(std::isnan(y[2]) || std::isnan(y[3]));
}

TEST(AttentionKernel, RefusesBadParams) {
  AttentionCase causal = denseCase(1, 1, 3, 4, 2, 2);
  causal.causal = true;
  KernelTable a({causal.spec()});
  EXPECT_EQ(a.createError(), "kernel 0 (attention): causal attention needs as many queries as keys, got 3 and 4");
  AttentionCase columns = denseCase(1, 1, 3, 3, 2, 2);
  columns.k.strides[3] = 2;
  KernelTable b({columns.spec()});
  EXPECT_EQ(b.createError(), "kernel 0 (attention): k_strides[3] must be 1, got 2");
  AttentionCase empty = denseCase(1, 0, 3, 3, 2, 2);
  KernelTable d({empty.spec()});
  EXPECT_EQ(d.createError(), "kernel 0 (attention): heads must be >= 1, got 0");
}

} // namespace
} // namespace aicc::test
