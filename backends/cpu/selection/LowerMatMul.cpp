// ONNX Gemm and MatMul (f32) → one aicc_cpu.matmul each (oneDNN matmul).
//
// Gemm: Y = alpha * op(A) x op(B) + beta * C. Transposes are strides in the kernel; alpha is oneDNN's
// output scale; beta * C is the broadcast bias (scaled by an aicc.Mul when beta != 1, which the
// generic lowering then compiles or constant folding removes).
// MatMul: numpy semantics (ONNX MatMul spec): a 1-D A gains a leading 1, a 1-D B a trailing 1, batch
// dims broadcast; the kernel writes the full-rank product, which is reshaped to ONNX's result shape
// (buildNumpyMatMul, which LowerDynamicMatMul's int8 matmuls share).
#include "backends/cpu/selection/KernelBuilder.h"
#include "backends/cpu/TensorReshape.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {

using namespace mlir;

Value buildMatMul(PatternRewriter &rewriter, Location loc, Value a, Value b, Value bias, Value bScales,
                  RankedTensorType resultType, llvm::ArrayRef<DimSource> sizeOf, bool transA, bool transB, double alpha,
                  std::optional<StaticA> staticA) {
  auto matmul = MatMulOp::create(
      rewriter, loc, resultType, a, b, bias, ValueRange{}, bScales, emptyLike(rewriter, loc, resultType, sizeOf),
      transA, transB, llvm::APFloat(alpha), rewriter.getArrayAttr({}), DenseI64ArrayAttr(), DenseI64ArrayAttr(),
      DenseI64ArrayAttr(), staticA ? DataTypeAttr::get(rewriter.getContext(), staticA->type) : DataTypeAttr(),
      staticA ? rewriter.getF64FloatAttr(staticA->scale) : FloatAttr(),
      staticA ? rewriter.getI64IntegerAttr(staticA->zeroPoint) : IntegerAttr());
  return matmul.getResult();
}

FailureOr<Value> gemmBias(PatternRewriter &rewriter, ::mlir::aicc::GemmOp op, int64_t m, int64_t n) {
  Value c = op.getC();
  const double beta = op.getBeta().convertToDouble();
  if (isa<NoneType>(c.getType()) || beta == 0.0) return Value();
  // The kernel's bias has the result's rank: C of rank 0 or 1 gains leading 1s.
  auto cType = cast<RankedTensorType>(c.getType());
  if (cType.getRank() > 2) return op.emitOpError("C must have rank 0, 1 or 2");
  llvm::SmallVector<int64_t> biasDims(2 - cType.getRank(), 1);
  biasDims.append(cType.getShape().begin(), cType.getShape().end());
  if ((biasDims[0] != 1 && biasDims[0] != m) || (biasDims[1] != 1 && biasDims[1] != n))
    return op.emitOpError("C of shape ") << cType << " does not broadcast to " << m << "x" << n;
  if (beta != 1.0) {
    OperationState scale(op.getLoc(), "aicc.Constant");
    auto scalar = RankedTensorType::get({}, rewriter.getF32Type());
    scale.addAttribute("value", DenseElementsAttr::get(scalar, static_cast<float>(beta)));
    scale.addTypes(scalar);
    Value betaValue = rewriter.create(scale)->getResult(0);
    c = ::mlir::aicc::MulOp::create(rewriter, op.getLoc(), cType, c, betaValue);
  }
  return reshapeTo(rewriter, op.getLoc(), c, RankedTensorType::get(biasDims, rewriter.getF32Type()));
}

namespace {

struct GemmToKernel : OpRewritePattern<::mlir::aicc::GemmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(::mlir::aicc::GemmOp op, PatternRewriter &rewriter) const override {
    Value c = op.getC();
    bool hasC = !isa<NoneType>(c.getType()) && op.getBeta().convertToDouble() != 0.0;
    if (!isRankedF32(op.getA().getType()) || !isRankedF32(op.getB().getType()) || !isRankedF32(op.getY().getType()) ||
        (hasC && !isStaticF32(c.getType())))
      return rewriter.notifyMatchFailure(op, "the kernel takes f32 tensors and a static C");
    auto a = cast<RankedTensorType>(op.getA().getType());
    auto b = cast<RankedTensorType>(op.getB().getType());
    auto y = cast<RankedTensorType>(op.getY().getType());
    if (a.getRank() != 2 || b.getRank() != 2) return op.emitOpError("A and B must be 2-D");
    bool transA = op.getTransA() != 0, transB = op.getTransB() != 0;
    int64_t m = a.getDimSize(transA ? 1 : 0), k = a.getDimSize(transA ? 0 : 1);
    int64_t kB = b.getDimSize(transB ? 1 : 0), n = b.getDimSize(transB ? 0 : 1);
    if (!ShapedType::isDynamic(k) && !ShapedType::isDynamic(kB) && k != kB)
      return op.emitOpError("inner dims differ: op(A) is ") << m << "x" << k << ", op(B) " << kB << "x" << n;

