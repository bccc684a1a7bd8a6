// The aicc_cpu dialect (see CpuDialect.td).
#ifndef AICC_BACKENDS_CPU_CPUDIALECT_H
#define AICC_BACKENDS_CPU_CPUDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "backends/cpu/CpuDialect.h.inc"
#include "backends/cpu/CpuEnums.h.inc"
#define GET_ATTRDEF_CLASSES
#include "backends/cpu/CpuAttrs.h.inc"
#include "backends/cpu/CpuInterfaces.h.inc"
#define GET_OP_CLASSES
#include "backends/cpu/CpuOps.h.inc"

namespace mlir {
class DialectRegistry;
}

namespace aicc::cpu {
/// Registers the dialect and its bufferization model.
void registerCpuDialect(mlir::DialectRegistry &registry);

/// Channels per block of a blocked layout; 1 for plain and channels-last.
int64_t layoutBlock(Layout layout);

/// The physical shape of an activation with logical shape [N, C, spatial...] in `layout`:
/// channels-last moves C last; blocked splits it into [C/block, ..., block] (C must divide).
llvm::SmallVector<int64_t> physicalShape(llvm::ArrayRef<int64_t> logical, Layout layout);

/// The logical [N, C, spatial...] of a physical shape in `layout`.
llvm::SmallVector<int64_t> logicalShape(llvm::ArrayRef<int64_t> physical, Layout layout);
} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_CPUDIALECT_H
