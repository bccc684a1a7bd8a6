// Int8 matmuls whose A is quantized already → one aicc_cpu.matmul with a static A
// (AICC_KERNEL_QUANTIZED_MATMUL, A u8 or s8 with its scale and zero point):
// - a QDQ graph's MatMul (what ONNX Runtime's static quantizer and PyTorch's quantization-aware
//   training export): A and B each the result of a DequantizeLinear, A u8 or s8 per tensor, B a
//   constant s8 matrix of zero point 0, per tensor or per column (axis 1);
// - a QDQ graph's Gemm likewise (per column along axis 1, or 0 with transB), without transA, its
//   C (if any) an f32 bias at beta 1;
// - QLinearMatMul with such operands: the kernel, then a QuantizeLinear of its f32 result at
//   y_scale and y_zero_point.
// The kernel sums (A - zero point) * B in int32 and scales by a_scale * b_scale, which is what the
// graph computes. Anything else stays with the f32 matmul of the dequantized values (a QDQ graph)
// or the generated loops (QLinearMatMul).
#include "backends/cpu/selection/KernelBuilder.h"
#include "backends/cpu/selection/QuantizedKernels.h"
#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"
#include "mlir/IR/Matchers.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// A constant s8 matrix of zero point 0 with scales as the kernel takes them: one, or one per
/// column (along `columnAxis`, which a per-axis DequantizeLinear must name as its `axis`).
std::optional<llvm::SmallVector<float>> matrixWeightScales(Value w, Value scale, Value zeroPoint,
                                                           std::optional<int64_t> axis, int64_t columnAxis) {
  auto type = dyn_cast<RankedTensorType>(w.getType());
  if (!type || type.getRank() != 2 || !type.hasStaticShape() || byteType(w) != DataType::s8 ||
      !isZeroPoint(zeroPoint) || !matchPattern(w, m_Constant()))
    return std::nullopt;
  std::optional<llvm::SmallVector<double>> scales = weightScales(scale, type.getDimSize(columnAxis));
  if (!scales || (scales->size() > 1 && axis && mlir::aicc::normalizeAxis(*axis, 2) != columnAxis)) return std::nullopt;
  return llvm::SmallVector<float>(scales->begin(), scales->end());
}

/// What a QDQ MatMul or Gemm gives the kernel: A's and B's quantized values, B's scales and A's
/// quantization.
struct QdqOperands {
  Value a, b;
  llvm::SmallVector<float> bScales;
  StaticA staticA;
};

/// A and B of a QDQ product as the kernel takes them, B's columns along `columnAxis`.
std::optional<QdqOperands> qdqOperands(Value a, Value b, int64_t columnAxis) {
  auto aDequantize = a.getDefiningOp<mlir::aicc::DequantizeLinearOp>();
  auto bDequantize = b.getDefiningOp<mlir::aicc::DequantizeLinearOp>();
  if (!aDequantize || !bDequantize) return std::nullopt;
  std::optional<InputQuantization> x = inputQuantization(aDequantize);
  std::optional<llvm::SmallVector<float>> scales = matrixWeightScales(
      bDequantize.getX(), bDequantize.getXScale(), bDequantize.getXZeroPoint(), bDequantize.getAxis(), columnAxis);
  if (!x || !scales) return std::nullopt;
  return QdqOperands{aDequantize.getX(), bDequantize.getX(), *scales, StaticA{x->type, x->scale, x->zeroPoint}};
}

Value scalesConstant(PatternRewriter &rewriter, Location loc, llvm::ArrayRef<float> scales) {
  auto type = RankedTensorType::get({(int64_t)scales.size()}, rewriter.getF32Type());
  return mlir::aicc::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(type, scales));
}

/// Whether a QDQ Gemm's C and flags are ones the kernel takes: A as stored (no transA), and no C
/// or an f32 one of static shape at beta 1.
bool isKernelGemm(mlir::aicc::GemmOp gemm) {
  Value c = gemm.getC();
  if (gemm.getTransA() != 0 || !isRankedF32(gemm.getY().getType())) return false;
  if (isa<NoneType>(c.getType()) || gemm.getBeta().convertToDouble() == 0.0) return true;
  auto type = dyn_cast<RankedTensorType>(c.getType());
  return gemm.getBeta().convertToDouble() == 1.0 && isStaticF32(c.getType()) && type.getRank() <= 2;
}

struct QdqMatMulToKernel : OpRewritePattern<mlir::aicc::MatMulOp> {
  // Before MatMulToKernel, which would multiply the dequantized values in f32.
  QdqMatMulToKernel(MLIRContext *context) : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(mlir::aicc::MatMulOp op, PatternRewriter &rewriter) const override {
    auto yType = dyn_cast<RankedTensorType>(op.getY().getType());
    std::optional<QdqOperands> q = qdqOperands(op.getA(), op.getB(), /*columnAxis=*/1);
    if (!q || !yType || !yType.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "not a QDQ MatMul of u8/s8 A per tensor and constant s8 B");
    FailureOr<Value> y = buildNumpyMatMul(rewriter, op, q->a, q->b, scalesConstant(rewriter, op.getLoc(), q->bScales),
                                          yType, q->staticA);
    if (failed(y)) return failure();
    rewriter.replaceOp(op, *y);
    return success();
  }
};

struct QdqGemmToKernel : OpRewritePattern<mlir::aicc::GemmOp> {
  QdqGemmToKernel(MLIRContext *context) : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(mlir::aicc::GemmOp op, PatternRewriter &rewriter) const override {
    const bool transB = op.getTransB() != 0;
    std::optional<QdqOperands> q = qdqOperands(op.getA(), op.getB(), /*columnAxis=*/transB ? 0 : 1);
    auto aType = q ? dyn_cast<RankedTensorType>(q->a.getType()) : nullptr;
    if (!q || !aType || aType.getRank() != 2 || !isKernelGemm(op))
      return rewriter.notifyMatchFailure(op, "not a QDQ Gemm the int8 kernel takes");
    auto yType = cast<RankedTensorType>(op.getY().getType());
    auto bType = cast<RankedTensorType>(q->b.getType());
    const int64_t k = aType.getDimSize(1), n = bType.getDimSize(transB ? 0 : 1);
    if (!ShapedType::isDynamic(k) && k != bType.getDimSize(transB ? 1 : 0))
      return op.emitOpError("inner dims differ: A is ") << aType << ", B " << bType;
    FailureOr<Value> bias = gemmBias(rewriter, op, aType.getDimSize(0), n);
    if (failed(bias)) return failure();
    DimSource rows{q->a, 0}, columns{q->b, transB ? 0 : 1};
    rewriter.replaceOp(op, buildMatMul(rewriter, op.getLoc(), q->a, q->b, *bias,
                                       scalesConstant(rewriter, op.getLoc(), q->bScales), yType, {rows, columns},
                                       /*transA=*/false, transB, op.getAlpha().convertToDouble(), q->staticA));
    return success();
  }
};

struct QLinearMatMulToKernel : OpRewritePattern<mlir::aicc::QLinearMatMulOp> {
  // Before the generated loops' lowering.
  QLinearMatMulToKernel(MLIRContext *context) : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(mlir::aicc::QLinearMatMulOp op, PatternRewriter &rewriter) const override {
    auto yType = dyn_cast<RankedTensorType>(op.getY().getType());
    std::optional<DataType> aType = byteType(op.getA());
    std::optional<double> aScale = scalarScale(op.getAScale());
    std::optional<int64_t> aZero = scalarZeroPoint(op.getAZeroPoint());
    std::optional<llvm::SmallVector<float>> bScales =
        matrixWeightScales(op.getB(), op.getBScale(), op.getBZeroPoint(), std::nullopt, /*columnAxis=*/1);
    if (!aType || !aScale || !aZero || !bScales || !yType || !scalarScale(op.getYScale()) ||
        !scalarZeroPoint(op.getYZeroPoint()))
      return rewriter.notifyMatchFailure(
          op, "not u8/s8 A per tensor and constant s8 B of zero point 0, with constant scales and zero points");
    // QLinearMatMul's per-column b_scale is [N]; a [1, N] one names the same columns.
    FailureOr<Value> product =
        buildNumpyMatMul(rewriter, op, op.getA(), op.getB(), scalesConstant(rewriter, op.getLoc(), *bScales),
                         yType.clone(rewriter.getF32Type()), StaticA{*aType, *aScale, *aZero});
    if (failed(product)) return failure();
    rewriter.replaceOpWithNewOp<mlir::aicc::QuantizeLinearOp>(op, yType, *product, op.getYScale(), op.getYZeroPoint(),
                                                              1);
    return success();
  }
};

} // namespace

bool isFoldedQuantizedMatMulWeights(mlir::aicc::DequantizeLinearOp dequantize) {
  if (!dequantize->hasOneUse()) return false;
  Operation *user = *dequantize->user_begin();
  if (auto matmul = dyn_cast<mlir::aicc::MatMulOp>(user))
    return matmul.getB() == dequantize.getResult() && isRankedF32(matmul.getY().getType()) &&
           qdqOperands(matmul.getA(), matmul.getB(), 1);
  if (auto gemm = dyn_cast<mlir::aicc::GemmOp>(user))
    return gemm.getB() == dequantize.getResult() && isKernelGemm(gemm) &&
           qdqOperands(gemm.getA(), gemm.getB(), gemm.getTransB() != 0 ? 0 : 1);
  return false;
}

void populateQuantizedMatMulKernelPatterns(RewritePatternSet &patterns) {
  patterns.add<QdqMatMulToKernel, QdqGemmToKernel, QLinearMatMulToKernel>(patterns.getContext());
}

} // namespace aicc::cpu
