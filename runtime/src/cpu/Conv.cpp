// AICC_KERNEL_CONV: ONNX Conv (1-3 spatial dims, groups, dilations, asymmetric pads) as one oneDNN
// convolution with bias and the activation as a post-op.
//
// Layout: activations arrive and leave in plain NC(D)HW. For kernels larger than 1x1, oneDNN's
// fastest convolutions (brgconv, depthwise brdgmm) want NHWC/blocked activations, and on plain
// layouts it falls back to im2col + GEMM: measured on Zen 5 with 2 threads, letting oneDNN pick the
// layout and reordering in and out is 1.5-4x faster (3x3 ResNet and depthwise MobileNet shapes).
// For 1x1 kernels GEMM on the plain layout needs no im2col and beats the reorders, so those stay
// plain. Weights always take the layout oneDNN prefers, reordered once here when they are
// constants.
#include "Kernel.h"

namespace aicc::cpu {
namespace {

enum Arg { X = 0, W = 1, B = 2, Y = 3 };

class ConvKernel final : public Kernel {
public:
  ConvKernel(const aicc_kernel_desc &desc, dnnl::stream &stream);
};

ConvKernel::ConvKernel(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  using dnnl::memory;
  ParamReader params(desc);
  const int64_t S = params.next("S");
  if (S < 1 || S > 3)
    throw KernelError("S (spatial dims) must be 1, 2 or 3, got " + std::to_string(S));
  params.expectCount(9 + 7 * S, "9 + 7*S for S = " + std::to_string(S));
  expectArgCount(desc, 4);

  const int64_t N = params.next("N"), C = params.next("C"), OC = params.next("OC");
  const int64_t group = params.next("group");
  if (N < 1 || C < 1 || OC < 1 || group < 1 || C % group != 0 || OC % group != 0)
    throw KernelError("N, C, OC and group must be >= 1 with C and OC divisible by group; got N=" +
                      std::to_string(N) + " C=" + std::to_string(C) + " OC=" + std::to_string(OC) +
                      " group=" + std::to_string(group));
  const memory::dims in = params.nextDims("in", S, 1);
  const memory::dims out = params.nextDims("out", S, 1);
  const memory::dims kernel = params.nextDims("kernel", S, 1);
  const memory::dims strides = params.nextDims("strides", S, 1);
  const memory::dims dilations = params.nextDims("dilations", S, 1);
  const memory::dims padsBegin = params.nextDims("pads_begin", S, 0);
  const memory::dims padsEnd = params.nextDims("pads_end", S, 0);
  const bool hasBias = params.next("has_bias") != 0;
  const int64_t activation = params.next("activation");
  const double actAlpha = params.nextDouble(), actBeta = params.nextDouble();

  const memory::dims dnnlDilations =
      checkedWindowDilations(in, out, kernel, strides, dilations, padsBegin, padsEnd);
  int64_t kernelElements = 1;
  for (int64_t k : kernel)
    kernelElements *= k;

  memory::dims srcDims{N, C}, dstDims{N, OC};
  srcDims.insert(srcDims.end(), in.begin(), in.end());
  dstDims.insert(dstDims.end(), out.begin(), out.end());
  // ONNX's grouped weights [OC, C/group, k...] are the same bytes as oneDNN's
  // [group, OC/group, C/group, k...].
  memory::dims weightDims =
      group == 1 ? memory::dims{OC, C} : memory::dims{group, OC / group, C / group};
  weightDims.insert(weightDims.end(), kernel.begin(), kernel.end());

  const memory::desc plainSrc = rowMajorDesc(srcDims), plainDst = rowMajorDesc(dstDims);
  const memory::desc plainWeights = rowMajorDesc(weightDims), plainBias = rowMajorDesc({OC});
  auto any = [](const memory::dims &dims) {
    return memory::desc(dims, memory::data_type::f32, memory::format_tag::any);
  };
  const bool chooseActivationLayout = kernelElements > 1;
  const void *constWeights = constantArg(desc, W);
  const void *constBias = hasBias ? constantArg(desc, B) : nullptr;

  dnnl::post_ops postOps;
  appendActivation(postOps, activation, actAlpha, actBeta);
  dnnl::primitive_attr attr = kernelAttr();
  attr.set_post_ops(postOps);

  const memory::desc srcWant = chooseActivationLayout ? any(srcDims) : plainSrc;
  const memory::desc dstWant = chooseActivationLayout ? any(dstDims) : plainDst;
  const memory::desc weightsWant = constWeights ? any(weightDims) : plainWeights;
  const auto kind = dnnl::prop_kind::forward_inference;
  const auto algorithm = dnnl::algorithm::convolution_direct;
  dnnl::convolution_forward::desc convDesc =
      hasBias ? dnnl::convolution_forward::desc(kind, algorithm, srcWant, weightsWant, plainBias,
                                                dstWant, strides, dnnlDilations, padsBegin, padsEnd)
              : dnnl::convolution_forward::desc(kind, algorithm, srcWant, weightsWant, dstWant,
                                                strides, dnnlDilations, padsBegin, padsEnd);
  dnnl::convolution_forward::primitive_desc pd(convDesc, attr, cpuEngine());

  memory userSrc(plainSrc, cpuEngine(), DNNL_MEMORY_NONE);
  memory userDst(plainDst, cpuEngine(), DNNL_MEMORY_NONE);
  addRunArg(X, "X", userSrc);
  addRunArg(Y, "Y", userDst);

  memory weights;
  if (constWeights) {
    weights = reorderedOnce(constantMemory(plainWeights, constWeights), pd.weights_desc(), stream);
  } else {
    weights = memory(plainWeights, cpuEngine(), DNNL_MEMORY_NONE);
    addRunArg(W, "W", weights);
  }

  memory src = userSrc;
  if (pd.src_desc() != plainSrc) {
    src = scratchMemory(ScratchSlot::StagedSrc, pd.src_desc());
    addReorder(userSrc, src);
  }
  const bool stageDst = pd.dst_desc() != plainDst;
  memory dst = stageDst ? scratchMemory(ScratchSlot::StagedDst, pd.dst_desc()) : userDst;

  std::vector<std::pair<int, memory>> args{
      {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, dst}};
  if (hasBias) {
    memory bias = constBias ? constantMemory(plainBias, constBias)
                            : memory(plainBias, cpuEngine(), DNNL_MEMORY_NONE);
    if (!constBias)
      addRunArg(B, "B", bias);
    args.emplace_back(DNNL_ARG_BIAS, bias);
  }
  addStep(dnnl::convolution_forward(pd), pd, std::move(args));
  if (stageDst)
    addReorder(dst, userDst);
}

} // namespace

std::unique_ptr<Kernel> createConv(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  return std::make_unique<ConvKernel>(desc, stream);
}

} // namespace aicc::cpu
