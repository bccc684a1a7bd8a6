// The graph pipeline. Computed shapes are evaluated first, alternating with shape inference, so
// every later pass sees static types; canonicalization runs each op's folder (constant folding)
// and erases ops whose results are unused (dead-code elimination); CSE merges duplicate constants
// and subexpressions; BatchNormalization then folds into the convolution or Gemm before it, and a
// second canonicalization drops the weights that fold replaced.
#include "compiler/GraphPipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/Passes.h"
#include "passes/Passes.h"

namespace aicc {

void buildGraphPipeline(mlir::OpPassManager &pm) {
  pm.addNestedPass<mlir::func::FuncOp>(createScanToLoop());
  pm.addNestedPass<mlir::func::FuncOp>(createEvaluateConstantSubgraphs()); // infers shapes too
  // A scripted list becomes a scan output once the loop body's types are known; the shapes of
  // its stacked rows are then evaluated like any other.
  pm.addNestedPass<mlir::func::FuncOp>(createLoopSequencesToScans());
  pm.addNestedPass<mlir::func::FuncOp>(createEvaluateConstantSubgraphs());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  pm.addNestedPass<mlir::func::FuncOp>(createFuseLstmCell());
  pm.addNestedPass<mlir::func::FuncOp>(createFoldBatchNormIntoConv());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addNestedPass<mlir::func::FuncOp>(createInferShapes());
  pm.addPass(mlir::createSymbolDCEPass());
}

} // namespace aicc
