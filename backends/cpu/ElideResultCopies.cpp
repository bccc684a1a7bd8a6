// ElideResultCopies: a result computed into a fresh buffer and then copied into its out-param is
// computed in the out-param itself. See Passes.td.
#include "backends/cpu/Passes.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_ELIDERESULTCOPIES
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct ElideResultCopiesPass : impl::ElideResultCopiesBase<ElideResultCopiesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal()) return;
    Block &body = func.getBody().front();
    SmallVector<memref::CopyOp> copies(body.getOps<memref::CopyOp>());
    for (memref::CopyOp copy : copies) {
      auto out = dyn_cast<BlockArgument>(copy.getTarget());
      auto alloc = copy.getSource().getDefiningOp<memref::AllocOp>();
      if (!out || out.getOwner() != &body || !out.hasOneUse() || !alloc || alloc->getBlock() != &body ||
          alloc.getType() != out.getType())
        continue;
      // The copy must be the buffer's last use: everything else that touches it runs before.
      bool lastUse = llvm::all_of(alloc->getUsers(), [&](Operation *user) {
        Operation *top = body.findAncestorOpInBlock(*user);
        return top && (top == copy || top->isBeforeInBlock(copy));
      });
      if (!lastUse) continue;
      copy.erase();
      alloc.getResult().replaceAllUsesWith(out);
      alloc.erase();
    }
  }
};

} // namespace
} // namespace aicc::cpu
