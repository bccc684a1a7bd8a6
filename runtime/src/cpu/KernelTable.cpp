// The C entry points of aicc/cpu_kernels.h: build a session's kernels from the artifact's table,
// share their scratch buffers, run them by index, place data-shaped outputs, stack scan rows,
// operate on lists and report the first failure; and, for the compiler, the same kernels'
// reordered weights (aicc_kernels_prepack). No exception crosses these functions: oneDNN and
// description errors become messages naming the kernel.
#include <cstdlib>
#include <mutex>
#include <new>
#include <optional>

#include <oneapi/dnnl/dnnl_debug.h>

#include "../Profile.h"
#include "../RunOutputs.h"
#include "../RuntimeContext.h"
#include "Kernel.h"
#include "KernelLastError.h"
#include "KernelTable.h"
#include "Lists.h"
#include "PackedFormat.h"
#include "ScanStacks.h"
#include "ShapeSpecificKernel.h"

namespace aicc::rt {
namespace {

const char *kindName(int64_t kind) {
  switch (kind) {
  case AICC_KERNEL_CONV: return "conv";
  case AICC_KERNEL_MATMUL: return "matmul";
  case AICC_KERNEL_POOL: return "pool";
  case AICC_KERNEL_DECONV: return "deconv";
  case AICC_KERNEL_REORDER: return "reorder";
  case AICC_KERNEL_RNN: return "rnn";
  case AICC_KERNEL_ATTENTION: return "attention";
  case AICC_KERNEL_QUANTIZED_CONV: return "quantized conv";
  case AICC_KERNEL_QUANTIZED_MATMUL: return "quantized matmul";
  case AICC_KERNEL_QUANTIZED_RNN: return "quantized rnn";
  default: return "unknown kind";
  }
}

// "kernel 3 (matmul, /encoder/layer.0/MatMul)", for messages.
std::string kernelName(int64_t index, int64_t kind, const char *node) {
  std::string name = "kernel " + std::to_string(index) + " (" + kindName(kind);
  if (kind < AICC_KERNEL_CONV || kind > AICC_KERNEL_QUANTIZED_RNN) name += " " + std::to_string(kind);
  if (node && *node) name += std::string(", ") + node;
  return name + ")";
}

std::string describe(const dnnl::error &e) {
  return std::string("oneDNN: ") + e.what() + " (" + dnnl_status2str(e.status) + ")";
}

struct AlignedFree {
  void operator()(void *p) const { std::free(p); }
};

struct KernelState {
  explicit KernelState(aicc_rt *rt) : rt(rt) {}

  aicc_rt *rt; // the session's context (null at compile time): its profile, if it records one
  dnnl::stream stream{cpuEngine()};
  // Per table entry, either its kernel or, for one that takes run values, its kernels per shape.
  std::vector<std::unique_ptr<Kernel>> kernels;
  std::vector<std::unique_ptr<ShapeSpecificKernel>> shapeSpecific;
  std::vector<int64_t> kinds;
  std::vector<const char *> names; // the artifact's, as in aicc_kernel_desc
  std::unique_ptr<void, AlignedFree> buffers[kNumScratchSlots];
  aicc::rt::ScanStacks scans;
  std::mutex errorMutex;  // guards failed and firstError: errors may come from a parallel loop's threads
  Lists lists;            // the current run's (Session.cpp resets them as each run starts)
  bool failed = false;    // since the last aicc_kernels_status
  std::string firstError; // what failed first; empty only if even the message could not be built

  // Records a run failure of kernel `index` (`dnnlStatus` set for a oneDNN error). Called from
  // catch handlers, so it must not throw.
  void recordFailure(int64_t index, const char *what, const char *dnnlStatus = nullptr) noexcept {
    record([&] {
      bool known = index >= 0 && index < static_cast<int64_t>(kinds.size());
      std::string message =
          (known ? kernelName(index, kinds[index], names[index]) : "kernel " + std::to_string(index)) + ": " +
          (dnnlStatus ? "oneDNN: " : "") + what;
      if (dnnlStatus) message += std::string(" (") + dnnlStatus + ")";
      return message;
    });
  }

  // Records the first failure since the last aicc_kernels_status, message() building its text; one
  // that is no kernel's (aicc_kernels_output) comes here directly.
  template <typename Message> void record(Message message) noexcept {
    std::lock_guard<std::mutex> lock(errorMutex);
    if (failed) return;
    failed = true;
    try {
      firstError = message();
    } catch (...) {
      firstError.clear();
    }
  }

