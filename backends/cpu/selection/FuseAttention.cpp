// FuseAttention: the scaled dot-product attention the earlier folds leave (a Q·Kᵀ matmul kernel
// with its scale and mask as post-ops, a Softmax over the keys, a P·V matmul kernel) becomes one
// attention kernel, which never stores the [queries, keys] scores. See Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/TensorReshape.h"
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace aicc::cpu {

#define GEN_PASS_DEF_FUSEATTENTION
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The value of a one-element f32 constant, looking through the reshapes that give a scalar the
/// kernel's rank.
std::optional<double> scalarConstant(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(throughReshapes(value), m_Constant(&attr)) || attr.getNumElements() != 1 ||
      !attr.getElementType().isF32())
    return std::nullopt;
  return (*attr.getValues<APFloat>().begin()).convertToDouble();
}

/// The identity permutation of rank 4 where `permutation` is absent.
llvm::SmallVector<int64_t> orIdentity(std::optional<ArrayRef<int64_t>> permutation) {
  return permutation ? llvm::to_vector(*permutation) : llvm::SmallVector<int64_t>{0, 1, 2, 3};
}

/// A permutation attribute, or none for the identity.
DenseI64ArrayAttr permutationAttr(MLIRContext *context, ArrayRef<int64_t> permutation) {
  if (isIdentityPermutation(permutation)) return nullptr;
  return DenseI64ArrayAttr::get(context, permutation);
}

/// Whether `condition` is a constant [.., S, S] that is true exactly above the diagonal (j > i):
/// the causal mask torch.triu(ones, 1) builds, filled with -inf.
bool isStrictUpperTriangle(Value condition) {
  DenseElementsAttr attr;
  auto type = dyn_cast<RankedTensorType>(condition.getType());
  if (!type || type.getRank() < 2 || !matchPattern(condition, m_Constant(&attr)) || !attr.getElementType().isInteger(1))
    return false;
  int64_t rows = type.getDimSize(type.getRank() - 2), cols = type.getDimSize(type.getRank() - 1);
  if (rows != cols || type.getNumElements() != rows * cols) return false;
  int64_t at = 0;
  for (bool value : attr.getValues<bool>()) {
    if (value != (at % cols > at / cols)) return false;
    ++at;
  }
  return true;
}

struct FuseScaledDotProduct : OpRewritePattern<MatMulOp> {
  FuseScaledDotProduct(MLIRContext *context, int64_t maxKeys) : OpRewritePattern(context), maxKeys(maxKeys) {}

