// aicc_session: the artifact's per-thread state, its workspace, its output buffers and the checks
// every run makes before handing raw pointers to generated code (which trusts them completely);
// for sequences, the lists made from the inputs and the outputs' element arrays.
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "LastError.h"
#include "ModelArtifact.h"
#include "Profile.h"
#include "RunBinding.h"
#include "RunOutputs.h"
#include "RuntimeContext.h"
#include "aicc/cpu_kernels.h"
#include "aicc/runtime.h"
#include "cpu/KernelLastError.h"
#include "cpu/Lists.h"

struct aicc_session {
  aicc_model *model = nullptr; // holds a reference
  aicc_rt rt;
  void *state = nullptr;       // from the artifact's init
  void *workspace = nullptr;   // 64-byte aligned, workspaceBytes
  uint64_t workspaceBytes = 0; // grows with the largest run of a model with symbolic dims
  // Reused by every run, so that a run allocates nothing.
  std::vector<const void *> inputPointers;
  std::vector<void *> outputPointers;
  // The dims of the run's tensors, resolved once its inputs are checked; rt.run_dims points into
  // it while a model with symbolic dims runs.
  std::unique_ptr<aicc::rt::RunBinding> binding;
  std::vector<std::pair<int32_t, int32_t>> symbolSources; // scratch of the input checks
  // aicc_session_run_outputs and _run_values: where each tensor output goes, and the session's
  // buffers for them.
  std::unique_ptr<aicc::rt::RunOutputs> runOutputs;
  // aicc_session_run_values: its tensor inputs (a sequence's entry unused), per sequence output
  // the slot the artifact sets to its list, and the elements each output sequence returns.
  std::vector<aicc_tensor> valueTensors;
  std::vector<aicc_list *> outputLists;
  std::vector<std::vector<aicc_tensor>> outputElements;
  // Allocated when profiling first starts; rt.profile points here while it is on.
  std::unique_ptr<aicc::rt::Profile> profile;

  ~aicc_session() {
    if (state) model->fini(state);
    std::free(workspace);
    aicc::rt::release(model);
  }
};

