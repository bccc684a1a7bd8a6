// RunBinding: one call's resolved dims, laid out once per session.
#include "RunBinding.h"

#include <initializer_list>

#include "ModelArtifact.h"

namespace aicc::rt {

RunBinding::RunBinding(const aicc_model &model)
    : symbolSizes(model.symbols.size(), -1), outputOffsets_(model.info->num_outputs, 0) {
  const aicc_artifact_info &info = *model.info;
  // Appends a tensor's declared dims and notes its symbolic ones; returns where they start.
  auto append = [&](const aicc_tensor_info &e, const std::vector<int> &symbols) {
    const size_t offset = dims_.size();
    for (int32_t d = 0; d < e.rank; ++d) {
      if (symbols[d] >= 0) symbolicDims_.push_back({dims_.size(), symbols[d]});
      dims_.push_back(e.shape[d]);
    }
    return offset;
  };
  // A sequence's dims are its elements' own: it has none here.
  for (int32_t i = 0; i < info.num_inputs; ++i)
    if (model.isTensorInput(i)) append(info.inputs[i], model.dimSymbols[i]);
  // The data-shaped outputs last, so that the run dims are one prefix.
  for (bool dataShaped : {false, true})
    for (int32_t o = 0; o < info.num_outputs; ++o)
      if (model.isTensorOutput(o) && model.isDataShaped(o) == dataShaped)
        outputOffsets_[o] = append(info.outputs[o], model.dimSymbols[info.num_inputs + o]);
}

void RunBinding::resolve() {
  for (const SymbolicDim &dim : symbolicDims_) dims_[dim.at] = symbolSizes[dim.symbol];
}

} // namespace aicc::rt