  // Every kernel created so far.
  std::vector<Kernel *> allKernels() const {
    std::vector<Kernel *> all;
    for (const auto &kernel : kernels)
      if (kernel) all.push_back(kernel.get());
    for (const auto &perShape : shapeSpecific)
      if (perShape)
        for (Kernel *kernel : perShape->kernels()) all.push_back(kernel);
    return all;
  }

  // Gives each scratch slot one buffer, as large as its largest user, and points every user there.
  // A kernel created for a new shape may need more: the buffers then grow, and never shrink.
  void bindScratch() {
    std::vector<Kernel *> all = allKernels();
    size_t bytes[kNumScratchSlots] = {};
    for (Kernel *kernel : all)
      for (const Kernel::ScratchUse &use : kernel->scratchUses())
        bytes[int(use.slot)] = std::max(bytes[int(use.slot)], use.memory.get_desc().get_size());
    for (int slot = 0; slot < kNumScratchSlots; ++slot) {
      size_t rounded = (bytes[slot] + 63) / 64 * 64;
      if (rounded <= bufferBytes[slot]) continue;
      buffers[slot].reset(std::aligned_alloc(64, rounded));
      bufferBytes[slot] = buffers[slot] ? rounded : 0;
      if (!buffers[slot]) throw std::bad_alloc();
    }
    for (Kernel *kernel : all)
      for (const Kernel::ScratchUse &use : kernel->scratchUses())
        use.memory.set_data_handle(buffers[int(use.slot)].get());
  }

  // The kernel of entry `index` for this call's args (created for a new shape).
  Kernel &kernelFor(int64_t index, void *const *args) {
    if (kernels[index]) return *kernels[index];
    bool created = false;
    Kernel &kernel = shapeSpecific[index]->forRun(args, stream, created);
    if (created) bindScratch();
    return kernel;
  }

