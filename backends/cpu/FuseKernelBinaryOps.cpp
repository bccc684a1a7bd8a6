// FuseKernelBinaryOps: an Add, Mul, Sub or Div of a matmul kernel's only use with a
// tensor that broadcasts to it becomes a oneDNN binary post-op of the kernel: the tensor is read
// while the product is still in registers, instead of a second loop nest over the output. See
// Passes.td.
#include "aicc/cpu_kernels.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/kernels/KernelBuilder.h"
#include "backends/cpu/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_FUSEKERNELBINARYOPS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// Whether `type` (static f32) broadcasts to `to` without enlarging it (numpy rules, leading dims
/// added as 1s).
bool broadcastsTo(RankedTensorType type, RankedTensorType to) {
  if (!isStaticF32(type) || type.getRank() > to.getRank()) return false;
  int64_t lead = to.getRank() - type.getRank();
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.getDimSize(i) != 1 && type.getDimSize(i) != to.getDimSize(lead + i)) return false;
  return true;
}

/// The binary `op` computes, and whether the kernel may be on either side (`commutes`).
template <typename BinaryOp> struct BinaryKind;
template <> struct BinaryKind<::mlir::aicc::AddOp> { static constexpr Binary kind = Binary::add; static constexpr bool commutes = true; };
template <> struct BinaryKind<::mlir::aicc::MulOp> { static constexpr Binary kind = Binary::mul; static constexpr bool commutes = true; };
template <> struct BinaryKind<::mlir::aicc::SubOp> { static constexpr Binary kind = Binary::sub; static constexpr bool commutes = false; };
template <> struct BinaryKind<::mlir::aicc::DivOp> { static constexpr Binary kind = Binary::div; static constexpr bool commutes = false; };

template <typename BinaryOp> struct FuseBinaryIntoMatMul : OpRewritePattern<BinaryOp> {
  using OpRewritePattern<BinaryOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(BinaryOp op, PatternRewriter &rewriter) const override {
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!resultType || !isStaticF32(resultType)) return rewriter.notifyMatchFailure(op, "not a static f32 op");
    llvm::SmallVector<std::pair<Value, Value>, 2> sides{{op.getA(), op.getB()}};
    if (BinaryKind<BinaryOp>::commutes) sides.push_back({op.getB(), op.getA()});
    for (auto [kernelSide, other] : sides) {
      auto matmul = kernelSide.template getDefiningOp<MatMulOp>();
      auto otherType = dyn_cast<RankedTensorType>(other.getType());
      if (!matmul || !kernelSide.hasOneUse() || kernelSide.getType() != resultType || !otherType ||
          !broadcastsTo(otherType, resultType) || matmul.getPostOps().size() >= AICC_MAX_POST_OPS)
        continue;
      // T is read by the kernel, so it must exist before the kernel runs; a constant defined
      // later (exporters put Constant nodes next to their users) is recreated before it.
      Operation *def = other.getDefiningOp();
      bool later = def && (def->getBlock() != matmul->getBlock() || !def->isBeforeInBlock(matmul));
      if (later && !def->hasTrait<OpTrait::ConstantLike>()) continue;

      // At the rank of Y, the product before any result_permutation.
      llvm::SmallVector<int64_t> dims(resultType.getRank() - otherType.getRank(), 1);
      llvm::append_range(dims, otherType.getShape());
      // T would need transposing too, unless the permutation only moves its size-1 dims.
      if (auto permutation = matmul.getResultPermutation();
          permutation && applyPermutation(dims, invertPermutationVector(*permutation)) != dims)
        continue;

      rewriter.setInsertionPoint(matmul);
      if (later) other = rewriter.clone(*def)->getResult(0);
      Value t = reshapeTo(rewriter, op.getLoc(), other, RankedTensorType::get(dims, rewriter.getF32Type()));
      llvm::SmallVector<Attribute> list(matmul.getPostOps().getValue());
      list.push_back(BinaryAttr::get(rewriter.getContext(), BinaryKind<BinaryOp>::kind));
      rewriter.modifyOpInPlace(matmul, [&] {
        matmul.getPostOpInputsMutable().append(t);
        matmul.setPostOpsAttr(rewriter.getArrayAttr(list));
      });
      matmul->emitRemark("fused ") << op->getName() << " as a binary post-op";
      rewriter.replaceOp(op, matmul.getResult());
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not the only use of a matmul with a tensor that broadcasts to it");
  }
};

struct FuseKernelBinaryOpsPass : impl::FuseKernelBinaryOpsBase<FuseKernelBinaryOpsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseBinaryIntoMatMul<::mlir::aicc::AddOp>, FuseBinaryIntoMatMul<::mlir::aicc::MulOp>,
                 FuseBinaryIntoMatMul<::mlir::aicc::SubOp>, FuseBinaryIntoMatMul<::mlir::aicc::DivOp>>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
