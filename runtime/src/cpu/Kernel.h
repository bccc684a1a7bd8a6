// What the kernel families (Conv.cpp, MatMul.cpp, Pool.cpp) share: a Kernel is a short fixed list
// of oneDNN primitives built once from an aicc_kernel_desc, plus the operands whose data pointers
// the artifact passes on each run. Running one sets those pointers and executes the list: no
// allocation and no primitive creation per run.
#ifndef AICC_RUNTIME_CPU_KERNEL_H
#define AICC_RUNTIME_CPU_KERNEL_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "aicc/cpu_kernels.h"

namespace aicc::rt {

// A kernel description that cannot be built; KernelTable adds the kernel's index and kind.
struct KernelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The one CPU engine of the process; engines are thread-safe and creating one is not free.
const dnnl::engine &cpuEngine();

// Scratch memory that lives in buffers of the kernel state, not of the kernel: the kernels of a
// state run one after another on one thread, so one buffer per slot, as large as its largest user,
// serves them all.
enum class ScratchSlot { Scratchpad, StagedSrc, StagedDst, StagedWeights };
constexpr int kNumScratchSlots = 4;

class Kernel {
public:
  struct ScratchUse {
    ScratchSlot slot;
    dnnl::memory memory; // its handle is set when the state allocates the slot's buffer
  };

  virtual ~Kernel() = default;

  // Points the per-run operands at args (in the kind's order, as aicc_kernel_run receives them)
  // and executes the primitives in order. Throws KernelError for a null operand and dnnl::error if
  // oneDNN fails.
  void run(const dnnl::stream &stream, void *const *args);

  const std::vector<ScratchUse> &scratchUses() const { return scratch; }

  // A constant operand its primitive reads in a layout other than ONNX's (what
  // aicc_kernels_prepack reports to the compiler).
  struct PackedConstant {
    int index;
    dnnl::memory memory;
  };
  const std::vector<PackedConstant> &packedConstants() const { return packed; }

  // Keeps `data` alive as long as the kernel: constants made at create that it reads in place
  // (a quantized kernel's dequantized weights, QuantizedRnn.cpp).
  void keepAlive(std::shared_ptr<const void> data) { kept.push_back(std::move(data)); }
  // Forgets the packed constants: the kernel was built on constants of its own, which
  // aicc_kernels_prepack must not put in place of the artifact's.
  void forgetPackedConstants() { packed.clear(); }

protected:
  // Registers args[index] as an operand whose data pointer changes with every run; `name` is how
  // errors refer to it (the operand's name in cpu_kernels.h).
  void addRunArg(int index, const char *name, const dnnl::memory &memory);
  // An input the kernel only reads: bound to the artifact's data when desc marks it a compile-time
  // constant (an input computed from initializers only), else registered as a run arg.
  void bindInput(const aicc_kernel_desc &desc, int index, const char *name, dnnl::memory &memory);

  // Operand `index` described by `md`: the artifact's data in place when desc marks it a
  // compile-time constant, else a run arg (its pointer set on every run) named `name`.
  dnnl::memory operandMemory(const aicc_kernel_desc &desc, int index, const char *name, const dnnl::memory::desc &md);

  // Memory of `desc` in the state's buffer for `slot`.
  dnnl::memory scratchMemory(ScratchSlot slot, const dnnl::memory::desc &desc);

  // Appends `primitive` with its arguments; DNNL_ARG_SCRATCHPAD is added here from `pd`.
  void addStep(const dnnl::primitive &primitive, const dnnl::primitive_desc_base &pd,
               std::vector<std::pair<int, dnnl::memory>> args);

  // Appends a reorder from `from` to `to` (layout staging around a primitive); `attr` (from
  // kernelAttr) may add zero points.
  void addReorder(const dnnl::memory &from, const dnnl::memory &to);
  void addReorder(const dnnl::memory &from, const dnnl::memory &to, const dnnl::primitive_attr &attr);

