// How generated code passes buffers to libaiccrt and reads the addresses it returns, for the
// passes that lower to runtime calls (kernel calls, data-shaped outputs, scan stacks, index checks).
#ifndef AICC_BACKENDS_CPU_RUNTIMEADDRESSES_H
#define AICC_BACKENDS_CPU_RUNTIMEADDRESSES_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace aicc::cpu {

/// The aligned base address of `buffer` as an !llvm.ptr argument.
mlir::Value pointerTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value buffer);

/// `address` (a rank-0 i8 memref: a runtime call's returned pointer under the bare-pointer
/// convention) viewed as the dense `type` of `elements` elements, `sizes` its dynamic dims.
mlir::Value viewOfAddress(mlir::OpBuilder &b, mlir::Location loc, mlir::Value address, mlir::MemRefType type,
                          mlir::Value elements, mlir::ValueRange sizes, mlir::DataLayout &layout);

/// The address of a private constant C string `text` in `module`, named `name` (reused if a global
/// of that name exists): how generated code passes a node's name to the runtime.
mlir::Value cString(mlir::OpBuilder &b, mlir::ModuleOp module, mlir::Location loc, llvm::StringRef name,
                    llvm::StringRef text);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_RUNTIMEADDRESSES_H
