// Passes of the CPU backend (see Passes.td).
#ifndef AICC_BACKENDS_CPU_PASSES_H
#define AICC_BACKENDS_CPU_PASSES_H

#include "backends/cpu/dialect/CpuDialect.h"
#include "llvm/ADT/StringSet.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace aicc::cpu {

#define GEN_PASS_DECL
#include "backends/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "backends/cpu/Passes.h.inc"

/// Module attribute holding the kernel table (see LowerKernelCalls).
constexpr const char kKernelTableAttr[] = "aicc.kernels";
/// Entry-function attribute holding the workspace size in bytes (see PlanWorkspace).
constexpr const char kWorkspaceBytesAttr[] = "aicc.workspace_bytes";
/// Entry-function attribute: per output, the name of the input dim each symbolic dim equals, ""
/// for a static dim (see ResolveOutputDims).
constexpr const char kOutputDimNamesAttr[] = "aicc.output_dim_names";
/// Entry-function attribute: per output, the dims that only the run computes (ResolveOutputDims).
constexpr const char kOutputDataDimsAttr[] = "aicc.output_data_dims";
/// Entry-function attribute: the outputs that get their buffer during the run, from
/// aicc_kernels_output (ReturnDataShapedOutputs).
constexpr const char kDataShapedOutputsAttr[] = "aicc.data_shaped_outputs";
/// Entry-function unit attribute: its last argument holds the run's dims (see BindRunDims).
constexpr const char kRunDimsAttr[] = "aicc.run_dims";
/// The generated function giving the workspace bytes for a run's dims (aicc/model_abi.h), and the
/// unit attribute that marks it (PlanWorkspace).
constexpr const char kWorkspaceBytesFunction[] = "aicc_model_workspace_bytes_for";
constexpr const char kWorkspaceBytesFunctionAttr[] = "aicc.workspace_bytes_function";
/// The libaiccrt function that gives a data-shaped output its buffer (LowerOutputBuffers).
constexpr const char kOutputFunction[] = "aicc_kernels_output";
/// The libaiccrt function kernel calls lower to.
constexpr const char kKernelRunFunction[] = "aicc_kernel_run";
/// The runtime's scan output stacks (aicc/cpu_kernels.h).
constexpr const char kScanRowFunction[] = "aicc_kernels_scan_row";
constexpr const char kScanRowsFunction[] = "aicc_kernels_scan_rows";
/// The libaiccrt function that records an index out of its axis (LowerIndexChecks).
constexpr const char kIndexErrorFunction[] = "aicc_kernels_index_error";
/// The libaiccrt function that runs an outlined aicc_cpu.parallel_for body on the session's threads.
constexpr const char kParallelForFunction[] = "aicc_parallel_for";

/// How the profile and error messages name the code an op became: the ONNX nodes of the ops in
/// and under `root` (their NameLocs), in order, joined by " + "; `fallback` if there are none.
std::string onnxNodeNames(mlir::Operation *root, llvm::StringRef fallback);

/// Whether `op` computes one of the ONNX nodes `names` names (fusion keeps every node's name in
/// the location): what aicc --keep-fp32 keeps.
bool madeFrom(mlir::Operation *op, const llvm::StringSet<> &names);

/// Upstream rewrite patterns every canonicalization of the CPU pipeline leaves out, because they
/// miscompile (MLIR 22): ShapeCastBroadcastFolder folds shape_cast(broadcast(vector<2x1> to
/// vector<2x2x1>) to vector<2x2>) into broadcast(vector<2x1> to vector<2x2>), which repeats the
/// input along the other dim (an Expand of a [1, 2, 1, 1] constant [12, 13] to [1, 2, 2, 1] gave
/// [12, 13, 12, 13] where [12, 12, 13, 13] is right). LowerVectors folds the cases that are right.
llvm::ArrayRef<std::string> miscompilingUpstreamPatterns();

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_PASSES_H
