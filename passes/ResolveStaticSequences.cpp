// ResolveStaticSequences: a sequence whose elements the compiler can list (SequenceConstruct,
// SplitToSequence of a static split, inserts and erases at constant positions) is a list of
// tensors, not a run-time value: reading it (SequenceAt, SequenceLength, ConcatFromSequence)
// reads the list (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

namespace aicc {

#define GEN_PASS_DEF_RESOLVESTATICSEQUENCES
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

using Elements = SmallVector<Value>;

/// A position ONNX's way (negative from the end) in a list of `size`, or none if outside
/// [0, size) (`size` + 1 positions for an insert).
std::optional<int64_t> position(Value pos, int64_t size, bool insert) {
  if (isa<NoneType>(pos.getType())) return insert ? size : size - 1;
  std::optional<int64_t> p = constantInt(pos);
  int64_t bound = insert ? size + 1 : size;
  if (!p) return std::nullopt;
  int64_t at = *p < 0 ? *p + size : *p;
  if (at < 0 || at >= bound) return std::nullopt;
  return at;
}

/// The pieces of SplitToSequence, if its split is static: slices of the input along the axis.
std::optional<Elements> splitPieces(OpBuilder &b, mlir::aicc::SplitToSequenceOp op) {
  auto type = dyn_cast<RankedTensorType>(op.getInput().getType());
  if (!type) return std::nullopt;
  int64_t rank = type.getRank(), axis = (int64_t)op.getAxis();
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank || type.isDynamicDim(axis)) return std::nullopt;
  int64_t dim = type.getDimSize(axis);
  SmallVector<int64_t> sizes;
  bool squeeze = false;
  if (isa<NoneType>(op.getSplit().getType())) {
    sizes.assign(dim, 1);
    squeeze = op.getKeepdims() == 0;
  } else if (auto split = dyn_cast<RankedTensorType>(op.getSplit().getType()); split && split.getRank() == 0) {
    std::optional<int64_t> each = constantInt(op.getSplit());
    if (!each || *each <= 0) return std::nullopt;
    for (int64_t start = 0; start < dim; start += *each) sizes.push_back(std::min(*each, dim - start));
  } else {
    DenseIntElementsAttr values;
    if (!matchPattern(op.getSplit(), m_Constant(&values))) return std::nullopt;
    int64_t total = 0;
    for (const APInt &v : values) {
      sizes.push_back(v.getSExtValue());
      total += sizes.back();
      if (sizes.back() < 0) return std::nullopt;
    }
    if (total != dim) return std::nullopt;
  }
  Location loc = op.getLoc();
  Elements pieces;
  int64_t start = 0;
  for (int64_t size : sizes) {
    SmallVector<int64_t> dims(type.getShape());
    dims[axis] = size;
    Value piece = mlir::aicc::SliceOp::create(b, loc, RankedTensorType::get(dims, type.getElementType()), op.getInput(),
                                              i64Constant(b, loc, {start}), i64Constant(b, loc, {start + size}),
                                              i64Constant(b, loc, {axis}), i64Constant(b, loc, {1}));
    if (squeeze) {
      dims.erase(dims.begin() + axis);
      piece = mlir::aicc::SqueezeOp::create(b, loc, RankedTensorType::get(dims, type.getElementType()), piece,
                                            i64Constant(b, loc, {axis}));
    }
    pieces.push_back(piece);
    start += size;
  }
  return pieces;
}

