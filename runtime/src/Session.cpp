// aicc_session: the artifact's per-thread state, its workspace and the checks every run makes
// before handing raw pointers to generated code (which trusts them completely).
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "LastError.h"
#include "ModelArtifact.h"
#include "Profile.h"
#include "RuntimeContext.h"
#include "aicc/cpu_kernels.h"
#include "aicc/runtime.h"
#include "cpu/KernelLastError.h"

struct aicc_session {
  aicc_model *model = nullptr; // holds a reference
  aicc_rt rt;
  void *state = nullptr;     // from the artifact's init
  void *workspace = nullptr; // 64-byte aligned, info->workspace_bytes
  // Reused by every run, so that a run allocates nothing.
  std::vector<const void *> inputPointers;
  std::vector<void *> outputPointers;
  // Allocated when profiling first starts; rt.profile points here while it is on.
  std::unique_ptr<aicc::rt::Profile> profile;

  ~aicc_session() {
    if (state)
      model->fini(state);
    std::free(workspace);
    aicc::rt::release(model);
  }
};

namespace aicc::rt {
namespace {

std::string shapeString(int32_t rank, const int64_t *shape) {
  std::string s = "[";
  for (int32_t d = 0; d < rank; ++d)
    s += (d ? "," : "") + std::to_string(shape[d]);
  return s + "]";
}

// The artifact's reason for a failed init/run: its kernels leave one in aicc_kernel_last_error().
std::string artifactError(const char *what, int code) {
  std::string message = aicc_kernel_last_error();
  if (message.empty())
    message = "error code " + std::to_string(code);
  return std::string(what) + " failed: " + message;
}

// Runs the artifact's init under the session's thread count. On failure leaves *state null.
int initState(aicc_session &s, void **state) {
  ScopedOmpThreads threads(s.rt.num_threads);
  cpu::clearKernelLastError();
  *state = nullptr;
  if (int code = s.model->init(&s.rt, state); code != 0) {
    if (*state)
      s.model->fini(*state);
    *state = nullptr;
    return fail(AICC_ERR_INIT, "model '" + s.model->path + "': " + artifactError("init", code));
  }
  return AICC_OK;
}

// A caller's rank beyond this is garbage, not a shape worth printing.
constexpr int32_t kMaxRankShown = 64;

// The bytes of a tensor of the artifact's dtype and shape (its dtypes are known: checked at load).
size_t byteSize(const aicc_tensor_info &info) {
  size_t bytes = aicc_dtype_size(info.dtype);
  for (int32_t d = 0; d < info.rank; ++d)
    bytes *= static_cast<size_t>(info.shape[d]);
  return bytes;
}

// Checks one side (inputs or outputs) of a run against the artifact's description.
int checkTensors(const char *side, const aicc_tensor *given, int32_t givenCount,
                 const aicc_tensor_info *expected, int32_t expectedCount) {
  if (givenCount != expectedCount || (givenCount > 0 && !given)) {
    std::string names;
    for (int32_t i = 0; i < expectedCount; ++i)
      names += (i ? ", " : "") + std::string(expected[i].name);
    return fail(AICC_ERR_INVALID_ARGUMENT,
                "expected " + std::to_string(expectedCount) + " " + side +
                    (expectedCount == 1 ? "" : "s") + " (" + names + "), got " +
                    (givenCount > 0 && !given ? "a null array" : std::to_string(givenCount)));
  }
  for (int32_t i = 0; i < givenCount; ++i) {
    const aicc_tensor &t = given[i];
    const aicc_tensor_info &e = expected[i];
    // Built only on failure: a run that passes its checks allocates nothing.
    auto which = [&] { return std::string(side) + " '" + e.name + "'"; };
    if (t.dtype != e.dtype)
      return fail(AICC_ERR_INVALID_ARGUMENT,
                  which() + ": expected dtype " + aicc_dtype_name(e.dtype) + ", got " +
                      aicc_dtype_name(t.dtype) + " (" + std::to_string(t.dtype) + ")");
    bool sameShape = t.rank == e.rank && (t.rank == 0 || t.shape);
    for (int32_t d = 0; sameShape && d < t.rank; ++d)
      sameShape = t.shape[d] == e.shape[d];
    if (!sameShape) {
      std::string got = t.rank < 0 || t.rank > kMaxRankShown ? "rank " + std::to_string(t.rank)
                        : t.rank > 0 && !t.shape             ? "a null shape"
                                                             : shapeString(t.rank, t.shape);
      return fail(AICC_ERR_INVALID_ARGUMENT,
                  which() + ": expected shape " + shapeString(e.rank, e.shape) + ", got " + got);
    }
    if (!t.data && byteSize(e) != 0)
      return fail(AICC_ERR_INVALID_ARGUMENT, which() + ": data is null");
  }
  return AICC_OK;
}

int createSession(aicc_model *model, aicc_session **out) {
  if (!out)
    return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_create: out is null");
  *out = nullptr;
  if (!model)
    return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_create: model is null");

  auto session = std::make_unique<aicc_session>();
  retain(model);
  session->model = model;
  const aicc_artifact_info &info = *model->info;
  session->inputPointers.resize(info.num_inputs);
  session->outputPointers.resize(info.num_outputs);
  if (info.workspace_bytes > 0) {
    // aligned_alloc wants a multiple of the alignment.
    uint64_t bytes = (info.workspace_bytes + 63) / 64 * 64;
    session->workspace = std::aligned_alloc(64, bytes);
    if (!session->workspace)
      return fail(AICC_ERR_OUT_OF_MEMORY, "model '" + model->path + "': cannot allocate its " +
                                              std::to_string(info.workspace_bytes) +
                                              "-byte workspace");
  }
  if (int status = initState(*session, &session->state); status != AICC_OK)
    return status;
  *out = session.release();
  return AICC_OK;
}

int setNumThreads(aicc_session *s, int32_t numThreads) {
  if (!s)
    return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_set_num_threads: session is null");
  if (numThreads < 0)
    return fail(AICC_ERR_INVALID_ARGUMENT,
                "aicc_session_set_num_threads: thread count must be >= 0, got " +
                    std::to_string(numThreads));
  if (numThreads == s->rt.num_threads)
    return AICC_OK;
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

// Generated code writes outputs while it still reads inputs (and other outputs), so no output may
// share bytes with an input or another output: that would be a silent wrong answer.
int checkOutputsAreSeparate(const aicc_tensor *inputs, const aicc_tensor *outputs, const aicc_artifact_info &info) {
  auto overlap = [](const aicc_tensor &a, const aicc_tensor_info &ai, const aicc_tensor &b, const aicc_tensor_info &bi) {
    const auto *pa = static_cast<const char *>(a.data), *pb = static_cast<const char *>(b.data);
    size_t na = byteSize(ai), nb = byteSize(bi);
    return na && nb && pa < pb + nb && pb < pa + na;
  };
  for (int32_t o = 0; o < info.num_outputs; ++o) {
    for (int32_t i = 0; i < info.num_inputs; ++i)
      if (overlap(outputs[o], info.outputs[o], inputs[i], info.inputs[i]))
        return fail(AICC_ERR_INVALID_ARGUMENT, std::string("output '") + info.outputs[o].name +
                                                   "' overlaps input '" + info.inputs[i].name +
                                                   "': outputs need buffers of their own");
    for (int32_t p = 0; p < o; ++p)
      if (overlap(outputs[o], info.outputs[o], outputs[p], info.outputs[p]))
        return fail(AICC_ERR_INVALID_ARGUMENT, std::string("output '") + info.outputs[o].name +
                                                   "' overlaps output '" + info.outputs[p].name +
                                                   "': outputs need buffers of their own");
  }
  return AICC_OK;
}

int run(aicc_session *s, const aicc_tensor *inputs, int32_t numInputs, const aicc_tensor *outputs,
        int32_t numOutputs) {
  if (!s)
    return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_run: session is null");
  const aicc_artifact_info &info = *s->model->info;
  if (int status = checkTensors("input", inputs, numInputs, info.inputs, info.num_inputs))
    return status;
  if (int status = checkTensors("output", outputs, numOutputs, info.outputs, info.num_outputs))
    return status;
  if (int status = checkOutputsAreSeparate(inputs, outputs, info))
    return status;
  for (int32_t i = 0; i < numInputs; ++i)
    s->inputPointers[i] = inputs[i].data;
  for (int32_t i = 0; i < numOutputs; ++i)
    s->outputPointers[i] = outputs[i].data;

  ScopedOmpThreads threads(s->rt.num_threads);
  cpu::clearKernelLastError();
  const auto start = s->rt.profile ? Profile::Clock::now() : Profile::Clock::time_point();
  const int code = s->model->run(s->state, s->inputPointers.data(), s->outputPointers.data(), s->workspace);
  if (s->rt.profile)
    s->rt.profile->addRun(Profile::Clock::now() - start);
  if (code != 0)
    return fail(AICC_ERR_RUN, "model '" + s->model->path + "': " + artifactError("run", code));
  return AICC_OK;
}

int setProfiling(aicc_session *s, int enabled) {
  if (!s)
    return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_session_set_profiling: session is null");
  if (!enabled) {
    s->rt.profile = nullptr;
    return AICC_OK;
  }
  if (!s->profile)
    s->profile = std::make_unique<Profile>();
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

int32_t aicc_session_num_threads(const aicc_session *session) {
  if (session && session->rt.num_threads > 0)
    return session->rt.num_threads;
  return omp_get_max_threads();
}

int aicc_session_run(aicc_session *session, const aicc_tensor *inputs, int32_t numInputs,
                     const aicc_tensor *outputs, int32_t numOutputs) {
  // Only the error paths allocate (message strings).
  try {
    return aicc::rt::run(session, inputs, numInputs, outputs, numOutputs);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_session_run: out of memory");
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
