// ONNX graph → aicc dialect.
//
// Builds `func.func @main` with one aicc op per ONNX node (subgraphs become regions), initializers as
// aicc.Constant, absent optional inputs as aicc.none, and a NameLoc per op carrying the ONNX node name
// so that every later diagnostic can name the node.
#ifndef AICC_COMPILER_IMPORT_ONNXIMPORTER_H
#define AICC_COMPILER_IMPORT_ONNXIMPORTER_H

#include "compiler/ModuleConventions.h"
#include "compiler/import/ModelLoader.h"
#include "llvm/Support/Error.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace aicc {

llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>> importOnnxModel(mlir::MLIRContext &context, const LoadedModel &model);

} // namespace aicc

#endif // AICC_COMPILER_IMPORT_ONNXIMPORTER_H
