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
  unsigned first = 0, last = 0; // positions of the defining and last-using ops (Program)
  int64_t offset = 0;
};

/// Whether the regions of `op` run in program order, once each time `op` runs: a Loop's or If's
/// control flow. Their buffers share the workspace; the bodies of tiled and parallel loops, whose
/// iterations may run concurrently once parallelized, keep theirs on the heap.
bool isSequentialControlFlow(Operation *op) { return isa<scf::WhileOp, scf::IfOp>(op); }

/// The function's ops in program order, into the regions of sequential control flow: a buffer's
/// lifetime is an interval of positions, and a value used inside a loop stays live to the loop's
/// end (the next iteration reads it again).
class Program {
public:
  explicit Program(Block *entry) { number(entry); }

  bool contains(Operation *op) const { return position.count(op); }
  unsigned at(Operation *op) const { return position.lookup(op); }

  /// The op of the program that is `op` or contains it.
  Operation *enclosing(Operation *op) const {
    while (op && !contains(op)) op = op->getParentOp();
    return op;
  }

  /// The last position at which `value`, a buffer defined by `def`, or a view or alias of it is
  /// used; fails (with an error on `def`) if the buffer is carried out of a loop it is defined in.
  FailureOr<unsigned> lastUse(Value value, Operation *def) const {
    unsigned last = at(enclosing(def));
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      Operation *top = enclosing(user);
      if (!top) continue;
      unsigned p = at(top);
      // Live through every loop around the use that does not also hold the definition.
      for (Operation *loop = top; loop; loop = loop->getParentOp())
        if (isa<scf::WhileOp>(loop) && !loop->isProperAncestor(def) && loop != def) p = std::max(p, end.lookup(loop));
      last = std::max(last, p);
      SmallVector<Value> aliases;
      if (auto view = dyn_cast<ViewLikeOpInterface>(user); view && view.getViewSource() == value)
        aliases.append(user->result_begin(), user->result_end());
      if (auto loop = dyn_cast<scf::WhileOp>(user)) aliases.push_back(loop.getResult(use.getOperandNumber()));
      if (isa<scf::YieldOp>(user) && isa<scf::IfOp>(user->getParentOp()))
        aliases.push_back(user->getParentOp()->getResult(use.getOperandNumber()));
      if (isa<scf::ConditionOp>(user) || (isa<scf::YieldOp>(user) && isa<scf::WhileOp>(user->getParentOp()))) {
        if (user->getParentOp()->isProperAncestor(def))
          return def->emitError("cannot place a buffer: it is carried out of the loop that allocates it");
        last = std::max(last, end.lookup(user->getParentOp()));
      }
      for (Value alias : aliases) {
        FailureOr<unsigned> aliasLast = lastUse(alias, def);
        if (failed(aliasLast)) return failure();
        last = std::max(last, *aliasLast);
      }
    }
    return last;
  }

private:
  void number(Block *block) {
    for (Operation &op : *block) {
      position[&op] = next++;
      if (!isSequentialControlFlow(&op)) continue;
      for (Region &region : op.getRegions())
        for (Block &nested : region) number(&nested);
      end[&op] = next - 1;
    }
  }

  llvm::DenseMap<Operation *, unsigned> position, end;
  unsigned next = 0;
};

/// Last position in `block` at which `value`, or any view derived from it, is used.
unsigned lastUseInBlock(Value value, Block *block, const llvm::DenseMap<Operation *, unsigned> &position) {
  unsigned last = 0;
  for (Operation *user : value.getUsers()) {
    Operation *top = user;
    while (top && top->getBlock() != block) top = top->getParentOp();
    if (top) last = std::max(last, position.lookup(top));
    if (auto view = dyn_cast<ViewLikeOpInterface>(user); view && view.getViewSource() == value)
      for (Value result : user->getResults()) last = std::max(last, lastUseInBlock(result, block, position));
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
    Program program(block);

    std::vector<Buffer> buffers;
    std::vector<memref::AllocOp> dynamicBuffers, nestedBuffers;
    WalkResult walk = func.walk([&](memref::AllocOp alloc) {
      MemRefType type = alloc.getType();
      if (!type.getLayout().isIdentity()) {
        alloc.emitError("cannot place a buffer of type ")
            << type << " in the workspace: only dense buffers are supported";
        return WalkResult::interrupt();
      }
      bool inProgram = program.contains(alloc);
      if (!inProgram || (!type.hasStaticShape() && alloc->getBlock() != block)) {
        nestedBuffers.push_back(alloc);
        return WalkResult::advance();
      }
      if (!type.hasStaticShape()) {
        dynamicBuffers.push_back(alloc);
        return WalkResult::advance();
      }
      FailureOr<unsigned> last = program.lastUse(alloc.getResult(), alloc);
      if (failed(last)) return WalkResult::interrupt();
      Buffer b;
      b.alloc = alloc;
      b.bytes = (int64_t)llvm::alignTo(type.getNumElements() * (int64_t)layout.getTypeSize(type.getElementType()),
                                       kAlignment);
      b.first = program.at(alloc);
      b.last = std::max(b.first, *last);
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
    // A tiled loop body's temporary (a fused producer's tile that stayed a buffer): one per
    // iteration, and per thread in a parallel loop, so it cannot be one workspace slot. And a
    // buffer with symbolic dims inside a Loop or If: its size is known only there.
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
    Operation *last = ops[std::max(position.lookup(alloc), lastUseInBlock(alloc.getResult(), block, position))];
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
      offset =
          arith::AndIOp::create(builder, loc, end, arith::ConstantIndexOp::create(builder, loc, ~(kAlignment - 1)));
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
