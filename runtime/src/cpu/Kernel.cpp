#include "Kernel.h"

#include <cstring>
#include <optional>

#include "PackedFormat.h"

namespace aicc::rt {

const dnnl::engine &cpuEngine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

void Kernel::run(const dnnl::stream &stream, void *const *args) {
  for (const RunArg &a : runArgs) {
    if (!args[a.index])
      throw KernelError(std::string("operand ") + std::to_string(a.index) + " (" + a.name + ") is null");
    a.memory.set_data_handle(args[a.index]);
  }
  // On the CPU engine with OpenMP, execution is synchronous: the results are in place on return.
  for (const Step &step : steps)
    if (step.host)
      step.host();
    else
      dnnl::error::wrap_c_api(dnnl_primitive_execute(step.primitive.get(), stream.get(),
                                                     static_cast<int>(step.args.size()), step.args.data()),
                              "could not execute a primitive");
}

void Kernel::addRunArg(int index, const char *name, const dnnl::memory &memory) {
  runArgs.push_back({index, name, memory});
}

void Kernel::bindInput(const aicc_kernel_desc &desc, int index, const char *name, dnnl::memory &memory) {
  if (const void *data = constantArg(desc, index))
    memory.set_data_handle(const_cast<void *>(data)); // read only: the kernel never writes an input
  else
    addRunArg(index, name, memory);
}

dnnl::memory Kernel::operandMemory(const aicc_kernel_desc &desc, int index, const char *name,
                                   const dnnl::memory::desc &md) {
  if (const void *data = constantArg(desc, index)) return constantMemory(md, data);
  dnnl::memory memory(md, cpuEngine(), DNNL_MEMORY_NONE);
  addRunArg(index, name, memory);
  return memory;
}

dnnl::memory Kernel::scratchMemory(ScratchSlot slot, const dnnl::memory::desc &desc) {
  dnnl::memory memory(desc, cpuEngine(), DNNL_MEMORY_NONE);
  scratch.push_back({slot, memory});
  return memory;
}

void Kernel::addStep(const dnnl::primitive &primitive, const dnnl::primitive_desc_base &pd,
                     std::vector<std::pair<int, dnnl::memory>> args) {
  args.emplace_back(DNNL_ARG_SCRATCHPAD, scratchMemory(ScratchSlot::Scratchpad, pd.scratchpad_desc()));
  Step step{nullptr, primitive, {}, {}};
  for (auto &[argKind, memory] : args) {
    step.args.push_back({argKind, memory.get()});
    step.keepAlive.push_back(std::move(memory));
  }
  steps.push_back(std::move(step));
}

void Kernel::addHostStep(std::function<void()> step) { steps.push_back(Step{std::move(step), {}, {}, {}}); }

void Kernel::addReorder(const dnnl::memory &from, const dnnl::memory &to) { addReorder(from, to, kernelAttr()); }

void Kernel::addReorder(const dnnl::memory &from, const dnnl::memory &to, const dnnl::primitive_attr &attr) {
  dnnl::reorder::primitive_desc pd(cpuEngine(), from.get_desc(), cpuEngine(), to.get_desc(), attr);
  addStep(dnnl::reorder(pd), pd, {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}});
}

dnnl::primitive_attr kernelAttr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

dnnl::memory::desc rowMajorDesc(const dnnl::memory::dims &dims, bool transposeLastTwo, dnnl::memory::data_type type) {
  dnnl::memory::dims stored = dims;
  const size_t rank = dims.size();
  if (transposeLastTwo) std::swap(stored[rank - 1], stored[rank - 2]);
  dnnl::memory::dims strides(rank);
  dnnl::memory::dim stride = 1;
  for (size_t i = rank; i-- > 0;) {
    strides[i] = stride;
    stride *= stored[i];
  }
  if (transposeLastTwo) std::swap(strides[rank - 1], strides[rank - 2]);
  return dnnl::memory::desc(dims, type, strides);
}

dnnl::memory constantMemory(const dnnl::memory::desc &desc, const void *data) {
  return dnnl::memory(desc, cpuEngine(), const_cast<void *>(data));
}