  size_t bufferBytes[kNumScratchSlots] = {};
};

int failCreate(std::string message) {
  setKernelLastError(std::move(message));
  return 1;
}

// For the outermost handlers, where a second exception (out of memory while building the message)
// would cross the C ABI: records "<entry>: <source><what>".
int failCreateNoThrow(const char *entry, const char *source, const char *what) noexcept {
  try {
    setKernelLastError(std::string(entry) + ": " + source + what);
  } catch (...) {
  }
  return 1;
}

// Runs the body of C entry point `entry` ("aicc_kernels_create", ...): no exception leaves it.
template <typename Body> int guarded(const char *entry, Body body) noexcept {
  try {
    return body();
  } catch (const dnnl::error &e) {
    return failCreateNoThrow(entry, "oneDNN: ", e.what());
  } catch (const std::bad_alloc &) {
    return failCreateNoThrow(entry, "", "out of memory");
  } catch (const std::exception &e) {
    return failCreateNoThrow(entry, "", e.what());
  } catch (...) {
    return failCreateNoThrow(entry, "", "unknown exception");
  }
}

int create(aicc_rt *rt, const aicc_kernel_desc *descs, int64_t count, void **stateOut) {
  if (!stateOut) return failCreate("aicc_kernels_create: state is null");
  *stateOut = nullptr;
  if (count < 0 || (count > 0 && !descs))
    return failCreate("aicc_kernels_create: invalid kernel table (" + std::to_string(count) + " entries at " +
                      (descs ? "non-null" : "null") + ")");
  // Primitives fix their work split for the thread count current at creation.
  rt::ScopedOmpThreads threads(rt ? rt->num_threads : 0);
  auto state = std::make_unique<KernelState>(rt);
  const KernelOptions options{rt && rt->batch_invariant};
  for (int64_t i = 0; i < count; ++i) {
    try {
      int64_t numRunValues = 0;
      if (ShapeSpecificKernel::takesRunValues(descs[i], &numRunValues)) {
        state->kernels.push_back(nullptr);
        state->shapeSpecific.push_back(std::make_unique<ShapeSpecificKernel>(descs[i], numRunValues, options));
      } else {
        state->kernels.push_back(createKernel(descs[i], state->stream, options));
        state->shapeSpecific.push_back(nullptr);
      }
      state->kinds.push_back(descs[i].kind);
      state->names.push_back(descs[i].name);
    } catch (const dnnl::error &e) {
      return failCreate(kernelName(i, descs[i].kind, descs[i].name) + ": " + describe(e));
    } catch (const KernelError &e) {
      return failCreate(kernelName(i, descs[i].kind, descs[i].name) + ": " + e.what());
    }
  }
  state->bindScratch();
  *stateOut = state.release();
  return 0;
}

// oneDNN's ISA for its name in aicc_kernels_prepack.
std::optional<dnnl::cpu_isa> isaNamed(const std::string &name) {
  using dnnl::cpu_isa;
  static const std::pair<const char *, cpu_isa> isas[] = {
      {"sse41", cpu_isa::sse41},
      {"avx", cpu_isa::avx},
      {"avx2", cpu_isa::avx2},
      {"avx2_vnni", cpu_isa::avx2_vnni},
      {"avx512_core", cpu_isa::avx512_core},
      {"avx512_core_vnni", cpu_isa::avx512_core_vnni},
      {"avx512_core_bf16", cpu_isa::avx512_core_bf16},
      {"avx512_core_amx", cpu_isa::avx512_core_amx},
  };
  for (const auto &[isaName, isa] : isas)
    if (name == isaName) return isa;
  return std::nullopt;
}

int prepack(const char *isaName, const aicc_kernel_desc *descs, int64_t count, aicc_pack_fn pack, void *context) {
  if (!pack) return failCreate("aicc_kernels_prepack: pack is null");
  if (isaName && *isaName) {
    std::optional<dnnl::cpu_isa> isa = isaNamed(isaName);
    if (!isa) return failCreate(std::string("aicc_kernels_prepack: unknown oneDNN ISA '") + isaName + "'");
    // Limits oneDNN to the target's instructions; where the host has fewer, oneDNN uses what the
    // host has and sessions on the target reorder what was packed for the host. oneDNN takes the
    // limit once per process, before its first kernel: a later compile for the same target finds
    // it in place.
    static std::mutex capGuard;
    static std::optional<dnnl::cpu_isa> cap;
    std::lock_guard<std::mutex> lock(capGuard);
    if (cap != isa) {
      if (cap || dnnl::set_max_cpu_isa(*isa) != dnnl::status::success)
        return failCreate(std::string("aicc_kernels_prepack: cannot limit oneDNN to '") + isaName +
                          "': it ran kernels in this process already");
      cap = isa;
    }
  }
  void *raw = nullptr;
  if (int status = create(nullptr, descs, count, &raw)) return status;
  std::unique_ptr<KernelState> state(static_cast<KernelState *>(raw));
  // A kernel that takes run values has no primitive before a run: its weights stay as they are.
  for (int64_t i = 0; i < count; ++i)
    if (state->kernels[i])
      for (const Kernel::PackedConstant &constant : state->kernels[i]->packedConstants())
        if (std::optional<aicc_packed_format> format = packedFormatOf(constant.memory.get_desc()))
          pack(context, i, constant.index, &*format, constant.memory.get_data_handle());
  return 0;
}

// Runs list operation `body(lists, error)` of C entry point `entry` ("aicc_kernels_list_at", ...):
// returns whether it succeeded, and records its failure (`error` set, or out of memory) if not.
template <typename Body> bool listOperation(void *statePtr, const char *entry, Body body) noexcept {
  auto *state = static_cast<KernelState *>(statePtr);
  if (!state) return false; // nowhere to record it; aicc_kernels_status(null) reports a null state
  try {
    std::string error;
    body(state->lists, error);
    if (error.empty()) return true;
    state->record([&] { return std::string(entry) + ": " + error; });
  } catch (...) {
    state->record([&] { return std::string(entry) + ": out of memory"; });
  }
  return false;
}

// Lists are immutable, but the C API hands them out as aicc_list * (cpu_kernels.h).
aicc_list *handOut(const aicc_list *list) { return const_cast<aicc_list *>(list); }

} // namespace

Lists *listsOf(void *kernelState) { return kernelState ? &static_cast<KernelState *>(kernelState)->lists : nullptr; }

rt::Profile *sessionProfile(void *kernelState) {
  auto *state = static_cast<KernelState *>(kernelState);
  return state && state->rt ? state->rt->profile : nullptr;
}

std::unique_ptr<Kernel> createKernel(const aicc_kernel_desc &desc, dnnl::stream &stream, const KernelOptions &options) {
  switch (desc.kind) {
  case AICC_KERNEL_CONV: return createConv(desc, stream, options);
  case AICC_KERNEL_MATMUL: return createMatMul(desc, stream);
  case AICC_KERNEL_POOL: return createPool(desc, stream);
  case AICC_KERNEL_DECONV: return createDeconv(desc, stream, options);
  case AICC_KERNEL_REORDER: return createReorder(desc, stream);
  case AICC_KERNEL_RNN: return createRnn(desc, stream);
  case AICC_KERNEL_ATTENTION: return createAttention(desc, stream);
  case AICC_KERNEL_QUANTIZED_CONV: return createQuantizedConv(desc, stream);
  case AICC_KERNEL_QUANTIZED_MATMUL: return createQuantizedMatMul(desc, stream);
  case AICC_KERNEL_QUANTIZED_RNN: return createQuantizedRnn(desc, stream);
  default:
    throw KernelError("expected kind 1 (conv), 2 (matmul), 3 (pool), 4 (deconv), 5 (reorder), 6 (rnn), 7 (attention), "
                      "8 (quantized conv), 9 (quantized matmul) or 10 (quantized rnn)");
  }
}

} // namespace aicc::rt