struct ResolveStaticSequencesPass : impl::ResolveStaticSequencesBase<ResolveStaticSequencesPass> {
  void runOnOperation() override {
    llvm::DenseMap<Value, Elements> lists;
    // The stacked elements of a list read at a run-time position, built once per list.
    llvm::DenseMap<Value, Value> stacks;
    SmallVector<Operation *> resolved;
    OpBuilder b(&getContext());

    getOperation().walk<WalkOrder::PreOrder>([&](Operation *op) {
      b.setInsertionPoint(op);
      Location loc = op->getLoc();
      auto listOf = [&](Value seq) -> const Elements * {
        auto it = lists.find(seq);
        return it == lists.end() ? nullptr : &it->second;
      };
      if (auto construct = dyn_cast<mlir::aicc::SequenceConstructOp>(op)) {
        lists[construct.getResult()] = Elements(construct.getInputs());
      } else if (auto empty = dyn_cast<mlir::aicc::SequenceEmptyOp>(op)) {
        lists[empty.getResult()] = {};
      } else if (auto split = dyn_cast<mlir::aicc::SplitToSequenceOp>(op)) {
        if (std::optional<Elements> pieces = splitPieces(b, split)) lists[split.getResult()] = *pieces;
      } else if (auto insert = dyn_cast<mlir::aicc::SequenceInsertOp>(op)) {
        const Elements *list = listOf(insert.getInputSequence());
        std::optional<int64_t> at = list ? position(insert.getPosition(), list->size(), true) : std::nullopt;
        if (at) {
          Elements next(*list);
          next.insert(next.begin() + *at, insert.getTensor());
          lists[insert.getResult()] = next;
        }
      } else if (auto erase = dyn_cast<mlir::aicc::SequenceEraseOp>(op)) {
        const Elements *list = listOf(erase.getInputSequence());
        std::optional<int64_t> at = list ? position(erase.getPosition(), list->size(), false) : std::nullopt;
        if (at) {
          Elements next(*list);
          next.erase(next.begin() + *at);
          lists[erase.getResult()] = next;
        }
      } else if (auto identity = dyn_cast<mlir::aicc::IdentityOp>(op)) {
        if (const Elements *list = listOf(identity.getInput())) lists[identity.getOutput()] = *list;
      } else if (auto length = dyn_cast<mlir::aicc::SequenceLengthOp>(op)) {
        if (const Elements *list = listOf(length.getInputSequence())) {
          length.getResult().replaceAllUsesWith(i64Constant(b, loc, {(int64_t)list->size()}, true));
          resolved.push_back(op);
        }
      } else if (auto at = dyn_cast<mlir::aicc::SequenceAtOp>(op)) {
        const Elements *list = listOf(at.getInputSequence());
        if (!list || list->empty()) return;
        if (std::optional<int64_t> p = position(at.getPosition(), list->size(), false)) {
          at.getResult().replaceAllUsesWith((*list)[*p]);
          resolved.push_back(op);
          return;
        }
        // A run-time position (a loop over the list): a Gather from the elements stacked, if
        // they all have one static type.
        Type element = (*list)[0].getType();
        auto type = dyn_cast<RankedTensorType>(element);
        if (!type || !type.hasStaticShape() || isa<NoneType>(at.getPosition().getType()) ||
            constantInt(at.getPosition()) || llvm::any_of(*list, [&](Value v) { return v.getType() != element; }))
          return;
        Value &stack = stacks[at.getInputSequence()];
        if (!stack) {
          OpBuilder::InsertionGuard guard(b);
          // Every element is defined before the op that defines the list: stacked right after
          // it, the stack dominates every read of the list.
          b.setInsertionPointAfterValue(at.getInputSequence());
          SmallVector<Value> rows;
          for (Value v : *list) rows.push_back(unsqueezeAt(b, loc, v, 0));
          SmallVector<int64_t> dims{(int64_t)list->size()};
          dims.append(type.getShape().begin(), type.getShape().end());
          stack = mlir::aicc::ConcatOp::create(b, loc, RankedTensorType::get(dims, type.getElementType()), rows,
                                               b.getI64IntegerAttr(0));
        }
        Value index = at.getPosition();
        at.getResult().replaceAllUsesWith(
            mlir::aicc::GatherOp::create(b, loc, type, stack, index, b.getI64IntegerAttr(0)).getResult());
        resolved.push_back(op);
      } else if (auto concat = dyn_cast<mlir::aicc::ConcatFromSequenceOp>(op)) {
        const Elements *list = listOf(concat.getInputSequence());
        if (!list || list->empty()) return;
        auto first = dyn_cast<RankedTensorType>((*list)[0].getType());
        if (!first) return;
        bool newAxis = concat.getNewAxis() != 0;
        int64_t rank = first.getRank() + (newAxis ? 1 : 0), axis = (int64_t)concat.getAxis();
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) return;
        SmallVector<Value> parts;
        for (Value v : *list) {
          if (!isa<RankedTensorType>(v.getType())) return;
          parts.push_back(newAxis ? unsqueezeAt(b, loc, v, axis) : v);
        }
        Value joined = parts.size() == 1
                           ? parts[0]
                           : mlir::aicc::ConcatOp::create(b, loc, UnrankedTensorType::get(first.getElementType()),
                                                          parts, b.getI64IntegerAttr(axis))
                                 .getResult();
        concat.getResult().replaceAllUsesWith(joined);
        resolved.push_back(op);
      }
    });
    for (Operation *op : llvm::reverse(resolved)) op->erase();
    // The sequences nothing reads any more.
    bool erased = true;
    while (erased) {
      erased = false;
      getOperation().walk([&](Operation *op) {
        if (op->getNumResults() == 1 && isa<mlir::aicc::SeqType>(op->getResult(0).getType()) && op->use_empty() &&
            isa<mlir::aicc::SequenceConstructOp, mlir::aicc::SequenceEmptyOp, mlir::aicc::SplitToSequenceOp,
                mlir::aicc::SequenceInsertOp, mlir::aicc::SequenceEraseOp, mlir::aicc::IdentityOp>(op)) {
          op->erase();
          erased = true;
        }
      });
    }
    setResultTypesFromReturn(getOperation());
  }
};

} // namespace
} // namespace aicc
