// The CPU lowering pipeline, from the graph-optimized aicc module to the LLVM dialect.
#ifndef AICC_BACKENDS_CPU_CPUPIPELINE_H
#define AICC_BACKENDS_CPU_CPUPIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace aicc::cpu {

/// aicc on tensors → oneDNN kernel calls + loops on one planned workspace, still in memref form.
void buildCpuBufferPipeline(mlir::OpPassManager &pm);
/// memref/arith/math/scf/func → LLVM dialect, memrefs passed as bare pointers.
void buildCpuToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers both as aicc-opt pipelines (`--aicc-cpu-buffer-pipeline`, `--aicc-cpu-to-llvm-pipeline`).
void registerCpuPipelines();

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_CPUPIPELINE_H
