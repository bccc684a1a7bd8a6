// InferShapes: forward shape refinement over the function body; see Passes.td.
#include "dialects/AiccDialect.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

namespace aicc {

#define GEN_PASS_DEF_INFERSHAPES
#include "passes/Passes.h.inc"

mlir::LogicalResult inferShapes(mlir::func::FuncOp func) {
  // A Loop's or If's results follow from what its body yields, which is refined after the op
  // itself in the walk: one more walk for each level of nesting, bounded.
  bool hasRegions = false;
  func.walk([&](mlir::aicc::ShapeInferenceOpInterface op) { hasRegions |= op->getNumRegions() != 0; });
  for (int walk = 0; walk < (hasRegions ? 3 : 1); ++walk) {
    mlir::WalkResult result = func.walk<mlir::WalkOrder::PreOrder>([](mlir::aicc::ShapeInferenceOpInterface op) {
      return mlir::failed(op.inferShapes()) ? mlir::WalkResult::interrupt() : mlir::WalkResult::advance();
    });
    if (result.wasInterrupted()) return mlir::failure();
  }

  if (!func.isExternal()) setResultTypesFromReturn(func);
  return mlir::success();
}

namespace {

struct InferShapesPass : impl::InferShapesBase<InferShapesPass> {
  void runOnOperation() override {
    if (mlir::failed(inferShapes(getOperation()))) return signalPassFailure();
  }
};

} // namespace
} // namespace aicc
