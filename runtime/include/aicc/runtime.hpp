// C++17 RAII wrapper over the libaiccrt C API (aicc/runtime.h), header-only. Failures throw
// aicc::Error carrying the runtime's status code and its one-line message.
//
//   aicc::Model model("model.so");
//   aicc::Session session(model);                 // one per thread
//   aicc::Tensor x(model.input(0)), y(model.output(0));
//   std::fill_n(x.data<float>(), x.elements(), 1.0f);
//   session.run({x.view()}, {y.view()});
//   // Or, for any model (also one whose output shapes only the run tells), into the session's
//   // buffers:
//   std::vector<aicc::OutputView> outputs = session.run({x.view()});
#ifndef AICC_RUNTIME_HPP
#define AICC_RUNTIME_HPP

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "aicc/runtime.h"

namespace aicc {

class Error : public std::runtime_error {
public:
  Error(int status, const std::string &message) : std::runtime_error(message), status_(status) {}
  // An aicc_status.
  int status() const { return status_; }

private:
  int status_;
};

namespace detail {
inline void check(int status) {
  if (status != AICC_OK) throw Error(status, aicc_last_error());
}
} // namespace detail

// A loaded artifact; movable, not copyable. Sessions keep it loaded even after it is destroyed.
class Model {
public:
  explicit Model(const std::string &path) { detail::check(aicc_model_load(path.c_str(), &model_)); }
  // A model linked into the program: aicc::Model model(mymodel_artifact());
  explicit Model(const aicc_linked_artifact *artifact) { detail::check(aicc_model_load_linked(artifact, &model_)); }
  Model(Model &&other) noexcept : model_(std::exchange(other.model_, nullptr)) {}
  Model &operator=(Model &&other) noexcept {
    std::swap(model_, other.model_);
    return *this;
  }
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;
  ~Model() { aicc_model_free(model_); }

  int numInputs() const { return aicc_model_num_inputs(model_); }
  int numOutputs() const { return aicc_model_num_outputs(model_); }
  const aicc_tensor_info &input(int index) const {
    return infoOrThrow(aicc_model_input(model_, index), "input", index);
  }
  const aicc_tensor_info &output(int index) const {
    return infoOrThrow(aicc_model_output(model_, index), "output", index);
  }
  // An aicc_value_kind; -1 if index is out of range.
  int32_t inputKind(int index) const { return aicc_model_input_kind(model_, index); }
  int32_t outputKind(int index) const { return aicc_model_output_kind(model_, index); }

  std::string producer() const { return aicc_model_producer(model_); }
  std::string target() const { return aicc_model_target(model_); }
  std::string cpu() const { return aicc_model_cpu(model_); }
  std::string cpuFeatures() const { return aicc_model_cpu_features(model_); }
  std::string sourceHash() const { return aicc_model_source_hash(model_); }
  uint64_t workspaceBytes() const { return aicc_model_workspace_bytes(model_); }

  // The shape output `index` has for these inputs (see aicc_model_output_shape).
  std::vector<int64_t> outputShape(const std::vector<aicc_tensor> &inputs, int index) const {
    std::vector<int64_t> shape(output(index).rank);
    detail::check(
        aicc_model_output_shape(model_, inputs.data(), static_cast<int32_t>(inputs.size()), index, shape.data()));
    return shape;
  }

  aicc_model *get() const { return model_; }

private:
  static const aicc_tensor_info &infoOrThrow(const aicc_tensor_info *info, const char *side, int index) {
    if (!info)
      throw Error(AICC_ERR_INVALID_ARGUMENT, std::string("the model has no ") + side + " " + std::to_string(index));
    return *info;
  }

  aicc_model *model_ = nullptr;
};

// One output of Session::run(inputs): its dtype, its shape in this run, and its data in the
// session's buffer for it, valid until the session's next run or its destruction.
class OutputView {
public:
  OutputView(int32_t dtype, std::vector<int64_t> shape, const void *data)
      : dtype_(dtype), shape_(std::move(shape)), data_(data) {}

  int32_t dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  size_t elements() const {
    size_t n = 1;
    for (int64_t d : shape_) n *= static_cast<size_t>(d);
    return n;
  }
  size_t bytes() const { return elements() * aicc_dtype_size(dtype_); }

  const void *data() const { return data_; }
  template <typename T> const T *data() const { return static_cast<const T *>(data_); }

private:
  int32_t dtype_;
  std::vector<int64_t> shape_;
  const void *data_;
};

// Per-thread run state of a model; movable, not copyable. Use one session from one thread at a
// time.
class Session {
public:
  explicit Session(const Model &model) : model_(model.get()) {
    detail::check(aicc_session_create(model.get(), &session_));
  }
  Session(Session &&other) noexcept
      : session_(std::exchange(other.session_, nullptr)), model_(std::exchange(other.model_, nullptr)) {}
  Session &operator=(Session &&other) noexcept {
    std::swap(session_, other.session_);
    std::swap(model_, other.model_);
    return *this;
  }
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;
  ~Session() { aicc_session_free(session_); }

  // See aicc_session_set_num_threads: rebuilds the session's kernels, so call it before running.
  void setNumThreads(int numThreads) { detail::check(aicc_session_set_num_threads(session_, numThreads)); }
  int numThreads() const { return aicc_session_num_threads(session_); }
  // See aicc_session_set_batch_invariant: also rebuilds the session's kernels.
  void setBatchInvariant(bool enabled) { detail::check(aicc_session_set_batch_invariant(session_, enabled)); }

