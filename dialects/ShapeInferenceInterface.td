//===- ShapeInferenceInterface.td - result shape refinement --*- tablegen -*-===//
//
// Ops that can compute their result shapes from their operand types and attributes. The importer
// types results from ONNX's own inference, which leaves dims unknown when the model's shapes are
// symbolic; after specialization and folding a pass calls `inferShapes` to make them static.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_SHAPE_INFERENCE_INTERFACE_TD
#define AICC_SHAPE_INFERENCE_INTERFACE_TD

include "mlir/IR/OpBase.td"

def ShapeInferenceOpInterface : OpInterface<"ShapeInferenceOpInterface"> {
  let cppNamespace = "::mlir::aicc";
  let description = [{
    Refines the op's result types in place from its operand types and attributes: a dim or rank
    the rule can prove replaces an unknown one; element types are never changed.
  }];
  let methods = [
    InterfaceMethod<[{
        Refines the result types. Fails (with a diagnostic) when the operands contradict the
        result types or the ONNX rules; succeeds without change when nothing can be proven.
      }],
      "::llvm::LogicalResult", "inferShapes">,
  ];
}

#endif // AICC_SHAPE_INFERENCE_INTERFACE_TD