  // Appends work done on the calling thread, in order with the primitives: what oneDNN has no
  // primitive for (rearranging weights that arrive at run time, a cell loop oneDNN cannot express).
  // It reads the run args through the memories they were registered with.
  void addHostStep(std::function<void()> step);

  // Reports `memory` as what constant operand `index` was reordered into (aicc_kernels_prepack),
  // for a kernel that reorders its constants itself rather than through constantOperand.
  void addPackedConstant(int index, const dnnl::memory &memory) { packed.push_back({index, memory}); }

  // The memory a primitive that wants layout `want` reads for constant operand `index`: the
  // artifact's bytes in place when they are in that layout already (prepacked by the compiler, or
  // ONNX's layout `onnx` is the one wanted), else a copy reordered once at create from the layout
  // they are in.
  dnnl::memory constantOperand(const aicc_kernel_desc &desc, int index, const dnnl::memory::desc &onnx,
                               const dnnl::memory::desc &want, dnnl::stream &stream);

private:
  struct RunArg {
    int index;
    const char *name;
    dnnl::memory memory;
  };
  struct Step {
    std::function<void()> host; // set for a host step, which has no primitive
    dnnl::primitive primitive;
    std::vector<dnnl::memory> keepAlive; // owners of the handles in `args`
    std::vector<dnnl_exec_arg_t> args;   // prebuilt: the C++ execute() builds a vector per call
  };

