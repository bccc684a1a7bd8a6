// Target-independent graph passes (see Passes.td).
#ifndef AICC_PASSES_PASSES_H
#define AICC_PASSES_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace aicc {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace aicc

#endif // AICC_PASSES_PASSES_H
