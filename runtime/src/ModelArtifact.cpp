// aicc_model_load, aicc_model_load_linked and the model queries. Loading checks, in this order,
// everything that would make a later call fail obscurely or crash: the file exists, is complete and
// is a shared object; it exports the four entry points (a linked model: it has them); its ABI
// version is one we read (checked before any other field is read, since the layout differs: an
// ABI 4 info is converted, and value kinds come with ABI 7); its info is well-formed; its target
// is "cpu"; and the host has every CPU feature the code was compiled for.
#include "ModelArtifact.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>

#include "CpuFeatures.h"
#include "ElfFileCheck.h"
#include "LastError.h"
#include "aicc/runtime.h"

aicc_model::~aicc_model() {
  if (handle) dlclose(handle);
}

namespace aicc::rt {

void retain(aicc_model *model) { model->references.fetch_add(1, std::memory_order_relaxed); }

void release(aicc_model *model) {
  if (model->references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete model;
}

namespace {

// dlopen() searches the library path for a name without a slash; a model path always means a file.
std::string dlopenPath(const std::string &path) { return path.find('/') == std::string::npos ? "./" + path : path; }

// Returns an empty string if the info is usable, else what is wrong with it; sets each value's
// kind.
std::string checkInfo(const aicc_artifact_info &info, std::vector<int32_t> &inputKinds,
                      std::vector<int32_t> &outputKinds) {
  // The kinds lie past the end of an older ABI's info.
  const bool hasKinds = info.abi_version >= 7;
  auto checkTensors = [&](const char *what, int32_t count, const aicc_tensor_info *tensors, const int32_t *kinds,
                          std::vector<int32_t> &kindsOut) {
    // Only a run computes a data dim: inputs cannot have one.
    const bool isOutput = std::string_view(what) == "output";
    if (count < 0) return std::string("negative number of ") + what + "s (" + std::to_string(count) + ")";
    if (count > 0 && !tensors) return std::string("no ") + what + " descriptions";
    if (count > 0 && hasKinds && !kinds) return std::string("no ") + what + " kinds";
    for (int32_t i = 0; i < count; ++i) {
      const aicc_tensor_info &t = tensors[i];
      std::string which = std::string(what) + " " + std::to_string(i);
      if (!t.name) return which + " has no name";
      which += " '" + std::string(t.name) + "'";
      const int32_t kind = hasKinds ? kinds[i] : AICC_VALUE_TENSOR;
      if (kind != AICC_VALUE_TENSOR && kind != AICC_VALUE_SEQUENCE && kind != AICC_VALUE_OPTIONAL_SEQUENCE &&
          kind != AICC_VALUE_OPTIONAL_TENSOR)
        return which + " has unknown kind " + std::to_string(kind);
      kindsOut.push_back(kind);
      if (aicc_dtype_size(t.dtype) == 0) return which + " has unknown dtype " + std::to_string(t.dtype);
      if ((kind == AICC_VALUE_SEQUENCE || kind == AICC_VALUE_OPTIONAL_SEQUENCE) && t.rank == AICC_RANK_ANY)
        continue; // its elements' shapes are unknown: there is none to check
      if (t.rank < 0 || (t.rank > 0 && !t.shape)) return which + " has no valid shape";
      for (int32_t d = 0; d < t.rank; ++d) {
        const int64_t size = t.shape[d];
        auto dim = [&] { return which + " dim " + std::to_string(d); };
        if (size == AICC_DIM_DATA && info.abi_version < 6)
          return dim() + " is AICC_DIM_DATA, which ABI " + std::to_string(info.abi_version) + " does not have";
        if (size == AICC_DIM_DATA && !isOutput) return dim() + " is AICC_DIM_DATA, which only outputs may have";
        if (size == AICC_DIM_SYMBOLIC || size == AICC_DIM_DATA) {
          if (!t.dim_names || !t.dim_names[d] || !*t.dim_names[d])
            return dim() + " is " + (size == AICC_DIM_DATA ? "AICC_DIM_DATA" : "symbolic") + " without a name";
        } else if (size < 0) {
          return which + " has negative dimension " + std::to_string(size);
        }
      }
    }
    return std::string();
  };
  if (!info.producer || !info.target || !info.cpu || !info.cpu_features || !info.source_hash)
    return "a null string field";
  if (std::string problem =
          checkTensors("input", info.num_inputs, info.inputs, hasKinds ? info.input_kinds : nullptr, inputKinds);
      !problem.empty())
    return problem;
  return checkTensors("output", info.num_outputs, info.outputs, hasKinds ? info.output_kinds : nullptr, outputKinds);
}

// An ABI 4 artifact's tensor descriptions: aicc_tensor_info without dim_names.
struct TensorInfoV4 {
  const char *name;
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;
};

// The info of an ABI 4 artifact in this ABI's layout (its shapes are all static).
std::unique_ptr<aicc_model::ConvertedInfo> convertFromV4(const aicc_artifact_info &info) {
  auto converted = std::make_unique<aicc_model::ConvertedInfo>();
  // Only the fields before the kinds (ABI 7) are in the artifact's info.
  converted->info = {};
  std::memcpy(&converted->info, &info, offsetof(aicc_artifact_info, input_kinds));
  auto convert = [](int32_t count, const aicc_tensor_info *table, std::vector<aicc_tensor_info> &to) {
    const auto *old = reinterpret_cast<const TensorInfoV4 *>(table);
    for (int32_t i = 0; i < count && old; ++i)
      to.push_back({old[i].name, old[i].dtype, old[i].rank, old[i].shape, nullptr});
  };
  convert(info.num_inputs, info.inputs, converted->inputs);
  convert(info.num_outputs, info.outputs, converted->outputs);
  converted->info.inputs = converted->inputs.empty() ? nullptr : converted->inputs.data();
  converted->info.outputs = converted->outputs.empty() ? nullptr : converted->outputs.data();
  return converted;
}

// Numbers the symbolic dims of the tensors of a checked info (equal names are one symbol) and
// finds the data-shaped outputs. Returns what is wrong, if an output's symbolic dim names no input
// dim.
std::string collectSymbols(aicc_model &model) {
  const aicc_artifact_info &info = *model.info;
  auto symbolsOf = [&](const aicc_tensor_info &t, bool input, bool tensor) -> std::string {
    // A sequence's symbolic dims are each element's own size, bound by nothing else.
    if (!tensor) {
      model.dimSymbols.emplace_back();
      if (!input) model.firstDataDim.push_back(-1);
      return std::string();
    }
    std::vector<int> symbols(t.rank, -1);
    int firstDataDim = -1;
    for (int32_t d = 0; d < t.rank; ++d) {
      if (t.shape[d] == AICC_DIM_DATA && firstDataDim < 0) firstDataDim = d;
      if (t.shape[d] != AICC_DIM_SYMBOLIC) continue;
      std::string name = t.dim_names[d];
      auto found = std::find(model.symbols.begin(), model.symbols.end(), name);
      if (found == model.symbols.end()) {
        if (!input)
          return "output '" + std::string(t.name) + "' dim " + std::to_string(d) + " is named '" + name +
                 "', which no input dim is";
        found = model.symbols.insert(model.symbols.end(), name);
      }
      symbols[d] = static_cast<int>(found - model.symbols.begin());
    }
    model.dimSymbols.push_back(std::move(symbols));
    if (!input) model.firstDataDim.push_back(firstDataDim);
    return std::string();
  };
  for (int32_t i = 0; i < info.num_inputs; ++i)
    if (std::string problem = symbolsOf(info.inputs[i], true, model.isTensorInput(i)); !problem.empty()) return problem;
  for (int32_t i = 0; i < info.num_outputs; ++i)
    if (std::string problem = symbolsOf(info.outputs[i], false, model.isTensorOutput(i)); !problem.empty())
      return problem;
  return std::string();
}

// The comma-separated features of `list` that the host lacks, comma-separated.
std::string missingCpuFeatures(std::string_view list) {
  std::string missing;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty() || hostHasCpuFeature(name)) continue;
    if (!missing.empty()) missing += ", ";
    missing += name;
  }
  return missing;
}

// Checks what the artifact says about itself, given its entry points: the ABI version (before any
// other field is read), the info, the target and the host's CPU features. `quoted` names it.
int checkArtifact(aicc_model &model, aicc_model::InfoFn infoFn, const std::string &quoted) {
  model.info = infoFn();
  if (!model.info) return fail(AICC_ERR_ABI, quoted + ": aicc_model_info() returned null");
  if (model.info->abi_version < AICC_MODEL_ABI_OLDEST_VERSION || model.info->abi_version > AICC_MODEL_ABI_VERSION)
    return fail(AICC_ERR_ABI, quoted + " was written for artifact ABI version " +
                                  std::to_string(model.info->abi_version) + "; this runtime supports versions " +
                                  std::to_string(AICC_MODEL_ABI_OLDEST_VERSION) + " to " +
                                  std::to_string(AICC_MODEL_ABI_VERSION) + " (recompile it)");
  if (model.info->abi_version == 4) {
    model.converted = convertFromV4(*model.info);
    model.info = &model.converted->info;
  }
  const aicc_artifact_info &info = *model.info;
  if (std::string problem = checkInfo(info, model.inputKinds, model.outputKinds); !problem.empty())
    return fail(AICC_ERR_ABI, quoted + " has malformed info: " + problem);
  if (std::string problem = collectSymbols(model); !problem.empty())
    return fail(AICC_ERR_ABI, quoted + " has malformed info: " + problem);
  if (!model.symbols.empty() && !model.workspaceBytesFor)
    return fail(AICC_ERR_ABI, quoted + " has symbolic dims but does not export aicc_model_workspace_bytes_for");

  if (std::string_view(info.target) != "cpu")
    return fail(AICC_ERR_TARGET, quoted + " targets '" + info.target + "'; this runtime runs only 'cpu' artifacts");

  if (std::string lacking = missingCpuFeatures(info.cpu_features); !lacking.empty())
    return fail(AICC_ERR_CPU, quoted + " was compiled for CPU " + info.cpu + " with " + info.cpu_features +
                                  "; this machine lacks: " + lacking);
  return AICC_OK;
}

int load(const char *pathArg, aicc_model **out) {
  if (!out) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_model_load: out is null");
  *out = nullptr;
  if (!pathArg) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_model_load: path is null");

  auto model = std::make_unique<aicc_model>();
  model->path = pathArg;
  const std::string quoted = "model '" + model->path + "'";

  // dlopen's own message for a missing file is the generic "cannot open shared object file".
  struct stat st;
  if (stat(pathArg, &st) != 0) return fail(AICC_ERR_LOAD, "cannot open " + quoted + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return fail(AICC_ERR_LOAD, "cannot load " + quoted + ": it is a directory");

  if (std::string cut = findElfTruncation(model->path); !cut.empty())
    return fail(AICC_ERR_LOAD, "cannot load " + quoted + ": truncated file: " + cut);

  // RTLD_NOW: an artifact whose kernel symbols this runtime lacks fails here, not mid-run.
  // RTLD_LOCAL: two models' symbols (all named aicc_model_*) must never interpose on each other.
  const std::string openedPath = dlopenPath(model->path);
  model->handle = dlopen(openedPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!model->handle) {
    const char *error = dlerror();
    std::string_view why = error ? error : "unknown dlopen error";
    // dlerror() starts with the path, which the message already names.
    if (why.substr(0, openedPath.size() + 2) == openedPath + ": ") why.remove_prefix(openedPath.size() + 2);
    return fail(AICC_ERR_LOAD, "cannot load " + quoted + ": " + std::string(why));
  }

  auto infoFn = reinterpret_cast<aicc_model::InfoFn>(dlsym(model->handle, "aicc_model_info"));
  model->init = reinterpret_cast<aicc_model::InitFn>(dlsym(model->handle, "aicc_model_init"));
  model->run = reinterpret_cast<aicc_model::RunFn>(dlsym(model->handle, "aicc_model_run"));
  model->fini = reinterpret_cast<aicc_model::FiniFn>(dlsym(model->handle, "aicc_model_fini"));
  model->workspaceBytesFor =
      reinterpret_cast<aicc_model::WorkspaceBytesFn>(dlsym(model->handle, "aicc_model_workspace_bytes_for"));
  std::string missing;
  for (auto [symbol, found] : {std::pair<const char *, bool>{"aicc_model_info", infoFn != nullptr},
                               {"aicc_model_init", model->init != nullptr},
                               {"aicc_model_run", model->run != nullptr},
                               {"aicc_model_fini", model->fini != nullptr}}) {
    if (!found) missing += std::string(missing.empty() ? "" : ", ") + symbol;
  }
  if (!missing.empty()) return fail(AICC_ERR_ABI, quoted + " is not an aicc artifact: it does not export " + missing);

  if (int status = checkArtifact(*model, infoFn, quoted); status != AICC_OK) return status;
  *out = model.release();
  return AICC_OK;
}

int loadLinked(const aicc_linked_artifact *artifact, aicc_model **out) {
  if (!out) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_model_load_linked: out is null");
  *out = nullptr;
  if (!artifact) return fail(AICC_ERR_INVALID_ARGUMENT, "aicc_model_load_linked: artifact is null");
  // Only the version is read before it is known: later versions may lay out the rest differently.
  if (artifact->abi_version < AICC_MODEL_ABI_OLDEST_LINKED_VERSION || artifact->abi_version > AICC_MODEL_ABI_VERSION)
    return fail(AICC_ERR_ABI, "linked model: written for artifact ABI version " +
                                  std::to_string(artifact->abi_version) + "; this runtime links versions " +
                                  std::to_string(AICC_MODEL_ABI_OLDEST_LINKED_VERSION) + " to " +
                                  std::to_string(AICC_MODEL_ABI_VERSION) + " (recompile it)");
  auto model = std::make_unique<aicc_model>();
  model->path = artifact->name ? artifact->name : "";
  const std::string quoted = "linked model '" + model->path + "'";
  if (!artifact->name || !artifact->info || !artifact->init || !artifact->run || !artifact->fini)
    return fail(AICC_ERR_ABI, quoted + " is not an aicc artifact: a null name or entry point");
  model->init = artifact->init;
  model->run = artifact->run;
  model->fini = artifact->fini;
  model->workspaceBytesFor = artifact->workspace_bytes_for;
  if (int status = checkArtifact(*model, artifact->info, quoted); status != AICC_OK) return status;
  // One compile wrote both: a mismatch means the struct and the info are not one model's.
  if (model->info->abi_version != artifact->abi_version)
    return fail(AICC_ERR_ABI, quoted + " is not an aicc artifact: its info is of ABI version " +
                                  std::to_string(model->info->abi_version) + ", its entry points of " +
                                  std::to_string(artifact->abi_version));
  *out = model.release();
  return AICC_OK;
}

} // namespace
} // namespace aicc::rt

