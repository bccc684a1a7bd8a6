// ONNX MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool (f32) → one aicc_cpu.pool each.
// MaxPool asked for its Indices output stays for the generic lowering: oneDNN's workspace is not
// ONNX's flat index.
// A QDQ graph's DequantizeLinear → pooling → QuantizeLinear (ONNX Runtime's quantizer, PyTorch,
// ORT's QLinearAveragePool and QLinearGlobalAveragePool as imported) pools the quantized values
// instead, X and Y u8 or s8 alike per tensor by constants:
// - max pooling where X and Y share scale and zero point: quantization is monotone, so the max of
//   the quantized values is the quantized max (exactly);
// - average pooling with Y = x_scale / y_scale · (mean(X) - x_zero_point) + y_zero_point, the
//   kernel's output_scale and output_shift; counted padding only where X's zero point is 0 (the
//   kernel counts a padded cell as the value 0, ONNX as the real 0).
#include "backends/cpu/selection/KernelBuilder.h"
#include "backends/cpu/selection/QuantizedKernels.h"
#include "dialects/OnnxSemantics.h"
#include "dialects/AiccDialect.h"
#include "passes/StaticQuantization.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// Pooling of quantized values in place of a QDQ graph's f32 pooling.
struct Int8Pool {
  Value x;                               // u8 or s8, what the DequantizeLinear reads
  mlir::aicc::QuantizeLinearOp quantize; // what the kernel replaces
  DataType type;
  double outputScale = 1, outputShift = 0;
};

std::optional<Int8Pool> int8Pool(Operation *op, Value x, Value y, PoolAlgorithm algorithm,
                                 const mlir::aicc::WindowGeometry &g) {
  auto dequantize = x.getDefiningOp<mlir::aicc::DequantizeLinearOp>();
  if (!dequantize || !y.hasOneUse() || op->hasAttr(kKeepFp32Attr)) return std::nullopt;
  auto quantize = dyn_cast<mlir::aicc::QuantizeLinearOp>(*y.user_begin());
  std::optional<InputQuantization> in = inputQuantization(dequantize);
  if (!quantize || !in || quantize->hasAttr(kKeepFp32Attr)) return std::nullopt;
  std::optional<double> yScale = scalarScale(quantize.getYScale());
  std::optional<int64_t> yZeroPoint = scalarZeroPoint(quantize.getYZeroPoint());
  if (!yScale || !yZeroPoint || byteType(quantize.getY()) != in->type) return std::nullopt;
  Int8Pool pool{dequantize.getX(), quantize, in->type};
  if (algorithm == PoolAlgorithm::max) {
    if (*yScale != in->scale || *yZeroPoint != in->zeroPoint) return std::nullopt;
    return pool;
  }
  const bool padded = llvm::any_of(g.padsBegin, [](int64_t p) { return p != 0; }) ||
                      llvm::any_of(g.padsEnd, [](int64_t p) { return p != 0; });
  if (algorithm == PoolAlgorithm::average_include_pad && padded && in->zeroPoint != 0) return std::nullopt;
  pool.outputScale = in->scale / *yScale;
  pool.outputShift = double(*yZeroPoint) - pool.outputScale * double(in->zeroPoint);
  return pool;
}

/// Emits the kernel for pooling `x` into `y` with geometry `g`: on the quantized values where a
/// QDQ graph has them, else in f32.
LogicalResult rewritePool(Operation *op, PatternRewriter &rewriter, Value x, Value y, PoolAlgorithm algorithm,
                          mlir::aicc::WindowGeometry &g) {
  std::optional<Int8Pool> int8 = int8Pool(op, x, y, algorithm, g);
  Operation *replaced = int8 ? int8->quantize.getOperation() : op;
  Value input = int8 ? int8->x : x;
  Location loc = int8 ? rewriter.getFusedLoc({op->getLoc(), replaced->getLoc()}) : op->getLoc();
  auto yType = cast<RankedTensorType>(replaced->getResult(0).getType());
  Value pool =
      PoolOp::create(rewriter, loc, yType, input, emptyLike(rewriter, loc, yType, {{input, 0}}), algorithm, g.kernel,
                     g.strides, g.dilations, g.padsBegin, g.padsEnd, Layout::plain, int8 ? int8->type : DataType::f32,
                     llvm::APFloat(int8 ? int8->outputScale : 1.0), llvm::APFloat(int8 ? int8->outputShift : 0.0))
          .getResult();
  rewriter.replaceAllUsesWith(replaced->getResult(0), pool);
  if (replaced != op) rewriter.eraseOp(replaced);
  // MaxPool's second result (Indices) is absent or unused here, so the op can go.
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