  std::vector<RunArg> runArgs;
  std::vector<Step> steps;
  std::vector<ScratchUse> scratch;
  std::vector<PackedConstant> packed;
  std::vector<std::shared_ptr<const void>> kept;
};

// Attributes every primitive of a kernel starts from: scratchpad from the state (user mode), so
// that primitives never allocate while running and concurrent sessions never share one.
dnnl::primitive_attr kernelAttr();

// A dense row-major memory descriptor (f32 unless `type` says); with transposeLastTwo, the same
// logical dims over data stored with its last two dims swapped (how trans_a/trans_b operands are
// laid out).
dnnl::memory::desc rowMajorDesc(const dnnl::memory::dims &dims, bool transposeLastTwo = false,
                                dnnl::memory::data_type type = dnnl::memory::data_type::f32);

// Memory over data the artifact owns and oneDNN only reads (weights, bias). oneDNN's memory API
// takes a non-const pointer even for inputs.
dnnl::memory constantMemory(const dnnl::memory::desc &desc, const void *data);

// list.count, checked to be 0..AICC_MAX_POST_OPS.
int64_t checkedPostOpCount(const aicc_post_ops &list);

// oneDNN's algorithm for an AICC_BINARY_* value.
dnnl::algorithm binaryAlgorithm(int64_t binary);

// Appends a kernel's post-ops in order. A binary entry is appended by `binary` (given the entry
// and its index in `ops`), which kernels that take binary post-ops provide; others refuse them. A
// sum reads the destination as `sumType` with its zero point (beta), where an int8 kernel writes
// u8 or s8; elsewhere (undef) as the destination's type, with no zero point.
using BinaryPostOp = std::function<void(dnnl::post_ops &ops, const aicc_post_op &op, int index)>;
void appendPostOps(dnnl::post_ops &ops, const aicc_post_ops &list, const BinaryPostOp &binary = nullptr,
                   dnnl::memory::data_type sumType = dnnl::memory::data_type::undef);

// The desc's parameter struct of the kind's type; throws unless the sizes agree.
template <typename Params> Params paramsAs(const aicc_kernel_desc &desc) {
  if (!desc.params) throw KernelError("params is null");
  if (desc.params_size != static_cast<int64_t>(sizeof(Params)))
    throw KernelError("expected " + std::to_string(sizeof(Params)) + " bytes of params, got " +
                      std::to_string(desc.params_size));
  Params params;
  std::memcpy(&params, desc.params, sizeof(Params));
  return params;
}

// The desc's params of a kind whose struct grew at its end: an artifact written before has
// `olderSize` bytes, and the fields it lacks are 0 here (the caller gives them their old meaning).
template <typename Params> Params paramsOrOlder(const aicc_kernel_desc &desc, size_t olderSize) {
  if (!desc.params || desc.params_size != static_cast<int64_t>(olderSize)) return paramsAs<Params>(desc);
  Params params{};
  std::memcpy(&params, desc.params, olderSize);
  return params;
}

// A conv's, deconv's or matmul's params (aicc_conv_params, aicc_matmul_params). They gained
// compute_type at their end: an artifact written before it ends its params there, and gets 0 (f32).
template <typename Params> Params paramsWithComputeType(const aicc_kernel_desc &desc) {
  static_assert(offsetof(Params, compute_type) + sizeof(int64_t) == sizeof(Params), "compute_type is the last field");
  return paramsOrOlder<Params>(desc, offsetof(Params, compute_type));
}

// An int8 kernel's params (aicc_quantized_conv_params, aicc_quantized_matmul_params), which begin
// with the f32 kernel's (`Inner`): an artifact written before Inner gained compute_type has Inner
// 8 bytes shorter and the int8 fields right after it; compute_type is then 0 (f32).
template <typename Params, typename Inner> Params paramsWithInnerComputeType(const aicc_kernel_desc &desc) {
  constexpr size_t innerBefore = offsetof(Inner, compute_type), rest = sizeof(Params) - sizeof(Inner);
  static_assert(innerBefore + sizeof(int64_t) == sizeof(Inner), "compute_type is Inner's last field");
  if (!desc.params || desc.params_size != static_cast<int64_t>(innerBefore + rest)) return paramsAs<Params>(desc);
  Params params{};
  std::memcpy(&params, desc.params, innerBefore);
  std::memcpy(reinterpret_cast<char *>(&params) + sizeof(Inner), static_cast<const char *>(desc.params) + innerBefore,
              rest);
  return params;
}

// What a kernel of compute_type `computeType` (AICC_DATA_F32 or 0, AICC_DATA_BF16) rounds its
// operands to.
dnnl::memory::data_type checkedComputeType(int64_t computeType);

// An operand's element type `field` (an aicc_data_type): f32, s8 or u8.
dnnl::memory::data_type checkedDataType(int64_t type, const char *field);

// Whether oneDNN's bf16 kernels run natively here (AVX512_BF16 or AMX, and DNNL_MAX_CPU_ISA not
// below them). Without, oneDNN 2.6 emulates bf16 on AVX-512 (slower than f32) and has only
// reference kernels below it: a bf16 kernel then computes in f32.
bool hasBf16DotProducts();

// f32 to bf16, rounded to nearest even (a NaN stays a NaN), and back.
uint16_t roundToBf16(float value);
float bf16ToFloat(uint16_t value);

// DynamicQuantizeLinear of `count` floats into u8 (MatMul.cpp): ONNX's rounding (half to even)
// and range (0 included), on the session's threads for a long x. Returns the scale and zero point.
struct Quantization {
  float scale;
  int32_t zeroPoint;
};
Quantization quantizeToU8(const float *x, uint8_t *q, int64_t count);

// Whether `pd` is one of oneDNN's reference implementations (ref:any, gemm:ref, ...), orders of
// magnitude slower than its jit ones.
bool isReference(const dnnl::primitive_desc_base &pd);

// `desc` with elements of `type`: the same dims and layout (format `any` stays `any`).
dnnl::memory::desc withDataType(const dnnl::memory::desc &desc, dnnl::memory::data_type type);

// The first `count` entries of a params array, each >= min; `name` is the field's name.
dnnl::memory::dims checkedDims(const char *name, const int64_t *values, int64_t count, int64_t min);

// Throws unless a (de)convolution has 1 to 3 spatial dims, its batch, channels, out_channels and
// groups are >= 1 and the groups split both channel counts.
void checkConvParams(const aicc_conv_params &p);

// The sliding-window geometry of aicc_conv_params and aicc_pool_params, checked: sizes, strides
// and dilations >= 1, pads_begin >= 0, pads_end >= padsEndMin.
struct Window {
  dnnl::memory::dims in, out, kernel, strides, dilations, padsBegin, padsEnd;
};
template <typename Params> Window checkedWindow(const Params &p, int64_t padsEndMin) {
  const int64_t S = p.spatial_dims;
  return Window{checkedDims("in", p.in, S, 1),
                checkedDims("out", p.out, S, 1),
                checkedDims("kernel", p.kernel, S, 1),
                checkedDims("strides", p.strides, S, 1),
                checkedDims("dilations", p.dilations, S, 1),
                checkedDims("pads_begin", p.pads_begin, S, 0),
                checkedDims("pads_end", p.pads_end, S, padsEndMin)};
}

// The memory descriptor of an activation (f32 unless `type` says) with logical dims
// [N, C, spatial...] in an aicc_layout.
dnnl::memory::desc activationDesc(const dnnl::memory::dims &dims, int64_t layout,
                                  dnnl::memory::data_type type = dnnl::memory::data_type::f32);

// Throws unless the desc has `count` args.
void expectArgCount(const aicc_kernel_desc &desc, int64_t count);

// Whether oneDNN's int8 kernels are exact here: their dot products use VNNI. Without it (AVX2,
// AVX-512 before Cascade Lake), oneDNN 2.6 multiplies with vpmaddubsw, whose int16 pair sums
// saturate for u8 sources and full-range weights (255 * 127 * 2), and halves the weights of s8
// sources: neither gives the exact result.
bool hasInt8DotProducts();

// The compile-time constant data of arg `index`, or null if it is passed on each run.
const void *constantArg(const aicc_kernel_desc &desc, int index);

// Checks that in, kernel, strides, dilations and pads give `out` in every spatial dim (ONNX Conv
// and pooling output size, floor division: ceil_mode is already folded into padsEnd) and returns
// the dilations as oneDNN counts them, from 0 where ONNX counts from 1.
dnnl::memory::dims checkedWindowDilations(const dnnl::memory::dims &in, const dnnl::memory::dims &out,
                                          const dnnl::memory::dims &kernel, const dnnl::memory::dims &strides,
                                          const dnnl::memory::dims &dilations, const dnnl::memory::dims &padsBegin,
                                          const dnnl::memory::dims &padsEnd);

// "[1,3,224,224]", for messages.
std::string dimsString(const dnnl::memory::dims &dims);

// What a session asks of every kernel it creates (aicc_session_set_batch_invariant).
struct KernelOptions {
  // No algorithm chosen by the batch size (Winograd convolutions, chosen by pixel count), so that
  // a row's outputs do not depend on the rows run with it (aicc_session_set_batch_invariant).
  bool batchInvariant = false;
};

// The kernel of desc.kind; throws KernelError or dnnl::error if it cannot be built.
std::unique_ptr<Kernel> createKernel(const aicc_kernel_desc &desc, dnnl::stream &stream,
                                     const KernelOptions &options = {});
std::unique_ptr<Kernel> createConv(const aicc_kernel_desc &desc, dnnl::stream &stream, const KernelOptions &options);
std::unique_ptr<Kernel> createMatMul(const aicc_kernel_desc &desc, dnnl::stream &stream);
std::unique_ptr<Kernel> createPool(const aicc_kernel_desc &desc, dnnl::stream &stream);
std::unique_ptr<Kernel> createDeconv(const aicc_kernel_desc &desc, dnnl::stream &stream, const KernelOptions &options);
std::unique_ptr<Kernel> createReorder(const aicc_kernel_desc &desc, dnnl::stream &stream);
std::unique_ptr<Kernel> createRnn(const aicc_kernel_desc &desc, dnnl::stream &stream);
std::unique_ptr<Kernel> createAttention(const aicc_kernel_desc &desc, dnnl::stream &stream);
std::unique_ptr<Kernel> createQuantizedConv(const aicc_kernel_desc &desc, dnnl::stream &stream);
std::unique_ptr<Kernel> createQuantizedMatMul(const aicc_kernel_desc &desc, dnnl::stream &stream);
std::unique_ptr<Kernel> createQuantizedRnn(const aicc_kernel_desc &desc, dnnl::stream &stream);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_KERNEL_H
