// HoistLoopInvariants: an op in a Loop's body that reads nothing the body defines computes the same
// value every iteration; it moves before the Loop, so it runs once (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace aicc {

#define GEN_PASS_DEF_HOISTLOOPINVARIANTS
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// Whether `op` reads a sequence or an optional: such a read fails the run where the position is
/// out of range or the optional empty, so it must not run before a Loop that would not run it.
bool readsList(Operation &op) {
  return llvm::any_of(op.getOperandTypes(), [](Type t) { return isa<mlir::aicc::SeqType, mlir::aicc::OptType>(t); });
}

struct HoistLoopInvariantsPass : impl::HoistLoopInvariantsBase<HoistLoopInvariantsPass> {
  void runOnOperation() override {
    // Inner loops first: what leaves an inner loop may then leave the outer one too.
    getOperation().walk([](mlir::aicc::LoopOp loop) {
      Region &body = loop.getBody();
      for (Operation &op : llvm::make_early_inc_range(body.front())) {
        if (op.hasTrait<OpTrait::IsTerminator>() || op.getNumRegions() != 0 || !isPure(&op) || readsList(op)) continue;
        bool invariant = llvm::all_of(op.getOperands(), [&](Value v) { return !body.isAncestor(v.getParentRegion()); });
        if (invariant) op.moveBefore(loop);
      }
    });
  }
};

} // namespace
} // namespace aicc
