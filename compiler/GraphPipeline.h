// Target-independent graph optimization, assembled in one place.
#ifndef AICC_COMPILER_GRAPHPIPELINE_H
#define AICC_COMPILER_GRAPHPIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace aicc {

/// Shape inference, constant folding (op folders via canonicalization), CSE and dead-code elimination.
void buildGraphPipeline(mlir::OpPassManager &pm);

} // namespace aicc

#endif // AICC_COMPILER_GRAPHPIPELINE_H