  LogicalResult matchAndRewrite(MatMulOp pv, PatternRewriter &rewriter) const override {
    // P · V: no bias, post-ops, scale or transposes but V's and the result's permutations.
    auto init = cast<ShapedType>(pv.getInit().getType());
    if (init.getRank() != 4 || pv.getBias() || pv.getBScales() || !pv.getPostOps().empty() || pv.getTransA() ||
        pv.getTransB() || pv.getAPermutation() || pv.getAlpha().convertToDouble() != 1.0)
      return rewriter.notifyMatchFailure(pv, "not a plain rank-4 P x V matmul");
    auto softmax = pv.getA().getDefiningOp<::mlir::aicc::SoftmaxOp>();
    const int64_t axis = static_cast<int64_t>(softmax ? softmax.getAxis() : 0);
    if (!softmax || !pv.getA().hasOneUse() || (axis != -1 && axis != 3))
      return rewriter.notifyMatchFailure(pv, "P is not a Softmax over the keys used only here");

    // The scores: Q · Kᵀ, maybe through Where(causal mask, -inf, scores).
    Value scores = softmax.getInput();
    bool causal = false;
    Operation *where = nullptr;
    RankedTensorType triangle;
    if (auto select = scores.getDefiningOp<::mlir::aicc::WhereOp>()) {
      std::optional<double> fill = scalarConstant(select.getX());
      if (!select->getResult(0).hasOneUse() || !fill || !std::isinf(*fill) || *fill > 0 ||
          !isStrictUpperTriangle(select.getCondition()))
        return rewriter.notifyMatchFailure(pv, "a Where before the Softmax that is not a causal mask");
      causal = true;
      where = select;
      triangle = cast<RankedTensorType>(select.getCondition().getType());
      scores = select.getY();
    }
    auto qk = scores.getDefiningOp<MatMulOp>();
    if (!qk || !scores.hasOneUse() || qk.getBias() || qk.getBScales() || qk.getTransA() || qk.getTransB() ||
        cast<ShapedType>(qk.getInit().getType()).getRank() != 4 || qk.getResultPermutation())
      return rewriter.notifyMatchFailure(pv, "the scores are not a plain rank-4 matmul used only here");

    // Its post-ops: scalar scales, then at most one mask added last.
    double scale = qk.getAlpha().convertToDouble();
    Value mask;
    ArrayAttr postOps = qk.getPostOps();
    for (auto [index, entry] : llvm::enumerate(postOps)) {
      auto binary = dyn_cast<BinaryAttr>(entry);
      if (!binary || index >= qk.getPostOpInputs().size())
        return rewriter.notifyMatchFailure(pv, "the scores take a post-op other than a scale or a mask");
      Value input = qk.getPostOpInputs()[index];
      std::optional<double> factor = scalarConstant(input);
      if (factor && (binary.getBinary() == Binary::mul || binary.getBinary() == Binary::div) && !mask) {
        scale = binary.getBinary() == Binary::mul ? scale * *factor : scale / *factor;
        continue;
      }
      if (binary.getBinary() != Binary::add || mask || index + 1 != postOps.size() ||
          cast<ShapedType>(input.getType()).getRank() != 4)
        return rewriter.notifyMatchFailure(pv, "the scores take a post-op other than a scale or a mask");
      mask = input;
    }
    if (!(scale > 0) || !std::isfinite(scale)) return rewriter.notifyMatchFailure(pv, "not a positive finite scale");

    // Permutations: op(B) of Q·Kᵀ is Kᵀ, so K is the stored b with the last two entries swapped.
    llvm::SmallVector<int64_t> qPerm = orIdentity(qk.getAPermutation()), kPerm = orIdentity(qk.getBPermutation());
    std::swap(kPerm[2], kPerm[3]);
    llvm::SmallVector<int64_t> vPerm = orIdentity(pv.getBPermutation());
    llvm::SmallVector<int64_t> yPerm = orIdentity(pv.getResultPermutation());
    if (qPerm[3] != 3 || kPerm[3] != 3 || vPerm[3] != 3 || yPerm[3] != 3)
      return rewriter.notifyMatchFailure(pv, "an operand's rows are not contiguous");

    // The kernel takes one (batch, head) grid: the matmuls' batch dims may not broadcast.
    auto logical = [](Value v, ArrayRef<int64_t> perm) {
      return applyPermutation(cast<ShapedType>(v.getType()).getShape(), perm);
    };
    llvm::SmallVector<int64_t> q = logical(qk.getA(), qPerm);
    llvm::SmallVector<int64_t> k = logical(qk.getB(), kPerm);
    llvm::SmallVector<int64_t> v = logical(pv.getB(), vPerm);
    for (int d = 0; d < 2; ++d)
      if (ShapedType::isDynamic(q[d]) || q[d] != k[d] || q[d] != v[d])
        return rewriter.notifyMatchFailure(pv, "Q, K and V do not share static batch and head dims");
    if (ShapedType::isDynamic(k[2]) || k[2] > maxKeys)
      return rewriter.notifyMatchFailure(pv, "more keys than the fused kernel is faster for (max-keys)");
    // The triangle must be the scores' own size: a broadcast [1, 1] `false` masks nothing.
    if (causal && (ShapedType::isDynamic(q[2]) || q[2] != k[2] || triangle.getDimSize(triangle.getRank() - 1) != q[2]))
      return rewriter.notifyMatchFailure(pv, "a causal mask that is not the scores' [queries, keys] triangle");
    if (mask) {
      llvm::SmallVector<int64_t> scoreDims{q[0], q[1], q[2], k[2]};
      for (auto [size, want] : llvm::zip(cast<ShapedType>(mask.getType()).getShape(), scoreDims))
        if (size != 1 && size != want) return rewriter.notifyMatchFailure(pv, "the mask does not broadcast");
    }

    MLIRContext *context = getContext();
    auto attention = AttentionOp::create(
        rewriter, pv.getLoc(), pv.getResult().getType(), qk.getA(), qk.getB(), pv.getB(), mask, pv.getInit(),
        rewriter.getF64FloatAttr(scale), rewriter.getBoolAttr(causal), permutationAttr(context, qPerm),
        permutationAttr(context, kPerm), permutationAttr(context, vPerm), permutationAttr(context, yPerm));
    attention->emitRemark("fused scaled dot-product attention into one kernel") << (causal ? " (causal)"
                                                                                    : mask ? " (masked)"
                                                                                           : "");
    rewriter.replaceOp(pv, attention.getResult());
    rewriter.eraseOp(softmax);
    if (where) rewriter.eraseOp(where);
    rewriter.eraseOp(qk);
    return success();
  }

  int64_t maxKeys;
};

struct FuseAttentionPass : impl::FuseAttentionBase<FuseAttentionPass> {
  using FuseAttentionBase::FuseAttentionBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseScaledDotProduct>(&getContext(), maxKeys);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