dnnl::memory Kernel::constantOperand(const aicc_kernel_desc &desc, int index, const dnnl::memory::desc &onnx,
                                     const dnnl::memory::desc &want, dnnl::stream &stream) {
  const aicc_packed_format *format = desc.formats ? desc.formats[index] : nullptr;
  const dnnl::memory::desc stored = format ? packedDesc(*format) : onnx;
  if (stored.dims() != onnx.dims())
    throw KernelError("constant operand " + std::to_string(index) + " was prepacked with dims " +
                      dimsString(stored.dims()) + ", the kernel reads " + dimsString(onnx.dims()));
  dnnl::memory source = constantMemory(stored, constantArg(desc, index)), result = source;
  if (stored != want) {
    result = dnnl::memory(want, cpuEngine());
    // oneDNN reorders into some formats (Winograd's) only from plain ones: go through ONNX's.
    std::optional<dnnl::reorder> direct;
    try {
      direct = dnnl::reorder(source, result);
    } catch (const dnnl::error &) {
    }
    if (direct) {
      direct->execute(stream, source, result);
    } else {
      dnnl::memory plain(onnx, cpuEngine());
      dnnl::reorder(source, plain).execute(stream, source, plain);
      dnnl::reorder(plain, result).execute(stream, plain, result);
    }
    stream.wait();
  }
  if (want != onnx) packed.push_back({index, result});
  return result;
}

namespace {
void appendActivation(dnnl::post_ops &ops, int64_t activation, double alpha, double beta) {
  using dnnl::algorithm;
  const float a = static_cast<float>(alpha), b = static_cast<float>(beta);
  switch (activation) {
  case AICC_ACT_RELU: ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f); return;
  // oneDNN's relu with a non-zero alpha is leaky relu: x < 0 ? alpha * x : x.
  case AICC_ACT_LEAKY_RELU: ops.append_eltwise(1.f, algorithm::eltwise_relu, a, 0.f); return;
  case AICC_ACT_SIGMOID: ops.append_eltwise(1.f, algorithm::eltwise_logistic, 0.f, 0.f); return;
  case AICC_ACT_TANH: ops.append_eltwise(1.f, algorithm::eltwise_tanh, 0.f, 0.f); return;
  case AICC_ACT_CLIP: ops.append_eltwise(1.f, algorithm::eltwise_clip, a, b); return;
  // oneDNN's hardswish is x * relu6(x + 3) / 6, ONNX HardSwish's definition.
  case AICC_ACT_HARD_SWISH: ops.append_eltwise(1.f, algorithm::eltwise_hardswish, 0.f, 0.f); return;
  case AICC_ACT_ELU: ops.append_eltwise(1.f, algorithm::eltwise_elu, a, 0.f); return;
  case AICC_ACT_GELU_ERF: ops.append_eltwise(1.f, algorithm::eltwise_gelu_erf, 0.f, 0.f); return;
  // oneDNN's swish is x * sigmoid(alpha * x): SiLU at alpha 1.
  case AICC_ACT_SWISH: ops.append_eltwise(1.f, algorithm::eltwise_swish, 1.f, 0.f); return;
  case AICC_ACT_GELU_TANH: ops.append_eltwise(1.f, algorithm::eltwise_gelu_tanh, 0.f, 0.f); return;
  case AICC_ACT_ROUND: ops.append_eltwise(1.f, algorithm::eltwise_round, 0.f, 0.f); return;
  case AICC_ACT_LINEAR: ops.append_eltwise(1.f, algorithm::eltwise_linear, a, b); return;
  default: throw KernelError("unknown activation " + std::to_string(activation));
  }
}
} // namespace

int64_t checkedPostOpCount(const aicc_post_ops &list) {
  if (list.count < 0 || list.count > AICC_MAX_POST_OPS)
    throw KernelError("post_ops.count must be 0.." + std::to_string(AICC_MAX_POST_OPS) + ", got " +
                      std::to_string(list.count));
  return list.count;
}

