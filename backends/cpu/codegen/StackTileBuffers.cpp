// StackTileBuffers: the small fixed-size buffers inside a loop nest (a tile's partial reduction, a
// row's maximum) come from the stack of the thread running the nest instead of malloc and free
// per tile. See Passes.td.
#include "backends/cpu/Passes.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_STACKTILEBUFFERS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The bytes of a static buffer of ints or floats; nothing for other buffers.
std::optional<int64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() || type.getMemorySpace() ||
      !type.getElementType().isIntOrFloat())
    return std::nullopt;
  return type.getNumElements() * llvm::divideCeil(type.getElementTypeBitWidth(), 8);
}

/// The one dealloc that ends `alloc`'s life in the block that allocates it; null if another
/// block frees it, or none does, or more than one, or the buffer leaves the block's iteration as
/// a value (yielded, carried by a loop): then it must stay a fresh buffer of its own.
memref::DeallocOp deallocInSameBlock(memref::AllocOp alloc) {
  memref::DeallocOp found;
  for (Operation *user : alloc->getUsers()) {
    if (user->hasTrait<OpTrait::IsTerminator>() || isa<LoopLikeOpInterface, RegionBranchOpInterface>(user))
      return nullptr;
    auto dealloc = dyn_cast<memref::DeallocOp>(user);
    if (!dealloc) continue;
    if (found || dealloc->getBlock() != alloc->getBlock()) return nullptr;
    found = dealloc;
  }
  return found;
}

struct StackTileBuffersPass : impl::StackTileBuffersBase<StackTileBuffersPass> {
  using StackTileBuffersBase::StackTileBuffersBase;

  void runOnOperation() override {
    getOperation().walk([&](ParallelForOp parallel) {
      int64_t used = 0;
      SmallVector<std::pair<memref::AllocOp, memref::DeallocOp>> promoted;
      parallel.getBody().walk([&](memref::AllocOp alloc) {
        if (alloc->getParentOfType<ParallelForOp>() != parallel) return;
        std::optional<int64_t> bytes = staticBytes(alloc.getType());
        memref::DeallocOp dealloc = deallocInSameBlock(alloc);
        if (!bytes || !dealloc || used + *bytes > maxBytes) return;
        used += *bytes;
        promoted.push_back({alloc, dealloc});
      });
      // At the start of the body, the entry block of the function it is outlined into: a fixed
      // slot of the frame, reused by every iteration (each frees its buffer before the next).
      OpBuilder builder = OpBuilder::atBlockBegin(&parallel.getBody().front());
      for (auto [alloc, dealloc] : promoted) {
        auto alloca = memref::AllocaOp::create(builder, alloc.getLoc(), alloc.getType(), alloc.getAlignmentAttr());
        alloc.replaceAllUsesWith(alloca.getResult());
        dealloc.erase();
        alloc.erase();
      }
    });
  }
};

} // namespace
} // namespace aicc::cpu
