// AICC_KERNEL_MATMUL against a direct loop: batch broadcasting, transposed operands, broadcast
// biases, alpha, post-ops (activations and sum), constant and per-run operands.
#include <algorithm>
#include <cmath>

#include "TestSupport.h"

namespace aicc::test {
namespace {

struct MatMulCase {
  MatMulCase(std::vector<int64_t> a, std::vector<int64_t> b, std::vector<int64_t> y)
      : a(std::move(a)), b(std::move(b)), y(std::move(y)) {}

  std::vector<int64_t> a, b, y; // op(A), op(B), Y dims, all of rank R
  bool transA = false, transB = false;
  bool hasBias = false;
  std::vector<int64_t> bias;
  double alpha = 1.0;
  std::vector<aicc_post_op> postOps;
  bool constB = true;

  int64_t R() const { return static_cast<int64_t>(y.size()); }
  aicc_matmul_params params() const {
    aicc_matmul_params p{};
    p.rank = R();
    for (int64_t i = 0; i < R(); ++i) {
      p.a_dims[i] = a[i], p.b_dims[i] = b[i], p.y_dims[i] = y[i];
      p.bias_dims[i] = hasBias ? bias[i] : 1;
    }
    p.trans_a = transA, p.trans_b = transB, p.has_bias = hasBias;
    p.alpha = alpha;
    p.post_ops = postOpList(postOps);
    return p;
  }
  KernelSpec spec(const void *constB, const void *constBias) const {
    return KernelSpec(
        AICC_KERNEL_MATMUL, params(),
        constantSlots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_B, constB}, {AICC_MATMUL_ARG_BIAS, constBias}}));
  }
};

// Row-major offset of `index` (over Y's dims) into a tensor of `dims`, broadcasting size-1 dims.
int64_t broadcastOffset(const std::vector<int64_t> &index, const std::vector<int64_t> &dims) {
  int64_t offset = 0;
  for (size_t i = 0; i < dims.size(); ++i) offset = offset * dims[i] + (dims[i] == 1 ? 0 : index[i]);
  return offset;
}

// Y before post-ops.
std::vector<float> referenceMatMul(const MatMulCase &c, const std::vector<float> &a, const std::vector<float> &b,
                                   const std::vector<float> &bias) {
  const int64_t R = c.R(), M = c.y[R - 2], N = c.y[R - 1], K = c.a[R - 1];
  std::vector<float> y(product(c.y));
  std::vector<int64_t> index(R, 0);
  for (size_t yi = 0; yi < y.size(); ++yi) {
    // index = the multi-index of yi
    int64_t rest = static_cast<int64_t>(yi);
    for (int64_t d = R - 1; d >= 0; --d) {
      index[d] = rest % c.y[d];
      rest /= c.y[d];
    }
    const int64_t m = index[R - 2], n = index[R - 1];
    std::vector<int64_t> batch(index.begin(), index.end() - 2);
    auto batchOffset = [&](const std::vector<int64_t> &dims) {
      std::vector<int64_t> bi = batch;
      bi.push_back(0), bi.push_back(0);
      return broadcastOffset(bi, dims); // the batch part; the matrix is added below
    };
    // Stored operands: transposed ones have their last two dims swapped.
    std::vector<int64_t> aStored = c.a, bStored = c.b;
    if (c.transA) std::swap(aStored[R - 1], aStored[R - 2]);
    if (c.transB) std::swap(bStored[R - 1], bStored[R - 2]);
    const int64_t aBase = batchOffset(aStored), bBase = batchOffset(bStored);
    double sum = 0;
    for (int64_t k = 0; k < K; ++k) {
      const float av = a[aBase + (c.transA ? k * M + m : m * K + k)];
      const float bv = b[bBase + (c.transB ? n * K + k : k * N + n)];
      sum += double(av) * bv;
    }
    float v = static_cast<float>(c.alpha * sum);
    if (c.hasBias) v += bias[broadcastOffset(index, c.bias)];
    y[yi] = v;
  }
  return y;
}

void checkMatMul(const MatMulCase &c) {
  auto a = randomFloats(product(c.a), 11), b = randomFloats(product(c.b), 12);
  auto bias = randomFloats(c.hasBias ? product(c.bias) : 1, 13);
  auto prior = randomFloats(product(c.y), 14); // what Y holds before a run: a sum post-op adds it
  std::vector<float> want = referenceMatMul(c, a, b, bias);
  for (size_t i = 0; i < want.size(); ++i) want[i] = referencePostOps(c.postOps, want[i], prior[i]);
  KernelTable table({c.spec(c.constB ? b.data() : nullptr, c.hasBias && c.constB ? bias.data() : nullptr)});
  ASSERT_TRUE(table.created()) << table.createError();
  for (int repeat = 0; repeat < 2; ++repeat) {
    std::vector<float> y = prior;
    ASSERT_EQ(table.run(0, slots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_A, a.data()},
                                                        {AICC_MATMUL_ARG_B, b.data()},
                                                        {AICC_MATMUL_ARG_BIAS, c.hasBias ? bias.data() : nullptr},
                                                        {AICC_MATMUL_ARG_Y, y.data()}})),
              "");
    expectAllNear(y, want);
  }
}

TEST(MatMulKernel, VectorTimesMatrix) { checkMatMul({{1, 10}, {10, 10}, {1, 10}}); }

TEST(MatMulKernel, GemmWithBiasAlphaAndRelu) {
  MatMulCase c{{5, 7}, {7, 9}, {5, 9}};
  c.hasBias = true, c.bias = {1, 9};
  c.alpha = 0.5;
  c.postOps = {eltwise(AICC_ACT_RELU)};
  checkMatMul(c);
}

TEST(MatMulKernel, TransposedOperands) {
  for (bool transA : {false, true})
    for (bool transB : {false, true})
      for (bool constB : {false, true}) {
        SCOPED_TRACE(std::string("trans_a ") + (transA ? "1" : "0") + " trans_b " + (transB ? "1" : "0") + " const B " +
                     (constB ? "1" : "0"));
        MatMulCase c{{6, 4}, {4, 5}, {6, 5}};
        c.transA = transA, c.transB = transB, c.constB = constB;
        checkMatMul(c);
      }
}

TEST(MatMulKernel, BatchedBroadcast) {
  MatMulCase c{{2, 1, 3, 4}, {1, 3, 4, 5}, {2, 3, 3, 5}};
  checkMatMul(c);
  c.constB = false;
  checkMatMul(c);
}

// A constant B shared by every batch folds the batch into M; biases that vary over rows and over
// batches keep their meaning, whether or not they let the batch fold.
TEST(MatMulKernel, SharedConstantWeightsAcrossBatches) {
  for (std::vector<int64_t> bias :
       std::vector<std::vector<int64_t>>{{1, 1, 5}, {1, 4, 5}, {3, 1, 5}, {3, 4, 5}, {1, 4, 1}, {1, 1, 1}}) {
    SCOPED_TRACE("bias " + std::to_string(bias[0]) + "x" + std::to_string(bias[1]) + "x" + std::to_string(bias[2]));
    MatMulCase c{{3, 4, 6}, {1, 6, 5}, {3, 4, 5}};
    c.hasBias = true, c.bias = bias;
    c.postOps = {eltwise(AICC_ACT_RELU)};
    checkMatMul(c);
    c.transB = true;
    checkMatMul(c);
  }
  MatMulCase one{{1, 1, 4, 6}, {1, 1, 6, 5}, {1, 1, 4, 5}};
  one.hasBias = true, one.bias = {1, 1, 4, 5};
  checkMatMul(one);
}

