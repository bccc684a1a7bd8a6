// MergeSiblingMatMuls: MatMuls that multiply one input by different constant matrices (the query,
// key and value projections of an attention layer, exported as three Linears) become one MatMul
// by the matrices side by side, then one bias Add and a Split (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/ConstantTensor.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc {

#define GEN_PASS_DEF_MERGESIBLINGMATMULS
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// One projection: x · W (+ b), W a constant [K, N], b a constant of N values, the MatMul's
/// result read only by the bias Add when there is one. The constants are read only to merge.
struct Projection {
  mlir::aicc::MatMulOp matmul;
  mlir::aicc::AddOp biasAdd;
  Value bias;

  RankedTensorType weightType() { return cast<RankedTensorType>(matmul.getB().getType()); }
  int64_t columns() { return weightType().getDimSize(1); }
  Value result() { return biasAdd ? biasAdd.getResult() : matmul.getResult(); }
};

/// Whether `value` is defined by a constant op (aicc.Constant, arith.constant).
bool isConstant(Value value) {
  Operation *op = value.getDefiningOp();
  return op && op->hasTrait<OpTrait::ConstantLike>();
}

/// The projection `matmul` computes, if its B is a constant f32 matrix and its result is typed.
std::optional<Projection> projectionOf(mlir::aicc::MatMulOp matmul) {
  auto resultType = dyn_cast<RankedTensorType>(matmul.getType());
  auto weightType = dyn_cast<RankedTensorType>(matmul.getB().getType());
  if (!resultType || !weightType || weightType.getRank() != 2 || !weightType.getElementType().isF32() ||
      resultType.getRank() < 2 || !weightType.hasStaticShape() || !isConstant(matmul.getB()))
    return std::nullopt;
  Projection p{matmul, nullptr, nullptr};
  Value y = matmul.getResult();
  if (!y.hasOneUse()) return p;
  auto add = dyn_cast<mlir::aicc::AddOp>(*y.getUsers().begin());
  if (!add || add.getType() != y.getType()) return p;
  Value bias = add.getA() == y ? add.getB() : add.getA();
  auto biasType = dyn_cast<RankedTensorType>(bias.getType());
  // A bias of N values, as [N] or with leading 1s.
  if (!biasType || !isConstant(bias) || !biasType.hasStaticShape() || biasType.getRank() == 0 ||
      biasType.getShape().back() != p.columns() || biasType.getNumElements() != p.columns() ||
      biasType.getRank() > resultType.getRank() || !isa<FloatType>(biasType.getElementType()))
    return p;
  p.biasAdd = add;
  p.bias = bias;
  return p;
}

/// `parts` (matrices [K, Nᵢ], or vectors of Nᵢ values) side by side along their last dim.
ConstantTensor sideBySide(ArrayRef<ConstantTensor> parts, int64_t rows, int64_t columns, MLIRContext *context) {
  SmallVector<int64_t> shape{rows, columns};
  if (rows == 1) shape = {columns};
  ConstantTensor result = ConstantTensor::zeros(RankedTensorType::get(shape, Float32Type::get(context)));
  int64_t offset = 0;
  for (const ConstantTensor &part : parts) {
    int64_t width = part.size() / rows;
    for (int64_t r = 0; r < rows; ++r)
      std::copy_n(part.floats.begin() + r * width, width, result.floats.begin() + r * columns + offset);
    offset += width;
  }
  return result;
}

