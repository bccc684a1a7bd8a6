// AICC_KERNEL_POOL: ONNX MaxPool / AveragePool / global pooling as one oneDNN pooling_v2 (the
// version with dilations), in the activation layout the compiler chose, in f32 or on int8 values.
// Where that layout has only oneDNN's reference kernel (seen: f32 max 2x2 over 16x224x224 in plain
// NCHW, 3 ms instead of 0.1; int8 has jit kernels channels-last only), the pooling runs
// channels-last between two reorders (unless it is channels-last already). Int8 average pooling
// requantizes in an eltwise_linear post-op, which oneDNN applies to the f32 mean before rounding.
#include "Kernel.h"

#include <cmath>

namespace aicc::rt {
namespace {

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

/// The attributes that requantize an int8 average into Y's scale and zero point.
dnnl::primitive_attr poolAttr(const aicc_pool_params &p, dnnl::memory::data_type type) {
  dnnl::primitive_attr attr = kernelAttr();
  if (type == dnnl::memory::data_type::f32) return attr;
  if (!(std::isfinite(p.output_scale) && p.output_scale > 0) || !std::isfinite(p.output_shift))
    throw KernelError("output_scale must be finite and positive and output_shift finite, got " +
                      std::to_string(p.output_scale) + " and " + std::to_string(p.output_shift));
  if (p.output_scale == 1 && p.output_shift == 0) return attr;
  if (p.algorithm == AICC_POOL_MAX)
    throw KernelError("int8 max pooling keeps its input's scale and zero point: output_scale must be 1 and "
                      "output_shift 0");
  dnnl::post_ops postOps;
  postOps.append_eltwise(1.f, dnnl::algorithm::eltwise_linear, static_cast<float>(p.output_scale),
                         static_cast<float>(p.output_shift));
  attr.set_post_ops(postOps);
  return attr;
}

PoolKernel::PoolKernel(const aicc_kernel_desc &desc) {
  using dnnl::memory;
  const auto p = paramsOrOlder<aicc_pool_params>(desc, offsetof(aicc_pool_params, data_type));
  const int64_t S = p.spatial_dims;
  if (S < 1 || S > AICC_MAX_SPATIAL_DIMS) throw KernelError("spatial_dims must be 1, 2 or 3, got " + std::to_string(S));
  expectArgCount(desc, AICC_POOL_NUM_ARGS);

  const int64_t N = p.batch, C = p.channels;
  if (N < 1 || C < 1)
    throw KernelError("batch and channels must be >= 1, got " + std::to_string(N) + " and " + std::to_string(C));
  if (p.src_layout != p.dst_layout) throw KernelError("src_layout and dst_layout must agree");
  const dnnl::algorithm algorithm = poolAlgorithm(p.algorithm);
  // 0: params written before data_type, f32.
  const memory::data_type type = p.data_type == 0 ? memory::data_type::f32 : checkedDataType(p.data_type, "data_type");
  const dnnl::primitive_attr attr = poolAttr(p, type);
  const auto [in, out, kernel, strides, dilations, padsBegin, padsEnd] = checkedWindow(p, 0);

  const memory::dims dnnlDilations = checkedWindowDilations(in, out, kernel, strides, dilations, padsBegin, padsEnd);

  memory::dims srcDims{N, C}, dstDims{N, C};
  srcDims.insert(srcDims.end(), in.begin(), in.end());
  dstDims.insert(dstDims.end(), out.begin(), out.end());
  const memory::desc srcDesc = activationDesc(srcDims, p.src_layout, type);
  const memory::desc dstDesc = activationDesc(dstDims, p.dst_layout, type);

  auto primitiveDesc = [&](const memory::desc &source, const memory::desc &destination) {
    return dnnl::pooling_v2_forward::primitive_desc(
        dnnl::pooling_v2_forward::desc(dnnl::prop_kind::forward_inference, algorithm, source, destination, strides,
                                       kernel, dnnlDilations, padsBegin, padsEnd),
        attr, cpuEngine());
  };
  auto pd = primitiveDesc(srcDesc, dstDesc);
  memory userSrc(srcDesc, cpuEngine(), DNNL_MEMORY_NONE);
  memory userDst(dstDesc, cpuEngine(), DNNL_MEMORY_NONE);
  bindInput(desc, AICC_POOL_ARG_X, "X", userSrc);
  addRunArg(AICC_POOL_ARG_Y, "Y", userDst);

  const std::string impl = pd.impl_info_str();
  const bool reference = impl.rfind("simple", 0) == 0 || impl.rfind("ref", 0) == 0;
  if (!reference || p.src_layout == AICC_LAYOUT_CHANNELS_LAST) {
    addStep(dnnl::pooling_v2_forward(pd), pd, {{DNNL_ARG_SRC, userSrc}, {DNNL_ARG_DST, userDst}});
    return;
  }
  const memory::format_tag channelsLast = S == 1   ? memory::format_tag::nwc
                                          : S == 2 ? memory::format_tag::nhwc
                                                   : memory::format_tag::ndhwc;
  const memory::desc lastSrc(srcDims, type, channelsLast);
  const memory::desc lastDst(dstDims, type, channelsLast);
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

} // namespace aicc::rt