    FailureOr<Value> bias = gemmBias(rewriter, op, m, n);
    if (failed(bias)) return failure();
    DimSource rows{op.getA(), transA ? 1 : 0}, columns{op.getB(), transB ? 0 : 1};
    rewriter.replaceOp(op, buildMatMul(rewriter, op.getLoc(), op.getA(), op.getB(), *bias, Value(), y, {rows, columns},
                                       transA, transB, op.getAlpha().convertToDouble()));
    return success();
  }
};

constexpr int64_t kMaxMatMulRank = 5;

} // namespace

FailureOr<Value> buildNumpyMatMul(PatternRewriter &rewriter, Operation *op, Value aValue, Value bValue, Value bScales,
                                  RankedTensorType yType, std::optional<StaticA> staticA) {
  auto aType = cast<RankedTensorType>(aValue.getType());
  auto bType = cast<RankedTensorType>(bValue.getType());
  if (aType.getRank() < 1 || bType.getRank() < 1) return op->emitOpError("A and B must have rank 1 or more");
  llvm::SmallVector<int64_t> a(aType.getShape()), b(bType.getShape());
  if (a.size() == 1) a.insert(a.begin(), 1);
  if (b.size() == 1) b.push_back(1);
  size_t rank = std::max(a.size(), b.size());
  if (rank > kMaxMatMulRank) return rewriter.notifyMatchFailure(op, "the kernel takes rank 5 at most");
  a.insert(a.begin(), rank - a.size(), 1);
  b.insert(b.begin(), rank - b.size(), 1);
  auto dynamic = [](int64_t d) { return ShapedType::isDynamic(d); };
  if (!dynamic(a[rank - 1]) && !dynamic(b[rank - 2]) && a[rank - 1] != b[rank - 2])
    return op->emitOpError("inner dims differ: A is ") << aType << ", B " << bType;
  // A symbolic dim is reshaped only where it stays in place: padding with leading 1s.
  auto reshapes = [&](RankedTensorType from, llvm::ArrayRef<int64_t> to) {
    return from.getShape() == to || from.hasStaticShape() ||
           (to.size() > (size_t)from.getRank() && to.take_back(from.getRank()) == from.getShape());
  };
  if (!reshapes(aType, a) || !reshapes(bType, b))
    return op->emitOpError("a 1-D operand with symbolic dims is not supported: A is ") << aType << ", B " << bType;

  Value lhs = reshapeTo(rewriter, op->getLoc(), aValue, RankedTensorType::get(a, aType.getElementType()));
  Value rhs = reshapeTo(rewriter, op->getLoc(), bValue, RankedTensorType::get(b, bType.getElementType()));
  llvm::SmallVector<int64_t> y;
  llvm::SmallVector<DimSource> sizeOf;
  for (size_t i = 0; i + 2 < rank; ++i) {
    // A symbolic dim broadcasts against 1 or equals the other side (checked by the kernel).
    if (dynamic(a[i]) || dynamic(b[i])) {
      int64_t other = dynamic(a[i]) ? b[i] : a[i];
      y.push_back(dynamic(other) || other == 1 ? ShapedType::kDynamic : other);
      sizeOf.push_back({dynamic(a[i]) ? lhs : rhs, (int64_t)i});
      continue;
    }
    if (a[i] != b[i] && a[i] != 1 && b[i] != 1)
      return op->emitOpError("batch dims of A ") << aType << " and B " << bType << " do not broadcast";
    y.push_back(std::max(a[i], b[i]));
    sizeOf.push_back({});
  }
  y.append({a[rank - 2], b[rank - 1]});
  sizeOf.append({DimSource{lhs, (int64_t)rank - 2}, DimSource{rhs, (int64_t)rank - 1}});
  Value product = buildMatMul(rewriter, op->getLoc(), lhs, rhs, Value(), bScales,
                              RankedTensorType::get(y, yType.getElementType()), sizeOf, false, false, 1.0, staticA);
  return reshapeTo(rewriter, op->getLoc(), product, yType);
}

namespace {

struct MatMulToKernel : OpRewritePattern<::mlir::aicc::MatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(::mlir::aicc::MatMulOp op, PatternRewriter &rewriter) const override {
    if (!isRankedF32(op.getA().getType()) || !isRankedF32(op.getB().getType()) || !isRankedF32(op.getY().getType()))
      return rewriter.notifyMatchFailure(op, "the kernel takes f32 tensors");
    FailureOr<Value> product =
        buildNumpyMatMul(rewriter, op, op.getA(), op.getB(), Value(), cast<RankedTensorType>(op.getY().getType()));
    if (failed(product)) return failure();
    rewriter.replaceOp(op, *product);
    return success();
  }
};

} // namespace

void populateMatMulKernelPatterns(RewritePatternSet &patterns) {
  patterns.add<GemmToKernel, MatMulToKernel>(patterns.getContext());
}

} // namespace aicc::cpu
