// InferShapes: forward shape refinement over the function body; see Passes.td.
#include "dialects/AiccDialect.h"
#include "passes/Passes.h"

namespace aicc {

#define GEN_PASS_DEF_INFERSHAPES
#include "passes/Passes.h.inc"

namespace {

struct InferShapesPass : impl::InferShapesBase<InferShapesPass> {
  void runOnOperation() override {
    mlir::func::FuncOp func = getOperation();
    mlir::WalkResult result = func.walk<mlir::WalkOrder::PreOrder>([](mlir::aicc::ShapeInferenceOpInterface op) {
      return mlir::failed(op.inferShapes()) ? mlir::WalkResult::interrupt() : mlir::WalkResult::advance();
    });
    if (result.wasInterrupted()) return signalPassFailure();

    if (func.isExternal()) return;
    auto returnOp = mlir::cast<mlir::func::ReturnOp>(func.getBody().back().getTerminator());
    func.setFunctionType(mlir::FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                                 returnOp.getOperandTypes()));
  }
};

} // namespace
} // namespace aicc
