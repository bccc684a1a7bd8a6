// How generated code passes buffers to libaiccrt and reads the addresses it returns, for the
// passes that lower to runtime calls (kernel calls, data-shaped outputs, scan stacks, index checks, lists).
#ifndef AICC_BACKENDS_CPU_ABI_RUNTIMEADDRESSES_H
#define AICC_BACKENDS_CPU_ABI_RUNTIMEADDRESSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace aicc::cpu {

/// `value` as an i64 constant, the runtime's word for slots, counts, ranks and dtypes.
mlir::Value i64Constant(mlir::OpBuilder &b, mlir::Location loc, int64_t value);

/// The runtime state: `func`'s first argument, which aicc-cpu-lower-kernel-calls adds. Where it is
/// missing, an error on `func` saying that `what` needs it.
mlir::FailureOr<mlir::Value> runtimeState(mlir::func::FuncOp func, llvm::StringRef what);

/// Declares the runtime function `name` in `module` unless it is there.
void declareRuntimeFunction(mlir::OpBuilder &b, mlir::ModuleOp module, llvm::StringRef name, mlir::TypeRange args,
                            mlir::TypeRange results);

/// An array of `rank` (at least one) i64 dims, the form in which the runtime reads and writes them.
mlir::Value dimsArray(mlir::OpBuilder &b, mlir::Location loc, int64_t rank);

/// Every dim of the memref `buffer` as an index: a constant where its type knows it.
llvm::SmallVector<mlir::Value> sizesOf(mlir::OpBuilder &b, mlir::Location loc, mlir::Value buffer);

/// Stores `sizes` (indices) into the dims array `dims`; returns their product, the element count.
mlir::Value storeDims(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange sizes, mlir::Value dims);

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

/// `address` viewed as the dense `type` whose first dims are `leading` and whose other dynamic dims
/// the runtime call wrote into `dims` (dim d at word d - leading.size()).
mlir::Value viewOfWrittenDims(mlir::OpBuilder &b, mlir::Location loc, mlir::Value address, mlir::MemRefType type,
                              mlir::ValueRange leading, mlir::Value dims, mlir::DataLayout &layout);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_ABI_RUNTIMEADDRESSES_H