dnnl::algorithm binaryAlgorithm(int64_t binary) {
  using dnnl::algorithm;
  switch (binary) {
  case AICC_BINARY_ADD: return algorithm::binary_add;
  case AICC_BINARY_MUL: return algorithm::binary_mul;
  case AICC_BINARY_SUB: return algorithm::binary_sub;
  case AICC_BINARY_DIV: return algorithm::binary_div;
  default: throw KernelError("unknown binary post-op " + std::to_string(binary));
  }
}

void appendPostOps(dnnl::post_ops &ops, const aicc_post_ops &list, const BinaryPostOp &binary,
                   dnnl::memory::data_type sumType) {
  for (int64_t i = 0, count = checkedPostOpCount(list); i < count; ++i) {
    const aicc_post_op &op = list.ops[i];
    if (op.kind == AICC_POST_OP_ELTWISE) {
      appendActivation(ops, op.activation, op.alpha, op.beta);
    } else if (op.kind == AICC_POST_OP_SUM && sumType != dnnl::memory::data_type::undef) {
      if (!(op.beta >= -128 && op.beta <= 255 && op.beta == static_cast<int32_t>(op.beta)))
        throw KernelError("a sum's zero point must be an integer of the destination's type, got " +
                          std::to_string(op.beta));
      ops.append_sum(static_cast<float>(op.alpha), static_cast<int32_t>(op.beta), sumType);
    } else if (op.kind == AICC_POST_OP_SUM) {
      if (op.beta != 0) throw KernelError("a sum has a zero point only into an int8 destination");
      ops.append_sum(static_cast<float>(op.alpha));
    } else if (op.kind == AICC_POST_OP_BINARY && binary)
      binary(ops, op, ops.len());
    else if (op.kind == AICC_POST_OP_BINARY)
      throw KernelError("binary post-ops are supported on matmul and conv kernels only");
    else
      throw KernelError("unknown post-op kind " + std::to_string(op.kind));
  }
}

dnnl::memory::dims checkedDims(const char *name, const int64_t *values, int64_t count, int64_t min) {
  dnnl::memory::dims dims(values, values + count);
  for (int64_t i = 0; i < count; ++i)
    if (dims[i] < min)
      throw KernelError(std::string(name) + "[" + std::to_string(i) + "] must be >= " + std::to_string(min) + ", got " +
                        std::to_string(dims[i]));
  return dims;
}

dnnl::memory::data_type checkedDataType(int64_t type, const char *field) {
  switch (type) {
  case AICC_DATA_F32: return dnnl::memory::data_type::f32;
  case AICC_DATA_S8: return dnnl::memory::data_type::s8;
  case AICC_DATA_U8: return dnnl::memory::data_type::u8;
  default: throw KernelError(std::string(field) + " must be f32, s8 or u8, got " + std::to_string(type));
  }
}

dnnl::memory::data_type checkedComputeType(int64_t computeType) {
  if (computeType == AICC_DATA_F32 || computeType == 0) return dnnl::memory::data_type::f32;
  if (computeType == AICC_DATA_BF16) return dnnl::memory::data_type::bf16;
  throw KernelError("compute_type must be f32 (" + std::to_string(AICC_DATA_F32) + ") or bf16 (" +
                    std::to_string(AICC_DATA_BF16) + "), got " + std::to_string(computeType));
}

dnnl::memory::desc withDataType(const dnnl::memory::desc &desc, dnnl::memory::data_type type) {
  // A blocked layout counts its strides in elements: they hold for any element size.
  dnnl_memory_desc_t md = desc.data;
  md.data_type = static_cast<dnnl_data_type_t>(type);
  return dnnl::memory::desc(md);
}

