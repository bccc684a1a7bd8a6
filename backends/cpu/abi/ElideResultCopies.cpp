// ElideResultCopies: a result computed into a fresh buffer and then copied into its out-param is
// computed in the out-param itself. See Passes.td.
#include "backends/cpu/Passes.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_ELIDERESULTCOPIES
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The buffer a result is computed in: `copied` itself, or the buffer a reshape of it views (a
/// Reshape or Flatten last). Sets `reshape` to that reshape.
memref::AllocOp computedIn(Value copied, Operation *&reshape) {
  reshape = copied.getDefiningOp();
  if (isa_and_nonnull<memref::CollapseShapeOp, memref::ExpandShapeOp>(reshape) && reshape->hasOneUse())
    return reshape->getOperand(0).getDefiningOp<memref::AllocOp>();
  reshape = nullptr;
  return copied.getDefiningOp<memref::AllocOp>();
}

/// `out` viewed as the buffer `alloc` that `reshape` reshaped into out's type: the inverse reshape.
Value viewAs(OpBuilder &b, Value out, memref::AllocOp alloc, Operation *reshape) {
  if (!reshape) return out;
  Location loc = alloc.getLoc();
  if (auto collapse = dyn_cast<memref::CollapseShapeOp>(reshape)) {
    if (!alloc.getType().hasStaticShape()) return Value();
    return memref::ExpandShapeOp::create(b, loc, alloc.getType(), out, collapse.getReassociationIndices());
  }
  auto expand = cast<memref::ExpandShapeOp>(reshape);
  auto view = memref::CollapseShapeOp::create(b, loc, out, expand.getReassociationIndices());
  if (view.getType() == alloc.getType()) return view;
  view.erase();
  return Value();
}

struct ElideResultCopiesPass : impl::ElideResultCopiesBase<ElideResultCopiesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal()) return;
    Block &body = func.getBody().front();
    SmallVector<memref::CopyOp> copies(body.getOps<memref::CopyOp>());
    for (memref::CopyOp copy : copies) {
      auto out = dyn_cast<BlockArgument>(copy.getTarget());
      Operation *reshape = nullptr;
      memref::AllocOp alloc = computedIn(copy.getSource(), reshape);
      if (!out || out.getOwner() != &body || !out.hasOneUse() || !alloc || alloc->getBlock() != &body ||
          copy.getSource().getType() != out.getType())
        continue;
      // The copy must be the buffer's last use: everything else that touches it runs before.
      bool lastUse = llvm::all_of(alloc->getUsers(), [&](Operation *user) {
        Operation *top = body.findAncestorOpInBlock(*user);
        return top && (top == copy || top->isBeforeInBlock(copy));
      });
      if (!lastUse) continue;
      OpBuilder b(alloc);
      Value view = viewAs(b, out, alloc, reshape);
      if (!view) continue;
      copy.erase();
      if (reshape) reshape->erase();
      alloc.getResult().replaceAllUsesWith(view);
      alloc.erase();
    }
  }
};

} // namespace
} // namespace aicc::cpu
