// Shared by the runtime tests: scratch files, the fake model's data, and an RAII kernel table.
#ifndef AICC_TEST_UNIT_RUNTIME_TESTSUPPORT_H
#define AICC_TEST_UNIT_RUNTIME_TESTSUPPORT_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aicc/cpu_kernels.h"
#include "aicc/runtime.h"

namespace aicc::test {

// A path for a file this test creates, unique per test so that tests may run in parallel.
inline std::string scratchPath(const std::string &fileName) {
  const auto *test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir =
      std::filesystem::path(AICC_TEST_SCRATCH_DIR) / (std::string(test->test_suite_name()) + "." + test->name());
  std::filesystem::create_directories(dir);
  return (dir / fileName).string();
}

// The fake artifact's input and output: [2,3] float32, y = x + 1.
inline const int64_t kFakeShape[2] = {2, 3};

inline aicc_tensor fakeTensor(float *data) { return aicc_tensor{AICC_DTYPE_FLOAT32, 2, kFakeShape, data}; }

// Runs a model with the fake artifact's code once, in a session of its own, and checks y = x + 1.
inline void expectAddsOne(aicc_model *model) {
  aicc_session *session = nullptr;
  ASSERT_EQ(aicc_session_create(model, &session), AICC_OK) << aicc_last_error();
  float in[6] = {0, 1, 2, 3, 4, 5}, out[6] = {};
  aicc_tensor input = fakeTensor(in), output = fakeTensor(out);
  EXPECT_EQ(aicc_session_run(session, &input, 1, &output, 1), AICC_OK) << aicc_last_error();
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[5], 6.0f);
  aicc_session_free(session);
}

inline int64_t product(const std::vector<int64_t> &values) {
  int64_t p = 1;
  for (int64_t v : values) p *= v;
  return p;
}

inline std::vector<float> randomFloats(size_t count, uint32_t seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> distribution(-1.f, 1.f);
  std::vector<float> values(count);
  for (float &v : values) v = distribution(generator);
  return values;
}

inline void expectAllNear(const std::vector<float> &got, const std::vector<float> &want, float tolerance = 1e-4f) {
  ASSERT_EQ(got.size(), want.size());
  size_t mismatches = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::abs(got[i] - want[i]) > tolerance * (1 + std::abs(want[i]))) {
      if (++mismatches <= 5) ADD_FAILURE() << "element " << i << ": got " << got[i] << ", want " << want[i];
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << got.size() << " elements";
}

// One kernel desc with storage for its params and constants. The params are kept as the bytes of
// the kind's params struct (cpu_kernels.h: every field is 8 bytes, so a struct is a word array);
// paramsSize is what the desc claims, which a test may set wrong on purpose.
struct KernelSpec {
  template <typename Params> KernelSpec(int64_t kind, const Params &params, std::vector<const void *> constants)
      : kind(kind), params(sizeof(Params) / sizeof(int64_t)), paramsSize(sizeof(Params)),
        constants(std::move(constants)) {
    static_assert(sizeof(Params) % sizeof(int64_t) == 0, "params structs are arrays of words");
    std::memcpy(this->params.data(), &params, sizeof(Params));
  }

  int64_t kind;
  std::vector<int64_t> params;
  int64_t paramsSize;
  std::vector<const void *> constants;             // num_args entries, null where passed at run
  std::vector<const aicc_packed_format *> formats; // empty, or num_args entries: prepacked constants

  aicc_kernel_desc desc() const {
    aicc_kernel_desc d{};
    d.kind = kind;
    d.params_size = paramsSize;
    d.params = params.empty() ? nullptr : params.data();
    d.num_args = static_cast<int64_t>(constants.size());
    d.constants = constants.data();
    d.formats = formats.empty() ? nullptr : formats.data();
    return d;
  }
};

// `count` argument slots of a kernel (cpu_kernels.h: aicc_conv_arg, ...) holding the named
// operands and null elsewhere, so that tests say which slot an operand goes to by its name:
// slots(AICC_MATMUL_NUM_ARGS, {{AICC_MATMUL_ARG_A, a.data()}, {AICC_MATMUL_ARG_Y, y.data()}}).
// Pointer is void * for aicc_kernel_run's args; constantSlots and formatSlots give the desc's.
template <typename Pointer = void *>
std::vector<Pointer> slots(int64_t count, std::initializer_list<std::pair<int64_t, Pointer>> named) {
  std::vector<Pointer> values(count, nullptr);
  for (const auto &[slot, pointer] : named) values.at(slot) = pointer; // a slot past `count` throws: the test fails
  return values;
}

