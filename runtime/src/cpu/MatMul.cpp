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
//
// AICC_KERNEL_QUANTIZED_MATMUL is the same matmul on int8 operands: a host step quantizes A into u8
// (DynamicQuantizeLinear), oneDNN multiplies u8 by the s8 B into int32 and scales by B's constant
// scales (and alpha), and two binary post-ops at the head of the list finish the dequantization
// with what this run's A gave: y * A_scale, then + correction[n] (the zero point's term,
// -A_scale * scales[n] * zero_point * sum_k B[k, n]). oneDNN 2.6's brgemm (VNNI) matmul takes its
// output scales and zero points only as constants (given at run time they select its generic
// jit gemm, 2.5x slower), but binary post-ops read tensors on every run. Without VNNI (see
// hasInt8DotProducts) the host step writes A's quantized values dequantized, in f32, and the f32
// matmul multiplies them by B dequantized at create: the same values, summed in f32. (The two
// dequantization post-ops would take oneDNN's AVX2 gemm matmul to its reference one.)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <emmintrin.h>
#include <omp.h>

#include "Kernel.h"

namespace aicc::rt {
namespace {

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

// DynamicQuantizeLinear (quantizeToU8 in Kernel.h). With Out = float, q gets the values the u8
// ones stand for, (u8 - zero point) * scale. Written in SSE2 (every x86-64 has it): GCC does not
// vectorize the clamps of the plain loop, which kept it at 5 ns a value, more than the int8 matmul
// after it at batch 800.
// Values per OpenMP iteration.
constexpr int64_t kQuantizeBlock = 4096;

// Widens [low, high] to x's finite and infinite values; NaN is left out.
void widenRange(const float *x, int64_t count, float &low, float &high) {
  __m128 lo = _mm_set1_ps(low), hi = _mm_set1_ps(high);
  int64_t i = 0;
  // min_ps and max_ps return their second operand when either is NaN.
  for (; i + 4 <= count; i += 4) {
    const __m128 v = _mm_loadu_ps(x + i);
    lo = _mm_min_ps(v, lo);
    hi = _mm_max_ps(v, hi);
  }
  alignas(16) float lows[4], highs[4];
  _mm_store_ps(lows, lo);
  _mm_store_ps(highs, hi);
  for (int k = 0; k < 4; ++k) {
    low = std::min(low, lows[k]);
    high = std::max(high, highs[k]);
  }
  for (; i < count; ++i) {
    low = x[i] < low ? x[i] : low;
    high = x[i] > high ? x[i] : high;
  }
}

// q = clamp(round(x / scale) + zero, 0, 255), rounding half to even. NaN becomes code 0: a
// conversion of NaN to an integer would be undefined.
template <typename Out> void quantizeBlock(const float *x, Out *q, int64_t count, float scale, float zero) {
  const __m128 s = _mm_set1_ps(scale), lowest = _mm_set1_ps(-256.f), highest = _mm_set1_ps(256.f);
  const __m128i z = _mm_set1_epi32(static_cast<int32_t>(zero));
  int64_t i = 0;
  for (; i + 16 <= count; i += 16) {
    __m128i rounded[4];
    for (int k = 0; k < 4; ++k) {
      // max_ps(v, lowest) sends NaN to -256; cvtps rounds half to even (MXCSR's default mode).
      const __m128 v = _mm_min_ps(_mm_max_ps(_mm_div_ps(_mm_loadu_ps(x + i + 4 * k), s), lowest), highest);
      rounded[k] = _mm_add_epi32(_mm_cvtps_epi32(v), z);
    }
    // Saturating packs: the clamp to [0, 255].
    const __m128i bytes =
        _mm_packus_epi16(_mm_packs_epi32(rounded[0], rounded[1]), _mm_packs_epi32(rounded[2], rounded[3]));
    if constexpr (std::is_same_v<Out, float>) {
      alignas(16) uint8_t codes[16];
      _mm_store_si128(reinterpret_cast<__m128i *>(codes), bytes);
      for (int k = 0; k < 16; ++k) q[i + k] = (static_cast<float>(codes[k]) - zero) * scale;
    } else {
      _mm_storeu_si128(reinterpret_cast<__m128i *>(q + i), bytes);
    }
  }
  for (; i < count; ++i) {
    float v = x[i] / scale;
    v = v > -256.f ? (v < 256.f ? v : 256.f) : -256.f;
    v = std::nearbyint(v) + zero;
    v = v > 0.f ? (v < 255.f ? v : 255.f) : 0.f;
    if constexpr (std::is_same_v<Out, float>)
      q[i] = (v - zero) * scale;
    else
      q[i] = static_cast<Out>(v);
  }
}

template <typename Out> Quantization quantizeDynamically(const float *x, Out *q, int64_t count) {
  // A few thousand values are quicker on one thread than woken threads.
  const int threads = count >= (int64_t{1} << 15) ? omp_get_max_threads() : 1;
  const int64_t blocks = (count + kQuantizeBlock - 1) / kQuantizeBlock;
  float low = 0.f, high = 0.f;
#pragma omp parallel for num_threads(threads) reduction(min : low) reduction(max : high)
  for (int64_t b = 0; b < blocks; ++b)
    widenRange(x + b * kQuantizeBlock, std::min(kQuantizeBlock, count - b * kQuantizeBlock), low, high);
  const float range = high - low;
  // All zeros: any scale represents them; 1 keeps the dequantization finite. A range of a few
  // denormals gets the least normal scale rather than 0.
  const float scale = range > 0.f ? std::max(range / 255.f, std::numeric_limits<float>::min()) : 1.f;
  // The comparisons send NaN (from an infinity in A) to a bound.
  float zero = std::nearbyint(-low / scale);
  zero = zero > 0.f ? (zero < 255.f ? zero : 255.f) : 0.f;
#pragma omp parallel for num_threads(threads)
  for (int64_t b = 0; b < blocks; ++b)
    quantizeBlock(x + b * kQuantizeBlock, q + b * kQuantizeBlock, std::min(kQuantizeBlock, count - b * kQuantizeBlock),
                  scale, zero);
  return {scale, static_cast<int32_t>(zero)};
}

// What makes an AICC_KERNEL_QUANTIZED_MATMUL of a matmul: B's scales, and how A is quantized.
struct MatMulQuantization {
  int64_t scaleCount;
  aicc_data_type aType; // f32: dynamic
  int64_t aZeroPoint;   // static A's
  double aScale;
};

// A static A's values in f32: (A_q - zero point) * scale.
template <typename Stored> void dequantize(const Stored *a, float *to, int64_t count, float scale, float zeroPoint) {
#pragma omp parallel for simd if (count >= (int64_t{1} << 15))
  for (int64_t i = 0; i < count; ++i) to[i] = (static_cast<float>(a[i]) - zeroPoint) * scale;
}

class MatMulKernel final : public Kernel {
public:
  // `quantization`: an AICC_KERNEL_QUANTIZED_MATMUL, whose B is s8.
  MatMulKernel(const aicc_kernel_desc &desc, dnnl::stream &stream, const aicc_matmul_params &p,
               std::optional<MatMulQuantization> quantization);

private:
  // The int8 path's dequantization operands for an A of this scale and zero point.
  void setDequantization(float scale, int32_t zeroPoint) {
    *static_cast<float *>(aScale.get_data_handle()) = scale;
    auto *c = static_cast<float *>(correction.get_data_handle());
    const float shift = -scale * static_cast<float>(zeroPoint);
    for (size_t n = 0; n < scaledColumnSums.size(); ++n) c[n] = shift * scaledColumnSums[n];
  }

