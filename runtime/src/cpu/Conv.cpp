// AICC_KERNEL_CONV and AICC_KERNEL_DECONV: ONNX Conv and ConvTranspose (1-3 spatial dims, groups,
// dilations, asymmetric pads) as one oneDNN (de)convolution with bias and post-ops.
//
// Layout: the compiler's layout plan (aicc_conv_params.src_layout/dst_layout) picks oneDNN's
// preferred blocked layout, so consecutive kernels exchange blocked data without reorders. For
// plain activations and kernels larger than 1x1, oneDNN's fastest convolutions want NHWC/blocked
// data and on plain layouts it falls back to im2col + GEMM: measured on Zen 5 with 2 threads,
// letting oneDNN pick the layout and reordering in and out is 1.5-4x faster (3x3 ResNet and
// depthwise MobileNet shapes). Weights always take the layout oneDNN prefers: constant ones are
// prepacked by the compiler, or reordered once here.
#include <algorithm>
#include <optional>

#include "Kernel.h"

namespace aicc::rt {
namespace {

class WindowKernel final : public Kernel {
public:
  WindowKernel(const aicc_kernel_desc &desc, dnnl::stream &stream, bool transposed, const KernelOptions &options);
};

// ONNX's weights as oneDNN dims and format. Conv: [OC, C/group, k...] is oneDNN's
// [group, OC/group, C/group, k...] byte for byte. ConvTranspose: [C, OC/group, k...] is
// [group][C/group][OC/group][k...], i.e. oneDNN's (g)io(d)(h)w over dims [group, OC/group, C/group, k...].
dnnl::memory::desc onnxWeightsDesc(const aicc_conv_params &p, const dnnl::memory::dims &kernel, bool transposed) {
  using dnnl::memory;
  const bool grouped = p.groups > 1;
  memory::dims dims = grouped ? memory::dims{p.groups, p.out_channels / p.groups, p.channels / p.groups}
                              : memory::dims{p.out_channels, p.channels};
  dims.insert(dims.end(), kernel.begin(), kernel.end());
  if (!transposed) return rowMajorDesc(dims);
  using tag = memory::format_tag;
  const int64_t S = p.spatial_dims;
  const tag t = grouped ? (S == 1   ? tag::acbd
                           : S == 2 ? tag::giohw
                                    : tag::giodhw)
                        : (S == 1   ? tag::bac
                           : S == 2 ? tag::iohw
                                    : tag::iodhw);
  return memory::desc(dims, memory::data_type::f32, t);
}

WindowKernel::WindowKernel(const aicc_kernel_desc &desc, dnnl::stream &stream, bool transposed,
                           const KernelOptions &options) {
  using dnnl::memory;
  const auto p = paramsWithComputeType<aicc_conv_params>(desc);
  checkConvParams(p);
  // bf16: X and W rounded, Y f32 (oneDNN sums in f32 and writes f32 for bf16 sources).
  memory::data_type computeType = checkedComputeType(p.compute_type);
  const int64_t postOpCount = checkedPostOpCount(p.post_ops);
  const int64_t binaries = std::count_if(p.post_ops.ops, p.post_ops.ops + postOpCount,
                                         [](const aicc_post_op &op) { return op.kind == AICC_POST_OP_BINARY; });
  if (transposed && binaries > 0)
    throw KernelError("binary post-ops are supported on convolutions, not deconvolutions");
  expectArgCount(desc, AICC_CONV_NUM_ARGS + binaries);

  const int64_t N = p.batch, C = p.channels, OC = p.out_channels;
  // A deconvolution's pads_end is negative where output_padding reaches past the input.
  const auto [in, out, kernel, strides, dilations, padsBegin, padsEnd] = checkedWindow(p, transposed ? INT64_MIN : 0);
  const bool hasBias = p.has_bias != 0;

  // A deconvolution's output size is its input's under the convolution it transposes.
  const memory::dims dnnlDilations =
      transposed ? checkedWindowDilations(out, in, kernel, strides, dilations, padsBegin, padsEnd)
                 : checkedWindowDilations(in, out, kernel, strides, dilations, padsBegin, padsEnd);
  int64_t kernelElements = 1;
  for (int64_t k : kernel) kernelElements *= k;

  memory::dims srcDims{N, C}, dstDims{N, OC};
  srcDims.insert(srcDims.end(), in.begin(), in.end());
  dstDims.insert(dstDims.end(), out.begin(), out.end());

  const memory::desc userSrcDesc = activationDesc(srcDims, p.src_layout);
  const memory::desc userDstDesc = activationDesc(dstDims, p.dst_layout);
  const memory::desc plainWeights = onnxWeightsDesc(p, kernel, transposed);
  const memory::desc plainBias = rowMajorDesc({OC});
  auto any = [](const memory::dims &dims, memory::data_type type = memory::data_type::f32) {
    return memory::desc(dims, type, memory::format_tag::any);
  };
  // oneDNN chooses the activation formats (`any`), and the kernel reorders wherever its choice
  // differs from the layout it is given. Where the compiler chose oneDNN's layout the two agree and
  // nothing is staged; a mix of layouts it has no jit kernel for (plain or channels-last source with
  // a blocked destination, seen: 20x slower reference deconvolution) is staged instead of run by
  // the reference implementation. Plain 1x1 convolutions keep plain data: GEMM needs no im2col.
  const bool plainActivations = p.src_layout == AICC_LAYOUT_PLAIN && p.dst_layout == AICC_LAYOUT_PLAIN;
  const bool chooseActivationLayout = !(plainActivations && kernelElements == 1);
  const void *constWeights = constantArg(desc, AICC_CONV_ARG_W);
  bool hasSum = false;
  for (int64_t i = 0; i < p.post_ops.count && i < AICC_MAX_POST_OPS; ++i)
    hasSum = hasSum || p.post_ops.ops[i].kind == AICC_POST_OP_SUM;

  // A binary entry's T (AICC_CONV_ARG_POST_OPS...) holds one element or one per output channel: the same bytes in
  // every layout, so its desc is plain whatever the destination's.
  struct BinaryArg {
    int postOp;
    int64_t arg;
    memory::desc desc;
  };
  std::vector<BinaryArg> binaryArgs;
  dnnl::post_ops postOps;
  appendPostOps(postOps, p.post_ops, [&](dnnl::post_ops &into, const aicc_post_op &op, int index) {
    const memory::dims dims = checkedDims("binary post-op dims", op.dims, static_cast<int64_t>(dstDims.size()), 1);
    const bool perChannel = dims[1] == OC || dims[1] == 1;
    if (dims[0] != 1 || !perChannel || std::any_of(dims.begin() + 2, dims.end(), [](int64_t d) { return d != 1; }))
      throw KernelError("binary post-op operand " + dimsString(dims) +
                        " is not one element or one per output channel of " + dimsString(dstDims));
    if (op.arg < AICC_CONV_ARG_POST_OPS || op.arg >= desc.num_args)
      throw KernelError("binary post-op arg " + std::to_string(op.arg) + " is not one of the kernel's post-op args");
    const memory::desc tDesc = rowMajorDesc(dims);
    into.append_binary(binaryAlgorithm(op.binary), tDesc);
    binaryArgs.push_back({index, op.arg, tDesc});
  });
  dnnl::primitive_attr attr = kernelAttr();
  attr.set_post_ops(postOps);

  const auto kind = dnnl::prop_kind::forward_inference;

  struct Choice {
    memory::desc src, dst, weights;
    dnnl::primitive primitive;
    dnnl::primitive_desc_base pd;
  };
  // oneDNN 2.6's deconvolution is 3-5x slower with a bias or post-ops than without (measured on
  // AVX2 for DCGAN's layers), and fastest on channels-last data: a ConvTranspose without a sum runs
  // as a bare channels-last deconvolution, then one binary add of the bias with the post-ops.
  // A Winograd conv whose post-ops its kernels lack runs the same way.
  bool separateEpilogue = false;
  // `bare`: without bias and post-ops, which the epilogue applies. The source and the weights are
  // of computeType, in the layout `srcLayout` gives.
  auto create = [&](const memory::desc &srcLayout, const memory::desc &dstWant, bool bare,
                    dnnl::algorithm convAlgorithm = dnnl::algorithm::convolution_direct) {
    const memory::desc srcWant = withDataType(srcLayout, computeType);
    const memory::desc weightsWant =
        constWeights ? any(plainWeights.dims(), computeType) : withDataType(plainWeights, computeType);
    // The same construction for either primitive (Forward: convolution_forward or
    // deconvolution_forward), whose descs take the same arguments.
    auto build = [&](auto forward, dnnl::algorithm algorithm) {
      using Forward = decltype(forward);
      typename Forward::desc d = hasBias && !bare
                                     ? typename Forward::desc(kind, algorithm, srcWant, weightsWant, plainBias, dstWant,
                                                              strides, dnnlDilations, padsBegin, padsEnd)
                                     : typename Forward::desc(kind, algorithm, srcWant, weightsWant, dstWant, strides,
                                                              dnnlDilations, padsBegin, padsEnd);
      typename Forward::primitive_desc pd(d, bare ? kernelAttr() : attr, cpuEngine());
      return Choice{pd.src_desc(), pd.dst_desc(), pd.weights_desc(), Forward(pd), pd};
    };
    return transposed ? build(dnnl::deconvolution_forward(), dnnl::algorithm::deconvolution_direct)
                      : build(dnnl::convolution_forward(), convAlgorithm);
  };
  auto isJit = [](const Choice &c) { return std::string(c.pd.impl_info_str()).rfind("jit", 0) == 0; };
  // The primitive for computeType, and whether it has a separate epilogue.
  auto select = [&]() -> Choice {
    separateEpilogue = transposed && !hasSum;
    std::optional<Choice> bare;
    if (separateEpilogue) {
      bare = create(activationDesc(srcDims, AICC_LAYOUT_CHANNELS_LAST),
                    activationDesc(dstDims, AICC_LAYOUT_CHANNELS_LAST), true);
      // Without a channels-last jit kernel (3 output channels: GEMM, seen taking 400 ms at batch 8),
      // the bare deconvolution runs GEMM on plain NCHW, still with the separate epilogue.
      if (!isJit(*bare)) bare = create(rowMajorDesc(srcDims), rowMajorDesc(dstDims), true);
    }
    // Winograd where it pays (aicc_conv_winograd_pays). Its kernels take nChw16c only; other layouts
    // are staged, which costs a pass over the activations against half the conv's multiply-adds
    // saved (the GroupNorm block's plain 128x64x64 source: 0.09 ms of reorder, 1.7 ms saved). They
    // have sum and ReLU post-ops but not SiLU or binary ones. Activations alone run in the epilogue,
    // a pass over Y (EfficientNetV2-S's channels-last 48->192 SiLU convs at 56x56: 1.45 -> 1.2 ms
    // with staging and epilogue), where the output channels fill whole blocks: oneDNN's binary is
    // jit only with the bias in Y's blocked format, the same bytes then. With a sum or a binary
    // post-op the conv runs direct. Winograd pays by the pixel count, batch included, and rounds
    // unlike direct: a batch-invariant session never takes it.
    std::optional<Choice> winograd;
    if (!transposed && !options.batchInvariant && computeType == memory::data_type::f32 &&
        aicc_conv_winograd_pays(&p)) { // no bf16 Winograd
      const memory::desc blockedSrc = activationDesc(srcDims, AICC_LAYOUT_BLOCKED16);
      const memory::desc blockedDst = activationDesc(dstDims, AICC_LAYOUT_BLOCKED16);
      for (bool apart : {false, true}) {
        if (apart && (hasSum || binaries > 0 || OC % 16 != 0 || p.post_ops.count == 0)) break;
        try {
          winograd = create(blockedSrc, blockedDst, apart, dnnl::algorithm::convolution_winograd);
          separateEpilogue = apart;
          break;
        } catch (const dnnl::error &) {
        }
      }
    }
    // A jit kernel for the layouts as given needs no staging at all: a first convolution from a
    // plain image into blocked activations (nchw -> nChw16c) would otherwise run as a channels-last
    // kernel between two reorders (seen: 27% of a 224x224 CNN's time on AVX-512).
    std::optional<Choice> asGiven;
    if (!bare && !winograd && chooseActivationLayout && !plainActivations) {
      Choice c = create(userSrcDesc, userDstDesc, false);
      if (isJit(c)) asGiven = c;
    }
    Choice chosen = bare       ? *bare
                    : winograd ? *winograd
                    : asGiven  ? *asGiven
                               : create(chooseActivationLayout ? any(srcDims) : userSrcDesc,
                                        chooseActivationLayout ? any(dstDims) : userDstDesc, false);
    // Next to blocked data, a channel count that is not a multiple of the block (an RGB output)
    // makes oneDNN fall back to GEMM or its reference kernel (seen: 30x slower deconvolution). Its
    // blocked kernels pad the channels: use them, and let the staging reorders drop the padding.
    const int64_t block = p.src_layout == AICC_LAYOUT_BLOCKED16 || p.dst_layout == AICC_LAYOUT_BLOCKED16 ? 16
                          : p.src_layout == AICC_LAYOUT_BLOCKED8 || p.dst_layout == AICC_LAYOUT_BLOCKED8 ? 8
                                                                                                         : 0;
    if (block && !separateEpilogue && !isJit(chosen)) {
      const int64_t layout = block == 16 ? AICC_LAYOUT_BLOCKED16 : AICC_LAYOUT_BLOCKED8;
      Choice padded = create(activationDesc(srcDims, layout), activationDesc(dstDims, layout), false);
      if (isJit(padded)) chosen = padded;
    }
    return chosen;
  };
  // bf16 where oneDNN runs it natively, with a kernel other than its reference ones; else f32,
  // which is never less exact.
  std::optional<Choice> selected;
  if (computeType == memory::data_type::bf16 && hasBf16DotProducts()) {
    try {
      if (Choice c = select(); !isReference(c.pd)) selected = c;
    } catch (const dnnl::error &) {
    }
  }
  if (!selected) computeType = memory::data_type::f32;
  const Choice chosen = selected ? *selected : select();
  const memory::desc pdSrc = chosen.src, pdDst = chosen.dst, pdWeights = chosen.weights;
  const dnnl::primitive primitive = chosen.primitive;
  const dnnl::primitive_desc_base pdBase = chosen.pd;

  memory userSrc(userSrcDesc, cpuEngine(), DNNL_MEMORY_NONE);
  memory userDst(userDstDesc, cpuEngine(), DNNL_MEMORY_NONE);
  bindInput(desc, AICC_CONV_ARG_X, "X", userSrc);
  addRunArg(AICC_CONV_ARG_Y, "Y", userDst);

  memory weights;
  if (constWeights) {
    weights = constantOperand(desc, AICC_CONV_ARG_W, plainWeights, pdWeights, stream);
  } else {
    memory given(plainWeights, cpuEngine(), DNNL_MEMORY_NONE);
    addRunArg(AICC_CONV_ARG_W, "W", given);
    weights = given;
    if (pdWeights != plainWeights) { // rounded to bf16 on each run
      weights = scratchMemory(ScratchSlot::StagedWeights, pdWeights);
      addReorder(given, weights);
    }
  }

  memory src = userSrc;
  if (pdSrc != userSrcDesc) {
    src = scratchMemory(ScratchSlot::StagedSrc, pdSrc);
    addReorder(userSrc, src);
  }
  const bool stageDst = pdDst != userDstDesc;
  memory dst = stageDst ? scratchMemory(ScratchSlot::StagedDst, pdDst) : userDst;
  if (stageDst && hasSum) addReorder(userDst, dst); // the sum post-op adds what Y held

  std::vector<std::pair<int, memory>> args{{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, dst}};
  if (hasBias && !separateEpilogue)
    args.emplace_back(DNNL_ARG_BIAS, operandMemory(desc, AICC_CONV_ARG_B, "B", plainBias));
  for (const BinaryArg &t : binaryArgs)
    args.emplace_back(DNNL_ARG_ATTR_MULTIPLE_POST_OP(t.postOp) | DNNL_ARG_SRC_1,
                      operandMemory(desc, static_cast<int>(t.arg), "T", t.desc));
  addStep(primitive, pdBase, std::move(args));
  if (separateEpilogue && (hasBias || p.post_ops.count > 0)) {
    // The bias broadcast over [N, OC, spatial...] by a binary add, the activations its post-ops.
    memory::dims biasDims(dstDims.size(), 1);
    biasDims[1] = OC;
    // A Winograd conv's Y is nChw16c of whole blocks: its bias is the same bytes in that format.
    const memory::desc biasDesc = transposed ? rowMajorDesc(biasDims) : activationDesc(biasDims, AICC_LAYOUT_BLOCKED16);
    memory addend;
    if (hasBias) {
      addend = operandMemory(desc, AICC_CONV_ARG_B, "B", biasDesc);
    } else {
      addend = memory(biasDesc, cpuEngine()); // owned zeros: post-ops only
      std::memset(addend.get_data_handle(), 0, biasDesc.get_size());
    }
    dnnl::binary::primitive_desc epilogue(dnnl::binary::desc(dnnl::algorithm::binary_add, pdDst, biasDesc, pdDst), attr,
                                          cpuEngine());
    addStep(dnnl::binary(epilogue), epilogue, {{DNNL_ARG_SRC_0, dst}, {DNNL_ARG_SRC_1, addend}, {DNNL_ARG_DST, dst}});
  }
  if (stageDst) addReorder(dst, userDst);
}

} // namespace

std::unique_ptr<Kernel> createConv(const aicc_kernel_desc &desc, dnnl::stream &stream, const KernelOptions &options) {
  return std::make_unique<WindowKernel>(desc, stream, /*transposed=*/false, options);
}

std::unique_ptr<Kernel> createDeconv(const aicc_kernel_desc &desc, dnnl::stream &stream, const KernelOptions &options) {
  return std::make_unique<WindowKernel>(desc, stream, /*transposed=*/true, options);
}

} // namespace aicc::rt
