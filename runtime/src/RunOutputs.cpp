// RunOutputs: placing each output of aicc_session_run_outputs, in the caller's buffer or the
// session's.
#include "RunOutputs.h"

#include <algorithm>
#include <limits>

#include "ModelArtifact.h"
#include "RunBinding.h"
#include "aicc/runtime.h"

namespace aicc::rt {

bool checkedByteSize(int32_t dtype, int32_t rank, const int64_t *dims, size_t &bytes) {
  bytes = aicc_dtype_size(dtype);
  for (int32_t d = 0; d < rank; ++d) {
    const auto size = static_cast<uint64_t>(dims[d]);
    if (size != 0 && bytes > std::numeric_limits<size_t>::max() / size) return false;
    bytes *= size;
  }
  return true;
}

RunOutputs::RunOutputs(const aicc_model &model, const RunBinding &binding)
    : model(model), binding(binding), outputs(model.info->num_outputs) {
  // A sequence is no tensor placed here (and its rank may be AICC_RANK_ANY).
  for (int32_t o = 0; o < model.info->num_outputs; ++o)
    if (model.isTensorOutput(o)) outputs[o].dims.resize(model.info->outputs[o].rank);
}

int32_t RunOutputs::sessionBufferOverlapping(const void *p, size_t bytes) const {
  const auto *begin = static_cast<const char *>(p);
  for (size_t o = 0; o < outputs.size(); ++o) {
    const auto *owned = static_cast<const char *>(outputs[o].owned.get());
    if (owned && bytes && begin < owned + outputs[o].ownedBytes && owned < begin + bytes)
      return static_cast<int32_t>(o);
  }
  return -1;
}

void *RunOutputs::place(int32_t o, size_t bytes) noexcept {
  Output &out = outputs[o];
  if (out.callerData && out.callerCapacity >= bytes) return out.data = out.callerData;
  if (!out.owned || out.ownedBytes < bytes) {
    // The old contents are the previous run's output, which this run replaces. aligned_alloc wants
    // a multiple of the alignment, and at least one block, so that no output is at null.
    out.owned.reset();
    out.ownedBytes = 0;
    if (bytes > std::numeric_limits<size_t>::max() - 63) return nullptr;
    const size_t rounded = std::max<size_t>(64, (bytes + 63) / 64 * 64);
    out.owned.reset(std::aligned_alloc(64, rounded));
    if (!out.owned) return nullptr;
    out.ownedBytes = rounded;
  }
  return out.data = out.owned.get();
}

namespace {

std::string shapeString(int32_t rank, const int64_t *dims) {
  std::string s = "[";
  for (int32_t d = 0; d < rank; ++d) s += (d ? "," : "") + std::to_string(dims[d]);
  return s + "]";
}

} // namespace

void *RunOutputs::placeDataShaped(int64_t index, const int64_t *dims, std::string &error) {
  const aicc_artifact_info &info = *model.info;
  // The messages are built only on failure: a run that asks rightly allocates nothing here.
  auto fail = [&](auto message) -> void * {
    error = "aicc_kernels_output: " + message();
    return nullptr;
  };
  if (index < 0 || index >= info.num_outputs)
    return fail([&] {
      return "output " + std::to_string(index) + " does not exist (the model has " + std::to_string(info.num_outputs) +
             ")";
    });
  const auto o = static_cast<int32_t>(index);
  const aicc_tensor_info &e = info.outputs[o];
  auto which = [&] { return "output '" + std::string(e.name) + "'"; };
  if (!model.isDataShaped(o))
    return fail([&] { return which() + " has a shape known before the run: the runtime placed it"; });
  Output &out = outputs[o];
  if (out.data) return fail([&] { return which() + " was asked for twice in one run"; });
  if (!dims && e.rank > 0) return fail([&] { return which() + ": dims is null"; });
  const std::vector<int> &symbols = model.dimSymbols[info.num_inputs + o];
  const int64_t *declared = binding.outputDims(o);
  for (int32_t d = 0; d < e.rank; ++d) {
    auto dim = [&] {
      return which() + " dim " + std::to_string(d) +
             (e.dim_names && e.dim_names[d] ? " ('" + std::string(e.dim_names[d]) + "')" : "") + " is " +
             std::to_string(dims[d]);
    };
    if (dims[d] < 0) return fail(dim);
    if (declared[d] != AICC_DIM_DATA && dims[d] != declared[d])
      return fail([&] {
        return dim() + ", but " + (symbols[d] >= 0 ? "the run's inputs make it " : "the model declares ") +
               std::to_string(declared[d]);
      });
  }
  size_t bytes = 0;
  if (!checkedByteSize(e.dtype, e.rank, dims, bytes))
    return fail(
        [&] { return which() + " of shape " + shapeString(e.rank, dims) + " has more bytes than memory holds"; });
  void *data = place(o, bytes);
  if (!data) {
    error = "out of memory: cannot allocate " + std::to_string(bytes) + " bytes for " + which();
    return nullptr;
  }
  std::copy(dims, dims + e.rank, out.dims.begin());
  return data;
}

} // namespace aicc::rt