inline std::vector<const void *> constantSlots(int64_t count,
                                               std::initializer_list<std::pair<int64_t, const void *>> named) {
  return slots<const void *>(count, named);
}

inline std::vector<const aicc_packed_format *>
formatSlots(int64_t count, std::initializer_list<std::pair<int64_t, const aicc_packed_format *>> named) {
  return slots<const aicc_packed_format *>(count, named);
}

// Post-op list entries (cpu_kernels.h).
inline aicc_post_op eltwise(int64_t activation, double alpha = 0, double beta = 0) {
  aicc_post_op op{};
  op.kind = AICC_POST_OP_ELTWISE;
  op.activation = activation;
  op.alpha = alpha;
  op.beta = beta;
  return op;
}

inline aicc_post_op sum(double scale = 1.0, int64_t zeroPoint = 0) {
  aicc_post_op op{};
  op.kind = AICC_POST_OP_SUM;
  op.alpha = scale;
  op.beta = static_cast<double>(zeroPoint);
  return op;
}

// y = y <binary> T, T in kernel arg `arg` (AICC_<KIND>_ARG_POST_OPS + i) with `dims` (at Y's rank).
inline aicc_post_op binaryPostOp(int64_t binary, int64_t arg, const std::vector<int64_t> &dims) {
  aicc_post_op op{};
  op.kind = AICC_POST_OP_BINARY;
  op.binary = binary;
  op.arg = arg;
  std::copy(dims.begin(), dims.end(), op.dims);
  return op;
}

inline aicc_post_ops postOpList(const std::vector<aicc_post_op> &ops) {
  aicc_post_ops list{};
  list.count = static_cast<int64_t>(ops.size());
  for (size_t i = 0; i < ops.size() && i < AICC_MAX_POST_OPS; ++i) list.ops[i] = ops[i];
  return list;
}

// The cpu_kernels.h definition of each activation, for reference loops.
inline float referenceActivation(const aicc_post_op &op, float v) {
  const float alpha = static_cast<float>(op.alpha), beta = static_cast<float>(op.beta);
  switch (op.activation) {
  case AICC_ACT_RELU: return std::max(v, 0.f);
  case AICC_ACT_LEAKY_RELU: return v < 0 ? alpha * v : v;
  case AICC_ACT_SIGMOID: return 1.f / (1.f + std::exp(-v));
  case AICC_ACT_TANH: return std::tanh(v);
  case AICC_ACT_CLIP: return std::min(std::max(v, alpha), beta);
  case AICC_ACT_HARD_SWISH: return v * std::max(0.f, std::min(1.f, v / 6 + 0.5f));
  case AICC_ACT_ELU: return v < 0 ? alpha * (std::exp(v) - 1) : v;
  case AICC_ACT_GELU_ERF: return v * (1 + std::erf(v / std::sqrt(2.f))) / 2;
  case AICC_ACT_SWISH: return v / (1.f + std::exp(-v));
  case AICC_ACT_GELU_TANH:
    return v * (1 + std::tanh(std::sqrt(2.f / static_cast<float>(M_PI)) * (v + 0.044715f * v * v * v))) / 2;
  case AICC_ACT_ROUND: return std::nearbyint(v);
  case AICC_ACT_LINEAR: return alpha * v + beta;
  default: ADD_FAILURE() << "no reference for activation " << op.activation; return v;
  }
}

// Applies a post-op list to one output value; `prior` is what Y held before the kernel ran.
inline float referencePostOps(const std::vector<aicc_post_op> &ops, float v, float prior) {
  for (const aicc_post_op &op : ops)
    v = op.kind == AICC_POST_OP_SUM ? v + static_cast<float>(op.alpha) * prior : referenceActivation(op, v);
  return v;
}

