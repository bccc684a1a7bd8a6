//===- AiccDialect.td - the aicc graph dialect ---------------*- tablegen -*-===//
//
// The dialect that holds an imported ONNX graph: one op per ONNX node with ONNX semantics. Its ops
// are generated from the ONNX schemas (AiccOps.td); the types and glue ops are in AiccBase.td.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_DIALECT_TD
#define AICC_DIALECT_TD

include "mlir/IR/OpBase.td"

def Aicc_Dialect : Dialect {
  let name = "aicc";
  let cppNamespace = "::mlir::aicc";
  let summary = "ONNX operators as imported by the aicc compiler";
  let description = [{
    One op per ONNX operator of the default domain (op name = ONNX op type, operands and results
    in ONNX order, attributes named and typed as in the ONNX schema). An absent optional input is
    the result of `aicc.none`; ONNX subgraphs are regions terminated by `aicc.Yield`.
  }];
  // Quantized models keep `!quant.uniform` element types on the tensors ONNX stores as int8,
  // uint8 or int32.
  let dependentDialects = ["::mlir::quant::QuantDialect"];
  let useDefaultTypePrinterParser = 1;
  // Folding produces ElementsAttr (-> aicc.Constant) and UnitAttr (-> aicc.none).
  let hasConstantMaterializer = 1;
  let extraClassDeclaration = [{
    void registerTypes();
  }];
}

class Aicc_Op<string mnemonic, list<Trait> traits = []> : Op<Aicc_Dialect, mnemonic, traits>;

#endif // AICC_DIALECT_TD
