//===- AiccTypes.cpp - !aicc.string, !aicc.seq, !aicc.opt -----------------===//

#include "dialects/AiccDialect.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#define GET_TYPEDEF_CLASSES
#include "dialects/AiccTypes.cpp.inc"

using namespace mlir;
using namespace mlir::aicc;

void AiccDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/AiccTypes.cpp.inc"
      >();
}

// ONNX `optional(X)` is defined for X a tensor or a sequence (onnx.proto, TypeProto.Optional).
LogicalResult OptType::verify(function_ref<InFlightDiagnostic()> emitError, Type elementType) {
  if (!isa<TensorType, SeqType>(elementType))
    return emitError() << "!aicc.opt holds a tensor or an !aicc.seq, not " << elementType;
  return success();
}