/// Rooted at the first of the sibling MatMuls that read `x` in their block.
struct MergeSiblings : OpRewritePattern<mlir::aicc::MatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(mlir::aicc::MatMulOp root, PatternRewriter &rewriter) const override {
    Value x = root.getA();
    std::optional<Projection> first = projectionOf(root);
    if (!first) return rewriter.notifyMatchFailure(root, "B is not a constant f32 matrix");
    auto rootType = cast<RankedTensorType>(root.getType());
    // Readers of x in block order, so the merged columns follow the model's order.
    SmallVector<mlir::aicc::MatMulOp> readers;
    for (Operation *user : x.getUsers())
      if (auto matmul = dyn_cast<mlir::aicc::MatMulOp>(user); matmul && matmul.getA() == x &&
                                                              matmul->getBlock() == root->getBlock() &&
                                                              !llvm::is_contained(readers, matmul))
        readers.push_back(matmul);
    llvm::sort(readers, [](mlir::aicc::MatMulOp a, mlir::aicc::MatMulOp b) { return a->isBeforeInBlock(b); });
    SmallVector<Projection> siblings;
    for (mlir::aicc::MatMulOp matmul : readers) {
      std::optional<Projection> p = matmul == root ? first : projectionOf(matmul);
      if (!p) continue; // its result may be unranked: check before reading its type
      auto type = cast<RankedTensorType>(matmul.getType());
      if (p->weightType().getDimSize(0) != first->weightType().getDimSize(0) ||
          type.getShape().drop_back() != rootType.getShape().drop_back())
        continue;
      if (siblings.empty() && matmul != root) return rewriter.notifyMatchFailure(root, "not the first of its siblings");
      siblings.push_back(std::move(*p));
    }
    if (siblings.size() < 2) return rewriter.notifyMatchFailure(root, "no sibling MatMul of the same input");

    MLIRContext *context = getContext();
    int64_t rows = first->weightType().getDimSize(0), columns = 0;
    bool anyBias = llvm::any_of(siblings, [](Projection &p) { return p.biasAdd != nullptr; });
    std::vector<ConstantTensor> weights, biases;
    for (Projection &p : siblings) {
      columns += p.columns();
      std::optional<ConstantTensor> weight = ConstantTensor::of(p.matmul.getB());
      std::optional<ConstantTensor> bias =
          p.bias ? ConstantTensor::of(p.bias)
                 : ConstantTensor::zeros(RankedTensorType::get({p.columns()}, Float32Type::get(context)));
      if (!weight || !weight->isFloat() || !bias || !bias->isFloat())
        return rewriter.notifyMatchFailure(root, "a weight or bias cannot be read");
      weights.push_back(std::move(*weight));
      if (anyBias) biases.push_back(std::move(*bias));
    }

    rewriter.setInsertionPoint(root);
    Location loc = rewriter.getFusedLoc(llvm::map_to_vector(siblings, [](Projection &p) { return p.matmul.getLoc(); }));
    auto weight = mlir::aicc::ConstantOp::create(rewriter, loc,
                                                 sideBySide(weights, rows, columns, context).toAttr("merged_weights"));
    SmallVector<int64_t> shape(rootType.getShape());
    shape.back() = columns;
    auto mergedType = RankedTensorType::get(shape, rootType.getElementType());
    Value merged = mlir::aicc::MatMulOp::create(rewriter, loc, mergedType, x, weight);
    if (anyBias) {
      auto bias =
          mlir::aicc::ConstantOp::create(rewriter, loc, sideBySide(biases, 1, columns, context).toAttr("merged_bias"));
      merged = mlir::aicc::AddOp::create(rewriter, loc, mergedType, merged, bias);
    }
    SmallVector<int64_t> sizes = llvm::map_to_vector(siblings, [](Projection &p) { return p.columns(); });
    SmallVector<Type> partTypes = llvm::map_to_vector(siblings, [](Projection &p) { return p.result().getType(); });
    auto split = mlir::aicc::SplitOp::create(rewriter, loc, partTypes, merged, i64Constant(rewriter, loc, sizes),
                                             rewriter.getI64IntegerAttr(-1));
    for (auto [p, part] : llvm::zip(siblings, split.getResults())) {
      rewriter.replaceAllUsesWith(p.result(), part);
      if (p.biasAdd) rewriter.eraseOp(p.biasAdd);
      rewriter.eraseOp(p.matmul);
    }
    return success();
  }
};

struct MergeSiblingMatMulsPass : impl::MergeSiblingMatMulsBase<MergeSiblingMatMulsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<MergeSiblings>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc
