// AICC_KERNEL_MATMUL: Y = alpha * op(A) x op(B) + bias, then the post-ops, as one oneDNN matmul.
//
// - Transposed operands are described by strides (the stored data has the last two dims swapped,
//   or explicit a/b/y strides from a transpose or slice the compiler folded in), so no transpose
//   is ever materialized; a constant B is reordered once into the layout oneDNN prefers, which
//   absorbs its transposition too.
// - Batch broadcasting (a dim of 1 against n) is native to oneDNN matmul. A constant B shared by
//   every batch instead folds A's batch dims into M: oneDNN (2.6) blocks only 2-D weights for its
//   brgemm matmul, and copies plain batched weights into blocks again on every run.
// - The bias is a binary-add post-op, not matmul's bias argument: oneDNN 2.x applies output scales
//   after the bias argument (Y = alpha * (AxB + bias)), and its fast brgemm matmul accepts
//   broadcast biases ([M,N], [B,1,N], ...) only as a post-op.
#include <algorithm>
#include <optional>

#include "Kernel.h"

namespace aicc::cpu {
namespace {

enum Arg { A = 0, B = 1, Bias = 2, Y = 3 };

// The strides of a_strides/b_strides/y_strides, or none when they are all 0 (dense).
std::optional<dnnl::memory::dims> explicitStrides(const char *name, const int64_t *values, int64_t rank) {
  if (std::all_of(values, values + rank, [](int64_t s) { return s == 0; }))
    return std::nullopt;
  return checkedDims(name, values, rank, 0);
}

class MatMulKernel final : public Kernel {
public:
  MatMulKernel(const aicc_kernel_desc &desc, dnnl::stream &stream);
};

MatMulKernel::MatMulKernel(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  using dnnl::memory;
  const auto p = paramsAs<aicc_matmul_params>(desc);
  const int64_t R = p.rank;
  if (R < 2 || R > AICC_MAX_MATMUL_RANK)
    throw KernelError("rank must be 2..5, got " + std::to_string(R));
  expectArgCount(desc, 4);

  const memory::dims aDims = checkedDims("a_dims", p.a_dims, R, 1);
  const memory::dims bDims = checkedDims("b_dims", p.b_dims, R, 1);
  const memory::dims yDims = checkedDims("y_dims", p.y_dims, R, 1);
  const bool transA = p.trans_a != 0, transB = p.trans_b != 0;
  const bool hasBias = p.has_bias != 0;
  const memory::dims biasDims = checkedDims("bias_dims", p.bias_dims, R, 1);
  const std::optional<memory::dims> aStrides = explicitStrides("a_strides", p.a_strides, R);
  const std::optional<memory::dims> bStrides = explicitStrides("b_strides", p.b_strides, R);
  const std::optional<memory::dims> yStrides = explicitStrides("y_strides", p.y_strides, R);
  if ((aStrides && transA) || (bStrides && transB))
    throw KernelError("an operand with explicit strides cannot also set its trans flag");
  const double alpha = p.alpha;

  const int64_t M = aDims[R - 2], K = aDims[R - 1], N = bDims[R - 1];
  bool consistent = bDims[R - 2] == K && yDims[R - 2] == M && yDims[R - 1] == N;
  for (int64_t i = 0; i < R - 2; ++i)
    consistent = consistent && (aDims[i] == yDims[i] || aDims[i] == 1) &&
                 (bDims[i] == yDims[i] || bDims[i] == 1) &&
                 yDims[i] == std::max(aDims[i], bDims[i]);
  if (!consistent)
    throw KernelError("shapes do not multiply: op(A) " + dimsString(aDims) + " x op(B) " +
                      dimsString(bDims) + " -> Y " + dimsString(yDims));
  if (hasBias)
    for (int64_t i = 0; i < R; ++i)
      if (biasDims[i] != yDims[i] && biasDims[i] != 1)
        throw KernelError("bias " + dimsString(biasDims) + " does not broadcast to Y " +
                          dimsString(yDims));

  const void *constA = constantArg(desc, A), *constB = constantArg(desc, B);
  const void *constBias = hasBias ? constantArg(desc, Bias) : nullptr;

  int64_t batch = 1;
  bool sharedB = constB && !transA && !aStrides && !bStrides && !yStrides, biasPerBatch = false;
  for (int64_t i = 0; i < R - 2; ++i) {
    batch *= yDims[i];
    sharedB = sharedB && bDims[i] == 1;
    biasPerBatch = biasPerBatch || (hasBias && biasDims[i] != 1);
  }
  // A bias that varies over rows repeats per batch: as rows of the folded M it would not.
  const bool foldBatch = sharedB && R > 2 && !biasPerBatch && (batch == 1 || !hasBias || biasDims[R - 2] == 1);
  auto matrixDims = [&](const memory::dims &dims, int64_t rows) { return memory::dims{rows, dims[R - 1]}; };
  const memory::dims aUsed = foldBatch ? matrixDims(aDims, batch * M) : aDims;
  const memory::dims bUsed = foldBatch ? matrixDims(bDims, K) : bDims;
  const memory::dims yUsed = foldBatch ? matrixDims(yDims, batch * M) : yDims;
  const memory::dims biasUsed =
      foldBatch ? matrixDims(biasDims, biasDims[R - 2] == 1 ? 1 : batch * M) : biasDims;

  auto stridedOr = [](const std::optional<memory::dims> &strides, const memory::dims &dims, memory::desc dense) {
    return strides ? memory::desc(dims, memory::data_type::f32, *strides) : dense;
  };
  const memory::desc aDesc = stridedOr(aStrides, aUsed, rowMajorDesc(aUsed, transA));
  const memory::desc bStored = stridedOr(bStrides, bUsed, rowMajorDesc(bUsed, transB));
  const memory::desc yDesc = stridedOr(yStrides, yUsed, rowMajorDesc(yUsed)), biasDesc = rowMajorDesc(biasUsed);

  dnnl::primitive_attr attr = kernelAttr();
  if (alpha != 1.0)
    attr.set_output_scales(0, {static_cast<float>(alpha)});
  dnnl::post_ops postOps;
  if (hasBias)
    postOps.append_binary(dnnl::algorithm::binary_add, biasDesc);
  appendPostOps(postOps, p.post_ops);
  attr.set_post_ops(postOps);

  const memory::desc bWant =
      constB ? memory::desc(bUsed, memory::data_type::f32, memory::format_tag::any) : bStored;
  dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(aDesc, bWant, yDesc), attr, cpuEngine());

  memory a = constA ? constantMemory(aDesc, constA) : memory(aDesc, cpuEngine(), DNNL_MEMORY_NONE);
  if (!constA)
    addRunArg(A, "A", a);
  memory b;
  if (constB) {
    b = constantOperand(desc, B, bStored, pd.weights_desc(), stream);
  } else {
    b = memory(bStored, cpuEngine(), DNNL_MEMORY_NONE);
    addRunArg(B, "B", b);
  }
  memory y(yDesc, cpuEngine(), DNNL_MEMORY_NONE);
  addRunArg(Y, "Y", y);

  std::vector<std::pair<int, memory>> args{
      {DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, y}};
  if (hasBias) {
    memory bias = constBias ? constantMemory(biasDesc, constBias)
                            : memory(biasDesc, cpuEngine(), DNNL_MEMORY_NONE);
    if (!constBias)
      addRunArg(Bias, "Bias", bias);
    args.emplace_back(DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1, bias);
  }
  addStep(dnnl::matmul(pd), pd, std::move(args));
}

} // namespace

std::unique_ptr<Kernel> createMatMul(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  return std::make_unique<MatMulKernel>(desc, stream);
}

} // namespace aicc::cpu
