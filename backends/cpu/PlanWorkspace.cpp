// PlanWorkspace: intermediate buffers → views into one workspace argument, sharing bytes between
// buffers that are never live together. Static shapes make this a compile-time plan: no allocation
// happens while a model runs. Buffers with symbolic dims follow the planned bytes, one after the
// other, at offsets computed as the run goes; the generated aicc_model_workspace_bytes_for gives
// the runtime the total for a run's dims before the run.
#include "backends/cpu/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_PLANWORKSPACE
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

constexpr int64_t kAlignment = 64;

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  unsigned first = 0, last = 0; // positions of the defining and last-using top-level ops
  int64_t offset = 0;
};

/// The op of `block` that contains `op` (itself if directly in the block).
Operation *topLevelAncestor(Operation *op, Block *block) {
  while (op && op->getBlock() != block) op = op->getParentOp();
  return op;
}

/// Last position in `block` at which `value`, or any view derived from it, is used.
unsigned lastUse(Value value, Block *block, const llvm::DenseMap<Operation *, unsigned> &position) {
  unsigned last = 0;
  for (Operation *user : value.getUsers()) {
    Operation *top = topLevelAncestor(user, block);
    if (top) last = std::max(last, position.lookup(top));
    if (auto view = dyn_cast<ViewLikeOpInterface>(user); view && view.getViewSource() == value)
      for (Value result : user->getResults()) last = std::max(last, lastUse(result, block, position));
  }
  return last;
}

