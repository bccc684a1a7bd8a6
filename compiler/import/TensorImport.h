// ONNX TypeProto/TensorProto → MLIR types and elements attributes.
#ifndef AICC_COMPILER_IMPORT_TENSORIMPORT_H
#define AICC_COMPILER_IMPORT_TENSORIMPORT_H

#include "llvm/Support/Error.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "onnx/onnx_pb.h"

namespace aicc {

/// The MLIR element type of an ONNX TensorProto.DataType: signless integers for signed ONNX types,
/// unsigned for uintN, i1 for bool.
llvm::Expected<mlir::Type> importElementType(mlir::MLIRContext *context, int32_t dataType);

/// A tensor type; unknown or symbolic dimensions become dynamic, a missing shape unranked.
llvm::Expected<mlir::Type> importType(mlir::MLIRContext *context, const onnx::TypeProto &type);

/// The value of an initializer or Constant. Tensors above a small size are backed by a resource blob
/// (printed once, in the file's resource section) instead of an inline attribute; external data is
/// read from `directory`.
llvm::Expected<mlir::ElementsAttr> importTensor(mlir::MLIRContext *context, const onnx::TensorProto &tensor,
                                                llvm::StringRef directory);

} // namespace aicc

#endif // AICC_COMPILER_IMPORT_TENSORIMPORT_H
