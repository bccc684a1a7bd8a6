// Target-independent graph passes (see Passes.td).
#ifndef AICC_PASSES_PASSES_H
#define AICC_PASSES_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace aicc {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// Refines the result types of `func`'s ops in order through ShapeInferenceOpInterface, then its
/// signature to what it returns (the InferShapes pass; EvaluateConstantSubgraphs alternates it
/// with evaluation). Fails after a diagnostic when an op's operands contradict its result type.
mlir::LogicalResult inferShapes(mlir::func::FuncOp func);

} // namespace aicc

#endif // AICC_PASSES_PASSES_H
