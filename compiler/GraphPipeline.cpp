// The graph pipeline. Canonicalization runs each op's folder (constant folding) and erases ops whose
// results are unused (dead-code elimination); CSE merges duplicate constants and subexpressions.
#include "compiler/GraphPipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/Passes.h"
#include "passes/Passes.h"

namespace aicc {

void buildGraphPipeline(mlir::OpPassManager &pm) {
  pm.addNestedPass<mlir::func::FuncOp>(createInferShapes());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  pm.addNestedPass<mlir::func::FuncOp>(createInferShapes());
  pm.addPass(mlir::createSymbolDCEPass());
}

} // namespace aicc
