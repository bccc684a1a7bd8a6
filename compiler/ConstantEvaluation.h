// The compiler's ConstantEvaluationInterface (passes/ConstantEvaluation.h).
#ifndef AICC_COMPILER_CONSTANTEVALUATION_H
#define AICC_COMPILER_CONSTANTEVALUATION_H

#include "mlir/IR/DialectRegistry.h"

namespace aicc {

/// Attaches constant evaluation by the CPU target to the aicc dialect.
void registerConstantEvaluation(mlir::DialectRegistry &registry);

} // namespace aicc

#endif // AICC_COMPILER_CONSTANTEVALUATION_H
