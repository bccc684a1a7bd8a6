// ReadOnlyInputs: the entry function's inputs belong to the caller and are never written. One-shot
// bufferization would otherwise write a kernel's result into an argument used as its destination
// (a residual sum post-op whose other operand is the model input), changing the caller's data.
#include "backends/cpu/Passes.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_READONLYINPUTS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct ReadOnlyInputs : impl::ReadOnlyInputsBase<ReadOnlyInputs> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!func.isPublic() || func.isExternal()) return;
    auto readOnly = BoolAttr::get(&getContext(), false);
    for (BlockArgument arg : func.getArguments())
      if (isa<TensorType>(arg.getType()))
        func.setArgAttr(arg.getArgNumber(), bufferization::BufferizationDialect::kWritableAttrName, readOnly);
  }
};

} // namespace

} // namespace aicc::cpu