namespace aicc::rt {
namespace {

std::string shapeString(int32_t rank, const int64_t *shape) {
  std::string s = "[";
  for (int32_t d = 0; d < rank; ++d) s += (d ? "," : "") + std::to_string(shape[d]);
  return s + "]";
}

// The artifact's reason for a failed init/run: its kernels leave one in aicc_kernel_last_error().
std::string artifactError(const char *what, int code) {
  std::string message = aicc_kernel_last_error();
  if (message.empty()) message = "error code " + std::to_string(code);
  return std::string(what) + " failed: " + message;
}

// Runs the artifact's init under the session's thread count. On failure leaves *state null.
int initState(aicc_session &s, void **state) {
  ScopedOmpThreads threads(s.rt.num_threads);
  clearKernelLastError();
  *state = nullptr;
  if (int code = s.model->init(&s.rt, state); code != 0) {
    if (*state) s.model->fini(*state);
    *state = nullptr;
    return fail(AICC_ERR_INIT, "model '" + s.model->path + "': " + artifactError("init", code));
  }
  // The runtime makes a run's input lists in it (cpu/Lists.h).
  if (!*state) return fail(AICC_ERR_INIT, "model '" + s.model->path + "': init succeeded but gave no state");
  return AICC_OK;
}

// A caller's rank beyond this is garbage, not a shape worth printing.
constexpr int32_t kMaxRankShown = 64;

// The bytes of a tensor of `dtype` and `shape`.
size_t byteSize(int32_t dtype, int32_t rank, const int64_t *shape) {
  size_t bytes = aicc_dtype_size(dtype);
  for (int32_t d = 0; d < rank; ++d) bytes *= static_cast<size_t>(shape[d]);
  return bytes;
}

std::string givenShape(const aicc_tensor &t) {
  return t.rank < 0 || t.rank > kMaxRankShown ? "rank " + std::to_string(t.rank)
         : t.rank > 0 && !t.shape             ? "a null shape"
                                              : shapeString(t.rank, t.shape);
}

// "[batch,10]", "[idx.0]": symbolic and data dims by name, for messages.
std::string declaredShape(const aicc_tensor_info &e) {
  std::string s = "[";
  for (int32_t d = 0; d < e.rank; ++d)
    s += (d ? "," : "") + (e.shape[d] < 0 ? std::string(e.dim_names[d]) : std::to_string(e.shape[d]));
  return s + "]";
}

int dtypeMismatch(const std::string &which, const aicc_tensor &t, const aicc_tensor_info &e) {
  return fail(AICC_ERR_INVALID_ARGUMENT, which + ": expected dtype " + aicc_dtype_name(e.dtype) + ", got " +
                                             aicc_dtype_name(t.dtype) + " (" + std::to_string(t.dtype) + ")");
}

int checkCount(const char *side, const void *given, int32_t givenCount, const aicc_tensor_info *expected,
               int32_t expectedCount) {
  if (givenCount == expectedCount && (givenCount == 0 || given)) return AICC_OK;
  std::string names;
  for (int32_t i = 0; i < expectedCount; ++i) names += (i ? ", " : "") + std::string(expected[i].name);
  return fail(AICC_ERR_INVALID_ARGUMENT, "expected " + std::to_string(expectedCount) + " " + side +
                                             (expectedCount == 1 ? "" : "s") + " (" + names + "), got " +
                                             (givenCount > 0 && !given ? "a null array" : std::to_string(givenCount)));
}

// Which input dim set each symbol's size, for messages.
using SymbolSources = std::vector<std::pair<int32_t, int32_t>>;

// Checks the tensor inputs of a run against the artifact's description (a sequence's entry is not
// read), sets the size of every symbolic dim from them (dims of one name must agree) and resolves
// `binding`'s dims. `boundBy` is scratch (kept by sessions, so that a run allocates nothing).
int bindInputs(const aicc_model &model, const aicc_tensor *inputs, int32_t numInputs, RunBinding &binding,
               SymbolSources &boundBy, bool needsData = true) {
  const aicc_artifact_info &info = *model.info;
  if (int status = checkCount("input", inputs, numInputs, info.inputs, info.num_inputs)) return status;
  std::vector<int64_t> &sizes = binding.symbolSizes;
  sizes.assign(model.symbols.size(), -1);
  boundBy.assign(model.symbols.size(), {0, 0});
  for (int32_t i = 0; i < numInputs; ++i) {
    if (!model.isTensorInput(i)) continue;
    const aicc_tensor &t = inputs[i];
    const aicc_tensor_info &e = info.inputs[i];
    // Built only on failure: a run that passes its checks allocates nothing.
    auto which = [&] { return std::string("input '") + e.name + "'"; };
    if (t.dtype != e.dtype) return dtypeMismatch(which(), t, e);
    bool sameShape = t.rank == e.rank && (t.rank == 0 || t.shape);
    for (int32_t d = 0; sameShape && d < t.rank; ++d)
      sameShape = model.dimSymbols[i][d] >= 0 ? t.shape[d] >= 0 : t.shape[d] == e.shape[d];
    if (!sameShape)
      return fail(AICC_ERR_INVALID_ARGUMENT,
                  which() + ": expected shape " + declaredShape(e) + ", got " + givenShape(t));
    for (int32_t d = 0; d < t.rank; ++d) {
      int symbol = model.dimSymbols[i][d];
      if (symbol < 0) continue;
      if (sizes[symbol] < 0) {
        sizes[symbol] = t.shape[d];
        boundBy[symbol] = {i, d};
      } else if (sizes[symbol] != t.shape[d]) {
        auto [first, firstDim] = boundBy[symbol];
        return fail(AICC_ERR_INVALID_ARGUMENT, which() + ": dim " + std::to_string(d) + " ('" + model.symbols[symbol] +
                                                   "') is " + std::to_string(t.shape[d]) + ", but input '" +
                                                   info.inputs[first].name + "' dim " + std::to_string(firstDim) +
                                                   " gives it " + std::to_string(sizes[symbol]));
      }
    }
    if (needsData && !t.data && byteSize(t.dtype, t.rank, t.shape) != 0)
      return fail(AICC_ERR_INVALID_ARGUMENT, which() + ": data is null");
  }
  binding.resolve();
  return AICC_OK;
}

// Checks the caller's outputs against the shapes the run's inputs give them.
int checkOutputs(const aicc_model &model, const aicc_tensor *outputs, int32_t numOutputs, const RunBinding &binding) {
  const aicc_artifact_info &info = *model.info;
  if (int status = checkCount("output", outputs, numOutputs, info.outputs, info.num_outputs)) return status;
  for (int32_t o = 0; o < numOutputs; ++o) {
    const aicc_tensor &t = outputs[o];
    const aicc_tensor_info &e = info.outputs[o];
    auto which = [&] { return std::string("output '") + e.name + "'"; };
    if (t.dtype != e.dtype) return dtypeMismatch(which(), t, e);
    const int64_t *expected = binding.outputDims(o);
    bool sameShape = t.rank == e.rank && (t.rank == 0 || t.shape);
    for (int32_t d = 0; sameShape && d < t.rank; ++d) sameShape = t.shape[d] == expected[d];
    if (!sameShape)
      return fail(AICC_ERR_INVALID_ARGUMENT, which() + ": expected shape " + shapeString(e.rank, expected) +
                                                 (model.symbols.empty() ? "" : " (" + declaredShape(e) + ")") +
                                                 ", got " + givenShape(t));
    if (!t.data && byteSize(t.dtype, t.rank, t.shape) != 0)
      return fail(AICC_ERR_INVALID_ARGUMENT, which() + ": data is null");
  }
  return AICC_OK;
}

// Makes the workspace at least `bytes` large; it never shrinks, so a run at a size seen before
// allocates nothing.
int reserveWorkspace(aicc_session &s, uint64_t bytes) {
  if (bytes <= s.workspaceBytes) return AICC_OK;
  // aligned_alloc wants a multiple of the alignment.
  uint64_t rounded = (bytes + 63) / 64 * 64;
  void *grown = std::aligned_alloc(64, rounded);
  if (!grown)
    return fail(AICC_ERR_OUT_OF_MEMORY,
                "model '" + s.model->path + "': cannot allocate a " + std::to_string(bytes) + "-byte workspace");
  std::free(s.workspace);
  s.workspace = grown;
  s.workspaceBytes = rounded;
  return AICC_OK;
}

int createSession(aicc_model *model, aicc_session **out) {
  if (!out) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_create: out is null");
  *out = nullptr;
  if (!model) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_create: model is null");

  auto session = std::make_unique<aicc_session>();
  retain(model);
  session->model = model;
  const aicc_artifact_info &info = *model->info;
  session->inputPointers.resize(info.num_inputs);
  session->outputPointers.resize(info.num_outputs);
  session->binding = std::make_unique<RunBinding>(*model);
  session->runOutputs = std::make_unique<RunOutputs>(*model, *session->binding);
  session->valueTensors.resize(info.num_inputs);
  session->outputLists.resize(info.num_outputs);
  session->outputElements.resize(info.num_outputs);
  if (int status = reserveWorkspace(*session, info.workspace_bytes); status != AICC_OK) return status;
  if (int status = initState(*session, &session->state); status != AICC_OK) return status;
  *out = session.release();
  return AICC_OK;
}

int setNumThreads(aicc_session *s, int32_t numThreads) {
  if (!s) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_set_num_threads: session is null");
  if (numThreads < 0)
    return fail(AICC_ERR_INVALID_ARGUMENT,
                "aicc_session_set_num_threads: thread count must be >= 0, got " + std::to_string(numThreads));
  if (numThreads == s->rt.num_threads) return AICC_OK;
  // Build the new state before dropping the old one, so that a failure leaves the session usable.
  const int32_t previous = s->rt.num_threads;
  s->rt.num_threads = numThreads;
  void *fresh = nullptr;
  if (int status = initState(*s, &fresh); status != AICC_OK) {
    s->rt.num_threads = previous;
    return status;
  }
  s->model->fini(s->state);
  s->state = fresh;
  return AICC_OK;
}

int setBatchInvariant(aicc_session *s, int enabled) {
  if (!s) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_set_batch_invariant: session is null");
  const int32_t wanted = enabled ? 1 : 0;
  if (wanted == s->rt.batch_invariant) return AICC_OK;
  // As for the thread count: the new state first, so that a failure leaves the session usable.
  s->rt.batch_invariant = wanted;
  void *fresh = nullptr;
  if (int status = initState(*s, &fresh); status != AICC_OK) {
    s->rt.batch_invariant = 1 - wanted;
    return status;
  }
  s->model->fini(s->state);
  s->state = fresh;
  return AICC_OK;
}

// Generated code writes outputs while it still reads inputs (and other outputs), so no output may
// share bytes with an input or another output: that would be a silent wrong answer. span(o) is
// where output o may be written, as a pointer and its bytes.
template <typename OutputSpan>
int checkOutputsAreSeparate(const aicc_tensor *inputs, const aicc_artifact_info &info, OutputSpan span) {
  auto overlap = [](std::pair<const void *, size_t> a, std::pair<const void *, size_t> b) {
    const auto *pa = static_cast<const char *>(a.first), *pb = static_cast<const char *>(b.first);
    return a.second && b.second && pa < pb + b.second && pb < pa + a.second;
  };
  for (int32_t o = 0; o < info.num_outputs; ++o) {
    // The inputs' shapes are checked already.
    for (int32_t i = 0; i < info.num_inputs; ++i)
      if (overlap(span(o), {inputs[i].data, byteSize(inputs[i].dtype, inputs[i].rank, inputs[i].shape)}))
        return fail(AICC_ERR_INVALID_ARGUMENT, std::string("output '") + info.outputs[o].name + "' overlaps input '" +
                                                   info.inputs[i].name + "': outputs need buffers of their own");
    for (int32_t p = 0; p < o; ++p)
      if (overlap(span(o), span(p)))
        return fail(AICC_ERR_INVALID_ARGUMENT, std::string("output '") + info.outputs[o].name + "' overlaps output '" +
                                                   info.outputs[p].name + "': outputs need buffers of their own");
  }
  return AICC_OK;
}

// The first data dim of data-shaped output `o`, as its index and its name, for messages.
std::pair<std::string, std::string> dataDim(const aicc_model &model, int32_t o) {
  const int d = model.firstDataDim[o];
  return {std::to_string(d), model.info->outputs[o].dim_names[d]};
}

// The session's lists, rewound for a new run: the previous run's lists and elements are gone.
Lists &rewoundLists(aicc_session &s) {
  Lists &lists = *listsOf(s.state);
  lists.reset();
  return lists;
}

// Runs the artifact on the session's input and output pointers, for the run whose inputs the checks
// have bound: with symbolic dims, first the run dims and the workspace. The pointers of sequence
// inputs and outputs are set already; the tensor inputs are `inputs`'.
int execute(aicc_session &s, const aicc_tensor *inputs) {
  const aicc_model &model = *s.model;
  const aicc_artifact_info &info = *model.info;
  if (!model.symbols.empty()) {
    s.rt.run_dims = s.binding->runDims();
    if (int status = reserveWorkspace(s, model.workspaceBytesFor(s.rt.run_dims)); status != AICC_OK) return status;
  }
  for (int32_t i = 0; i < info.num_inputs; ++i)
    if (model.isTensorInput(i)) s.inputPointers[i] = inputs[i].data;

  ScopedOmpThreads threads(s.rt.num_threads);
  clearKernelLastError();
  const auto start = s.rt.profile ? Profile::Clock::now() : Profile::Clock::time_point();
  const int code = model.run(s.state, s.inputPointers.data(), s.outputPointers.data(), s.workspace);
  if (s.rt.profile) s.rt.profile->addRun(Profile::Clock::now() - start);
  if (code != 0) return fail(AICC_ERR_RUN, "model '" + model.path + "': " + artifactError("run", code));
  return AICC_OK;
}

const char *kindName(int32_t kind) {
  switch (kind) {
  case AICC_VALUE_SEQUENCE: return "a sequence";
  case AICC_VALUE_OPTIONAL_SEQUENCE: return "an optional sequence";
  case AICC_VALUE_OPTIONAL_TENSOR: return "an optional tensor";
  default: return "a tensor";
  }
}

// Refuses a model with a sequence or optional input or output, which only aicc_session_run_values
// runs.
int refuseSequences(const aicc_model &model) {
  const aicc_artifact_info &info = *model.info;
  auto refuse = [](const char *side, const aicc_tensor_info &e, int32_t kind) {
    return fail(AICC_ERR_INVALID_ARGUMENT, std::string(side) + " '" + e.name + "' is " + kindName(kind) +
                                               ": run the model with aicc_session_run_values");
  };
  for (int32_t i = 0; i < info.num_inputs; ++i)
    if (!model.isTensorInput(i)) return refuse("input", info.inputs[i], model.inputKinds[i]);
  for (int32_t o = 0; o < info.num_outputs; ++o)
    if (!model.isTensorOutput(o)) return refuse("output", info.outputs[o], model.outputKinds[o]);
  return AICC_OK;
}

int run(aicc_session *s, const aicc_tensor *inputs, int32_t numInputs, const aicc_tensor *outputs, int32_t numOutputs) {
  if (!s) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_run: session is null");
  if (int status = refuseSequences(*s->model)) return status;
  const aicc_artifact_info &info = *s->model->info;
  for (int32_t o = 0; o < info.num_outputs; ++o)
    if (s->model->isDataShaped(o)) {
      auto [dim, name] = dataDim(*s->model, o);
      return fail(AICC_ERR_INVALID_ARGUMENT, std::string("output '") + info.outputs[o].name +
                                                 "' has a shape known only after the run (dim " + dim + ", '" + name +
                                                 "'): run with aicc_session_run_outputs");
    }
  if (int status = bindInputs(*s->model, inputs, numInputs, *s->binding, s->symbolSources)) return status;
  if (int status = checkOutputs(*s->model, outputs, numOutputs, *s->binding)) return status;
  if (int status = checkOutputsAreSeparate(inputs, info, [&](int32_t o) {
    return std::pair<const void *, size_t>(outputs[o].data,
                                           byteSize(outputs[o].dtype, outputs[o].rank, outputs[o].shape));
  }))
    return status;
  for (int32_t o = 0; o < numOutputs; ++o) s->outputPointers[o] = outputs[o].data;
  rewoundLists(*s);
  return execute(*s, inputs);
}

// Places the outputs whose shapes the checked inputs give, runs the artifact (which places the
// data-shaped ones and sets the sequence outputs' lists) and checks that it produced every tensor
// output. The placement's caller buffers are set, the sequence inputs' lists made.
int executePlaced(aicc_session &s, const aicc_tensor *inputs) {
  const aicc_model &model = *s.model;
  const aicc_artifact_info &info = *model.info;
  RunOutputs &placed = *s.runOutputs;
  for (int32_t o = 0; o < info.num_outputs; ++o) {
    s.outputPointers[o] = nullptr;
    if (!model.isTensorOutput(o)) {
      s.outputLists[o] = nullptr;
      s.outputPointers[o] = &s.outputLists[o];
      continue;
    }
    if (model.isDataShaped(o)) continue; // placed when the artifact asks for it
    const aicc_tensor_info &e = info.outputs[o];
    RunOutputs::Output &out = placed.outputs[o];
    const int64_t *dims = s.binding->outputDims(o);
    std::copy(dims, dims + e.rank, out.dims.begin());
    size_t bytes = 0;
    if (!checkedByteSize(e.dtype, e.rank, out.dims.data(), bytes))
      return fail(AICC_ERR_INVALID_ARGUMENT, std::string("output '") + e.name + "': its shape " +
                                                 shapeString(e.rank, out.dims.data()) +
                                                 " has more bytes than memory holds");
    s.outputPointers[o] = placed.place(o, bytes);
    if (!s.outputPointers[o])
      return fail(AICC_ERR_OUT_OF_MEMORY, "model '" + model.path + "': cannot allocate " + std::to_string(bytes) +
                                              " bytes for output '" + e.name + "'");
  }

  s.rt.outputs = &placed;
  const int status = execute(s, inputs);
  s.rt.outputs = nullptr;
  if (status != AICC_OK) return status;
  for (int32_t o = 0; o < info.num_outputs; ++o)
    if (model.isTensorOutput(o) && !placed.outputs[o].data)
      return fail(AICC_ERR_RUN,
                  "model '" + model.path + "': the artifact did not produce output '" + info.outputs[o].name + "'");
  return AICC_OK;
}

int runOutputs(aicc_session *s, const aicc_tensor *inputs, int32_t numInputs, aicc_output *outputs,
               int32_t numOutputs) {
  if (!s) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_run_outputs: session is null");
  const aicc_model &model = *s->model;
  const aicc_artifact_info &info = *model.info;
  if (int status = refuseSequences(model)) return status;
  if (int status = bindInputs(model, inputs, numInputs, *s->binding, s->symbolSources)) return status;
  if (int status = checkCount("output", outputs, numOutputs, info.outputs, info.num_outputs)) return status;
  RunOutputs &placed = *s->runOutputs;
  for (int32_t o = 0; o < numOutputs; ++o) {
    const aicc_output &given = outputs[o];
    const aicc_tensor_info &e = info.outputs[o];
    if (!given.shape && e.rank > 0)
      return fail(AICC_ERR_INVALID_ARGUMENT, std::string("output '") + e.name + "': shape is null (it needs room for " +
                                                 std::to_string(e.rank) + " dims)");
    // A pointer into a session buffer is what an earlier run left in the entry: the caller gave no
    // buffer of their own.
    RunOutputs::Output &out = placed.outputs[o];
    const bool theirs = given.data && placed.sessionBufferOverlapping(given.data, 1) < 0;
    out.callerData = theirs ? given.data : nullptr;
    out.callerCapacity = theirs ? given.capacity : 0;
    out.data = nullptr;
  }
  if (int status = checkOutputsAreSeparate(inputs, info, [&](int32_t o) {
    return std::pair<const void *, size_t>(placed.outputs[o].callerData, placed.outputs[o].callerCapacity);
  }))
    return status;
  // The run overwrites the session's buffers, and growing one frees it.
  for (int32_t i = 0; i < numInputs; ++i)
    if (int32_t o =
            placed.sessionBufferOverlapping(inputs[i].data, byteSize(inputs[i].dtype, inputs[i].rank, inputs[i].shape));
        o >= 0)
      return fail(AICC_ERR_INVALID_ARGUMENT, std::string("input '") + info.inputs[i].name +
                                                 "' is in the session's buffer for output '" + info.outputs[o].name +
                                                 "', which this run overwrites: copy it first");

  rewoundLists(*s);
  if (int status = executePlaced(*s, inputs)) return status;
  for (int32_t o = 0; o < numOutputs; ++o) {
    const RunOutputs::Output &out = placed.outputs[o];
    std::copy(out.dims.begin(), out.dims.end(), outputs[o].shape);
    outputs[o].data = out.data;
    outputs[o].session_owned = out.data != out.callerData;
  }
  return AICC_OK;
}

// Checks the elements of sequence input `i` of aicc_session_run_values against its element info:
// as a tensor input is checked, but a symbolic dim is each element's own size.
bool isOptional(int32_t kind) { return kind == AICC_VALUE_OPTIONAL_SEQUENCE || kind == AICC_VALUE_OPTIONAL_TENSOR; }

// A sequence or optional input as the artifact takes it, a sequence: an optional tensor is one of
// that tensor alone.
aicc_value asSequence(int32_t kind, const aicc_value &v) {
  if (kind != AICC_VALUE_OPTIONAL_TENSOR || !v.present) return v;
  return aicc_value{1, aicc_tensor{}, 1, &v.tensor};
}

int checkSequence(const aicc_model &model, int32_t i, const aicc_value &v) {
  const aicc_tensor_info &e = model.info->inputs[i];
  auto which = [&] { return std::string("input '") + e.name + "'"; };
  if (v.length < 0 || (v.length > 0 && !v.elements))
    return fail(AICC_ERR_INVALID_ARGUMENT,
                which() + ": " +
                    (v.length < 0 ? "negative length " + std::to_string(v.length)
                                  : "elements is null for length " + std::to_string(v.length)));
  const bool anyRank = e.rank == AICC_RANK_ANY;
  for (int64_t k = 0; k < v.length; ++k) {
    const aicc_tensor &t = v.elements[k];
    auto element = [&] {
      return model.inputKinds[i] == AICC_VALUE_OPTIONAL_TENSOR ? which() : which() + " element " + std::to_string(k);
    };
    if (t.dtype != e.dtype) return dtypeMismatch(element(), t, e);
    bool fits = (anyRank ? t.rank >= 0 : t.rank == e.rank) && (t.rank == 0 || t.shape);
    for (int32_t d = 0; fits && d < t.rank; ++d)
      fits = t.shape[d] >= 0 && (anyRank || e.shape[d] < 0 || t.shape[d] == e.shape[d]);
    if (!fits)
      return fail(AICC_ERR_INVALID_ARGUMENT, element() + ": expected shape " +
                                                 (anyRank ? std::string("of any rank") : declaredShape(e)) + ", got " +
                                                 givenShape(t));
    if (!t.data && byteSize(t.dtype, t.rank, t.shape) != 0)
      return fail(AICC_ERR_INVALID_ARGUMENT, element() + ": data is null");
  }
  return AICC_OK;
}

// The memory of the session's that a run of aicc_session_run_values rewrites and [p, p + bytes)
// overlaps, for messages; empty if none.
std::string rewrittenMemory(aicc_session &s, const void *p, size_t bytes) {
  if (int32_t o = s.runOutputs->sessionBufferOverlapping(p, bytes); o >= 0)
    return std::string("the session's buffer for output '") + s.model->info->outputs[o].name + "'";
  if (listsOf(s.state)->holds(p, bytes)) return "the session's sequences";
  // The shapes and element arrays the last run's outputs point to.
  auto overlaps = [&](const void *begin, size_t size) {
    const char *a = static_cast<const char *>(p), *b = static_cast<const char *>(begin);
    return bytes && size && a < b + size && b < a + bytes;
  };
  const aicc_artifact_info &info = *s.model->info;
  for (int32_t o = 0; o < info.num_outputs; ++o) {
    const std::vector<int64_t> &dims = s.runOutputs->outputs[o].dims;
    const std::vector<aicc_tensor> &elements = s.outputElements[o];
    if (overlaps(dims.data(), dims.size() * sizeof(int64_t)) ||
        overlaps(elements.data(), elements.size() * sizeof(aicc_tensor)))
      return std::string("the session's shapes for output '") + info.outputs[o].name + "'";
  }
  return std::string();
}

// The element info's check of an output sequence's element: what generated code set.
bool fitsElementInfo(const aicc_tensor_info &e, const ListElement &element) {
  if (e.rank == AICC_RANK_ANY) return true;
  bool fits = element.rank == e.rank;
  for (int32_t d = 0; fits && d < e.rank; ++d) fits = e.shape[d] < 0 || element.dims[d] == e.shape[d];
  return fits;
}

int runValues(aicc_session *s, const aicc_value *inputs, int32_t numInputs, aicc_value *outputs, int32_t numOutputs) {
  if (!s) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_run_values: session is null");
  const aicc_model &model = *s->model;
  const aicc_artifact_info &info = *model.info;
  if (int status = checkCount("input", inputs, numInputs, info.inputs, info.num_inputs)) return status;
  if (int status = checkCount("output", outputs, numOutputs, info.outputs, info.num_outputs)) return status;
  for (int32_t i = 0; i < numInputs; ++i) {
    const aicc_value &v = inputs[i];
    if (!v.present && !isOptional(model.inputKinds[i]))
      return fail(AICC_ERR_INVALID_ARGUMENT, std::string("input '") + info.inputs[i].name +
                                                 "' is absent (present is 0), which only an optional may be");
    if (v.present && !model.isTensorInput(i))
      if (int status = checkSequence(model, i, asSequence(model.inputKinds[i], v))) return status;
    s->valueTensors[i] = model.isTensorInput(i) ? v.tensor : aicc_tensor{};
  }
  if (int status = bindInputs(model, s->valueTensors.data(), numInputs, *s->binding, s->symbolSources)) return status;

  // The run rewrites the session's output buffers and rewinds its lists.
  auto inRewrittenMemory = [&](const std::string &which, const void *p, size_t bytes) {
    std::string where = rewrittenMemory(*s, p, bytes);
    return where.empty() ? AICC_OK
                         : fail(AICC_ERR_INVALID_ARGUMENT,
                                which + " is in " + where + ", which this run overwrites: copy it first");
  };
  for (int32_t i = 0; i < numInputs; ++i) {
    const aicc_value &v = inputs[i];
    const std::string which = std::string("input '") + info.inputs[i].name + "'";
    auto check = [&](const std::string &tensor, const aicc_tensor &t) {
      if (int status = inRewrittenMemory(tensor, t.data, byteSize(t.dtype, t.rank, t.shape))) return status;
      return inRewrittenMemory(tensor + " shape", t.shape, t.rank * sizeof(int64_t));
    };
    if (model.isTensorInput(i)) {
      if (int status = check(which, v.tensor)) return status;
      continue;
    }
    if (model.inputKinds[i] == AICC_VALUE_OPTIONAL_TENSOR) {
      if (int status = v.present ? check(which, v.tensor) : AICC_OK) return status;
      continue;
    }
    for (int64_t k = 0; v.present && k < v.length; ++k)
      if (int status = check(which + " element " + std::to_string(k), v.elements[k])) return status;
  }

  Lists &lists = rewoundLists(*s);
  for (int32_t i = 0; i < numInputs; ++i)
    if (!model.isTensorInput(i)) {
      const aicc_value v = asSequence(model.inputKinds[i], inputs[i]);
      s->inputPointers[i] = v.present ? lists.fromTensors(v.elements, v.length) : nullptr;
    }
  RunOutputs &placed = *s->runOutputs;
  for (RunOutputs::Output &out : placed.outputs) {
    out.callerData = nullptr;
    out.callerCapacity = 0;
    out.data = nullptr;
  }
  if (int status = executePlaced(*s, s->valueTensors.data())) return status;

  // Every element in the session's memory, before any entry is written.
  for (int32_t o = 0; o < numOutputs; ++o) {
    const aicc_list *list = s->outputLists[o];
    if (model.isTensorOutput(o) || (!list && isOptional(model.outputKinds[o]))) continue;
    const aicc_tensor_info &e = info.outputs[o];
    if (!list)
      return fail(AICC_ERR_RUN, "model '" + model.path + "': the artifact did not produce output '" + e.name + "'");
    if (model.outputKinds[o] == AICC_VALUE_OPTIONAL_TENSOR && list->length != 1)
      return fail(AICC_ERR_RUN, "model '" + model.path + "': the artifact gave optional tensor output '" + e.name +
                                    "' as " + std::to_string(list->length) + " tensors");
    std::vector<aicc_tensor> &elements = s->outputElements[o];
    elements.resize(list->length);
    for (int64_t k = 0; k < list->length; ++k) {
      const ListElement &element = Lists::element(list, k);
      if (!fitsElementInfo(e, element))
        return fail(AICC_ERR_RUN, "model '" + model.path + "': output '" + e.name + "' element " + std::to_string(k) +
                                      " has shape " + shapeString(element.rank, element.dims) + ", not " +
                                      declaredShape(e));
      // The element's dtype is how generated code stores it (unsigned as signed); the caller
      // sees the model's.
      elements[k] = aicc_tensor{e.dtype, element.rank, element.dims, const_cast<void *>(lists.ownedData(element))};
    }
  }
  for (int32_t o = 0; o < numOutputs; ++o) {
    const aicc_tensor_info &e = info.outputs[o];
    if (model.isTensorOutput(o)) {
      const RunOutputs::Output &out = placed.outputs[o];
      outputs[o] = aicc_value{1, aicc_tensor{e.dtype, e.rank, out.dims.data(), out.data}, 0, nullptr};
    } else if (!s->outputLists[o]) {
      outputs[o] = aicc_value{0, aicc_tensor{}, 0, nullptr};
    } else if (model.outputKinds[o] == AICC_VALUE_OPTIONAL_TENSOR) {
      outputs[o] = aicc_value{1, s->outputElements[o][0], 0, nullptr};
    } else {
      const std::vector<aicc_tensor> &elements = s->outputElements[o];
      outputs[o] = aicc_value{1, aicc_tensor{}, static_cast<int64_t>(elements.size()), elements.data()};
    }
  }
  return AICC_OK;
}

int outputShape(const aicc_model *model, const aicc_tensor *inputs, int32_t numInputs, int32_t index, int64_t *shape) {
  if (!model) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_model_output_shape: model is null");
  const aicc_artifact_info &info = *model->info;
  if (index < 0 || index >= info.num_outputs)
    return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_model_output_shape: output " + std::to_string(index) +
                                               " does not exist (the model has " + std::to_string(info.num_outputs) +
                                               ")");
  if (!model->isTensorOutput(index))
    return fail(AICC_ERR_INVALID_ARGUMENT, std::string("output '") + info.outputs[index].name + "' is " +
                                               kindName(model->outputKinds[index]) +
                                               ": its shape is known only after the run "
                                               "(aicc_session_run_values)");
  if (model->isDataShaped(index)) {
    auto [dim, name] = dataDim(*model, index);
    return fail(AICC_ERR_INVALID_ARGUMENT, std::string("output '") + info.outputs[index].name + "' dim " + dim + " ('" +
                                               name + "') is known only after the run");
  }
  if (!shape && info.outputs[index].rank > 0)
    return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_model_output_shape: shape is null");
  RunBinding binding(*model);
  SymbolSources boundBy;
  if (int status = bindInputs(*model, inputs, numInputs, binding, boundBy, /*needsData=*/false)) return status;
  const int64_t *dims = binding.outputDims(index);
  std::copy(dims, dims + info.outputs[index].rank, shape);
  return AICC_OK;
}

int setProfiling(aicc_session *s, int enabled) {
  if (!s) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_set_profiling: session is null");
  if (!enabled) {
    s->rt.profile = nullptr;
    return AICC_OK;
  }
  if (!s->profile) s->profile = std::make_unique<Profile>();
  s->profile->clear();
  s->rt.profile = s->profile.get();
  return AICC_OK;
}

int getProfile(aicc_session *s, aicc_profile *out) {
  if (!s || !out)
    return fail(AICC_ERR_INVALID_ARGUMENT,
                std::string("aicc_session_get_profile: ") + (s ? "out" : "session") + " is null");
  *out = s->profile ? s->profile->view() : aicc_profile{0, 0.0, 0, nullptr};
  return AICC_OK;
}

} // namespace
} // namespace aicc::rt

