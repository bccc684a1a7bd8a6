// The graph pipeline. Computed shapes are evaluated first, alternating with shape inference, so
// every later pass sees static types; canonicalization runs each op's folder (constant folding)
// and erases ops whose results are unused (dead-code elimination); CSE merges duplicate constants
// and subexpressions; BatchNormalization then folds into the convolution or Gemm before it, GroupNorm's
// groups are normalized with the channel dim kept, Einsums become MatMuls, the composite ops (MVN,
// the Lp family) their parts, and a second canonicalization drops what those rewrites replaced.
#include "compiler/GraphPipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/Passes.h"
#include "passes/Passes.h"

namespace aicc {

void buildGraphPipeline(mlir::OpPassManager &pm) {
  pm.addNestedPass<mlir::func::FuncOp>(createScanToLoop());
  pm.addNestedPass<mlir::func::FuncOp>(createSequenceMapToLoop());
  pm.addPass(createEvaluateConstantSubgraphs()); // infers shapes too
  // Scripted lists: those whose elements are known become the elements, one appended to in a
  // loop a scan output, once the types are known; the shapes they give are then evaluated.
  pm.addNestedPass<mlir::func::FuncOp>(createResolveStaticSequences());
  pm.addNestedPass<mlir::func::FuncOp>(createLoopSequencesToScans());
  pm.addPass(createEvaluateConstantSubgraphs());
  pm.addNestedPass<mlir::func::FuncOp>(createHoistLoopInvariants());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  pm.addNestedPass<mlir::func::FuncOp>(createFuseLstmCell());
  pm.addNestedPass<mlir::func::FuncOp>(createRecognizeLayerNorm());
  pm.addNestedPass<mlir::func::FuncOp>(createRecognizeGelu());
  pm.addNestedPass<mlir::func::FuncOp>(createMergeSiblingMatMuls());
  pm.addNestedPass<mlir::func::FuncOp>(createFoldBatchNormIntoConv());
  pm.addNestedPass<mlir::func::FuncOp>(createSplitNormGroups());
  pm.addNestedPass<mlir::func::FuncOp>(createDecomposeEinsum());
  pm.addNestedPass<mlir::func::FuncOp>(createExpandCompositeOps());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addNestedPass<mlir::func::FuncOp>(createInferShapes());
  pm.addPass(mlir::createSymbolDCEPass());
}

} // namespace aicc
