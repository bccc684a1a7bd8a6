// AICC_KERNEL_MATMUL: Y = alpha * op(A) x op(B) + bias, then the post-ops, as one oneDNN matmul.
//
// - Transposed operands are described by strides (the stored data has the last two dims swapped,
//   or explicit a/b/y strides from a transpose or slice the compiler folded in), so no transpose
//   is ever materialized; a constant B is reordered once into the layout oneDNN prefers, which
//   absorbs its transposition too.
// - Batch broadcasting (a dim of 1 against n) is native to oneDNN matmul. A constant B shared by
//   every batch instead folds A's batch dims into M (strided A and Y too, where their batch dims
//   and M form one strided row dim): oneDNN (2.6) blocks only 2-D weights for its brgemm matmul,
//   copies plain batched weights into blocks again on every run, and runs a batch of M = 1 as
//   one GEMV per batch, each reading all of B.
// - The bias is a binary-add post-op, not matmul's bias argument: oneDNN 2.x applies output scales
//   after the bias argument (Y = alpha * (AxB + bias)), and its fast brgemm matmul accepts
//   broadcast biases ([M,N], [B,1,N], ...) only as a post-op.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "Kernel.h"

namespace aicc::rt {
namespace {

bool isReference(const dnnl::primitive_desc_base &pd) { return std::string(pd.impl_info_str()).rfind("ref", 0) == 0; }

// The strides of a_strides/b_strides/y_strides, or none when they are all 0 (dense).
std::optional<dnnl::memory::dims> explicitStrides(const char *name, const int64_t *values, int64_t rank) {
  if (std::all_of(values, values + rank, [](int64_t s) { return s == 0; })) return std::nullopt;
  return checkedDims(name, values, rank, 0);
}

// The stride of the one row dim that `dims`' batch dims and M (all but the last) form, when the
// strides allow it: every dim of more than one element steps over the whole of the next such dim
// (nn.MultiheadAttention's (L, N, E) input is a transposed view whose batch L is such rows).
std::optional<int64_t> mergedRowStride(const dnnl::memory::dims &dims, const dnnl::memory::dims &strides) {
  const int64_t R = static_cast<int64_t>(dims.size());
  std::optional<int64_t> rowStride, next;
  for (int64_t i = R - 2; i >= 0; --i) {
    if (dims[i] == 1) continue;
    if (next && strides[i] != *next) return std::nullopt;
    if (!rowStride) rowStride = strides[i];
    next = strides[i] * dims[i];
  }
  return rowStride.value_or(strides[R - 2]);
}

class MatMulKernel final : public Kernel {
public:
  MatMulKernel(const aicc_kernel_desc &desc, dnnl::stream &stream);
};

MatMulKernel::MatMulKernel(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  using dnnl::memory;
  const auto p = paramsAs<aicc_matmul_params>(desc);
  const int64_t R = p.rank;
  if (R < 2 || R > AICC_MAX_MATMUL_RANK) throw KernelError("rank must be 2..5, got " + std::to_string(R));
  const int64_t postOpCount = checkedPostOpCount(p.post_ops);
  const aicc_post_op *const binaryBegin = p.post_ops.ops, *const binaryEnd = p.post_ops.ops + postOpCount;
  const int64_t binaries =
      std::count_if(binaryBegin, binaryEnd, [](const aicc_post_op &op) { return op.kind == AICC_POST_OP_BINARY; });
  expectArgCount(desc, AICC_MATMUL_NUM_ARGS + binaries);

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
    consistent = consistent && (aDims[i] == yDims[i] || aDims[i] == 1) && (bDims[i] == yDims[i] || bDims[i] == 1) &&
                 yDims[i] == std::max(aDims[i], bDims[i]);
  if (!consistent)
    throw KernelError("shapes do not multiply: op(A) " + dimsString(aDims) + " x op(B) " + dimsString(bDims) +
                      " -> Y " + dimsString(yDims));
  if (hasBias)
    for (int64_t i = 0; i < R; ++i)
      if (biasDims[i] != yDims[i] && biasDims[i] != 1)
        throw KernelError("bias " + dimsString(biasDims) + " does not broadcast to Y " + dimsString(yDims));

  const void *constB = constantArg(desc, AICC_MATMUL_ARG_B);

  int64_t batch = 1;
  // A and Y with explicit strides fold when their batch dims and M form one strided row dim.
  const std::optional<int64_t> aRowStride = aStrides ? mergedRowStride(aDims, *aStrides) : std::nullopt;
  const std::optional<int64_t> yRowStride = yStrides ? mergedRowStride(yDims, *yStrides) : std::nullopt;
  bool sharedB = constB && !transA && !bStrides && (!aStrides || aRowStride) && (!yStrides || yRowStride),
       biasPerBatch = false;
  for (int64_t i = 0; i < R - 2; ++i) {
    batch *= yDims[i];
    sharedB = sharedB && bDims[i] == 1;
    biasPerBatch = biasPerBatch || (hasBias && biasDims[i] != 1);
    for (const aicc_post_op *op = binaryBegin; op != binaryEnd; ++op)
      biasPerBatch = biasPerBatch || (op->kind == AICC_POST_OP_BINARY && op->dims[i] != 1);
  }
  // Binary operands that vary over rows repeat per batch, as a bias does.
  for (const aicc_post_op *op = binaryBegin; op != binaryEnd; ++op)
    biasPerBatch = biasPerBatch || (op->kind == AICC_POST_OP_BINARY && batch > 1 && op->dims[R - 2] != 1);
  // A bias that varies over rows repeats per batch: as rows of the folded M it would not.
  const bool foldBatch = sharedB && R > 2 && !biasPerBatch && (batch == 1 || !hasBias || biasDims[R - 2] == 1);
  auto matrixDims = [&](const memory::dims &dims, int64_t rows) { return memory::dims{rows, dims[R - 1]}; };
  const memory::dims aUsed = foldBatch ? matrixDims(aDims, batch * M) : aDims;
  const memory::dims bUsed = foldBatch ? matrixDims(bDims, K) : bDims;
  const memory::dims yUsed = foldBatch ? matrixDims(yDims, batch * M) : yDims;
  const memory::dims biasUsed = foldBatch ? matrixDims(biasDims, biasDims[R - 2] == 1 ? 1 : batch * M) : biasDims;

  auto stridedOr = [](const std::optional<memory::dims> &strides, const memory::dims &dims, memory::desc dense) {
    return strides ? memory::desc(dims, memory::data_type::f32, *strides) : dense;
  };
  // Folded, a strided operand is its rows (the merged row stride) by its last dim's stride.
  auto foldedStrides = [&](const std::optional<memory::dims> &strides, std::optional<int64_t> rowStride) {
    return strides && foldBatch ? std::optional<memory::dims>(memory::dims{*rowStride, (*strides)[R - 1]}) : strides;
  };
  const memory::desc aDesc = stridedOr(foldedStrides(aStrides, aRowStride), aUsed, rowMajorDesc(aUsed, transA));
  const memory::desc bStored = stridedOr(bStrides, bUsed, rowMajorDesc(bUsed, transB));
  const memory::desc yDesc = stridedOr(foldedStrides(yStrides, yRowStride), yUsed, rowMajorDesc(yUsed)),
                     biasDesc = rowMajorDesc(biasUsed);

  // T of a binary entry: dense, broadcasting to Y (folded like Y when the batch folds into M).
  auto binaryOperandDesc = [&](const aicc_post_op &op) {
    const memory::dims dims = checkedDims("binary post-op dims", op.dims, R, 1);
    for (int64_t i = 0; i < R; ++i)
      if (dims[i] != yDims[i] && dims[i] != 1)
        throw KernelError("binary post-op operand " + dimsString(dims) + " does not broadcast to Y " +
                          dimsString(yDims));
    if (op.arg < AICC_MATMUL_ARG_POST_OPS || op.arg >= desc.num_args)
      throw KernelError("binary post-op arg " + std::to_string(op.arg) + " is not one of the kernel's post-op args");
    return rowMajorDesc(foldBatch ? matrixDims(dims, dims[R - 2] == 1 ? 1 : batch * M) : dims);
  };

  // The oneDNN post-ops for aicc entries [first, last), after the bias when `withBias`; binary
  // entries record where their T comes from.
  struct BinaryArg {
    int postOp;
    int64_t arg;
    memory::desc desc;
  };
  auto postOpsOf = [&](int64_t first, int64_t last, bool withBias, std::vector<BinaryArg> &binaryArgs) {
    dnnl::post_ops ops;
    if (withBias) ops.append_binary(dnnl::algorithm::binary_add, biasDesc);
    aicc_post_ops part{};
    for (int64_t i = first; i < last; ++i) part.ops[part.count++] = p.post_ops.ops[i];
    appendPostOps(ops, part, [&](dnnl::post_ops &into, const aicc_post_op &op, int index) {
      const memory::desc tDesc = binaryOperandDesc(op);
      into.append_binary(binaryAlgorithm(op.binary), tDesc);
      binaryArgs.push_back({index, op.arg, tDesc});
    });
    return ops;
  };
  auto matmulWith = [&](int64_t last, std::vector<BinaryArg> &binaryArgs) {
    dnnl::primitive_attr attr = kernelAttr();
    if (alpha != 1.0) attr.set_output_scales(0, {static_cast<float>(alpha)});
    attr.set_post_ops(postOpsOf(0, last, hasBias, binaryArgs));
    const memory::desc bWant = constB ? memory::desc(bUsed, memory::data_type::f32, memory::format_tag::any) : bStored;
    return dnnl::matmul::primitive_desc(dnnl::matmul::desc(aDesc, bWant, yDesc), attr, cpuEngine());
  };

  // oneDNN 2.6 runs some broadcasts of a binary post-op (a [B,M,1] operand, say) only in its
  // reference matmul, orders of magnitude slower: then the matmul stops before the first binary
  // entry, and the rest runs as binary primitives on Y, in place. The list after a binary entry
  // then holds only binary and eltwise entries (a sum there keeps the reference matmul).
  std::vector<BinaryArg> binaryArgs;
  int64_t onMatMul = postOpCount;
  dnnl::matmul::primitive_desc pd = matmulWith(onMatMul, binaryArgs);
  const aicc_post_op *firstBinary =
      std::find_if(binaryBegin, binaryEnd, [](const aicc_post_op &op) { return op.kind == AICC_POST_OP_BINARY; });
  const bool sumAfter =
      std::any_of(firstBinary, binaryEnd, [](const aicc_post_op &op) { return op.kind == AICC_POST_OP_SUM; });
  if (firstBinary != binaryEnd && !sumAfter && isReference(pd)) {
    std::vector<BinaryArg> before;
    dnnl::matmul::primitive_desc fast = matmulWith(firstBinary - binaryBegin, before);
    if (!isReference(fast)) {
      pd = fast;
      binaryArgs = std::move(before);
      onMatMul = firstBinary - binaryBegin;
    }
  }
  memory a = operandMemory(desc, AICC_MATMUL_ARG_A, "A", aDesc);
  memory b = constB ? constantOperand(desc, AICC_MATMUL_ARG_B, bStored, pd.weights_desc(), stream)
                    : operandMemory(desc, AICC_MATMUL_ARG_B, "B", bStored);
  memory y(yDesc, cpuEngine(), DNNL_MEMORY_NONE); // a result: never a constant
  addRunArg(AICC_MATMUL_ARG_Y, "Y", y);

  std::vector<std::pair<int, memory>> args{{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, y}};
  if (hasBias)
    args.emplace_back(DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1,
                      operandMemory(desc, AICC_MATMUL_ARG_BIAS, "Bias", biasDesc));
  for (const BinaryArg &t : binaryArgs)
    args.emplace_back(DNNL_ARG_ATTR_MULTIPLE_POST_OP(t.postOp) | DNNL_ARG_SRC_1,
                      operandMemory(desc, static_cast<int>(t.arg), "T", t.desc));
  addStep(dnnl::matmul(pd), pd, std::move(args));

  // The entries the matmul left: each binary one a binary primitive on Y, in place, with the
  // activations that follow it as its post-ops.
  for (int64_t i = onMatMul; i < postOpCount;) {
    const aicc_post_op &head = p.post_ops.ops[i];
    int64_t next = i + 1;
    while (next < postOpCount && p.post_ops.ops[next].kind == AICC_POST_OP_ELTWISE) ++next;
    const memory::desc tDesc = binaryOperandDesc(head);
    std::vector<BinaryArg> none;
    dnnl::primitive_attr attr = kernelAttr();
    attr.set_post_ops(postOpsOf(i + 1, next, false, none));
    dnnl::binary::primitive_desc binaryPd(dnnl::binary::desc(binaryAlgorithm(head.binary), yDesc, tDesc, yDesc), attr,
                                          cpuEngine());
    memory t = operandMemory(desc, static_cast<int>(head.arg), "T", tDesc);
    addStep(dnnl::binary(binaryPd), binaryPd, {{DNNL_ARG_SRC_0, y}, {DNNL_ARG_SRC_1, t}, {DNNL_ARG_DST, y}});
    i = next;
  }
}

} // namespace

std::unique_ptr<Kernel> createMatMul(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  return std::make_unique<MatMulKernel>(desc, stream);
}

} // namespace aicc::rt