extern "C" {

int aicc_model_load(const char *path, aicc_model **out) {
  try {
    return aicc::rt::load(path, out);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_model_load: out of memory");
  }
}

int aicc_model_load_linked(const aicc_linked_artifact *artifact, aicc_model **out) {
  try {
    return aicc::rt::loadLinked(artifact, out);
  } catch (const std::bad_alloc &) {
    return aicc::rt::fail(AICC_ERR_OUT_OF_MEMORY, "aicc_model_load_linked: out of memory");
  }
}

void aicc_model_free(aicc_model *model) {
  if (model) aicc::rt::release(model);
}

int32_t aicc_model_num_inputs(const aicc_model *model) { return model ? model->info->num_inputs : 0; }

int32_t aicc_model_num_outputs(const aicc_model *model) { return model ? model->info->num_outputs : 0; }

const aicc_tensor_info *aicc_model_input(const aicc_model *model, int32_t index) {
  if (!model || index < 0 || index >= model->info->num_inputs) return nullptr;
  return &model->info->inputs[index];
}

const aicc_tensor_info *aicc_model_output(const aicc_model *model, int32_t index) {
  if (!model || index < 0 || index >= model->info->num_outputs) return nullptr;
  return &model->info->outputs[index];
}

int32_t aicc_model_input_kind(const aicc_model *model, int32_t index) {
  if (!model || index < 0 || index >= model->info->num_inputs) return -1;
  return model->inputKinds[index];
}

int32_t aicc_model_output_kind(const aicc_model *model, int32_t index) {
  if (!model || index < 0 || index >= model->info->num_outputs) return -1;
  return model->outputKinds[index];
}

const char *aicc_model_producer(const aicc_model *model) { return model ? model->info->producer : ""; }
const char *aicc_model_target(const aicc_model *model) { return model ? model->info->target : ""; }
const char *aicc_model_cpu(const aicc_model *model) { return model ? model->info->cpu : ""; }

const char *aicc_model_cpu_features(const aicc_model *model) { return model ? model->info->cpu_features : ""; }

const char *aicc_model_source_hash(const aicc_model *model) { return model ? model->info->source_hash : ""; }

uint64_t aicc_model_workspace_bytes(const aicc_model *model) { return model ? model->info->workspace_bytes : 0; }

} // extern "C"