// Attention's head split and merge folded into the kernel: A and B read through permuted strides
// (Q and K stored [1, S, H, D]), Y written transposed back into [1, S, H, S].
TEST(MatMulKernel, ExplicitStridesReadAndWriteInPlace) {
  const int64_t S = 5, H = 2, D = 3;
  aicc_matmul_params p{};
  p.rank = 4;
  const int64_t aDims[] = {1, H, S, D}, aStrides[] = {S * H * D, D, H * D, 1}; // Q, 0-2-1-3
  const int64_t bDims[] = {1, H, D, S}, bStrides[] = {S * H * D, D, 1, H * D}; // K, 0-2-3-1
  const int64_t yDims[] = {1, H, S, S}, yStrides[] = {S * H * S, S, H * S, 1}; // into [1,S,H,S]
  std::copy(aDims, aDims + 4, p.a_dims), std::copy(aStrides, aStrides + 4, p.a_strides);
  std::copy(bDims, bDims + 4, p.b_dims), std::copy(bStrides, bStrides + 4, p.b_strides);
  std::copy(yDims, yDims + 4, p.y_dims), std::copy(yStrides, yStrides + 4, p.y_strides);
  std::fill(p.bias_dims, p.bias_dims + 4, 1);
  p.alpha = 0.5;
  auto q = randomFloats(S * H * D, 21), k = randomFloats(S * H * D, 22);
  std::vector<float> want(S * H * S), y(S * H * S, -1.f);
  for (int64_t h = 0; h < H; ++h)
    for (int64_t m = 0; m < S; ++m)
      for (int64_t n = 0; n < S; ++n) {
        double sum = 0;
        for (int64_t d = 0; d < D; ++d)
          sum += double(q[h * aStrides[1] + m * aStrides[2] + d]) * k[h * bStrides[1] + d + n * bStrides[3]];
        want[h * yStrides[1] + m * yStrides[2] + n] = static_cast<float>(0.5 * sum);
      }
  KernelTable table({KernelSpec(AICC_KERNEL_MATMUL, p, constantSlots(AICC_MATMUL_NUM_ARGS, {}))});
  ASSERT_TRUE(table.created()) << table.createError();
  ASSERT_EQ(table.run(0, slots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_A, q.data()},
                                                      {AICC_MATMUL_ARG_B, k.data()},
                                                      {AICC_MATMUL_ARG_Y, y.data()}})),
            "");
  expectAllNear(y, want);

  p.trans_a = 1;
  KernelTable both({KernelSpec(AICC_KERNEL_MATMUL, p, constantSlots(AICC_MATMUL_NUM_ARGS, {}))});
  EXPECT_EQ(both.createError(), "kernel 0 (matmul): an operand with explicit strides cannot also set its trans flag");
}

// nn.MultiheadAttention's in-projection: A is the (L, N, E) view of an (N, L, E) input, the
// weights are a constant [E, 3E] shared by every batch. A's batch dims and M form one strided row
// dim, so the batch folds into M (one GEMM rather than one GEMV per batch); where they do not
// (A's rows interleaved across batches), each batch is its own product. Both against a loop.
TEST(MatMulKernel, StridedBatchFoldsIntoRowsWithSharedWeights) {
  const int64_t L = 7, N = 1, E = 6, F = 5;
  struct Layout {
    const char *name;
    std::vector<int64_t> aDims, aStrides;
  };
  for (const Layout &layout :
       {Layout{"rows", {L, N, E}, {E, L * E, 1}}, Layout{"interleaved", {L, 2, E}, {E, L * E, 1}}}) {
    SCOPED_TRACE(layout.name);
    const int64_t B = layout.aDims[0], M = layout.aDims[1];
    aicc_matmul_params p{};
    p.rank = 3;
    const int64_t bDims[] = {1, E, F}, yDims[] = {B, M, F};
    std::copy(layout.aDims.begin(), layout.aDims.end(), p.a_dims);
    std::copy(layout.aStrides.begin(), layout.aStrides.end(), p.a_strides);
    std::copy(bDims, bDims + 3, p.b_dims), std::copy(yDims, yDims + 3, p.y_dims);
    std::fill(p.bias_dims, p.bias_dims + 3, 1);
    p.bias_dims[2] = F, p.has_bias = 1, p.alpha = 1.0;
    auto a = randomFloats(B * M * E, 41), w = randomFloats(E * F, 42), bias = randomFloats(F, 43);
    std::vector<float> want(B * M * F), y(B * M * F, -1.f);
    for (int64_t b = 0; b < B; ++b)
      for (int64_t m = 0; m < M; ++m)
        for (int64_t f = 0; f < F; ++f) {
          double sum = bias[f];
          for (int64_t e = 0; e < E; ++e)
            sum += double(a[b * layout.aStrides[0] + m * layout.aStrides[1] + e]) * w[e * F + f];
          want[(b * M + m) * F + f] = static_cast<float>(sum);
        }
    KernelTable table({KernelSpec(
        AICC_KERNEL_MATMUL, p,
        constantSlots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_B, w.data()}, {AICC_MATMUL_ARG_BIAS, bias.data()}}))});
    ASSERT_TRUE(table.created()) << table.createError();
    ASSERT_EQ(table.run(0, slots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_A, a.data()},
                                                        {AICC_MATMUL_ARG_B, w.data()},
                                                        {AICC_MATMUL_ARG_BIAS, bias.data()},
                                                        {AICC_MATMUL_ARG_Y, y.data()}})),
              "");
    expectAllNear(y, want);
  }
}

