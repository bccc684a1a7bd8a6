// The CPU pipeline in one place. Heavy ops become oneDNN kernel calls first, so that linalg only sees
// what loops do well; one-shot bufferization then places every tensor, and the workspace plan turns
// the remaining allocations into views of one buffer the runtime allocates once per session.
#include "backends/cpu/CpuPipeline.h"

#include "backends/cpu/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace aicc::cpu {

llvm::ArrayRef<std::string> miscompilingUpstreamPatterns() {
  // A pattern's debug name is its type's name as the compiler that built MLIR spells it.
  static const std::string patterns[] = {"(anonymous namespace)::ShapeCastBroadcastFolder",
                                         "{anonymous}::ShapeCastBroadcastFolder"};
  return patterns;
}

namespace {

std::unique_ptr<mlir::Pass> createCanonicalizer() {
  return mlir::createCanonicalizerPass(mlir::GreedyRewriteConfig(), miscompilingUpstreamPatterns());
}

} // namespace

using namespace mlir;

int64_t layoutBlockFor(bool hasAvx512) { return hasAvx512 ? 16 : 8; }

std::optional<std::string> onednnIsaFor(const std::function<bool(llvm::StringRef)> &has) {
  if (has("+avx512f,+avx512bw,+avx512vl,+avx512dq")) {
    if (has("+amx-tile,+amx-int8,+amx-bf16")) return "avx512_core_amx";
    if (has("+avx512bf16")) return "avx512_core_bf16";
    if (has("+avx512vnni")) return "avx512_core_vnni";
    return "avx512_core";
  }
  if (has("+avx2")) return has("+avxvnni") ? "avx2_vnni" : "avx2";
  if (has("+avx")) return "avx";
  if (has("+sse4.1")) return "sse41";
  return std::nullopt;
}

void buildCpuKernelPipeline(OpPassManager &pm, const CpuPipelineOptions &options) {
  pm.addNestedPass<func::FuncOp>(createLowerHeavyOpsToKernels());
  pm.addNestedPass<func::FuncOp>(createFuseKernelAdds());
  pm.addNestedPass<func::FuncOp>(createFuseKernelActivations());
  pm.addNestedPass<func::FuncOp>(createFuseKernelBinaryOps());
  // Again: an activation after a folded binary op now follows its kernel directly.
  pm.addNestedPass<func::FuncOp>(createFuseKernelActivations());
  pm.addNestedPass<func::FuncOp>(createFoldKernelTransposes());
  pm.addNestedPass<func::FuncOp>(createFuseAttention());
  if (options.quantizeDynamically) {
    QuantizeMatMulsDynamicallyOptions quantize;
    quantize.keepFp32.assign(options.keepFp32.begin(), options.keepFp32.end());
    pm.addNestedPass<func::FuncOp>(createQuantizeMatMulsDynamically(quantize));
    QuantizeLstmsDynamicallyOptions lstms;
    lstms.keepFp32 = quantize.keepFp32;
    pm.addNestedPass<func::FuncOp>(createQuantizeLstmsDynamically(lstms));
  }
  if (options.computeInBf16) {
    ComputeInBf16Options bf16;
    bf16.keepFp32.assign(options.keepFp32.begin(), options.keepFp32.end());
    pm.addNestedPass<func::FuncOp>(createComputeInBf16(bf16));
  }
  pm.addNestedPass<func::FuncOp>(
      createPropagateLayouts(PropagateLayoutsOptions{options.layoutBlock, options.channelsLastAtBatchOne}));
  pm.addNestedPass<func::FuncOp>(createWriteConcatInPlace());
  pm.addPass(createCanonicalizer());
}

void buildCpuBufferPipeline(OpPassManager &pm, const CpuPipelineOptions &options) {
  pm.addNestedPass<func::FuncOp>(createConvertAiccToLinalg());
  pm.addPass(createCanonicalizer());
  // A symbolic dim's size from the input it came from, through reshapes: what the workspace size
  // and the kernels' run values are computed from.
  pm.addPass(memref::createResolveRankedShapeTypeResultDimsPass());
  pm.addNestedPass<func::FuncOp>(createFuseElementwiseStatic());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createTileAndFuse());
  // Folds the full tiles of peeled loops to their static shapes, for the vectorizer.
  pm.addPass(createCanonicalizer());
  // CSE merges the copies of a producer fused once per consumer in the same tile.
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createVectorize());
  pm.addPass(createCanonicalizer());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createReadOnlyInputs());

  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion = bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Before the results become out-params: their dims are still tied to the buffers computing them.
  pm.addPass(createCanonicalizer());
  pm.addNestedPass<func::FuncOp>(createResolveOutputDims());
  pm.addNestedPass<func::FuncOp>(createReturnDataShapedOutputs());
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  // CSE first: a kernel writing into a slice of a Concat leaves a copy between two identical
  // subviews, which canonicalization then drops as a self-copy.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizer());
  pm.addNestedPass<func::FuncOp>(createElideResultCopies());
  pm.addNestedPass<func::FuncOp>(createBindRunDims());
  // Folds the dims of every buffer into the loads from the run's dims that PlanWorkspace reads.
  pm.addPass(createCanonicalizer());

  pm.addPass(createPlanWorkspace());
  pm.addPass(createLowerKernelCalls());
  pm.addPass(createLowerOutputBuffers());
  pm.addPass(createLowerScanOutputs());
  pm.addPass(createLowerIndexChecks());
  pm.addPass(createLowerLists());
  if (options.weightsIsa) pm.addPass(createPrepackWeights(PrepackWeightsOptions{*options.weightsIsa}));
}

void buildCpuToLLVMPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createLowerStridedCopies());
  pm.addNestedPass<func::FuncOp>(createParallelizeLoops());
  pm.addPass(createForallToForLoopPass());
  pm.addNestedPass<func::FuncOp>(createStackTileBuffers());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addNestedPass<func::FuncOp>(createLowerVectors());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addNestedPass<func::FuncOp>(createApproximateMath());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Math first: functions without an LLVM intrinsic become libm calls, which on vectors unrolls
  // into vector.extract/insert that the vector conversion then lowers.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorOptions;
  vectorOptions.reassociateFPReductions = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorOptions));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  funcOptions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createOutlineParallelLoops());
}

void registerCpuPipelines() {
  PassPipelineRegistration<>("aicc-cpu-buffer-pipeline", "aicc CPU: tensors to kernel calls on a planned workspace",
                             [](OpPassManager &pm) {
    buildCpuKernelPipeline(pm);
    buildCpuBufferPipeline(pm);
  });
  PassPipelineRegistration<>("aicc-cpu-to-llvm-pipeline", "aicc CPU: memref form to the LLVM dialect",
                             buildCpuToLLVMPipeline);
}

} // namespace aicc::cpu
