// Target-independent graph passes (assembled in compiler/GraphPipeline.cpp).
#ifndef AICC_PASSES
#define AICC_PASSES

include "mlir/Pass/PassBase.td"

def InferShapes : Pass<"aicc-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Refine result shapes op by op through ShapeInferenceOpInterface";
  let description = [{
    Visits the ops in order, so each sees its operands already refined, and asks every op that
    implements ShapeInferenceOpInterface to refine its result types; then makes the function's
    result types match what it returns. ONNX's own shape inference at import leaves dims unknown
    where a model's shapes are symbolic or computed; this recovers them once inputs are fixed and
    constants folded.
  }];
}

#endif // AICC_PASSES