// Binary post-ops take T from the args after Y, broadcasting it: a [B,1,N] mask, a per-row
// [1,M,1] scale that oneDNN's fast matmul cannot fuse (the kernel then runs it as a binary
// primitive after the matmul), a full-shape gate; constant or per-run, with activations between.
TEST(MatMulKernel, BinaryPostOps) {
  const std::vector<int64_t> mask{2, 1, 5}, rows{1, 4, 1}, full{2, 4, 5};
  for (bool constant : {false, true}) {
    SCOPED_TRACE(constant ? "constant T" : "per-run T");
    MatMulCase c{{2, 4, 6}, {1, 6, 5}, {2, 4, 5}};
    c.hasBias = true, c.bias = {1, 1, 5};
    auto a = randomFloats(product(c.a), 31), b = randomFloats(product(c.b), 32), bias = randomFloats(5, 33);
    auto tMask = randomFloats(product(mask), 34), tRows = randomFloats(product(rows), 35),
         tFull = randomFloats(product(full), 36);
    std::vector<float> want = referenceMatMul(c, a, b, bias);
    for (size_t yi = 0; yi < want.size(); ++yi) {
      const std::vector<int64_t> index{int64_t(yi) / 20, int64_t(yi) / 5 % 4, int64_t(yi) % 5};
      const float v = (want[yi] + tMask[broadcastOffset(index, mask)]) * tRows[broadcastOffset(index, rows)];
      want[yi] = std::tanh(v) - tFull[yi];
    }
    aicc_matmul_params p = c.params();
    const int64_t maskArg = AICC_MATMUL_ARG_POST_OPS, rowsArg = AICC_MATMUL_ARG_POST_OPS + 1,
                  fullArg = AICC_MATMUL_ARG_POST_OPS + 2, numArgs = AICC_MATMUL_NUM_ARGS + 3;
    p.post_ops = postOpList({binaryPostOp(AICC_BINARY_ADD, maskArg, mask), binaryPostOp(AICC_BINARY_MUL, rowsArg, rows),
                             eltwise(AICC_ACT_TANH), binaryPostOp(AICC_BINARY_SUB, fullArg, full)});
    std::vector<const void *> constants =
        constantSlots(numArgs, {{AICC_MATMUL_ARG_B, b.data()}, {AICC_MATMUL_ARG_BIAS, bias.data()}});
    if (constant)
      constants[maskArg] = tMask.data(), constants[rowsArg] = tRows.data(), constants[fullArg] = tFull.data();
    KernelTable table({KernelSpec(AICC_KERNEL_MATMUL, p, constants)});
    ASSERT_TRUE(table.created()) << table.createError();
    std::vector<float> y(want.size());
    ASSERT_EQ(table.run(0, slots(numArgs, {{AICC_MATMUL_ARG_A, a.data()},
                                           {AICC_MATMUL_ARG_B, b.data()},
                                           {AICC_MATMUL_ARG_BIAS, bias.data()},
                                           {AICC_MATMUL_ARG_Y, y.data()},
                                           {maskArg, tMask.data()},
                                           {rowsArg, tRows.data()},
                                           {fullArg, tFull.data()}})),
              "");
    expectAllNear(y, want);
  }

  // 2-D, a per-row T: oneDNN 2.6 fuses this one only into its reference matmul, so the kernel
  // runs it (and the activation after it) as a binary primitive on Y.
  {
    MatMulCase c{{4, 6}, {6, 5}, {4, 5}};
    auto a = randomFloats(24, 41), b = randomFloats(30, 42), rowScale = randomFloats(4, 43),
         colShift = randomFloats(5, 44);
    std::vector<float> want = referenceMatMul(c, a, b, {});
    for (size_t yi = 0; yi < want.size(); ++yi)
      want[yi] = std::max(want[yi] * rowScale[yi / 5], 0.f) + colShift[yi % 5];
    aicc_matmul_params p = c.params();
    const int64_t scaleArg = AICC_MATMUL_ARG_POST_OPS, shiftArg = AICC_MATMUL_ARG_POST_OPS + 1;
    p.post_ops = postOpList({binaryPostOp(AICC_BINARY_MUL, scaleArg, {4, 1}), eltwise(AICC_ACT_RELU),
                             binaryPostOp(AICC_BINARY_ADD, shiftArg, {1, 5})});
    KernelTable table({KernelSpec(
        AICC_KERNEL_MATMUL, p,
        constantSlots(AICC_MATMUL_NUM_ARGS + 2, {{AICC_MATMUL_ARG_B, b.data()}, {shiftArg, colShift.data()}}))});
    ASSERT_TRUE(table.created()) << table.createError();
    std::vector<float> y(20);
    ASSERT_EQ(table.run(0, slots(AICC_MATMUL_NUM_ARGS + 2, {{AICC_MATMUL_ARG_A, a.data()},
                                                            {AICC_MATMUL_ARG_B, b.data()},
                                                            {AICC_MATMUL_ARG_Y, y.data()},
                                                            {scaleArg, rowScale.data()},
                                                            {shiftArg, colShift.data()}})),
              "");
    expectAllNear(y, want);
  }

  MatMulCase c{{2, 3}, {3, 4}, {2, 4}};
  aicc_matmul_params p = c.params();
  p.post_ops = postOpList({binaryPostOp(AICC_BINARY_MUL, AICC_MATMUL_ARG_POST_OPS, {3, 4})});
  KernelTable wrong({KernelSpec(AICC_KERNEL_MATMUL, p, constantSlots(AICC_MATMUL_NUM_ARGS + 1, {}))});
  EXPECT_EQ(wrong.createError(), "kernel 0 (matmul): binary post-op operand [3,4] does not broadcast to Y [2,4]");
  p.post_ops = postOpList({binaryPostOp(AICC_BINARY_MUL, AICC_MATMUL_ARG_Y, {1, 4})}); // Y's slot, not T's
  KernelTable badArg({KernelSpec(AICC_KERNEL_MATMUL, p, constantSlots(AICC_MATMUL_NUM_ARGS + 1, {}))});
  EXPECT_EQ(badArg.createError(), "kernel 0 (matmul): binary post-op arg 3 is not one of the kernel's post-op args");
}

