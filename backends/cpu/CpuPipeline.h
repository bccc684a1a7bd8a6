// The CPU lowering pipeline, from the graph-optimized aicc module to the LLVM dialect.
#ifndef AICC_BACKENDS_CPU_CPUPIPELINE_H
#define AICC_BACKENDS_CPU_CPUPIPELINE_H

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mlir/Pass/PassManager.h"

namespace aicc::cpu {

/// What the CPU pipeline needs to know of the target.
struct CpuPipelineOptions {
  /// Channels per block of the activation layout (8 for AVX2, 16 for AVX-512; 0: plain NCHW).
  int64_t layoutBlock = 8;
  /// Keep batch-1 functions without channel Concats channels-last (AVX-512: see PropagateLayouts).
  bool channelsLastAtBatchOne = false;
  /// oneDNN's name for the target's ISA, to prepack weights for ("": the host's); none: weights
  /// stay in ONNX's layout and sessions reorder them.
  std::optional<std::string> weightsIsa = "";
  /// Matmuls and LSTMs with constant weights in int8, their inputs quantized on each run (aicc
  /// --quantize=dynamic and int8), but those made from the nodes in keepFp32 (aicc --keep-fp32).
  bool quantizeDynamically = false;
  /// Conv, deconv and matmul kernels on f32 data compute in bf16 (aicc --precision=bf16), but
  /// those made from the nodes in keepFp32.
  bool computeInBf16 = false;
  std::vector<std::string> keepFp32;
};

/// oneDNN's name for the ISA of a CPU with these features (`+avx2,...` as LLVM checks them), or
/// none if oneDNN has no jit kernels for it.
std::optional<std::string> onednnIsaFor(const std::function<bool(llvm::StringRef)> &hasFeatures);

/// The activation block for a target CPU: 16 where it has AVX-512, else 8.
int64_t layoutBlockFor(bool hasAvx512);

/// Heavy aicc ops → aicc_cpu kernel ops with fused bias, sums and activations, activations in the
/// target's blocked layout; the rest stays aicc (what `aicc --emit=optimized` shows).
void buildCpuKernelPipeline(mlir::OpPassManager &pm, const CpuPipelineOptions &options = {});
/// The kernel pipeline's output → oneDNN kernel calls + loops on one planned workspace, still in
/// memref form.
void buildCpuBufferPipeline(mlir::OpPassManager &pm, const CpuPipelineOptions &options = {});
/// memref/arith/math/scf/func → LLVM dialect, memrefs passed as bare pointers.
void buildCpuToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers aicc-opt pipelines: `--aicc-cpu-buffer-pipeline` (kernels, then buffers: aicc to memrefs)
/// and `--aicc-cpu-to-llvm-pipeline`.
void registerCpuPipelines();

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_CPUPIPELINE_H
