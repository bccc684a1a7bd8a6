// The aicc_cpu dialect (see CpuDialect.td).
#ifndef AICC_BACKENDS_CPU_CPUDIALECT_H
#define AICC_BACKENDS_CPU_CPUDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

#include "backends/cpu/CpuDialect.h.inc"
#include "backends/cpu/CpuEnums.h.inc"
#define GET_OP_CLASSES
#include "backends/cpu/CpuOps.h.inc"

namespace mlir {
class DialectRegistry;
}

namespace aicc::cpu {
/// Registers the dialect and its bufferization model.
void registerCpuDialect(mlir::DialectRegistry &registry);
} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_CPUDIALECT_H
