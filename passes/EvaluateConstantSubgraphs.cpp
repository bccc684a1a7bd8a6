// EvaluateConstantSubgraphs: ops whose operands are all constants and whose results are small are
// computed at compile time and become aicc.Constant, so computed shapes (Shape -> Gather -> Concat
// -> Reshape, Range, ConstantOfShape) are static and masks built in forward (Trilu of ones,
// ScatterND into zeros) are constants. The pass computes nothing itself: the target's
// ConstantEvaluationInterface compiles and runs the ops (see ConstantEvaluation.h). What is read
// off types alone (Shape, Size, the static dims of a Shape) folds here; see Passes.td.
#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"
#include "passes/ConstantEvaluation.h"
#include "passes/ConstantTensor.h"
#include "passes/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace aicc {

#define GEN_PASS_DEF_EVALUATECONSTANTSUBGRAPHS
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// Whether `op`'s result may be replaced by a constant of `type`: equal types, or a refinement
/// (static shape where the op's type had unknown dims) whose users all accept any tensor — aicc ops
/// (which shape inference refines next) and the function's return (the signature is updated).
bool canReplace(Value result, RankedTensorType type) {
  if (result.getType() == type) return true;
  auto current = dyn_cast<TensorType>(result.getType());
  if (!current || current.getElementType() != type.getElementType()) return false;
  if (auto ranked = dyn_cast<RankedTensorType>(current)) {
    if (ranked.getRank() != type.getRank() || ranked.getEncoding()) return false;
    for (auto [known, size] : llvm::zip(ranked.getShape(), type.getShape()))
      if (!ShapedType::isDynamic(known) && known != size) return false;
  }
  return llvm::all_of(result.getUsers(), [](Operation *user) {
    if (isa<func::ReturnOp>(user)) return isa<func::FuncOp>(user->getParentOp());
    return isa<mlir::aicc::AiccDialect>(user->getDialect()) && !isa<mlir::aicc::YieldOp>(user);
  });
}

/// Replaces `op` by an integer constant of `shape` holding `values`.
template <typename OpTy>
LogicalResult replaceByInts(OpTy op, PatternRewriter &rewriter, ArrayRef<int64_t> shape, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, cast<ShapedType>(op.getType()).getElementType());
  if (!isa<IntegerType>(type.getElementType()) || !canReplace(op.getResult(), type))
    return rewriter.notifyMatchFailure(op, "the result cannot hold the dims");
  ConstantTensor result{type, std::vector<int64_t>(values.begin(), values.end()), {}};
  std::string name = (op->getName().stripDialect() + "_folded").str();
  rewriter.replaceOpWithNewOp<mlir::aicc::ConstantOp>(op, result.toAttr(name));
  return success();
}

//===----------------------------------------------------------------------===//
// What types alone give
//===----------------------------------------------------------------------===//

/// Shape-15: dims [start, end) of a statically shaped tensor, bounds clamped to [0, rank].
struct FoldStaticShape : OpRewritePattern<mlir::aicc::ShapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(mlir::aicc::ShapeOp op, PatternRewriter &rewriter) const override {
    auto data = dyn_cast<RankedTensorType>(op.getData().getType());
    if (!data || !data.hasStaticShape()) return rewriter.notifyMatchFailure(op, "the shape is not static");
    auto [start, end] = mlir::aicc::shapeRange(op.getStart(), op.getEnd(), data.getRank());
    ArrayRef<int64_t> dims = data.getShape().slice(start, end - start);
    return replaceByInts(op, rewriter, {static_cast<int64_t>(dims.size())}, dims);
  }
};

/// Gather-13 of a Shape-15's dims that are static, when others are not: x.shape[2] of a
/// tensor<?x2x192xf32> is 192 (nn.MultiheadAttention splits its in-projection by it). Without this
/// a symbolic sequence would leave the head size unknown.
struct FoldStaticDimsOfShape : OpRewritePattern<mlir::aicc::GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(mlir::aicc::GatherOp op, PatternRewriter &rewriter) const override {
    auto shape = op.getData().getDefiningOp<mlir::aicc::ShapeOp>();
    auto data = shape ? dyn_cast<RankedTensorType>(shape.getData().getType()) : nullptr;
    std::optional<ConstantTensor> indices = ConstantTensor::of(op.getIndices());
    if (!data || !indices || indices->isFloat() || !mlir::aicc::normalizeAxis(static_cast<int64_t>(op.getAxis()), 1))
      return rewriter.notifyMatchFailure(op, "not a gather of constant indices from a shape");
    auto [start, end] = mlir::aicc::shapeRange(shape.getStart(), shape.getEnd(), data.getRank());
    SmallVector<int64_t> dims;
    for (int64_t index : indices->ints) {
      std::optional<int64_t> at = mlir::aicc::normalizeAxis(index, end - start);
      if (!at || data.isDynamicDim(start + *at)) return rewriter.notifyMatchFailure(op, "a gathered dim is not static");
      dims.push_back(data.getDimSize(start + *at));
    }
    return replaceByInts(op, rewriter, indices->shape(), dims);
  }
};

