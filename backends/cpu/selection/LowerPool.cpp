// ONNX MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool (f32) → one aicc_cpu.pool each.
// MaxPool asked for its Indices output stays for the generic lowering: oneDNN's workspace is not
// ONNX's flat index.
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/OnnxSemantics.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// Emits the kernel for pooling `x` into `y` with geometry `g`.
LogicalResult rewritePool(Operation *op, PatternRewriter &rewriter, Value x, Value y, PoolAlgorithm algorithm,
                          mlir::aicc::WindowGeometry &g) {
  auto yType = cast<RankedTensorType>(y.getType());
  Value result = PoolOp::create(rewriter, op->getLoc(), yType, x, emptyLike(rewriter, op->getLoc(), yType, {{x, 0}}),
                                algorithm, g.kernel, g.strides, g.dilations, g.padsBegin, g.padsEnd, Layout::plain)
                     .getResult();
  // MaxPool's second result (Indices) is absent or unused here, so the op can go.
  rewriter.replaceAllUsesWith(op->getResult(0), result);
  rewriter.eraseOp(op);
  return success();
}

bool poolable(Value x, Value y) {
  if (!isBatchedF32(x.getType()) || !isBatchedF32(y.getType())) return false;
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  return rank >= 3 && rank <= 5 && cast<RankedTensorType>(y.getType()).getRank() == rank;
}

template <typename PoolOp> LogicalResult windowGeometry(PoolOp op, mlir::aicc::WindowGeometry &g,
                                                        std::optional<llvm::ArrayRef<int64_t>> dilations) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  auto y = cast<RankedTensorType>(op.getY().getType());
  int64_t spatial = x.getRank() - 2;
  g.in.assign(x.getShape().begin() + 2, x.getShape().end());
  g.out.assign(y.getShape().begin() + 2, y.getShape().end());
  g.kernel.assign(op.getKernelShape().begin(), op.getKernelShape().end());
  g.strides = op.getStrides() ? llvm::SmallVector<int64_t>(*op.getStrides()) : llvm::SmallVector<int64_t>(spatial, 1);
  g.dilations = dilations ? llvm::SmallVector<int64_t>(*dilations) : llvm::SmallVector<int64_t>(spatial, 1);
  if ((int64_t)g.kernel.size() != spatial || (int64_t)g.strides.size() != spatial ||
      (int64_t)g.dilations.size() != spatial)
    return op.emitOpError("kernel_shape, strides and dilations need one value per spatial dim");
  return mlir::aicc::resolvePadding(op, op.getAutoPad(), op.getPads(), g);
}

struct MaxPoolToKernel : OpRewritePattern<::mlir::aicc::MaxPoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(::mlir::aicc::MaxPoolOp op, PatternRewriter &rewriter) const override {
    if (!poolable(op.getX(), op.getY()))
      return rewriter.notifyMatchFailure(op, "needs f32 NC(D)(H)W, static but for N");
    if (!isa<NoneType>(op.getIndices().getType()) && !op.getIndices().use_empty())
      return rewriter.notifyMatchFailure(op, "the Indices output is not a oneDNN output");
    mlir::aicc::WindowGeometry g;
    if (failed(windowGeometry(op, g, op.getDilations()))) return failure();
    return rewritePool(op, rewriter, op.getX(), op.getY(), PoolAlgorithm::max, g);
  }
};

struct AveragePoolToKernel : OpRewritePattern<::mlir::aicc::AveragePoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(::mlir::aicc::AveragePoolOp op, PatternRewriter &rewriter) const override {
    if (!poolable(op.getX(), op.getY()))
      return rewriter.notifyMatchFailure(op, "needs f32 NC(D)(H)W, static but for N");
    mlir::aicc::WindowGeometry g;
    if (failed(windowGeometry(op, g, std::nullopt))) return failure();
    // Padding that ceil_mode adds is never counted, even with count_include_pad (ONNX reference
    // implementation); oneDNN's include-padding mode would count it, so that case stays generic.
    auto declared = op.getPads();
    bool ceilPadding = false;
    for (size_t i = 0; i < g.in.size(); ++i) {
      int64_t declaredEnd = declared && declared->size() == 2 * g.in.size() ? (*declared)[g.in.size() + i] : 0;
      if (op.getAutoPad() == "NOTSET" && g.padsEnd[i] > declaredEnd) ceilPadding = true;
    }
    bool include = op.getCountIncludePad() != 0;
    if (include && ceilPadding) return rewriter.notifyMatchFailure(op, "counted padding with ceil_mode");
    return rewritePool(op, rewriter, op.getX(), op.getY(),
                       include ? PoolAlgorithm::average_include_pad : PoolAlgorithm::average_exclude_pad, g);
  }
};

template <typename GlobalOp, PoolAlgorithm algorithm> struct GlobalPoolToKernel : OpRewritePattern<GlobalOp> {
  using OpRewritePattern<GlobalOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(GlobalOp op, PatternRewriter &rewriter) const override {
    if (!poolable(op.getX(), op.getY()))
      return rewriter.notifyMatchFailure(op, "needs f32 NC(D)(H)W, static but for N");
    auto x = cast<RankedTensorType>(op.getX().getType());
    mlir::aicc::WindowGeometry g;
    g.in.assign(x.getShape().begin() + 2, x.getShape().end());
    g.kernel = g.in;
    g.out.assign(g.in.size(), 1);
    g.strides.assign(g.in.size(), 1);
    g.dilations.assign(g.in.size(), 1);
    g.padsBegin.assign(g.in.size(), 0);
    g.padsEnd.assign(g.in.size(), 0);
    return rewritePool(op, rewriter, op.getX(), op.getY(), algorithm, g);
  }
};

} // namespace

void populatePoolKernelPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPoolToKernel, AveragePoolToKernel,
               GlobalPoolToKernel<::mlir::aicc::GlobalAveragePoolOp, PoolAlgorithm::average_exclude_pad>,
               GlobalPoolToKernel<::mlir::aicc::GlobalMaxPoolOp, PoolAlgorithm::max>>(patterns.getContext());
}

} // namespace aicc::cpu
