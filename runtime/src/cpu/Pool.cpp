// AICC_KERNEL_POOL: ONNX MaxPool / AveragePool / global pooling as one oneDNN pooling_v2 (the
// version with dilations). Activations stay in plain NC(D)HW: oneDNN's jit pooling runs on it
// directly, and the reorders a blocked layout would need cost about what they save.
#include "Kernel.h"

namespace aicc::cpu {
namespace {

enum Arg { X = 0, Y = 1 };

class PoolKernel final : public Kernel {
public:
  explicit PoolKernel(const aicc_kernel_desc &desc);
};

dnnl::algorithm poolAlgorithm(int64_t algorithm) {
  switch (algorithm) {
  case 0: return dnnl::algorithm::pooling_max;
  case 1: return dnnl::algorithm::pooling_avg_include_padding;
  case 2: return dnnl::algorithm::pooling_avg_exclude_padding;
  default:
    throw KernelError("algorithm must be 0 (max), 1 (average including padding) or 2 (average "
                      "excluding padding), got " +
                      std::to_string(algorithm));
  }
}

PoolKernel::PoolKernel(const aicc_kernel_desc &desc) {
  using dnnl::memory;
  ParamReader params(desc);
  const int64_t S = params.next("S");
  if (S < 1 || S > 3)
    throw KernelError("S (spatial dims) must be 1, 2 or 3, got " + std::to_string(S));
  params.expectCount(4 + 7 * S, "4 + 7*S for S = " + std::to_string(S));
  expectArgCount(desc, 2);

  const int64_t N = params.next("N"), C = params.next("C");
  if (N < 1 || C < 1)
    throw KernelError("N and C must be >= 1, got N=" + std::to_string(N) +
                      " C=" + std::to_string(C));
  const dnnl::algorithm algorithm = poolAlgorithm(params.next("algorithm"));
  const memory::dims in = params.nextDims("in", S, 1);
  const memory::dims out = params.nextDims("out", S, 1);
  const memory::dims kernel = params.nextDims("kernel", S, 1);
  const memory::dims strides = params.nextDims("strides", S, 1);
  const memory::dims dilations = params.nextDims("dilations", S, 1);
  const memory::dims padsBegin = params.nextDims("pads_begin", S, 0);
  const memory::dims padsEnd = params.nextDims("pads_end", S, 0);

  const memory::dims dnnlDilations =
      checkedWindowDilations(in, out, kernel, strides, dilations, padsBegin, padsEnd);

  memory::dims srcDims{N, C}, dstDims{N, C};
  srcDims.insert(srcDims.end(), in.begin(), in.end());
  dstDims.insert(dstDims.end(), out.begin(), out.end());
  const memory::desc srcDesc = rowMajorDesc(srcDims), dstDesc = rowMajorDesc(dstDims);

  dnnl::pooling_v2_forward::primitive_desc pd(
      dnnl::pooling_v2_forward::desc(dnnl::prop_kind::forward_inference, algorithm, srcDesc,
                                     dstDesc, strides, kernel, dnnlDilations, padsBegin, padsEnd),
      kernelAttr(), cpuEngine());
  memory src(srcDesc, cpuEngine(), DNNL_MEMORY_NONE), dst(dstDesc, cpuEngine(), DNNL_MEMORY_NONE);
  addRunArg(X, "X", src);
  addRunArg(Y, "Y", dst);
  addStep(dnnl::pooling_v2_forward(pd), pd, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
}

} // namespace

std::unique_ptr<Kernel> createPool(const aicc_kernel_desc &desc, dnnl::stream &) {
  return std::make_unique<PoolKernel>(desc);
}

} // namespace aicc::cpu