/// Size-13: the element count of a statically shaped tensor.
struct FoldStaticSize : OpRewritePattern<mlir::aicc::SizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(mlir::aicc::SizeOp op, PatternRewriter &rewriter) const override {
    auto data = dyn_cast<RankedTensorType>(op.getData().getType());
    if (!data || !data.hasStaticShape()) return rewriter.notifyMatchFailure(op, "the shape is not static");
    return replaceByInts(op, rewriter, {}, {data.getNumElements()});
  }
};

//===----------------------------------------------------------------------===//
// What the target computes
//===----------------------------------------------------------------------===//

/// Replaces each of `results` whose computed value fits it by an aicc.Constant; true if any was.
/// `maxElements` gives each result's bound.
bool replaceByValues(ValueRange results, ArrayRef<ElementsAttr> values,
                     llvm::function_ref<int64_t(Value)> maxElements) {
  bool replaced = false;
  for (auto [result, value] : llvm::zip(results, values)) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getNumElements() > maxElements(result) || !canReplace(result, type)) continue;
    OpBuilder builder(result.getDefiningOp());
    auto constant = mlir::aicc::ConstantOp::create(builder, result.getLoc(), value);
    result.replaceAllUsesWith(constant.getResult());
    replaced = true;
  }
  return replaced;
}

/// A Concat of Slices that together take every element of one constant exactly once (PyTorch's
/// scripted LSTMCell puts its gates into ONNX's order this way, inside the decoder's loop) is a
/// reordering of that constant: computed whatever its size when nothing else reads the constant,
/// since the result then replaces it instead of duplicating it.
struct ReorderConstantBlocks : OpRewritePattern<mlir::aicc::ConcatOp> {
  ReorderConstantBlocks(MLIRContext *context, const ConstantEvaluationInterface &evaluation)
      : OpRewritePattern(context), evaluation(evaluation) {}

  LogicalResult matchAndRewrite(mlir::aicc::ConcatOp op, PatternRewriter &rewriter) const override {
    Value source;
    SmallVector<Operation *> ops;
    for (Value input : op.getInputs()) {
      auto slice = input.getDefiningOp<mlir::aicc::SliceOp>();
      if (!slice || !input.hasOneUse() || (source && slice.getData() != source))
        return rewriter.notifyMatchFailure(op, "not a concat of single-use slices of one value");
      source = slice.getData();
      for (Value bound : slice->getOperands().drop_front())
        if (!matchPattern(bound, m_Constant()))
          return rewriter.notifyMatchFailure(op, "a slice's bounds are not constant");
      ops.push_back(slice);
    }
    auto sourceType = source ? dyn_cast<RankedTensorType>(source.getType()) : nullptr;
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!sourceType || !resultType || !sourceType.hasStaticShape() || !resultType.hasStaticShape() ||
        sourceType.getNumElements() != resultType.getNumElements() || !matchPattern(source, m_Constant()))
      return rewriter.notifyMatchFailure(op, "not a reordering of a whole constant");
    for (Operation *user : source.getUsers())
      if (!llvm::is_contained(ops, user)) return rewriter.notifyMatchFailure(op, "the source has other readers");
    ops.push_back(op);
    FailureOr<SmallVector<ElementsAttr>> values = evaluation.evaluate(ops, op->getResults());
    if (failed(values) || values->front().getType() != resultType)
      return rewriter.notifyMatchFailure(op, "the target did not compute the concat");
    rewriter.replaceOpWithNewOp<mlir::aicc::ConstantOp>(op, values->front());
    return success();
  }

  const ConstantEvaluationInterface &evaluation;
};

/// Computes, in one evaluation, every op of a function that reads only constants and results of
/// such ops, and whose results are small. Ops the target could not compute, or whose results could
/// not replace them, are refused: left to run time and not tried again.
class ConstantOpEvaluator {
public:
  ConstantOpEvaluator(const ConstantEvaluationInterface &evaluation, int64_t maxElements)
      : evaluation(evaluation), maxElements(maxElements) {}

  /// True if a value became a constant.
  bool run(func::FuncOp func) {
    while (evaluations < kMaxEvaluations) {
      SmallVector<Operation *> batch = collect(func);
      if (batch.empty()) return false;
      // Every prefix of the batch reads only constants and earlier ops of it: when the target
      // fails on it, halve it, so one op it cannot compile costs a few compiles, not the others.
      for (size_t size = batch.size(); evaluations < kMaxEvaluations; size = (size + 1) / 2) {
        ++evaluations;
        FailureOr<bool> replaced = evaluate(ArrayRef(batch).take_front(size));
        if (succeeded(replaced)) {
          if (*replaced) return true;
          break;
        }
        if (size == 1) {
          refused.insert(batch.front());
          break;
        }
      }
    }
    return false;
  }

private:
  static constexpr int kMaxEvaluations = 24; // per function: each is a compile

