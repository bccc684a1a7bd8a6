// AICC_KERNEL_QUANTIZED_CONV: an int8 convolution (u8 or s8 activations, s8 weights, int32
// accumulation) with its requantization in oneDNN's output scales, zero points and post-ops.
//
// oneDNN's int8 convolutions are jit only on channels-last and blocked activations: X and Y in
// other layouts are staged through the format it chooses. Its weights carry the compensation terms
// for s8 activations and for X's zero point next to the data, which aicc_packed_format does not
// describe: the kernel reorders its constant weights once, at create, rather than reporting them
// for prepacking.
//
// Without VNNI, oneDNN 2.6's int8 kernels are not exact (hasInt8DotProducts; measured: off by up to
// the whole output range with DNNL_MAX_CPU_ISA=AVX2). There the kernel runs the same convolution in
// f32 on the dequantized integers, X - src_zero_point by the staging reorder and Y's zero point,
// rounding and saturation by the one after: exact but for f32's rounding of the sums. A sum into
// an int8 Y (a residual in its own quantization) stages Y less the sum's zero point likewise.
#include <algorithm>

#include "Kernel.h"

namespace aicc::rt {
namespace {

using dnnl::memory;

class QuantizedConvKernel final : public Kernel {
public:
  QuantizedConvKernel(const aicc_kernel_desc &desc, dnnl::stream &stream);
};

QuantizedConvKernel::QuantizedConvKernel(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  const auto q = paramsWithInnerComputeType<aicc_quantized_conv_params, aicc_conv_params>(desc);
  const aicc_conv_params &p = q.conv;
  expectArgCount(desc, AICC_QUANTIZED_CONV_NUM_ARGS);
  checkConvParams(p);
  if (checkedComputeType(p.compute_type) != memory::data_type::f32)
    throw KernelError("a quantized conv's compute_type is f32");
  const int64_t N = p.batch, C = p.channels, OC = p.out_channels, group = p.groups;
  const memory::data_type srcType = checkedDataType(q.src_type, "src_type"),
                          dstType = checkedDataType(q.dst_type, "dst_type");
  if (srcType == memory::data_type::f32) throw KernelError("src_type must be s8 or u8");
  if (dstType == memory::data_type::f32 && q.dst_zero_point != 0)
    throw KernelError("an f32 destination has no zero point, got " + std::to_string(q.dst_zero_point));
  if (q.scale_count != 1 && q.scale_count != OC)
    throw KernelError("scale_count must be 1 or out_channels (" + std::to_string(OC) + "), got " +
                      std::to_string(q.scale_count));
  const auto *scaleData = static_cast<const float *>(constantArg(desc, AICC_QUANTIZED_CONV_ARG_SCALES));
  const void *weightsData = constantArg(desc, AICC_QUANTIZED_CONV_ARG_W);
  if (!scaleData || !weightsData) throw KernelError("the scales and the weights must be compile-time constants");
  const int64_t postOpCount = checkedPostOpCount(p.post_ops);
  // Eltwise post-ops and at most one sum: first into an f32 Y; into an int8 one, which it reads in
  // Y's own units less its zero point, anywhere.
  int64_t sumIndex = -1;
  for (int64_t i = 0; i < postOpCount; ++i) {
    const int64_t kind = p.post_ops.ops[i].kind;
    if (kind == AICC_POST_OP_SUM && sumIndex < 0 && (i == 0 || dstType != memory::data_type::f32))
      sumIndex = i;
    else if (kind != AICC_POST_OP_ELTWISE)
      throw KernelError("a quantized convolution's post-ops are eltwise and at most one sum, first into an f32 Y");
  }
  const bool hasSum = sumIndex >= 0;
  const double sumZeroPoint = hasSum ? p.post_ops.ops[sumIndex].beta : 0;
  if (hasSum && !(sumZeroPoint == static_cast<int32_t>(sumZeroPoint) &&
                  (dstType == memory::data_type::u8   ? sumZeroPoint >= 0 && sumZeroPoint <= 255
                   : dstType == memory::data_type::s8 ? sumZeroPoint >= -128 && sumZeroPoint <= 127
                                                      : sumZeroPoint == 0)))
    throw KernelError("the sum's zero point must lie in Y's range (0 for f32), got " + std::to_string(sumZeroPoint));
  const auto [in, out, kernel, strides, dilations, padsBegin, padsEnd] = checkedWindow(p, 0);
  const memory::dims dnnlDilations = checkedWindowDilations(in, out, kernel, strides, dilations, padsBegin, padsEnd);

  memory::dims srcDims{N, C}, dstDims{N, OC};
  srcDims.insert(srcDims.end(), in.begin(), in.end());
  dstDims.insert(dstDims.end(), out.begin(), out.end());
  // ONNX's [OC, C/group, k...] is oneDNN's [group, OC/group, C/group, k...] byte for byte.
  memory::dims weightsDims = group > 1 ? memory::dims{group, OC / group, C / group} : memory::dims{OC, C};
  weightsDims.insert(weightsDims.end(), kernel.begin(), kernel.end());
  auto any = [](const memory::dims &dims, memory::data_type type) {
    return memory::desc(dims, type, memory::format_tag::any);
  };
  // The types the convolution computes in: the operands' own, or f32 (see above).
  const bool int8 = hasInt8DotProducts();
  const memory::data_type f32 = memory::data_type::f32;
  const memory::data_type convSrc = int8 ? srcType : f32, convDst = int8 ? dstType : f32;
  const memory::data_type convWeights = int8 ? memory::data_type::s8 : f32,
                          convBias = int8 ? memory::data_type::s32 : f32;
  const memory::desc bias = rowMajorDesc({OC}, false, memory::data_type::s32);
  const bool hasBias = p.has_bias != 0;

  // The scales: the int8 convolution's output scales (along Y's channel dim), else folded into the
  // f32 weights and bias by their reorders (oneDNN 2.6's f32 convolutions take no output scales),
  // along W's output channels ([group, OC/group, ...] when grouped) and B's.
  const std::vector<float> scales(scaleData, scaleData + q.scale_count);
  const bool perChannel = q.scale_count != 1;
  // weightsScaling's reorder runs once, here: with a scratchpad of its own.
  dnnl::primitive_attr attr = kernelAttr(), weightsScaling, biasScaling = kernelAttr();
  if (int8) {
    attr.set_output_scales(perChannel ? 1 << 1 : 0, scales);
  } else {
    weightsScaling.set_output_scales(perChannel ? (group > 1 ? 0b11 : 0b1) : 0, scales);
    biasScaling.set_output_scales(perChannel ? 0b1 : 0, scales);
  }
  // The zero points: the int8 convolution's own, else the staging reorders' (the sum's too: the
  // reorder that stages Y for the f32 convolution takes it off).
  dnnl::primitive_attr srcStaging = kernelAttr(), dstStaging = kernelAttr(), sumStaging = kernelAttr();
  if (!int8 && sumZeroPoint != 0) sumStaging.set_zero_points(DNNL_ARG_SRC, 0, {static_cast<int32_t>(sumZeroPoint)});
  if (q.src_zero_point != 0)
    (int8 ? attr : srcStaging).set_zero_points(DNNL_ARG_SRC, 0, {static_cast<int32_t>(q.src_zero_point)});
  if (q.dst_zero_point != 0)
    (int8 ? attr : dstStaging).set_zero_points(DNNL_ARG_DST, 0, {static_cast<int32_t>(q.dst_zero_point)});
  dnnl::post_ops postOps;
  aicc_post_ops list = p.post_ops;
  if (!int8 && hasSum) list.ops[sumIndex].beta = 0; // the staging reorder takes it off
  appendPostOps(postOps, list, nullptr, int8 && dstType != memory::data_type::f32 ? dstType : memory::data_type::undef);
  attr.set_post_ops(postOps);

  const auto kind = dnnl::prop_kind::forward_inference;
  const auto algorithm = dnnl::algorithm::convolution_direct;
  const memory::desc srcWant = any(srcDims, convSrc), dstWant = any(dstDims, convDst);
  const memory::desc weightsWant = any(weightsDims, convWeights), biasWant = any({OC}, convBias);
  const auto convDesc = hasBias ? dnnl::convolution_forward::desc(kind, algorithm, srcWant, weightsWant, biasWant,
                                                                  dstWant, strides, dnnlDilations, padsBegin, padsEnd)
                                : dnnl::convolution_forward::desc(kind, algorithm, srcWant, weightsWant, dstWant,
                                                                  strides, dnnlDilations, padsBegin, padsEnd);
  const dnnl::convolution_forward::primitive_desc pd(convDesc, attr, cpuEngine());

  memory userSrc(activationDesc(srcDims, p.src_layout, srcType), cpuEngine(), DNNL_MEMORY_NONE);
  memory userDst(activationDesc(dstDims, p.dst_layout, dstType), cpuEngine(), DNNL_MEMORY_NONE);
  bindInput(desc, AICC_QUANTIZED_CONV_ARG_X, "X", userSrc);
  addRunArg(AICC_QUANTIZED_CONV_ARG_Y, "Y", userDst);

  memory plainWeights = constantMemory(rowMajorDesc(weightsDims, false, memory::data_type::s8), weightsData);
  memory weights(pd.weights_desc(), cpuEngine());
  dnnl::reorder(dnnl::reorder::primitive_desc(cpuEngine(), plainWeights.get_desc(), cpuEngine(), weights.get_desc(),
                                              weightsScaling))
      .execute(stream, plainWeights, weights);
  stream.wait();

  memory src = userSrc;
  if (pd.src_desc() != userSrc.get_desc()) {
    src = scratchMemory(ScratchSlot::StagedSrc, pd.src_desc());
    addReorder(userSrc, src, srcStaging);
  }
  const bool stageDst = pd.dst_desc() != userDst.get_desc();
  const memory dst = stageDst ? scratchMemory(ScratchSlot::StagedDst, pd.dst_desc()) : userDst;
  if (stageDst && hasSum) addReorder(userDst, dst, sumStaging); // the sum post-op adds what Y held
  std::vector<std::pair<int, memory>> args{{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, dst}};
  if (hasBias) {
    memory userBias = operandMemory(desc, AICC_QUANTIZED_CONV_ARG_B, "B", bias);
    if (int8) {
      args.emplace_back(DNNL_ARG_BIAS, userBias);
    } else {
      memory converted(pd.bias_desc(), cpuEngine()); // owned: the bias may change with every run
      addReorder(userBias, converted, biasScaling);
      args.emplace_back(DNNL_ARG_BIAS, converted);
    }
  }
  addStep(dnnl::convolution_forward(pd), pd, std::move(args));
  if (stageDst) addReorder(dst, userDst, dstStaging);
}

} // namespace

std::unique_ptr<Kernel> createQuantizedConv(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  return std::make_unique<QuantizedConvKernel>(desc, stream);
}

} // namespace aicc::rt
