// A MatMul quantized dynamically by ONNX Runtime's quantize_dynamic → one quantized aicc_cpu.matmul
// (AICC_KERNEL_QUANTIZED_MATMUL), the kernel `aicc --quantize=dynamic` selects:
//
//   x_q, x_scale, x_zero_point = DynamicQuantizeLinear(x)
//   y = Mul(Cast<f32>(MatMulInteger(x_q, W, x_zero_point, W_zero_point)), Mul(x_scale, W_scale))
//
// with W a constant s8 [K, N] of zero point 0 (absent, or constant zeros) and W_scale a constant of
// one value or one per column. The kernel quantizes x exactly as DynamicQuantizeLinear does and
// sums in int32, so it computes what the graph does, in one oneDNN int8 matmul instead of loops.
// Anything else (u8 weights, a weight zero point, other scales) stays with the generic lowering.
#include "backends/cpu/selection/KernelBuilder.h"
#include "backends/cpu/selection/QuantizedKernels.h"
#include "dialects/AiccDialect.h"
#include "mlir/IR/Matchers.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// W's scales as the kernel takes them: f32 [1] or [N], finite and positive.
std::optional<llvm::SmallVector<float>> columnScales(Value scale, int64_t columns) {
  std::optional<llvm::SmallVector<double>> values = weightScales(scale, columns);
  // A per-column scale broadcasts along the last axis only.
  if (!values || (values->size() > 1 && cast<ShapedType>(scale.getType()).getShape().back() != columns))
    return std::nullopt;
  return llvm::SmallVector<float>(values->begin(), values->end());
}

struct DynamicMatMulToKernel : OpRewritePattern<mlir::aicc::MulOp> {
  DynamicMatMulToKernel(MLIRContext *context) : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(mlir::aicc::MulOp op, PatternRewriter &rewriter) const override {
    for (auto [product, scale] : {std::pair(op.getA(), op.getB()), std::pair(op.getB(), op.getA())})
      if (succeeded(rewrite(op, product, scale, rewriter))) return success();
    return rewriter.notifyMatchFailure(op, "not a dynamically quantized MatMul");
  }

  static LogicalResult rewrite(mlir::aicc::MulOp op, Value product, Value scale, PatternRewriter &rewriter) {
    auto cast = product.getDefiningOp<mlir::aicc::CastOp>();
    auto yType = dyn_cast<RankedTensorType>(op.getC().getType());
    if (!cast || !cast->hasOneUse() || !yType || !yType.getElementType().isF32() || product.getType() != yType)
      return failure();
    auto matmul = cast.getInput().getDefiningOp<mlir::aicc::MatMulIntegerOp>();
    if (!matmul || !matmul->hasOneUse()) return failure();
    auto quantize = matmul.getA().getDefiningOp<mlir::aicc::DynamicQuantizeLinearOp>();
    if (!quantize || matmul.getA() != quantize.getY() || matmul.getAZeroPoint() != quantize.getYZeroPoint())
      return failure();
    // W: a constant s8 matrix of zero point 0.
    auto wType = dyn_cast<RankedTensorType>(matmul.getB().getType());
    if (!wType || wType.getRank() != 2 || !wType.getElementType().isSignlessInteger(8) ||
        !matchPattern(matmul.getB(), m_Constant()) || !isZeroPoint(matmul.getBZeroPoint()))
      return failure();
    // Mul(x_scale, W_scale), either way round.
    auto scales = scale.getDefiningOp<mlir::aicc::MulOp>();
    if (!scales) return failure();
    Value wScale = scales.getA() == quantize.getYScale()   ? scales.getB()
                   : scales.getB() == quantize.getYScale() ? scales.getA()
                                                           : Value();
    std::optional<llvm::SmallVector<float>> columns;
    if (wScale) columns = columnScales(wScale, wType.getDimSize(1));
    if (!columns) return failure();

    // buildNumpyMatMul's own refusal, checked before any op is created.
    auto xType = dyn_cast<RankedTensorType>(quantize.getX().getType());
    if (!xType || xType.getRank() < 1 || xType.getRank() > 5) return failure();

    auto scalesType = RankedTensorType::get({(int64_t)columns->size()}, rewriter.getF32Type());
    Value bScales = mlir::aicc::ConstantOp::create(rewriter, op.getLoc(),
                                                   DenseElementsAttr::get(scalesType, llvm::ArrayRef(*columns)));
    FailureOr<Value> y = buildNumpyMatMul(rewriter, op, quantize.getX(), matmul.getB(), bScales, yType);
    if (failed(y)) return failure();
    rewriter.replaceOp(op, *y);
    return success();
  }
};

} // namespace

void populateDynamicMatMulKernelPatterns(RewritePatternSet &patterns) {
  patterns.add<DynamicMatMulToKernel>(patterns.getContext());
}

} // namespace aicc::cpu