  SmallVector<Operation *> collect(func::FuncOp func) const {
    SmallVector<Operation *> batch;
    llvm::DenseSet<Value> computed;
    func.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (!isEvaluable(op, computed)) return;
      batch.push_back(op);
      computed.insert(op->result_begin(), op->result_end());
    });
    return batch;
  }

  /// The bound on `op`'s operands and results: none for what the target wants computed whatever
  /// its size.
  int64_t maxElementsOf(Operation *op) const {
    return evaluation.computesWhateverSize(op) ? std::numeric_limits<int64_t>::max() : maxElements;
  }

  bool isEvaluable(Operation *op, const llvm::DenseSet<Value> &computed) const {
    const int64_t maxElements = maxElementsOf(op);
    if (!isa<mlir::aicc::AiccDialect>(op->getDialect()) || op->getNumRegions() != 0 || op->getNumResults() == 0 ||
        op->use_empty() || matchPattern(op, m_Constant()) || !isPure(op) || refused.contains(op) ||
        evaluation.keepsUncomputed(op))
      return false;
    bool readsComputed = false;
    for (Value operand : op->getOperands()) {
      if (isa<NoneType>(operand.getType())) continue;
      // Large operands (weights) are not read: each evaluation would copy them into an artifact.
      auto type = dyn_cast<RankedTensorType>(operand.getType());
      if (!type || !type.hasStaticShape() || type.getNumElements() > maxElements) return false;
      if (computed.contains(operand)) {
        readsComputed = true;
        continue;
      }
      Operation *definer = operand.getDefiningOp();
      if (!definer || !isa<mlir::aicc::ConstantOp>(definer)) return false;
    }
    for (Value result : op->getResults()) {
      if (isa<NoneType>(result.getType())) continue; // an optional result not asked for (Unique's)
      auto type = dyn_cast<RankedTensorType>(result.getType());
      if (!type || !isRepresentable(type.getElementType())) return false;
      // A data-shaped result (NonZero of a constant) is computed when it reads constants only: its
      // shape, and so its size, is known once the run gives it.
      if (!type.hasStaticShape()) {
        if (readsComputed) return false;
        continue;
      }
      if (type.getNumElements() > maxElements) return false;
    }
    return true;
  }

  /// Evaluates `ops` and replaces their results that something outside `ops` reads; whether any
  /// was replaced, or failure when the target could not compute them.
  FailureOr<bool> evaluate(ArrayRef<Operation *> ops) {
    llvm::SmallPtrSet<Operation *, 16> inBatch(ops.begin(), ops.end());
    SmallVector<Value> wanted;
    for (Operation *op : ops)
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(), [&](Operation *user) { return !inBatch.contains(user); }))
          wanted.push_back(result);
    if (wanted.empty()) return false;
    FailureOr<SmallVector<ElementsAttr>> values = evaluation.evaluate(ops, wanted);
    if (failed(values)) return failure();
    bool replaced =
        replaceByValues(wanted, *values, [&](Value result) { return maxElementsOf(result.getDefiningOp()); });
    for (Operation *op : llvm::reverse(ops)) {
      if (op->use_empty())
        op->erase();
      else
        refused.insert(op); // a result too large, or of a type its users do not take
    }
    return replaced;
  }

  const ConstantEvaluationInterface &evaluation;
  int64_t maxElements;
  llvm::DenseSet<Operation *> refused;
  int evaluations = 0;
};

struct EvaluateConstantSubgraphsPass : impl::EvaluateConstantSubgraphsBase<EvaluateConstantSubgraphsPass> {
  using EvaluateConstantSubgraphsBase::EvaluateConstantSubgraphsBase;
  static constexpr int kMaxRounds = 8;

  void runOnOperation() override {
    auto *dialect = getContext().getLoadedDialect<mlir::aicc::AiccDialect>();
    if (!dialect) return;
    // Without a target, only what types give folds.
    const auto *evaluation = dialect->getRegisteredInterface<ConstantEvaluationInterface>();
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldStaticShape, FoldStaticDimsOfShape, FoldStaticSize>(&getContext());
    if (evaluation) patterns.add<ReorderConstantBlocks>(&getContext(), *evaluation);
    FrozenRewritePatternSet frozen(std::move(patterns));

    for (func::FuncOp func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal()) continue;
      std::optional<ConstantOpEvaluator> evaluator;
      if (evaluation) evaluator.emplace(*evaluation, maxElements);
      // A computed shape makes the next op's result static, which lets ops reading it be
      // computed: refine shapes and evaluate in turn until nothing changes (bounded; each round
      // that changes something replaces at least one op).
      for (int round = 0;; ++round) {
        if (failed(inferShapes(func))) return signalPassFailure();
        if (round == kMaxRounds) break;
        bool changed = false;
        // Not converging within the driver's iteration limit leaves correct IR, just less folded.
        (void)applyPatternsGreedily(func, frozen, GreedyRewriteConfig(), &changed);
        if (evaluator && evaluator->run(func)) changed = true;
        if (!changed) break;
      }
    }
  }
};

} // namespace
} // namespace aicc