using aicc::rt::handOut;
using aicc::rt::KernelState;
using aicc::rt::listOperation;

extern "C" {

int aicc_kernels_create(aicc_rt *rt, const aicc_kernel_desc *descs, int64_t count, void **state) {
  return aicc::rt::guarded("aicc_kernels_create", [&] { return aicc::rt::create(rt, descs, count, state); });
}

int aicc_kernels_prepack(const char *isa, const aicc_kernel_desc *descs, int64_t count, aicc_pack_fn pack,
                         void *context) {
  return aicc::rt::guarded("aicc_kernels_prepack", [&] { return aicc::rt::prepack(isa, descs, count, pack, context); });
}

void aicc_kernels_destroy(void *state) { delete static_cast<KernelState *>(state); }

void aicc_kernel_run(void *statePtr, int64_t index, void *const *args) {
  auto *state = static_cast<KernelState *>(statePtr);
  if (!state) return; // nowhere to record it; aicc_kernels_status(null) reports a null state
  if (index < 0 || index >= static_cast<int64_t>(state->kernels.size()))
    return state->recordFailure(index, "index out of range of the kernel table");
  if (!args) return state->recordFailure(index, "args is null");
  aicc::rt::ScopedCallTimer timer(aicc::rt::sessionProfile(state), aicc::rt::kindName(state->kinds[index]),
                                  state->names[index], 0);
  try {
    state->kernelFor(index, args).run(state->stream, args);
  } catch (const dnnl::error &e) {
    state->recordFailure(index, e.what(), dnnl_status2str(e.status));
  } catch (const std::exception &e) {
    state->recordFailure(index, e.what());
  } catch (...) {
    state->recordFailure(index, "unknown exception");
  }
}

const int64_t *aicc_kernels_run_dims(void *statePtr) {
  auto *state = static_cast<KernelState *>(statePtr);
  return state && state->rt ? state->rt->run_dims : nullptr;
}

void *aicc_kernels_output(void *statePtr, int64_t index, const int64_t *dims) {
  auto *state = static_cast<KernelState *>(statePtr);
  if (!state) return nullptr; // nowhere to record it; aicc_kernels_status(null) reports a null state
  aicc::rt::RunOutputs *outputs = state->rt ? state->rt->outputs : nullptr;
  if (!outputs) {
    state->record([] {
      return std::string("aicc_kernels_output: no run of aicc_session_run_outputs or _run_values is in progress");
    });
    return nullptr;
  }
  try {
    std::string error;
    if (void *data = outputs->placeDataShaped(index, dims, error)) return data;
    state->record([&] { return std::move(error); });
  } catch (...) {
    // Only building a message allocates.
    state->record([] { return std::string("aicc_kernels_output: out of memory"); });
  }
  return nullptr;
}

void aicc_kernels_index_error(void *statePtr, const char *node, int64_t index, int64_t axis, int64_t size) {
  auto *state = static_cast<KernelState *>(statePtr);
  if (!state) return; // nowhere to record it; aicc_kernels_status(null) reports a null state
  state->record([&] {
    return std::string(node ? node : "an ONNX node") + ": index " + std::to_string(index) +
           " is out of range for axis " + std::to_string(axis) + " of size " + std::to_string(size);
  });
}

void *aicc_kernels_scan_row(void *statePtr, int64_t slot, int64_t index, int64_t rank, const int64_t *dims,
                            int64_t element_bytes) {
  auto *state = static_cast<KernelState *>(statePtr);
  if (!state) return nullptr;
  try {
    std::string error;
    if (void *row = state->scans.row(slot, index, rank, dims, element_bytes, error)) return row;
    state->record([&] { return std::move(error); });
  } catch (...) {
    state->record([] { return std::string("aicc_kernels_scan_row: out of memory"); });
  }
  return nullptr;
}

void *aicc_kernels_scan_rows(void *statePtr, int64_t slot, int64_t count, int64_t rank, int64_t *dims) {
  auto *state = static_cast<KernelState *>(statePtr);
  if (!state) return nullptr;
  try {
    std::string error;
    if (void *rows = state->scans.rows(slot, count, rank, dims, error)) return rows;
    state->record([&] { return std::move(error); });
  } catch (...) {
    state->record([] { return std::string("aicc_kernels_scan_rows: out of memory"); });
  }
  return nullptr;
}

aicc_list *aicc_kernels_list_empty(void *) { return handOut(aicc::rt::Lists::empty()); }

// A failed insert or erase gives the list it was given, or an empty one for none.
aicc_list *aicc_kernels_list_insert(void *state, const aicc_list *list, const void *data, int64_t dtype, int64_t rank,
                                    const int64_t *dims, int64_t has_position, int64_t position) {
  const aicc_list *result = nullptr;
  if (listOperation(state, "aicc_kernels_list_insert", [&](aicc::rt::Lists &lists, std::string &error) {
    result = lists.insert(list, data, dtype, rank, dims, has_position != 0, position, error);
  }))
    return handOut(result);
  return handOut(list ? list : aicc::rt::Lists::empty());
}

aicc_list *aicc_kernels_list_erase(void *state, const aicc_list *list, int64_t has_position, int64_t position) {
  const aicc_list *result = nullptr;
  if (listOperation(state, "aicc_kernels_list_erase", [&](aicc::rt::Lists &lists, std::string &error) {
    result = lists.erase(list, has_position != 0, position, error);
  }))
    return handOut(result);
  return handOut(list ? list : aicc::rt::Lists::empty());
}

int64_t aicc_kernels_list_length(void *state, const aicc_list *list) {
  int64_t length = 0;
  if (listOperation(state, "aicc_kernels_list_length",
                    [&](aicc::rt::Lists &, std::string &error) { length = aicc::rt::Lists::length(list, error); }))
    return length;
  return 0;
}

const void *aicc_kernels_list_at(void *state, const aicc_list *list, int64_t position, int64_t rank, int64_t *dims) {
  const void *data = nullptr;
  if (listOperation(state, "aicc_kernels_list_at", [&](aicc::rt::Lists &lists, std::string &error) {
    data = lists.at(list, position, rank, dims, error);
  }))
    return data;
  return aicc::rt::Lists::zeroedElement(aicc::rt::listsOf(state), rank, dims);
}

const void *aicc_kernels_list_concat(void *state, const aicc_list *list, int64_t axis, int64_t new_axis, int64_t rank,
                                     int64_t *dims) {
  const void *data = nullptr;
  if (listOperation(state, "aicc_kernels_list_concat", [&](aicc::rt::Lists &lists, std::string &error) {
    data = lists.concat(list, axis, new_axis != 0, rank, dims, error);
  }))
    return data;
  return aicc::rt::Lists::zeroedElement(aicc::rt::listsOf(state), rank, dims);
}

int aicc_kernels_status(void *statePtr) {
  auto *state = static_cast<KernelState *>(statePtr);
  if (!state) {
    aicc::rt::setKernelLastError("aicc_kernels_status: state is null");
    return 1;
  }
  std::lock_guard<std::mutex> lock(state->errorMutex);
  if (!state->failed) return 0;
  state->failed = false;
  try {
    aicc::rt::setKernelLastError(state->firstError.empty() ? "a kernel failed (out of memory)"
                                                           : std::move(state->firstError));
  } catch (...) {
  }
  state->firstError.clear();
  return 1;
}

} // extern "C"
