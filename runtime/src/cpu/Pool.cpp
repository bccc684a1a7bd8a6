// AICC_KERNEL_POOL: ONNX MaxPool / AveragePool / global pooling as one oneDNN pooling_v2 (the
// version with dilations). Activations stay in plain NC(D)HW where oneDNN has a jit kernel for it:
// the reorders a blocked layout needs cost about what they save. Where it has only its reference
// kernel (seen: max 2x2 over 16x224x224, 3 ms instead of 0.1), the pooling runs channels-last
// between two reorders.
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

  auto primitiveDesc = [&](const memory::desc &source, const memory::desc &destination) {
    return dnnl::pooling_v2_forward::primitive_desc(
        dnnl::pooling_v2_forward::desc(dnnl::prop_kind::forward_inference, algorithm, source,
                                       destination, strides, kernel, dnnlDilations, padsBegin,
                                       padsEnd),
        kernelAttr(), cpuEngine());
  };
  auto pd = primitiveDesc(srcDesc, dstDesc);
  memory userSrc(srcDesc, cpuEngine(), DNNL_MEMORY_NONE);
  memory userDst(dstDesc, cpuEngine(), DNNL_MEMORY_NONE);
  addRunArg(X, "X", userSrc);
  addRunArg(Y, "Y", userDst);

  const std::string impl = pd.impl_info_str();
  const bool reference = impl.rfind("simple", 0) == 0 || impl.rfind("ref", 0) == 0;
  if (!reference) {
    addStep(dnnl::pooling_v2_forward(pd), pd, {{DNNL_ARG_SRC, userSrc}, {DNNL_ARG_DST, userDst}});
    return;
  }
  const memory::format_tag channelsLast = S == 1   ? memory::format_tag::nwc
                                          : S == 2 ? memory::format_tag::nhwc
                                                   : memory::format_tag::ndhwc;
  const memory::desc lastSrc(srcDims, memory::data_type::f32, channelsLast);
  const memory::desc lastDst(dstDims, memory::data_type::f32, channelsLast);
  pd = primitiveDesc(lastSrc, lastDst);
  memory src = scratchMemory(ScratchSlot::StagedSrc, lastSrc);
  memory dst = scratchMemory(ScratchSlot::StagedDst, lastDst);
  addReorder(userSrc, src);
  addStep(dnnl::pooling_v2_forward(pd), pd, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
  addReorder(dst, userDst);
}

} // namespace

std::unique_ptr<Kernel> createPool(const aicc_kernel_desc &desc, dnnl::stream &) {
  return std::make_unique<PoolKernel>(desc);
}

} // namespace aicc::cpu