dnnl::memory::desc activationDesc(const dnnl::memory::dims &dims, int64_t layout, dnnl::memory::data_type type) {
  using tag = dnnl::memory::format_tag;
  const size_t spatial = dims.size() - 2;
  if (dims.size() < 3 || dims.size() > 5) throw KernelError("activations have rank 3 to 5, got " + dimsString(dims));
  auto pick = [&](tag t1, tag t2, tag t3) { return spatial == 1 ? t1 : spatial == 2 ? t2 : t3; };
  switch (layout) {
  case AICC_LAYOUT_PLAIN: return rowMajorDesc(dims, false, type);
  case AICC_LAYOUT_CHANNELS_LAST: return dnnl::memory::desc(dims, type, pick(tag::nwc, tag::nhwc, tag::ndhwc));
  case AICC_LAYOUT_BLOCKED8: return dnnl::memory::desc(dims, type, pick(tag::nCw8c, tag::nChw8c, tag::nCdhw8c));
  case AICC_LAYOUT_BLOCKED16: return dnnl::memory::desc(dims, type, pick(tag::nCw16c, tag::nChw16c, tag::nCdhw16c));
  default: throw KernelError("unknown layout " + std::to_string(layout));
  }
}

void checkConvParams(const aicc_conv_params &p) {
  if (p.spatial_dims < 1 || p.spatial_dims > AICC_MAX_SPATIAL_DIMS)
    throw KernelError("spatial_dims must be 1, 2 or 3, got " + std::to_string(p.spatial_dims));
  const int64_t N = p.batch, C = p.channels, OC = p.out_channels, group = p.groups;
  if (N < 1 || C < 1 || OC < 1 || group < 1 || C % group != 0 || OC % group != 0)
    throw KernelError("batch, channels, out_channels and groups must be >= 1 with channels and "
                      "out_channels divisible by groups; got " +
                      std::to_string(N) + ", " + std::to_string(C) + ", " + std::to_string(OC) + ", " +
                      std::to_string(group));
}

void expectArgCount(const aicc_kernel_desc &desc, int64_t count) {
  if (desc.num_args != count)
    throw KernelError("expected " + std::to_string(count) + " args, got " + std::to_string(desc.num_args));
}

bool hasInt8DotProducts() {
  using isa = dnnl::cpu_isa;
  const isa effective = dnnl::get_effective_cpu_isa();
  return effective == isa::avx512_core_vnni || effective == isa::avx512_core_bf16 ||
         effective == isa::avx512_core_amx || effective == isa::avx2_vnni;
}

bool hasBf16DotProducts() {
  using isa = dnnl::cpu_isa;
  const isa effective = dnnl::get_effective_cpu_isa();
  return effective == isa::avx512_core_bf16 || effective == isa::avx512_core_amx;
}

uint16_t roundToBf16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((bits >> 16) | 0x40u);
  return static_cast<uint16_t>((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
}

float bf16ToFloat(uint16_t value) {
  const uint32_t bits = static_cast<uint32_t>(value) << 16;
  float result;
  std::memcpy(&result, &bits, sizeof result);
  return result;
}

bool isReference(const dnnl::primitive_desc_base &pd) {
  const std::string impl = pd.impl_info_str();
  return impl.rfind("ref", 0) == 0 || impl.find(":ref") != std::string::npos;
}

const void *constantArg(const aicc_kernel_desc &desc, int index) {
  return desc.constants ? desc.constants[index] : nullptr;
}

dnnl::memory::dims checkedWindowDilations(const dnnl::memory::dims &in, const dnnl::memory::dims &out,
                                          const dnnl::memory::dims &kernel, const dnnl::memory::dims &strides,
                                          const dnnl::memory::dims &dilations, const dnnl::memory::dims &padsBegin,
                                          const dnnl::memory::dims &padsEnd) {
  dnnl::memory::dims dnnlDilations(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const int64_t extent = (kernel[i] - 1) * dilations[i] + 1;
    const int64_t padded = in[i] + padsBegin[i] + padsEnd[i];
    if (padded < extent || (padded - extent) / strides[i] + 1 != out[i])
      throw KernelError("spatial dim " + std::to_string(i) + ": input " + std::to_string(in[i]) + ", kernel " +
                        std::to_string(kernel[i]) + ", stride " + std::to_string(strides[i]) + ", dilation " +
                        std::to_string(dilations[i]) + " and pads " + std::to_string(padsBegin[i]) + "+" +
                        std::to_string(padsEnd[i]) + " do not give output " + std::to_string(out[i]));
    dnnlDilations[i] = dilations[i] - 1;
  }
  return dnnlDilations;
}

std::string dimsString(const dnnl::memory::dims &dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}

} // namespace aicc::rt