extern "C" {

int aicc_session_create(aicc_model *model, aicc_session **out) {
  try {
    return aicc::rt::createSession(model, out);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_session_create: out of memory");
  }
}

void aicc_session_free(aicc_session *session) { delete session; }

int aicc_session_set_num_threads(aicc_session *session, int32_t numThreads) {
  try {
    return aicc::rt::setNumThreads(session, numThreads);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_session_set_num_threads: out of memory");
  }
}

int aicc_session_set_batch_invariant(aicc_session *session, int enabled) {
  try {
    return aicc::rt::setBatchInvariant(session, enabled);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_session_set_batch_invariant: out of memory");
  }
}

int32_t aicc_session_num_threads(const aicc_session *session) {
  if (session && session->rt.num_threads > 0) return session->rt.num_threads;
  return omp_get_max_threads();
}

int aicc_session_run(aicc_session *session, const aicc_tensor *inputs, int32_t numInputs, const aicc_tensor *outputs,
                     int32_t numOutputs) {
  // Only the error paths allocate (message strings).
  try {
    return aicc::rt::run(session, inputs, numInputs, outputs, numOutputs);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_session_run: out of memory");
  }
}

int aicc_session_run_outputs(aicc_session *session, const aicc_tensor *inputs, int32_t numInputs, aicc_output *outputs,
                             int32_t numOutputs) {
  // Only the error paths allocate (message strings), and the session's buffers when they grow.
  try {
    return aicc::rt::runOutputs(session, inputs, numInputs, outputs, numOutputs);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_session_run_outputs: out of memory");
  }
}

int aicc_session_run_values(aicc_session *session, const aicc_value *inputs, int32_t numInputs, aicc_value *outputs,
                            int32_t numOutputs) {
  // Allocates the error messages, and the session's memory when a run needs more than any before.
  try {
    return aicc::rt::runValues(session, inputs, numInputs, outputs, numOutputs);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_session_run_values: out of memory");
  }
}

int aicc_model_output_shape(const aicc_model *model, const aicc_tensor *inputs, int32_t numInputs, int32_t index,
                            int64_t *shape) {
  try {
    return aicc::rt::outputShape(model, inputs, numInputs, index, shape);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_model_output_shape: out of memory");
  }
}

int aicc_session_set_profiling(aicc_session *session, int enabled) {
  try {
    return aicc::rt::setProfiling(session, enabled);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_session_set_profiling: out of memory");
  }
}

int aicc_session_get_profile(aicc_session *session, aicc_profile *out) {
  try {
    return aicc::rt::getProfile(session, out);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_session_get_profile: out of memory");
  }
}

} // extern "C"
