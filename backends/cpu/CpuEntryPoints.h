// The CPU artifact's entry points (aicc/model_abi.h) around the compiled entry function.
#ifndef AICC_BACKENDS_CPU_CPUENTRYPOINTS_H
#define AICC_BACKENDS_CPU_CPUENTRYPOINTS_H

#include "llvm/Support/Error.h"
#include "mlir/IR/BuiltinOps.h"

namespace llvm {
class Module;
}

namespace aicc::cpu {

/// Adds the kernel table (from the `aicc.kernels` attribute of `source`) and aicc_model_init, _run and
/// _fini to `module`, which holds the translated entry function `entryName` with the signature
/// (state, workspace, inputs..., outputs...). The entry function becomes internal.
llvm::Error emitCpuEntryPoints(llvm::Module &module, mlir::ModuleOp source, llvm::StringRef entryName,
                               size_t numInputs, size_t numOutputs);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_CPUENTRYPOINTS_H
