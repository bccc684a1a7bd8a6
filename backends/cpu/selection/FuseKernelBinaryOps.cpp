// FuseKernelBinaryOps: an Add, Mul, Sub or Div of a matmul or conv kernel's only use with a
// tensor that broadcasts to it (for a conv: one element or one per output channel) becomes a
// oneDNN binary post-op of the kernel: the tensor is read while the product is still in
// registers, instead of a second loop nest over the output. See Passes.td.
#include "aicc/cpu_kernels.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/selection/KernelBuilder.h"
#include "backends/cpu/TensorReshape.h"
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
template <> struct BinaryKind<::mlir::aicc::AddOp> {
  static constexpr Binary kind = Binary::add;
  static constexpr bool commutes = true;
};
template <> struct BinaryKind<::mlir::aicc::MulOp> {
  static constexpr Binary kind = Binary::mul;
  static constexpr bool commutes = true;
};
template <> struct BinaryKind<::mlir::aicc::SubOp> {
  static constexpr Binary kind = Binary::sub;
  static constexpr bool commutes = false;
};
template <> struct BinaryKind<::mlir::aicc::DivOp> {
  static constexpr Binary kind = Binary::div;
  static constexpr bool commutes = false;
};

/// Whether `dims` (a tensor at the rank of `kernel`'s result, before any result_permutation) can
/// be a binary post-op input of the kernel.
bool takesPostOpInput(MatMulOp matmul, llvm::ArrayRef<int64_t> dims) {
  // T would need transposing too, unless the permutation only moves its size-1 dims.
  auto permutation = matmul.getResultPermutation();
  return !permutation || applyPermutation(dims, invertPermutationVector(*permutation)) == dims;
}
bool takesPostOpInput(ConvOp conv, llvm::ArrayRef<int64_t> dims) {
  // One element or one per output channel: the same bytes in whatever layout the conv writes.
  int64_t outChannels = cast<ShapedType>(conv.getWeights().getType()).getDimSize(0);
  return dims[0] == 1 && (dims[1] == 1 || dims[1] == outChannels) &&
         llvm::all_of(dims.drop_front(2), [](int64_t d) { return d == 1; });
}

/// Folds a binary op whose kernel side is the only use of a `KernelOp`'s result.
template <typename BinaryOp, typename KernelOp> struct FuseBinaryIntoKernel : OpRewritePattern<BinaryOp> {
  using OpRewritePattern<BinaryOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(BinaryOp op, PatternRewriter &rewriter) const override {
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!resultType || !isStaticF32(resultType)) return rewriter.notifyMatchFailure(op, "not a static f32 op");
    llvm::SmallVector<std::pair<Value, Value>, 2> sides{{op.getA(), op.getB()}};
    if (BinaryKind<BinaryOp>::commutes) sides.push_back({op.getB(), op.getA()});
    for (auto [kernelSide, other] : sides) {
      auto kernel = kernelSide.template getDefiningOp<KernelOp>();
      auto otherType = dyn_cast<RankedTensorType>(other.getType());
      if (!kernel || !kernelSide.hasOneUse() || kernelSide.getType() != resultType || !otherType ||
          !broadcastsTo(otherType, resultType) || kernel.getPostOps().size() >= AICC_MAX_POST_OPS)
        continue;
      // T is read by the kernel, so it must exist before the kernel runs; a constant defined
      // later (exporters put Constant nodes next to their users) is recreated before it, and the
      // kernel moves down to its only user past a T computed later in the same block (exporters
      // order a FiLM scale's Linear after the conv). Its operands are all defined before it.
      Operation *def = other.getDefiningOp();
      bool later = def && (def->getBlock() != kernel->getBlock() || !def->isBeforeInBlock(kernel));
      bool constant = def && def->hasTrait<OpTrait::ConstantLike>();
      if (later && !constant && (def->getBlock() != kernel->getBlock() || op->getBlock() != kernel->getBlock()))
        continue;

      // At the rank of the result.
      llvm::SmallVector<int64_t> dims(resultType.getRank() - otherType.getRank(), 1);
      llvm::append_range(dims, otherType.getShape());
      if (!takesPostOpInput(kernel, dims)) continue;

      if (later && !constant) {
        rewriter.moveOpBefore(kernel, op);
        later = false;
      }
      rewriter.setInsertionPoint(kernel);
      if (later) other = rewriter.clone(*def)->getResult(0);
      Value t = reshapeTo(rewriter, op.getLoc(), other, RankedTensorType::get(dims, rewriter.getF32Type()));
      llvm::SmallVector<Attribute> list(kernel.getPostOps().getValue());
      list.push_back(BinaryAttr::get(rewriter.getContext(), BinaryKind<BinaryOp>::kind));
      rewriter.modifyOpInPlace(kernel, [&] {
        kernel.getPostOpInputsMutable().append(t);
        kernel.setPostOpsAttr(rewriter.getArrayAttr(list));
      });
      kernel->emitRemark("fused ") << op->getName() << " as a binary post-op";
      rewriter.replaceOp(op, kernel.getResult());
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not the only use of a kernel with a tensor it can take as a post-op input");
  }
};

template <typename KernelOp> void addKernelPatterns(RewritePatternSet &patterns) {
  patterns
      .add<FuseBinaryIntoKernel<::mlir::aicc::AddOp, KernelOp>, FuseBinaryIntoKernel<::mlir::aicc::MulOp, KernelOp>,
           FuseBinaryIntoKernel<::mlir::aicc::SubOp, KernelOp>, FuseBinaryIntoKernel<::mlir::aicc::DivOp, KernelOp>>(
          patterns.getContext());
}

struct FuseKernelBinaryOpsPass : impl::FuseKernelBinaryOpsBase<FuseKernelBinaryOpsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    addKernelPatterns<MatMulOp>(patterns);
    addKernelPatterns<ConvOp>(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