  void run(const std::vector<aicc_tensor> &inputs, const std::vector<aicc_tensor> &outputs) {
    detail::check(aicc_session_run(session_, inputs.data(), static_cast<int32_t>(inputs.size()), outputs.data(),
                                   static_cast<int32_t>(outputs.size())));
  }

  // See aicc_session_run_outputs: each output goes to its entry's buffer if that holds it, else to
  // the session's; the run sets every entry's data, shape and session_owned.
  void runOutputs(const std::vector<aicc_tensor> &inputs, std::vector<aicc_output> &outputs) {
    detail::check(aicc_session_run_outputs(session_, inputs.data(), static_cast<int32_t>(inputs.size()), outputs.data(),
                                           static_cast<int32_t>(outputs.size())));
  }

  // Runs any model, data-shaped outputs too, into the session's buffers and returns every output
  // (valid until the next run). Allocates the views; a loop that must not allocate calls
  // runOutputs with an outputs array it keeps.
  std::vector<OutputView> run(const std::vector<aicc_tensor> &inputs) {
    const int32_t count = aicc_model_num_outputs(model_);
    std::vector<std::vector<int64_t>> shapes(count);
    std::vector<aicc_output> outputs(count);
    for (int32_t o = 0; o < count; ++o) {
      // A sequence's rank may be AICC_RANK_ANY; runOutputs refuses it.
      shapes[o].resize(std::max(aicc_model_output(model_, o)->rank, 0));
      outputs[o] = aicc_output{nullptr, 0, shapes[o].data(), 0};
    }
    runOutputs(inputs, outputs);
    std::vector<OutputView> views;
    views.reserve(count);
    for (int32_t o = 0; o < count; ++o)
      views.emplace_back(aicc_model_output(model_, o)->dtype, std::move(shapes[o]), outputs[o].data);
    return views;
  }

  // See aicc_session_run_values: runs any model, sequences too; the run sets every output entry,
  // which points into the session's memory until its next run.
  void runValues(const std::vector<aicc_value> &inputs, std::vector<aicc_value> &outputs) {
    detail::check(aicc_session_run_values(session_, inputs.data(), static_cast<int32_t>(inputs.size()), outputs.data(),
                                          static_cast<int32_t>(outputs.size())));
  }

  // See aicc_session_set_profiling / aicc_session_get_profile: the entries stay valid until the
  // next run or profiling call.
  void setProfiling(bool enabled) { detail::check(aicc_session_set_profiling(session_, enabled)); }
  aicc_profile profile() {
    aicc_profile p;
    detail::check(aicc_session_get_profile(session_, &p));
    return p;
  }

  aicc_session *get() const { return session_; }

private:
  aicc_session *session_ = nullptr;
  aicc_model *model_ = nullptr; // kept loaded by the session's reference
};

// A host buffer of one dtype and shape, zero-filled.
class Tensor {
public:
  // Of a model input's or output's dtype and shape, which must be static (for a symbolic dim, give
  // the shape; a data-shaped output has none before the run: see Session::run(inputs)).
  explicit Tensor(const aicc_tensor_info &info) : Tensor(info.dtype, staticShape(info)) {}

  Tensor(int32_t dtype, std::vector<int64_t> shape) : dtype_(dtype), shape_(std::move(shape)) {
    elements_ = 1;
    for (int64_t d : shape_) elements_ *= static_cast<size_t>(d);
    bytes_ = elements_ * aicc_dtype_size(dtype_);
    // 64-byte blocks: aligned for any element type, as oneDNN likes its buffers.
    storage_.resize((bytes_ + 63) / 64);
  }

  int32_t dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  size_t bytes() const { return bytes_; }
  size_t elements() const { return elements_; }

  void *data() { return storage_.data(); }
  const void *data() const { return storage_.data(); }
  template <typename T> T *data() { return static_cast<T *>(data()); }
  template <typename T> const T *data() const { return static_cast<const T *>(data()); }

  // The C view for aicc_session_run; valid while this Tensor lives and is not moved from.
  aicc_tensor view() {
    return aicc_tensor{dtype_, static_cast<int32_t>(shape_.size()), shape_.data(), storage_.data()};
  }

private:
  static std::vector<int64_t> staticShape(const aicc_tensor_info &info) {
    for (int32_t d = 0; d < info.rank; ++d)
      if (info.shape[d] < 0)
        throw Error(AICC_ERR_INVALID_ARGUMENT,
                    std::string("'") + info.name + "' dim " + std::to_string(d) +
                        (info.shape[d] == AICC_DIM_DATA ? " is known only after the run: use Session::run(inputs)"
                                                        : " is symbolic: give the tensor its shape"));
    return std::vector<int64_t>(info.shape, info.shape + info.rank);
  }

  struct alignas(64) Block {
    unsigned char bytes[64];
  };

  int32_t dtype_;
  std::vector<int64_t> shape_;
  std::vector<Block> storage_;
  size_t elements_ = 0;
  size_t bytes_ = 0;
};

} // namespace aicc

#endif // AICC_RUNTIME_HPP