// Layouts (cpu_kernels.h, aicc_layout). dims are logical [N, C, spatial...].
inline int64_t channelBlock(int64_t layout) {
  return layout == AICC_LAYOUT_BLOCKED8 ? 8 : layout == AICC_LAYOUT_BLOCKED16 ? 16 : 1;
}

// Floats in a buffer of `dims` in `layout`: blocked layouts round C up to the block.
inline int64_t layoutElements(const std::vector<int64_t> &dims, int64_t layout) {
  const int64_t block = channelBlock(layout);
  return product(dims) / dims[1] * ((dims[1] + block - 1) / block * block);
}

// The offset of logical element (n, c, s) in `layout`, s the flat spatial index: plain is
// [N, C, S], channels-last [N, S, C], blocked [N, ceil(C/b), S, b] (oneDNN's nChw8c / nChw16c).
inline int64_t layoutOffset(const std::vector<int64_t> &dims, int64_t layout, int64_t n, int64_t c, int64_t s) {
  const int64_t C = dims[1], S = product(dims) / (dims[0] * C);
  if (layout == AICC_LAYOUT_PLAIN) return (n * C + c) * S + s;
  if (layout == AICC_LAYOUT_CHANNELS_LAST) return (n * S + s) * C + c;
  const int64_t b = channelBlock(layout), blocks = (C + b - 1) / b;
  return ((n * blocks + c / b) * S + s) * b + c % b;
}

// A plain tensor copied into `layout` by index arithmetic, with zeros in the padded channels.
inline std::vector<float> toLayout(const std::vector<float> &plain, const std::vector<int64_t> &dims, int64_t layout) {
  std::vector<float> out(layoutElements(dims, layout), 0.f);
  const int64_t C = dims[1], S = product(dims) / (dims[0] * C);
  for (int64_t n = 0; n < dims[0]; ++n)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t s = 0; s < S; ++s) out[layoutOffset(dims, layout, n, c, s)] = plain[(n * C + c) * S + s];
  return out;
}

// An AICC_KERNEL_REORDER of an f32 (or, with elementBytes 1, 8-bit) activation of `dims` from one
// layout to another.
inline KernelSpec reorderSpec(const std::vector<int64_t> &dims, int64_t from, int64_t to, int64_t elementBytes = 4) {
  aicc_reorder_params p{};
  p.rank = static_cast<int64_t>(dims.size());
  for (size_t i = 0; i < dims.size() && i < AICC_MAX_REORDER_RANK; ++i) p.dims[i] = dims[i];
  p.src_layout = from, p.dst_layout = to;
  p.element_bytes = elementBytes;
  return KernelSpec(AICC_KERNEL_REORDER, p, constantSlots(AICC_REORDER_NUM_ARGS, {}));
}

// The args of a reorder kernel from x to y.
inline std::vector<void *> reorderArgs(void *x, void *y) {
  return slots(AICC_REORDER_NUM_ARGS, {{AICC_REORDER_ARG_X, x}, {AICC_REORDER_ARG_Y, y}});
}

// aicc_kernels_create / destroy around a list of specs.
class KernelTable {
public:
  explicit KernelTable(const std::vector<KernelSpec> &specs, aicc_rt *rt = nullptr) {
    std::vector<aicc_kernel_desc> descs;
    for (const KernelSpec &spec : specs) descs.push_back(spec.desc());
    status_ = aicc_kernels_create(rt, descs.data(), static_cast<int64_t>(descs.size()), &state_);
    if (status_ != 0) error_ = aicc_kernel_last_error();
  }
  ~KernelTable() { aicc_kernels_destroy(state_); }
  KernelTable(const KernelTable &) = delete;
  KernelTable &operator=(const KernelTable &) = delete;

  bool created() const { return status_ == 0; }
  const std::string &createError() const { return error_; }
  void *state() const { return state_; }

  // Runs kernel `index` and returns "" or the error message.
  std::string run(int64_t index, std::vector<void *> args) {
    aicc_kernel_run(state_, index, args.data());
    return aicc_kernels_status(state_) == 0 ? std::string() : std::string(aicc_kernel_last_error());
  }

private:
  void *state_ = nullptr;
  int status_ = 0;
  std::string error_;
};

} // namespace aicc::test

#endif // AICC_TEST_UNIT_RUNTIME_TESTSUPPORT_H
