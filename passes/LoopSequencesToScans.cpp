// LoopSequencesToScans: a Python list appended to once per iteration of a scripted loop exports as
// a sequence carried through an ONNX Loop (SequenceEmpty or SequenceConstruct before it,
// SequenceInsert at the end in the body) and read after it by ConcatFromSequence or
// SequenceLength. That is a scan output: the carried sequence becomes one, and its readers a
// Transpose/Reshape of the stacked rows or the stack's height (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include "mlir/IR/Builders.h"

namespace aicc {

#define GEN_PASS_DEF_LOOPSEQUENCESTOSCANS
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// The elements a carried sequence starts with: none (SequenceEmpty) or SequenceConstruct's.
std::optional<SmallVector<Value>> initialElements(Value init) {
  if (init.getDefiningOp<mlir::aicc::SequenceEmptyOp>()) return SmallVector<Value>{};
  if (auto construct = init.getDefiningOp<mlir::aicc::SequenceConstructOp>())
    return SmallVector<Value>(construct.getInputs());
  return std::nullopt;
}

/// The body's SequenceInsert that appends to carried value `k`, if the sequence starts empty or
/// with elements of the appended rows' type, is appended to exactly once per iteration, and is
/// only stacked or counted after the loop.
mlir::aicc::SequenceInsertOp appendOnlySequence(mlir::aicc::LoopOp loop, unsigned k) {
  std::optional<SmallVector<Value>> initial = initialElements(loop.getVInitial()[k]);
  if (!initial) return nullptr;
  Block &body = loop.getBody().front();
  BlockArgument arg = body.getArgument(k + 2);
  if (!arg.hasOneUse()) return nullptr;
  auto insert = dyn_cast<mlir::aicc::SequenceInsertOp>(*arg.getUsers().begin());
  if (!insert || insert.getInputSequence() != arg || !isa<NoneType>(insert.getPosition().getType()) ||
      !insert.getResult().hasOneUse() || body.getTerminator()->getOperand(k + 1) != insert.getResult() ||
      !isa<RankedTensorType>(insert.getTensor().getType()))
    return nullptr;
  for (Value element : *initial)
    if (element.getType() != insert.getTensor().getType()) return nullptr;
  for (Operation *user : loop.getResult(k).getUsers())
    if (!isa<mlir::aicc::ConcatFromSequenceOp, mlir::aicc::SequenceLengthOp>(user)) return nullptr;
  return insert;
}

/// ConcatFromSequence over the stacked rows `stack` ([n, rows...]): with new_axis the rows are
/// stacked along `axis` (dim 0 moved there); without, they are joined along it (then merged with
/// the dim after it).
FailureOr<Value> concatOfStack(OpBuilder &b, mlir::aicc::ConcatFromSequenceOp concat, Value stack) {
  Location loc = concat.getLoc();
  auto type = cast<RankedTensorType>(stack.getType());
  int64_t rowRank = type.getRank() - 1;
  bool newAxis = concat.getNewAxis() != 0;
  int64_t axis = (int64_t)concat.getAxis();
  int64_t bound = newAxis ? rowRank + 1 : rowRank;
  if (axis < -bound || axis >= bound)
    return concat.emitOpError("axis ") << axis << " is out of range for sequence elements of rank " << rowRank;
  if (axis < 0) axis += bound;

  Value moved = moveLeadingDimTo(b, loc, stack, axis);
  if (newAxis) return moved;
  // [.., n, d_axis, ..] → [.., n * d_axis, ..]: the other dims from the tensor itself.
  auto shapeType = [&](int64_t n) { return RankedTensorType::get({n}, b.getI64Type()); };
  SmallVector<Value> parts;
  if (axis > 0)
    parts.push_back(
        mlir::aicc::ShapeOp::create(b, loc, shapeType(axis), moved, b.getI64IntegerAttr(axis), b.getI64IntegerAttr(0)));
  parts.push_back(i64Constant(b, loc, {-1}));
  if (axis + 2 <= rowRank)
    parts.push_back(mlir::aicc::ShapeOp::create(b, loc, shapeType(rowRank - axis - 1), moved, IntegerAttr(),
                                                b.getI64IntegerAttr(axis + 2)));
  Value shape =
      parts.size() == 1
          ? parts[0]
          : mlir::aicc::ConcatOp::create(b, loc, shapeType(rowRank), parts, b.getI64IntegerAttr(0)).getResult();
  return mlir::aicc::ReshapeOp::create(b, loc, UnrankedTensorType::get(type.getElementType()), moved, shape)
      .getResult();
}

LogicalResult convertLoop(mlir::aicc::LoopOp loop) {
  Block &body = loop.getBody().front();
  Operation *yield = body.getTerminator();
  unsigned carried = loop.getVInitial().size();
  llvm::SmallVector<std::pair<unsigned, mlir::aicc::SequenceInsertOp>> appends;
  for (unsigned k = 0; k < carried; ++k)
    if (auto insert = appendOnlySequence(loop, k)) appends.push_back({k, insert});
  if (appends.empty()) return success();

  llvm::BitVector removed(carried);
  for (auto [k, insert] : appends) removed.set(k);
  OpBuilder b(loop);
  SmallVector<Value> inits;
  SmallVector<Type> types;
  for (unsigned k = 0; k < carried; ++k)
    if (!removed[k]) {
      inits.push_back(loop.getVInitial()[k]);
      types.push_back(loop.getResult(k).getType());
    }
  for (unsigned j = carried; j < loop.getNumResults(); ++j) types.push_back(loop.getResult(j).getType());
  SmallVector<Value> rows;
  for (auto [k, insert] : appends) {
    auto row = cast<RankedTensorType>(insert.getTensor().getType());
    SmallVector<int64_t> dims{ShapedType::kDynamic};
    dims.append(row.getShape().begin(), row.getShape().end());
    types.push_back(RankedTensorType::get(dims, row.getElementType()));
    rows.push_back(insert.getTensor());
  }

  // The body: appended rows become scan outputs (yielded last), the sequences' arguments go.
  SmallVector<Value> yielded;
  yielded.push_back(yield->getOperand(0));
  for (unsigned k = 0; k < carried; ++k)
    if (!removed[k]) yielded.push_back(yield->getOperand(k + 1));
  for (unsigned j = carried + 1; j < yield->getNumOperands(); ++j) yielded.push_back(yield->getOperand(j));
  yielded.append(rows);
  yield->setOperands(yielded);
  for (auto [k, insert] : appends) insert.erase();
  llvm::BitVector args(body.getNumArguments());
  for (auto [k, insert] : appends) args.set(k + 2);
  body.eraseArguments(args);

  auto replacement = mlir::aicc::LoopOp::create(b, loop.getLoc(), types, loop.getM(), loop.getCond(), inits);
  replacement->setAttrs(loop->getDiscardableAttrDictionary());
  replacement.getBody().takeBody(loop.getBody());

  unsigned kept = 0;
  for (unsigned k = 0; k < carried; ++k)
    if (!removed[k]) loop.getResult(k).replaceAllUsesWith(replacement.getResult(kept++));
  unsigned firstNewScan = kept + (loop.getNumResults() - carried);
  for (unsigned j = carried; j < loop.getNumResults(); ++j)
    loop.getResult(j).replaceAllUsesWith(replacement.getResult(kept++));
  for (auto [index, append] : llvm::enumerate(appends)) {
    Value stack = replacement.getResult(firstNewScan + index);
    // The elements the list started with come first.
    SmallVector<Value> initial = *initialElements(loop.getVInitial()[append.first]);
    if (!initial.empty()) {
      b.setInsertionPointAfter(replacement);
      auto stackType = cast<RankedTensorType>(stack.getType());
      SmallVector<Value> parts;
      for (Value element : initial) parts.push_back(unsqueezeAt(b, loop.getLoc(), element, 0));
      parts.push_back(stack);
      stack = mlir::aicc::ConcatOp::create(b, loop.getLoc(), stackType, parts, b.getI64IntegerAttr(0));
    }
    for (Operation *user : llvm::make_early_inc_range(loop.getResult(append.first).getUsers())) {
      b.setInsertionPoint(user);
      Value value;
      if (auto concat = dyn_cast<mlir::aicc::ConcatFromSequenceOp>(user)) {
        FailureOr<Value> joined = concatOfStack(b, concat, stack);
        if (failed(joined)) return failure();
        value = *joined;
      } else {
        value = dimSize(b, user->getLoc(), stack, 0);
      }
      user->getResult(0).replaceAllUsesWith(value);
      user->erase();
    }
  }
  SmallVector<Operation *> empties;
  for (auto [k, insert] : appends) empties.push_back(loop.getVInitial()[k].getDefiningOp());
  loop.erase();
  for (Operation *op : empties)
    if (op->use_empty()) op->erase();
  return success();
}

struct LoopSequencesToScansPass : impl::LoopSequencesToScansBase<LoopSequencesToScansPass> {
  void runOnOperation() override {
    // Inner loops first: an outer loop's body may then have one fewer sequence.
    SmallVector<mlir::aicc::LoopOp> loops;
    getOperation().walk([&](mlir::aicc::LoopOp loop) { loops.push_back(loop); });
    for (mlir::aicc::LoopOp loop : loops)
      if (failed(convertLoop(loop))) return signalPassFailure();
    // The replacements may be typed more precisely than what they replace, results included.
    setResultTypesFromReturn(getOperation());
  }
};

} // namespace
} // namespace aicc
