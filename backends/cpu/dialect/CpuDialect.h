// The aicc_cpu dialect (see CpuDialect.td).
#ifndef AICC_BACKENDS_CPU_DIALECT_CPUDIALECT_H
#define AICC_BACKENDS_CPU_DIALECT_CPUDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace aicc::cpu {
/// The words of a kernel's parameter struct that only the run knows: a symbolic dim of an
/// operand, or a stride that follows from one. Each becomes AICC_RUN_VALUE(k) in the struct
/// (aicc/cpu_kernels.h), and the call passes the value of source k after the kernel's pointers.
class RunValues {
public:
  struct Source {
    mlir::Value value; // a memref operand of the kernel
    int64_t dim;
    bool stride; // its stride along `dim` rather than its size
  };

  /// Dim `dim` of `value`: the size if static, else the word of a run value.
  int64_t dim(mlir::Value value, int64_t dim);
  /// Every dim of `value`, as dim() gives them.
  llvm::SmallVector<int64_t> dims(mlir::Value value);
  /// The word of `value`'s stride along `dim`, whose static stride is `known` (kDynamic if not).
  int64_t stride(mlir::Value value, int64_t dim, int64_t known);

  llvm::ArrayRef<Source> sources() const { return all; }

private:
  int64_t word(Source source);
  llvm::SmallVector<Source> all;
};

/// The kernel table's parameter fields in the IR (CpuDialect.td): a word prints as its number, or
/// as `?k` for the run's value k; a flag as true or false.
mlir::FailureOr<int64_t> parseWord(mlir::AsmParser &parser);
void printWord(mlir::AsmPrinter &printer, int64_t word);
mlir::FailureOr<llvm::SmallVector<int64_t>> parseWords(mlir::AsmParser &parser);
void printWords(mlir::AsmPrinter &printer, llvm::ArrayRef<int64_t> words);
mlir::FailureOr<bool> parseFlag(mlir::AsmParser &parser);
mlir::FailureOr<llvm::APFloat> parseDouble(mlir::AsmParser &parser);
} // namespace aicc::cpu

#include "backends/cpu/dialect/CpuDialect.h.inc"
#include "backends/cpu/dialect/CpuEnums.h.inc"
#define GET_ATTRDEF_CLASSES
#include "backends/cpu/dialect/CpuAttrs.h.inc"
#include "backends/cpu/dialect/CpuInterfaces.h.inc"
#define GET_OP_CLASSES
#include "backends/cpu/dialect/CpuOps.h.inc"

namespace mlir {
class DialectRegistry;
}

namespace aicc::cpu {
/// Registers the dialect and its bufferization model.
void registerCpuDialect(mlir::DialectRegistry &registry);

/// Channels per block of a blocked layout; 1 for plain and channels-last.
int64_t layoutBlock(Layout layout);

/// The gates of a recurrent cell (ONNX's G: RNN 1, LSTM 4, GRU 3) and its activation functions
/// per direction (f; f, g; f, g, h).
int64_t rnnGateCount(RnnCell cell);
int64_t rnnActivationsPerDirection(RnnCell cell);

/// The physical shape of an activation with logical shape [N, C, spatial...] in `layout`:
/// channels-last moves C last; blocked splits it into [C/block, ..., block] (C must divide).
llvm::SmallVector<int64_t> physicalShape(llvm::ArrayRef<int64_t> logical, Layout layout);

/// The logical [N, C, spatial...] of a physical shape in `layout`.
llvm::SmallVector<int64_t> logicalShape(llvm::ArrayRef<int64_t> physical, Layout layout);

/// What the op and its kernel-table params both check (defined in KernelTableAttrs.cpp):
/// whether an int8 convolution writing `dstType` takes `postOps` (eltwise and at most one sum:
/// first into an f32 result, oneDNN's f32-result kernels take no activation before it; into a u8
/// or s8 one anywhere, its zero point in the result's range), and why int8 pooling cannot
/// requantize as given (null if it can).
bool quantizedConvTakes(mlir::ArrayAttr postOps, DataType dstType);
const char *poolRequantizationError(PoolAlgorithm algorithm, DataType dataType, double outputScale, double outputShift);
} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_DIALECT_CPUDIALECT_H
