// FuseElementwiseStatic: linalg's elementwise fusion, on functions with static shapes only (see
// Passes.td for why symbolic dims are left to aicc-cpu-tile-and-fuse).
#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassManager.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_FUSEELEMENTWISESTATIC
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

bool hasDynamicDims(TypeRange types) {
  return llvm::any_of(types, [](Type t) {
    auto shaped = dyn_cast<ShapedType>(t);
    return shaped && (!shaped.hasRank() || !shaped.hasStaticShape());
  });
}

struct FuseElementwiseStaticPass : impl::FuseElementwiseStaticBase<FuseElementwiseStaticPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (hasDynamicDims(func.getArgumentTypes()) || hasDynamicDims(func.getResultTypes())) return;
    OpPassManager fusion(func::FuncOp::getOperationName());
    fusion.addPass(createLinalgElementwiseOpFusionPass());
    if (failed(runPipeline(fusion, func))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
