// FoldKernelTransposes: a Transpose between a matmul kernel and its operand or its result becomes
// a permutation attribute of the kernel, which then reads or writes the data in place through
// strides (oneDNN matmul takes any strides) instead of a loop nest copying it. Attention layers are
// made of these: heads split off with Reshape + Transpose before Q x K^T and P x V, merged back
// after. See Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/AiccDialect.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_FOLDKERNELTRANSPOSES
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The permutation of a ranked Transpose (ONNX's default reverses the dims). Symbolic dims are
/// fine: the kernel takes the strides they give at run time.
std::optional<llvm::SmallVector<int64_t>> permutationOf(::mlir::aicc::TransposeOp transpose) {
  auto type = dyn_cast<RankedTensorType>(transpose.getData().getType());
  if (!type) return std::nullopt;
  if (auto perm = transpose.getPerm()) return llvm::to_vector(*perm);
  return llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, type.getRank())));
}

/// oneDNN's matmul is fast when a row or a column of each matrix is contiguous: the stored
/// innermost dim must land on one of the two matrix dims.
bool keepsAMatrixDimInnermost(llvm::ArrayRef<int64_t> perm) {
  int64_t rank = perm.size();
  return perm[rank - 1] == rank - 1 || perm[rank - 2] == rank - 1;
}

/// matmul(transpose(x), ...) → matmul(x, ...) {a_permutation}; likewise for b.
struct FoldOperandTranspose : OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatMulOp op, PatternRewriter &rewriter) const override {
    if (op.getBScales()) return rewriter.notifyMatchFailure(op, "an int8 matmul reads A and B as they are stored");
    for (bool isA : {true, false}) {
      Value operand = isA ? op.getA() : op.getB();
      auto transpose = operand.getDefiningOp<::mlir::aicc::TransposeOp>();
      bool free = isA ? !op.getAPermutation() && !op.getTransA() : !op.getBPermutation() && !op.getTransB();
      if (!transpose || !free) continue;
      std::optional<llvm::SmallVector<int64_t>> perm = permutationOf(transpose);
      if (!perm || !keepsAMatrixDimInnermost(*perm)) continue;
      rewriter.modifyOpInPlace(op, [&] {
        if (isA) {
          op.getAMutable().assign(transpose.getData());
          op.setAPermutation(*perm);
        } else {
          op.getBMutable().assign(transpose.getData());
          op.setBPermutation(*perm);
        }
      });
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no operand is a foldable Transpose");
  }
};

/// transpose(matmul(...)) → matmul(...) {result_permutation}, writing a fresh tensor of the
/// transposed shape. Not with a sum post-op, whose destination already holds the residual.
struct FoldResultTranspose : OpRewritePattern<::mlir::aicc::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(::mlir::aicc::TransposeOp transpose, PatternRewriter &rewriter) const override {
    auto matmul = transpose.getData().getDefiningOp<MatMulOp>();
    if (!matmul || !matmul.getResult() || !matmul.getResult().hasOneUse() || matmul.getResultPermutation() ||
        matmul.readsInit())
      return rewriter.notifyMatchFailure(transpose, "not the only use of a matmul kernel writing a fresh tensor");
    std::optional<llvm::SmallVector<int64_t>> perm = permutationOf(transpose);
    // Y's rows must stay contiguous: oneDNN writes them with unit stride.
    if (!perm || perm->back() != static_cast<int64_t>(perm->size()) - 1)
      return rewriter.notifyMatchFailure(transpose, "the permutation moves Y's innermost dim");
    auto resultType = cast<RankedTensorType>(transpose.getResult().getType());
    // Dim d of the transposed result is dim perm[d] of the matmul's destination.
    llvm::SmallVector<DimSource> sizeOf;
    for (int64_t source : *perm) sizeOf.push_back({matmul.getInit(), source});
    Value init = emptyLike(rewriter, matmul.getLoc(), resultType, sizeOf);
    auto folded = cast<MatMulOp>(rewriter.clone(*matmul));
    rewriter.modifyOpInPlace(folded, [&] {
      folded.getInitMutable().assign(init);
      folded.getResult().setType(resultType);
      folded.setResultPermutation(*perm);
    });
    rewriter.replaceOp(transpose, folded.getResult());
    rewriter.eraseOp(matmul);
    return success();
  }
};

struct FoldKernelTransposesPass : impl::FoldKernelTransposesBase<FoldKernelTransposesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldOperandTranspose, FoldResultTranspose>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
