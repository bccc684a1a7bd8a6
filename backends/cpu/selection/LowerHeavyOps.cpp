// LowerHeavyOpsToKernels: Conv, Gemm/MatMul, pooling and the recurrent ops → oneDNN-backed aicc_cpu.kernel ops; see
// Passes.td. Patterns that do not match (non-f32, ranks oneDNN lacks) leave the op to the generic
// lowering; geometry errors fail the pass with a diagnostic on the op.
#include "backends/cpu/Passes.h"
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/AiccDialect.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_LOWERHEAVYOPSTOKERNELS
#include "backends/cpu/Passes.h.inc"

namespace {

struct LowerHeavyOpsToKernelsPass : impl::LowerHeavyOpsToKernelsBase<LowerHeavyOpsToKernelsPass> {
  void runOnOperation() override {
    mlir::RewritePatternSet patterns(&getContext());
    populateConvKernelPatterns(patterns);
    populateQuantizedConvKernelPatterns(patterns);
    populateConvTransposeKernelPatterns(patterns);
    populateMatMulKernelPatterns(patterns);
    populateDynamicMatMulKernelPatterns(patterns);
    populateQuantizedMatMulKernelPatterns(patterns);
    populatePoolKernelPatterns(patterns);
    populateRnnKernelPatterns(patterns);
    // A pattern that emits an error has failed the pass even if rewriting "converged".
    bool failedDiagnostic = false;
    mlir::ScopedDiagnosticHandler watch(&getContext(), [&](mlir::Diagnostic &diag) {
      if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) failedDiagnostic = true;
      return mlir::failure(); // keep propagating to the outer handler
    });
    mlir::GreedyRewriteConfig config;
    config.setRegionSimplificationLevel(mlir::GreedySimplifyRegionLevel::Disabled);
    if (mlir::failed(mlir::applyPatternsGreedily(getOperation(), std::move(patterns), config)) || failedDiagnostic)
      signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
