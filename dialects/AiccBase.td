//===- AiccBase.td - aicc types, type constraints, glue ops --*- tablegen -*-===//
//
// The hand-written part of the aicc dialect: the ONNX value types that MLIR has no builtin for,
// the constraints the generated ops (AiccOps.td) use to accept them, the two ops the ONNX graph
// needs beside its operators (`aicc.none` for absent optional inputs, `aicc.Yield` for subgraphs),
// and the operators of later opsets that aicc's graph passes make from what exporters write at
// opset 17 (`aicc.Gelu`).
//
//===----------------------------------------------------------------------===//

#ifndef AICC_BASE_TD
#define AICC_BASE_TD

include "dialects/AiccDialect.td"
include "dialects/ShapeInferenceInterface.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

class Aicc_Type<string name, string typeMnemonic> : TypeDef<Aicc_Dialect, name> {
  let mnemonic = typeMnemonic;
}

def Aicc_String : Aicc_Type<"String", "string"> {
  let summary = "ONNX string element type";
  let description = [{
    The element type of ONNX `tensor(string)`, e.g. `tensor<3x!aicc.string>`.
  }];
}

def Aicc_Seq : Aicc_Type<"Seq", "seq"> {
  let summary = "ONNX sequence of tensors";
  let description = [{
    ONNX `seq(tensor(T))`: a runtime-sized list of tensors that share an element type. The
    parameter is the tensor type every element conforms to, e.g. `!aicc.seq<tensor<?x3xf32>>`.
  }];
  let parameters = (ins "::mlir::TensorType":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
}

def Aicc_Opt : Aicc_Type<"Opt", "opt"> {
  let summary = "ONNX optional value";
  let description = [{
    ONNX `optional(X)`: a value of type X (a tensor or an `!aicc.seq`) or nothing, e.g.
    `!aicc.opt<tensor<2xf32>>`.
  }];
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Type constraints used by the generated ops
//===----------------------------------------------------------------------===//

// `!aicc.seq<tensor<...xT>>` with T in `allowedTypes`.
class Aicc_SeqOf<list<Type> allowedTypes>
  : ContainerType<TensorOf<allowedTypes>,
                  CPred<"::llvm::isa<::mlir::aicc::SeqType>($_self)">,
                  "::llvm::cast<::mlir::aicc::SeqType>($_self).getElementType()",
                  "sequence", "::mlir::aicc::SeqType">;

// `!aicc.opt<X>` with X satisfying `type`.
class Aicc_OptOf<Type type>
  : ContainerType<type, CPred<"::llvm::isa<::mlir::aicc::OptType>($_self)">,
                  "::llvm::cast<::mlir::aicc::OptType>($_self).getElementType()",
                  "optional", "::mlir::aicc::OptType">;

//===----------------------------------------------------------------------===//
// Glue ops
//===----------------------------------------------------------------------===//

def Aicc_NoneOp : Aicc_Op<"none", [Pure, ConstantLike]> {
  let summary = "an absent optional ONNX input";
  let description = [{
    ONNX marks an omitted optional input with an empty name. aicc keeps operand positions equal
    to ONNX input positions and passes this op's result instead:

    ```mlir
    %none = aicc.none
    %y = "aicc.Conv"(%x, %w, %none) : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x6x6xf32>
    ```
  }];
  let results = (outs NoneType:$result);
  let builders = [OpBuilder<(ins), [{ $_state.addTypes($_builder.getNoneType()); }]>];
  let assemblyFormat = "attr-dict";
  // Folds to UnitAttr so that the greedy folder can unique and hoist it like other constants.
  let hasFolder = 1;
}

def Aicc_YieldOp : Aicc_Op<"Yield", [Pure, Terminator, ReturnLike,
                                     ParentOneOf<["IfOp", "LoopOp", "ScanOp", "SequenceMapOp"]>]> {
  let summary = "returns the outputs of an ONNX subgraph";
  let description = [{
    Terminates the region of a graph attribute (If branches, Loop/Scan/SequenceMap bodies); its
    operands are the subgraph's outputs in ONNX order.
  }];
  let arguments = (ins Variadic<AnyType>:$operands);
  let assemblyFormat = "attr-dict ($operands^ `:` type($operands))?";
}

//===----------------------------------------------------------------------===//
// Operators of later opsets
//===----------------------------------------------------------------------===//

def Aicc_GeluOp : Aicc_Op<"Gelu", [Pure, SameOperandsAndResultElementType,
                                   DeclareOpInterfaceMethods<ShapeInferenceOpInterface>]> {
  let summary = "Gaussian error linear unit, ONNX Gelu-20";
  let description = [{
    y = 0.5 · x · (1 + erf(x / √2)), or with `approximate = "tanh"`
    y = 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))), elementwise.

    ONNX has Gelu only from opset 20; aicc's dialect is opset 17, where exporters write either
    formula out in Div/Erf/Add/Mul or Mul/Add/Tanh ops. aicc-recognize-gelu turns those into this
    op, so the backends compute it in one step (a oneDNN post-op of the matmul before it, or one
    fused loop) whichever way the export spelled it. The importer never creates it.
  }];
  let arguments = (ins
    TensorOf<[F32, F64, F16, BF16]>:$X,
    DefaultValuedStrAttr<StrAttr, "none">:$approximate
  );
  let results = (outs TensorOf<[F32, F64, F16, BF16]>:$Y);
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferShapes() {
      return inferSameShapeAsInput(*this);
    }
  }];
}

#endif // AICC_BASE_TD