TEST(MatMulKernel, BatchedTransposedWithBias) {
  MatMulCase c{{3, 4, 6}, {3, 6, 2}, {3, 4, 2}};
  c.transA = true, c.transB = true;
  c.hasBias = true, c.bias = {3, 1, 2};
  c.constB = false;
  checkMatMul(c);
}

TEST(MatMulKernel, BiasBroadcastShapes) {
  for (std::vector<int64_t> bias : std::vector<std::vector<int64_t>>{{1, 1}, {4, 1}, {4, 6}, {1, 6}}) {
    SCOPED_TRACE("bias " + std::to_string(bias[0]) + "x" + std::to_string(bias[1]));
    MatMulCase c{{4, 3}, {3, 6}, {4, 6}};
    c.hasBias = true, c.bias = bias;
    c.alpha = -2.0;
    c.postOps = {eltwise(AICC_ACT_TANH)};
    checkMatMul(c);
  }
}

TEST(MatMulKernel, Rank5) {
  MatMulCase c{{2, 1, 2, 3, 4}, {1, 2, 2, 4, 3}, {2, 2, 2, 3, 3}};
  c.hasBias = true, c.bias = {1, 1, 1, 1, 3};
  checkMatMul(c);
}

TEST(MatMulKernel, PostOpsInOrder) {
  // Bias, then sum of the prior Y, then the activations: Gemm + Add + HardSwish/Elu fused.
  for (int64_t act : {AICC_ACT_HARD_SWISH, AICC_ACT_ELU, AICC_ACT_GELU_ERF, AICC_ACT_SWISH, AICC_ACT_GELU_TANH}) {
    SCOPED_TRACE("activation " + std::to_string(act));
    MatMulCase c{{4, 8}, {8, 5}, {4, 5}};
    c.hasBias = true, c.bias = {1, 5};
    c.alpha = 3.0; // spreads Y over the activations' bends
    c.postOps = {sum(0.5), eltwise(act, 0.7), eltwise(AICC_ACT_CLIP, -0.4, 2.5)};
    checkMatMul(c);
  }
}

TEST(MatMulKernel, ShapesThatDoNotMultiplyAreRefused) {
  MatMulCase c{{2, 3}, {4, 5}, {2, 5}};
  KernelTable table({c.spec(nullptr, nullptr)});
  ASSERT_FALSE(table.created());
  EXPECT_EQ(table.createError(), "kernel 0 (matmul): shapes do not multiply: op(A) [2,3] x op(B) [4,5] -> Y [2,5]");
}

TEST(MatMulKernel, BiasThatDoesNotBroadcastIsRefused) {
  MatMulCase c{{2, 3}, {3, 5}, {2, 5}};
  c.hasBias = true, c.bias = {2, 4};
  KernelTable table({c.spec(nullptr, nullptr)});
  ASSERT_FALSE(table.created());
  EXPECT_THAT(table.createError(), ::testing::HasSubstr("bias [2,4] does not broadcast to Y [2,5]"));
}

} // namespace
} // namespace aicc::test