  // A quantized matmul's dequantization operands (the head post-ops' tensors): per run for a
  // dynamic A, once for a static one.
  dnnl::memory aScale, correction;
  std::vector<float> scaledColumnSums; // alpha * scales[n] * sum_k B[k, n]
};

MatMulKernel::MatMulKernel(const aicc_kernel_desc &desc, dnnl::stream &stream, const aicc_matmul_params &p,
                           std::optional<MatMulQuantization> quantization) {
  using dnnl::memory;
  const int64_t R = p.rank;
  if (R < 2 || R > AICC_MAX_MATMUL_RANK) throw KernelError("rank must be 2..5, got " + std::to_string(R));
  const int64_t postOpCount = checkedPostOpCount(p.post_ops);
  const aicc_post_op *const binaryBegin = p.post_ops.ops, *const binaryEnd = p.post_ops.ops + postOpCount;
  const int64_t binaries =
      std::count_if(binaryBegin, binaryEnd, [](const aicc_post_op &op) { return op.kind == AICC_POST_OP_BINARY; });
  const bool quantized = quantization.has_value();
  // A static A is quantized already, u8 or s8.
  const bool staticA = quantized && quantization->aType != AICC_DATA_F32;
  static_assert(int(AICC_QUANTIZED_MATMUL_ARG_B) == AICC_MATMUL_ARG_B &&
                    int(AICC_QUANTIZED_MATMUL_ARG_BIAS) == AICC_MATMUL_ARG_BIAS &&
                    int(AICC_QUANTIZED_MATMUL_ARG_Y) == AICC_MATMUL_ARG_Y,
                "the quantized matmul's slots extend the matmul's");
  const int64_t firstPostOpArg =
      quantized ? int64_t{AICC_QUANTIZED_MATMUL_ARG_POST_OPS} : int64_t{AICC_MATMUL_ARG_POST_OPS};
  expectArgCount(desc,
                 (quantized ? int64_t{AICC_QUANTIZED_MATMUL_NUM_ARGS} : int64_t{AICC_MATMUL_NUM_ARGS}) + binaries);

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
  std::vector<float> bScales; // a quantized matmul's
  if (quantized) {
    if (transA || aStrides) throw KernelError("a quantized matmul reads A dense: no trans_a, no a_strides");
    if (!constB || bStrides) throw KernelError("a quantized matmul's B must be a dense compile-time constant");
    if (desc.formats && desc.formats[AICC_MATMUL_ARG_B])
      throw KernelError("a quantized matmul reads its s8 B as stored: it cannot be prepacked");
    for (int64_t i = 0; i < R - 2; ++i)
      if (bDims[i] != 1)
        throw KernelError("a quantized matmul's B must have batch dims of 1, got " + dimsString(bDims));
    const auto *scales = static_cast<const float *>(constantArg(desc, AICC_QUANTIZED_MATMUL_ARG_SCALES));
    if (!scales) throw KernelError("the scales must be a compile-time constant");
    const int64_t scaleCount = quantization->scaleCount;
    if (scaleCount != 1 && scaleCount != N)
      throw KernelError("scale_count must be 1 or N (" + std::to_string(N) + "), got " + std::to_string(scaleCount));
    bScales.assign(scales, scales + scaleCount);
    if (quantization->aType != AICC_DATA_F32 && quantization->aType != AICC_DATA_U8 &&
        quantization->aType != AICC_DATA_S8)
      throw KernelError("a_type must be f32, u8 or s8, got " + std::to_string(quantization->aType));
    if (staticA) {
      const int64_t lowest = quantization->aType == AICC_DATA_U8 ? 0 : -128;
      if (!(std::isfinite(quantization->aScale) && quantization->aScale > 0))
        throw KernelError("a static A's a_scale must be finite and positive");
      if (quantization->aZeroPoint < lowest || quantization->aZeroPoint > lowest + 255)
        throw KernelError("a_zero_point " + std::to_string(quantization->aZeroPoint) + " is outside A's type");
    }
    if (!std::all_of(bScales.begin(), bScales.end(), [](float s) { return std::isfinite(s) && s > 0.f; }))
      throw KernelError("B's scales must be finite and positive");
  }
  // Quantized on a CPU without VNNI, the matmul runs in f32 on the values the integers stand for.
  const bool int8 = quantized && hasInt8DotProducts();

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
  const memory::data_type aType = !staticA                              ? memory::data_type::f32
                                  : quantization->aType == AICC_DATA_U8 ? memory::data_type::u8
                                                                        : memory::data_type::s8;
  const memory::desc aDesc = stridedOr(foldedStrides(aStrides, aRowStride), aUsed, rowMajorDesc(aUsed, transA, aType));
  const memory::data_type bType = quantized ? memory::data_type::s8 : memory::data_type::f32;
  const memory::desc bStored = stridedOr(bStrides, bUsed, rowMajorDesc(bUsed, transB, bType));
  const auto yRank = static_cast<int64_t>(yUsed.size());
  // B's scales along op(B)'s columns, Y's last dim: one, or one per column.
  const int scalesMask = bScales.size() > 1 ? 1 << (yRank - 1) : 0;
  memory::dims oneDims(yRank, 1), columnDims(yRank, 1);
  columnDims.back() = N;
  const memory::desc aScaleDesc = rowMajorDesc(oneDims), correctionDesc = rowMajorDesc(columnDims);
  const memory::desc yDesc = stridedOr(foldedStrides(yStrides, yRowStride), yUsed, rowMajorDesc(yUsed)),
                     biasDesc = rowMajorDesc(biasUsed);

  // T of a binary entry: dense, broadcasting to Y (folded like Y when the batch folds into M).
  auto binaryOperandDesc = [&](const aicc_post_op &op) {
    const memory::dims dims = checkedDims("binary post-op dims", op.dims, R, 1);
    for (int64_t i = 0; i < R; ++i)
      if (dims[i] != yDims[i] && dims[i] != 1)
        throw KernelError("binary post-op operand " + dimsString(dims) + " does not broadcast to Y " +
                          dimsString(yDims));
    if (op.arg < firstPostOpArg || op.arg >= desc.num_args)
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
  // The matmul's own list (`onMatMul`) starts with the int8 path's dequantization, then the bias.
  auto postOpsOf = [&](int64_t first, int64_t last, bool onMatMul, std::vector<BinaryArg> &binaryArgs) {
    dnnl::post_ops ops;
    if (onMatMul && int8) {
      ops.append_binary(dnnl::algorithm::binary_mul, aScaleDesc);
      ops.append_binary(dnnl::algorithm::binary_add, correctionDesc);
    }
    if (onMatMul && hasBias) ops.append_binary(dnnl::algorithm::binary_add, biasDesc);
    aicc_post_ops part{};
    for (int64_t i = first; i < last; ++i) part.ops[part.count++] = p.post_ops.ops[i];
    appendPostOps(ops, part, [&](dnnl::post_ops &into, const aicc_post_op &op, int index) {
      const memory::desc tDesc = binaryOperandDesc(op);
      into.append_binary(binaryAlgorithm(op.binary), tDesc);
      binaryArgs.push_back({index, op.arg, tDesc});
    });
    return ops;
  };
  // A quantized matmul multiplies the A its host step writes (u8, or f32 without VNNI), or a static
  // A as it is; the int8 path's output scales are alpha * B's. A bf16 one multiplies A and B
  // rounded to bf16 (dense copies, made on each run where they are not constants).
  const bool bf16Asked = checkedComputeType(p.compute_type) == memory::data_type::bf16;
  if (quantized && bf16Asked) throw KernelError("a quantized matmul's compute_type is f32");
  const memory::data_type quantizedType = !int8 ? memory::data_type::f32 : staticA ? aType : memory::data_type::u8;
  auto srcDescFor = [&](bool bf16) {
    return quantized ? rowMajorDesc(aUsed, false, quantizedType)
           : bf16    ? rowMajorDesc(aUsed, false, memory::data_type::bf16)
                     : aDesc;
  };
  std::vector<float> outputScales{static_cast<float>(alpha)};
  if (int8) {
    outputScales.clear();
    for (float scale : bScales) outputScales.push_back(static_cast<float>(alpha * scale));
  }
  auto matmulWith = [&](int64_t last, bool bf16, std::vector<BinaryArg> &binaryArgs) {
    dnnl::primitive_attr attr = kernelAttr();
    if (int8 || alpha != 1.0) attr.set_output_scales(int8 ? scalesMask : 0, outputScales);
    attr.set_post_ops(postOpsOf(0, last, true, binaryArgs));
    const memory::data_type computeB = int8   ? memory::data_type::s8
                                       : bf16 ? memory::data_type::bf16
                                              : memory::data_type::f32;
    const memory::desc bWant = constB ? memory::desc(bUsed, computeB, memory::format_tag::any)
                               : bf16 ? rowMajorDesc(bUsed, false, memory::data_type::bf16)
                                      : bStored;
    return dnnl::matmul::primitive_desc(dnnl::matmul::desc(srcDescFor(bf16), bWant, yDesc), attr, cpuEngine());
  };

  // oneDNN 2.6 runs some broadcasts of a binary post-op (a [B,M,1] operand, say) only in its
  // reference matmul, orders of magnitude slower: then the matmul stops before the first binary
  // entry, and the rest runs as binary primitives on Y, in place. The list after a binary entry
  // then holds only binary and eltwise entries (a sum there keeps the reference matmul).
  const aicc_post_op *firstBinary =
      std::find_if(binaryBegin, binaryEnd, [](const aicc_post_op &op) { return op.kind == AICC_POST_OP_BINARY; });
  const bool sumAfter =
      std::any_of(firstBinary, binaryEnd, [](const aicc_post_op &op) { return op.kind == AICC_POST_OP_SUM; });
  struct Choice {
    dnnl::matmul::primitive_desc pd;
    std::vector<BinaryArg> binaryArgs;
    int64_t onMatMul; // the post-op entries the matmul applies
  };
  auto choose = [&](bool bf16) {
    Choice c{{}, {}, postOpCount};
    c.pd = matmulWith(postOpCount, bf16, c.binaryArgs);
    if (firstBinary != binaryEnd && !sumAfter && isReference(c.pd)) {
      std::vector<BinaryArg> before;
      dnnl::matmul::primitive_desc fast = matmulWith(firstBinary - binaryBegin, bf16, before);
      if (!isReference(fast)) c = Choice{fast, std::move(before), firstBinary - binaryBegin};
    }
    return c;
  };
  // bf16 where oneDNN runs it natively, with a kernel other than its reference one; else f32,
  // which is never less exact.
  std::optional<Choice> bf16Choice;
  if (bf16Asked && hasBf16DotProducts()) {
    try {
      if (Choice c = choose(true); !isReference(c.pd)) bf16Choice = std::move(c);
    } catch (const dnnl::error &) {
    }
  }
  const bool computesInBf16 = bf16Choice.has_value();
  Choice chosen = computesInBf16 ? std::move(*bf16Choice) : choose(false);
  const dnnl::matmul::primitive_desc pd = chosen.pd;
  std::vector<BinaryArg> binaryArgs = std::move(chosen.binaryArgs);
  const int64_t onMatMul = chosen.onMatMul;
  const memory::desc srcDesc = srcDescFor(computesInBf16);
  memory a = operandMemory(desc, AICC_MATMUL_ARG_A, "A", aDesc);
  memory b;
  if (!quantized && !constB && computesInBf16) {
    memory given = operandMemory(desc, AICC_MATMUL_ARG_B, "B", bStored);
    b = scratchMemory(ScratchSlot::StagedWeights, pd.weights_desc());
    addReorder(given, b);
  } else if (!quantized) {
    b = constB ? constantOperand(desc, AICC_MATMUL_ARG_B, bStored, pd.weights_desc(), stream)
               : operandMemory(desc, AICC_MATMUL_ARG_B, "B", bStored);
  } else {
    // s8 into the int8 matmul's layout, or dequantized into the f32 one's by scaling the reorder.
    dnnl::primitive_attr dequantize;
    if (!int8) dequantize.set_output_scales(bScales.size() > 1 ? 1 << (bUsed.size() - 1) : 0, bScales);
    memory stored = constantMemory(bStored, constB);
    b = memory(pd.weights_desc(), cpuEngine());
    dnnl::reorder(dnnl::reorder::primitive_desc(cpuEngine(), bStored, cpuEngine(), b.get_desc(), dequantize))
        .execute(stream, stored, b);
    stream.wait();
  }
  memory y(yDesc, cpuEngine(), DNNL_MEMORY_NONE); // a result: never a constant
  addRunArg(AICC_MATMUL_ARG_Y, "Y", y);

  memory src = a;
  if (computesInBf16) {
    src = scratchMemory(ScratchSlot::StagedSrc, srcDesc);
    addReorder(a, src);
  } else if (quantized) {
    int64_t count = 1;
    for (int64_t d : aUsed) count *= d;
    if (int8) {
      // sum_k B[k, n] of the stored s8 data (op(B) is B^T with trans_b), times alpha and B's scale.
      const auto *bData = static_cast<const int8_t *>(constB);
      std::vector<int64_t> sums(N, 0);
      for (int64_t row = 0; row < (transB ? N : K); ++row) // B as stored, row by row
        for (int64_t column = 0; column < (transB ? K : N); ++column)
          sums[transB ? row : column] += bData[row * (transB ? K : N) + column];
      scaledColumnSums.resize(N);
      for (int64_t n = 0; n < N; ++n)
        scaledColumnSums[n] = outputScales[outputScales.size() > 1 ? n : 0] * static_cast<float>(sums[n]);
      aScale = memory(aScaleDesc, cpuEngine());
      correction = memory(correctionDesc, cpuEngine());
    }
    if (staticA && int8) {
      // The int8 matmul reads A as it is; its dequantization is known now.
      setDequantization(static_cast<float>(quantization->aScale), static_cast<int32_t>(quantization->aZeroPoint));
    } else if (staticA) {
      src = scratchMemory(ScratchSlot::StagedSrc, srcDesc);
      const float scale = static_cast<float>(quantization->aScale);
      const auto zeroPoint = static_cast<float>(quantization->aZeroPoint);
      const bool unsignedA = quantization->aType == AICC_DATA_U8;
      addHostStep([a, src, count, scale, zeroPoint, unsignedA] {
        auto *to = static_cast<float *>(src.get_data_handle());
        if (unsignedA)
          dequantize(static_cast<const uint8_t *>(a.get_data_handle()), to, count, scale, zeroPoint);
        else
          dequantize(static_cast<const int8_t *>(a.get_data_handle()), to, count, scale, zeroPoint);
      });
    } else if (!int8) {
      src = scratchMemory(ScratchSlot::StagedSrc, srcDesc);
      addHostStep([a, src, count] {
        quantizeDynamically(static_cast<const float *>(a.get_data_handle()),
                            static_cast<float *>(src.get_data_handle()), count);
      });
    } else {
      src = scratchMemory(ScratchSlot::StagedSrc, srcDesc);
      addHostStep([this, a, src, count] {
        const Quantization q = quantizeDynamically(static_cast<const float *>(a.get_data_handle()),
                                                   static_cast<uint8_t *>(src.get_data_handle()), count);
        setDequantization(q.scale, q.zeroPoint);
      });
    }
  }

  std::vector<std::pair<int, memory>> args{{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, y}};
  const int biasPostOp = int8 ? 2 : 0;
  if (int8) {
    args.emplace_back(DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1, aScale);
    args.emplace_back(DNNL_ARG_ATTR_MULTIPLE_POST_OP(1) | DNNL_ARG_SRC_1, correction);
  }
  if (hasBias)
    args.emplace_back(DNNL_ARG_ATTR_MULTIPLE_POST_OP(biasPostOp) | DNNL_ARG_SRC_1,
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
  return std::make_unique<MatMulKernel>(desc, stream, paramsWithComputeType<aicc_matmul_params>(desc), std::nullopt);
}

std::unique_ptr<Kernel> createQuantizedMatMul(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  const auto q = paramsWithInnerComputeType<aicc_quantized_matmul_params, aicc_matmul_params>(desc);
  return std::make_unique<MatMulKernel>(
      desc, stream, q.matmul,
      MatMulQuantization{q.scale_count, static_cast<aicc_data_type>(q.a_type), q.a_zero_point, q.a_scale});
}

Quantization quantizeToU8(const float *x, uint8_t *q, int64_t count) { return quantizeDynamically(x, q, count); }

} // namespace aicc::rt
