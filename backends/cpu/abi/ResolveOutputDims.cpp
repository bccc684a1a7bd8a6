// ResolveOutputDims: names each symbolic dim of an output after the input dim it equals, so that
// the runtime knows every output's shape from the inputs of a run before it starts; the dims that
// equal no input dim are the ones only the run computes.
#include "backends/cpu/Passes.h"

#include "compiler/ModuleConventions.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_RESOLVEOUTPUTDIMS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct ResolveOutputDimsPass : impl::ResolveOutputDimsBase<ResolveOutputDimsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.isPublic()) return;
    auto inputDimNames = func->getAttrOfType<ArrayAttr>(attrs::kInputDimNames);
    auto outputNames = func->getAttrOfType<ArrayAttr>(attrs::kOutputNames);
    auto returnOp = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    Builder b(func.getContext());

    // The input dims an output dim may equal: every symbolic dim of every input, with its name.
    struct InputDim {
      Value arg;
      int64_t dim;
      StringAttr name;
    };
    llvm::SmallVector<InputDim> candidates;
    for (BlockArgument arg : func.getArguments()) {
      auto type = dyn_cast<ShapedType>(arg.getType());
      if (!type || !type.hasRank()) continue;
      for (int64_t d = 0; d < type.getRank(); ++d) {
        if (!type.isDynamicDim(d)) continue;
        StringAttr name;
        if (inputDimNames && arg.getArgNumber() < inputDimNames.size())
          if (auto names = dyn_cast<ArrayAttr>(inputDimNames[arg.getArgNumber()]); names && d < (int64_t)names.size())
            name = dyn_cast<StringAttr>(names[d]);
        if (!name || name.getValue().empty()) name = b.getStringAttr("dim" + std::to_string(candidates.size()));
        candidates.push_back({arg, d, name});
      }
    }

    llvm::SmallVector<Attribute> outputs, dataDims;
    for (auto [index, result] : llvm::enumerate(returnOp.getOperands())) {
      // A sequence output's list: its elements' dims are their own.
      auto type = dyn_cast<ShapedType>(result.getType());
      if (!type) {
        outputs.push_back(b.getArrayAttr({}));
        dataDims.push_back(b.getDenseI64ArrayAttr({}));
        continue;
      }
      std::string outputName = outputNames && index < outputNames.size() ? cast<StringAttr>(outputNames[index]).str()
                                                                         : "output" + std::to_string(index);
      llvm::SmallVector<Attribute> names;
      llvm::SmallVector<int64_t> computedByRun;
      for (int64_t d = 0; d < type.getRank(); ++d) {
        if (!type.isDynamicDim(d)) {
          names.push_back(b.getStringAttr(""));
          continue;
        }
        const InputDim *match = nullptr;
        for (const InputDim &candidate : candidates) {
          FailureOr<bool> equal = ValueBoundsConstraintSet::areEqual({result, d}, {candidate.arg, candidate.dim});
          if (succeeded(equal) && *equal) {
            match = &candidate;
            break;
          }
        }
        if (match) {
          names.push_back(match->name);
          continue;
        }
        names.push_back(b.getStringAttr(outputName + "." + std::to_string(d)));
        computedByRun.push_back(d);
      }
      outputs.push_back(b.getArrayAttr(names));
      dataDims.push_back(b.getDenseI64ArrayAttr(computedByRun));
    }
    func->setAttr(kOutputDimNamesAttr, b.getArrayAttr(outputs));
    func->setAttr(kOutputDataDimsAttr, b.getArrayAttr(dataDims));
  }
};

} // namespace
} // namespace aicc::cpu
