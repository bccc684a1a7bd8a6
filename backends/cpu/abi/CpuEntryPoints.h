// The CPU artifact's entry points (aicc/model_abi.h) around the compiled entry function.
#ifndef AICC_BACKENDS_CPU_ABI_CPUENTRYPOINTS_H
#define AICC_BACKENDS_CPU_ABI_CPUENTRYPOINTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "mlir/IR/BuiltinOps.h"

namespace llvm {
class Module;
}

namespace aicc::cpu {

/// Adds the kernel table (from the `aicc.kernels` attribute of `source`) and aicc_model_init, _run and
/// _fini to `module`, which holds the translated entry function `entryName` with the signature
/// (state, workspace, inputs..., outputs..., [run dims]), where the outputs are those not in
/// `dataShapedOutputs` (which get their buffers from the runtime during the run) and
/// `listOutputs` (sequences: the entry function returns their lists, in order, which run stores
/// where the outputs array points). A sequence input is its list pointer. The entry function
/// becomes internal.
llvm::Error emitCpuEntryPoints(llvm::Module &module, mlir::ModuleOp source, llvm::StringRef entryName, size_t numInputs,
                               size_t numOutputs, llvm::ArrayRef<int64_t> dataShapedOutputs,
                               llvm::ArrayRef<int64_t> listOutputs);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_ABI_CPUENTRYPOINTS_H