/// Greedy-by-size placement: each buffer, largest first, goes at the lowest aligned offset where it
/// overlaps no already-placed buffer whose lifetime intersects its own. Returns the total size.
int64_t assignOffsets(std::vector<Buffer> &buffers) {
  std::vector<Buffer *> order;
  for (Buffer &b : buffers) order.push_back(&b);
  std::stable_sort(order.begin(), order.end(), [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
  std::vector<Buffer *> placed;
  int64_t total = 0;
  for (Buffer *b : order) {
    std::vector<std::pair<int64_t, int64_t>> busy; // byte ranges of live-overlapping buffers
    for (Buffer *p : placed)
      if (p->first <= b->last && b->first <= p->last) busy.push_back({p->offset, p->offset + p->bytes});
    std::sort(busy.begin(), busy.end());
    int64_t offset = 0;
    for (auto [begin, end] : busy) {
      if (offset + b->bytes <= begin) break;
      offset = std::max<int64_t>(offset, llvm::alignTo(end, kAlignment));
    }
    b->offset = offset;
    total = std::max(total, offset + b->bytes);
    placed.push_back(b);
  }
  return (int64_t)llvm::alignTo(total, kAlignment);
}

struct PlanWorkspacePass : impl::PlanWorkspaceBase<PlanWorkspacePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    DataLayout layout(module);
    for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      if (func.isExternal() || func->hasAttr(kWorkspaceBytesFunctionAttr)) continue;
      if (failed(plan(func, layout))) return signalPassFailure();
    }
  }

  LogicalResult plan(func::FuncOp func, DataLayout &layout) {
    Block *block = &func.getBody().front();
    llvm::DenseMap<Operation *, unsigned> position;
    unsigned index = 0;
    for (Operation &op : *block) position[&op] = index++;

    std::vector<Buffer> buffers;
    std::vector<memref::AllocOp> dynamicBuffers, nestedBuffers;
    WalkResult walk = func.walk([&](memref::AllocOp alloc) {
      MemRefType type = alloc.getType();
      if (!type.getLayout().isIdentity()) {
        alloc.emitError("cannot place a buffer of type ") << type << " in the workspace: only dense buffers are supported";
        return WalkResult::interrupt();
      }
      if (alloc->getBlock() != block) {
        nestedBuffers.push_back(alloc);
        return WalkResult::advance();
      }
      if (!type.hasStaticShape()) {
        dynamicBuffers.push_back(alloc);
        return WalkResult::advance();
      }
      Buffer b;
      b.alloc = alloc;
      b.bytes = (int64_t)llvm::alignTo(type.getNumElements() * (int64_t)layout.getTypeSize(type.getElementType()), kAlignment);
      b.first = position[alloc];
      b.last = std::max(b.first, lastUse(alloc.getResult(), block, position));
      buffers.push_back(b);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted()) return failure();

    int64_t total = assignOffsets(buffers);
    OpBuilder builder(func.getContext());
    auto workspaceType = MemRefType::get({total}, builder.getI8Type());
    if (failed(func.insertArgument(0, workspaceType, {}, func.getLoc()))) return failure();
    Value workspace = block->getArgument(0);
    for (Buffer &b : buffers) {
      builder.setInsertionPoint(b.alloc);
      Value shift = arith::ConstantIndexOp::create(builder, b.alloc.getLoc(), b.offset);
      Value view = memref::ViewOp::create(builder, b.alloc.getLoc(), b.alloc.getType(), workspace, shift, ValueRange{});
      b.alloc.replaceAllUsesWith(view);
      b.alloc.erase();
    }
    // One-shot bufferization inserts no deallocations; any left would now free workspace bytes.
    func.walk([](memref::DeallocOp dealloc) { dealloc.erase(); });
    func->setAttr(kWorkspaceBytesAttr, builder.getI64IntegerAttr(total));

    std::optional<Value> runDims;
    if (func->hasAttr(kRunDimsAttr)) runDims = func.getArguments().back();
    llvm::SmallVector<memref::AllocOp> runSized;
    for (memref::AllocOp alloc : dynamicBuffers) {
      if (runDims && sizedByRunDims(alloc, *runDims)) {
        runSized.push_back(alloc);
        continue;
      }
      if (failed(freeAfterLastUse(alloc))) return failure();
    }
    // A loop body's temporary (a fused producer's tile that stayed a buffer): one per iteration,
    // and per thread in a parallel loop, so it cannot be one workspace slot.
    for (memref::AllocOp alloc : nestedBuffers)
      if (failed(freeAfterLastUse(alloc))) return failure();
    if (runSized.empty() && !runDims) return success();
    return placeDynamicBuffers(func, runSized, workspace, total, layout);
  }

  /// Leaves `alloc` a heap allocation (sized by data, or inside a loop) and frees it after its last
  /// use in its block; refused if it outlives the block (yielded out of a loop).
  static LogicalResult freeAfterLastUse(memref::AllocOp alloc) {
    Block *block = alloc->getBlock();
    llvm::DenseMap<Operation *, unsigned> position;
    std::vector<Operation *> ops;
    for (Operation &op : *block) {
      position[&op] = ops.size();
      ops.push_back(&op);
    }
    Operation *last = ops[std::max(position.lookup(alloc), lastUse(alloc.getResult(), block, position))];
    OpBuilder builder(alloc);
    if (last->hasTrait<OpTrait::IsTerminator>()) {
      if (!isa<func::ReturnOp>(last))
        return alloc.emitError("cannot place a buffer of type ")
               << alloc.getType() << ": it leaves the loop that allocates it";
      builder.setInsertionPoint(last);
    } else {
      builder.setInsertionPointAfter(last);
    }
    memref::DeallocOp::create(builder, alloc.getLoc(), alloc.getResult());
    return success();
  }

  /// Whether the dynamic sizes of `alloc` are computed from the run's dims (and constants) alone.
  static bool sizedByRunDims(memref::AllocOp alloc, Value runDims) {
    llvm::SetVector<Operation *> slice;
    BackwardSliceOptions options;
    options.inclusive = true;
    for (Value size : alloc.getDynamicSizes()) {
      if (isa<BlockArgument>(size)) return false;
      if (failed(getBackwardSlice(size, &slice, options))) return false;
    }
    for (Operation *op : slice) {
      auto load = dyn_cast<memref::LoadOp>(op);
      if (load ? load.getMemRef() != runDims : !isPure(op) || op->getNumRegions() != 0) return false;
      for (Value operand : op->getOperands())
        if (isa<BlockArgument>(operand) && operand != runDims) return false;
    }
    return true;
  }

  /// Places the buffers with symbolic dims after the `staticBytes` planned ones, in order, and
  /// adds the public function that computes the total from the run's dims (every function that
  /// reads run dims has one, even when all its buffers are static).
  LogicalResult placeDynamicBuffers(func::FuncOp func, llvm::ArrayRef<memref::AllocOp> allocs, Value workspace,
                                    int64_t staticBytes, DataLayout &layout) {
    OpBuilder builder(func.getContext());
    Location loc = func.getLoc();
    Value dims = func.getArguments().back();
    auto dimsType = dyn_cast<MemRefType>(dims.getType());
    if (!dimsType || !dimsType.getElementType().isInteger(64) || dimsType.getRank() != 1) {
      func.emitError("a function with symbolic dims needs its run dims argument (aicc-cpu-bind-run-dims)");
      return failure();
    }
    builder.setInsertionPointToStart(&func.getBody().front());
    Value offset = arith::ConstantIndexOp::create(builder, loc, staticBytes);
    for (memref::AllocOp alloc : allocs) {
      builder.setInsertionPoint(alloc);
      MemRefType type = alloc.getType();
      Value bytes = arith::ConstantIndexOp::create(
          builder, loc, llvm::product_of(llvm::make_filter_range(type.getShape(), [](int64_t d) {
                          return !ShapedType::isDynamic(d);
                        })) * (int64_t)layout.getTypeSize(type.getElementType()));
      for (Value size : alloc.getDynamicSizes()) bytes = arith::MulIOp::create(builder, loc, bytes, size);
      Value view = memref::ViewOp::create(builder, alloc.getLoc(), type, workspace, offset, alloc.getDynamicSizes());
      // The next buffer starts at the next 64-byte boundary.
      Value mask = arith::ConstantIndexOp::create(builder, loc, kAlignment - 1);
      Value end = arith::AddIOp::create(builder, loc, arith::AddIOp::create(builder, loc, offset, bytes), mask);
      offset = arith::AndIOp::create(builder, loc, end,
                                     arith::ConstantIndexOp::create(builder, loc, ~(kAlignment - 1)));
      alloc.replaceAllUsesWith(view);
      alloc.erase();
    }

    // The total as a function of the dims alone: its backward slice, cloned.
    ModuleOp module = func->getParentOfType<ModuleOp>();
    builder.setInsertionPointToEnd(module.getBody());
    auto sizeFunction = func::FuncOp::create(builder, loc, kWorkspaceBytesFunction,
                                             builder.getFunctionType({dims.getType()}, {builder.getIndexType()}));
    sizeFunction->setAttr(kWorkspaceBytesFunctionAttr, builder.getUnitAttr());
    Block *body = sizeFunction.addEntryBlock();
    IRMapping mapping;
    mapping.map(dims, body->getArgument(0));
    builder.setInsertionPointToStart(body);
    llvm::SetVector<Operation *> slice;
    BackwardSliceOptions options;
    options.inclusive = true;
    if (failed(getBackwardSlice(offset, &slice, options))) return failure();
    for (Operation *op : slice) {
      if (!isPure(op) && !isa<memref::LoadOp>(op)) {
        op->emitError("the workspace size would depend on ") << op->getName() << ", not only on the run's dims";
        return failure();
      }
      for (Value operand : op->getOperands())
        if (!mapping.contains(operand) && !operand.getDefiningOp()) {
          op->emitError("the workspace size would depend on an argument other than the run's dims");
          return failure();
        }
      builder.clone(*op, mapping);
    }
    func::ReturnOp::create(builder, loc, mapping.lookup(offset));
    return success();
  }
};

} // namespace
} // namespace aicc::cpu
