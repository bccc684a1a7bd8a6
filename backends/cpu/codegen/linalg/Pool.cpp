// ONNX MaxPool that the oneDNN kernels cannot take (integer inputs, or the Indices output) → one
// linalg.generic over [N, C, out..., window...] that reads the input with tensor.extract, skipping
// padding, and carries the maximum and, if asked for, its flat index. Geometry (auto_pad, ceil_mode
// padding) is resolved exactly as for the kernels (resolvePadding).
#include "dialects/OnnxSemantics.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// ONNX MaxPool-12. The first maximum in window order wins. Indices are flat offsets into X: the
/// (n, c) plane's offset plus the spatial position, row-major (storage_order 0) or column-major
/// (storage_order 1) over the spatial dims, as ONNX Runtime computes them.
struct MaxPoolLowering : AiccLowering<mlir::aicc::MaxPoolOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::MaxPoolOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto xType = cast<RankedTensorType>(x.getType());
    RankedTensorType yType = loweredType(op.getY());
    int64_t rank = xType.getRank(), spatial = rank - 2;
    if (spatial < 1 || yType.getRank() != rank) return op.emitOpError("input must be [N, C, D1, ...]");
    if (op.getStorageOrder() > 1) return op.emitOpError("storage_order must be 0 or 1");

    mlir::aicc::WindowGeometry g;
    g.in.assign(xType.getShape().begin() + 2, xType.getShape().end());
    g.out.assign(yType.getShape().begin() + 2, yType.getShape().end());
    g.kernel.assign(op.getKernelShape().begin(), op.getKernelShape().end());
    g.strides = op.getStrides() ? llvm::SmallVector<int64_t>(*op.getStrides()) : llvm::SmallVector<int64_t>(spatial, 1);
    g.dilations =
        op.getDilations() ? llvm::SmallVector<int64_t>(*op.getDilations()) : llvm::SmallVector<int64_t>(spatial, 1);
    if ((int64_t)g.kernel.size() != spatial || (int64_t)g.strides.size() != spatial ||
        (int64_t)g.dilations.size() != spatial)
      return op.emitOpError("kernel_shape, strides and dilations need one value per spatial dim");
    if (failed(mlir::aicc::resolvePadding(op, op.getAutoPad(), op.getPads(), g))) return failure();

    bool withIndices = !isa<NoneType>(op.getIndices().getType());
    bool isUnsigned = isUnsignedElement(op.getX().getType());
    Type element = yType.getElementType();
    Value lowest = reductionBound(rewriter, loc, element, /*lowest=*/true, isUnsigned);

    // Loops: [N, C, out_1..out_k] parallel, then [w_1..w_k] reduction, the window's extent given by
    // an (unread) kernel-shaped operand.
    int64_t loops = rank + spatial;
    llvm::SmallVector<AffineExpr> outDims, windowDims;
    for (int64_t d = 0; d < rank; ++d) outDims.push_back(rewriter.getAffineDimExpr(d));
    for (int64_t d = rank; d < loops; ++d) windowDims.push_back(rewriter.getAffineDimExpr(d));
    AffineMap outMap = AffineMap::get(loops, 0, outDims, getContext());
    llvm::SmallVector<AffineMap> maps{AffineMap::get(loops, 0, windowDims, getContext()), outMap};
    llvm::SmallVector<Value> outputs{filledTensor(rewriter, loc, yType, lowest)};
    llvm::SmallVector<Type> resultTypes{yType};
    if (withIndices) {
      RankedTensorType iType = loweredType(op.getIndices());
      // -1 until the window's first element: it is taken even if it equals the init bound.
      outputs.push_back(filledTensor(rewriter, loc, iType, scalarConstant(rewriter, loc, rewriter.getI64Type(), -1)));
      resultTypes.push_back(iType);
      maps.push_back(outMap);
    }
    llvm::SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators.append(spatial, utils::IteratorType::reduction);
    Value window = tensor::EmptyOp::create(rewriter, loc, g.kernel, element);

    auto generic = linalg::GenericOp::create(rewriter, loc, resultTypes, ValueRange{window}, outputs, maps, iterators,
                                             [&](OpBuilder &b, Location l, ValueRange args) {
      llvm::SmallVector<Value> i = loopIndices(b, l, loops);
      Value inside = scalarConstant(b, l, b.getI1Type(), 1);
      llvm::SmallVector<Value> source{i[0], i[1]};
      for (int64_t d = 0; d < spatial; ++d) {
        // h = out * stride - padBegin + w * dilation
        Value h = arith::AddIOp::create(b, l, arith::MulIOp::create(b, l, i[2 + d], indexConstant(b, l, g.strides[d])),
                                        arith::MulIOp::create(b, l, i[rank + d], indexConstant(b, l, g.dilations[d])));
        h = arith::SubIOp::create(b, l, h, indexConstant(b, l, g.padsBegin[d]));
        Value low = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, h, indexConstant(b, l, 0));
        Value high = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, h, indexConstant(b, l, g.in[d]));
        inside = arith::AndIOp::create(b, l, inside, arith::AndIOp::create(b, l, low, high));
        h = arith::MinSIOp::create(b, l, arith::MaxSIOp::create(b, l, h, indexConstant(b, l, 0)),
                                   indexConstant(b, l, g.in[d] - 1));
        source.push_back(h);
      }
      Value v = tensor::ExtractOp::create(b, l, x, source);
      Value best = args[1];
      Value greater = isa<FloatType>(element)
                          ? (Value)arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, v, best)
                          : (Value)arith::CmpIOp::create(
                                b, l, isUnsigned ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt, v, best);
      if (withIndices) {
        Value none =
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, args[2], scalarConstant(b, l, b.getI64Type(), 0));
        greater = arith::OrIOp::create(b, l, greater, none);
      }
      Value take = arith::AndIOp::create(b, l, inside, greater);
      llvm::SmallVector<Value> yields{arith::SelectOp::create(b, l, take, v, best)};
      if (withIndices)
        yields.push_back(
            arith::SelectOp::create(b, l, take, flatIndex(b, l, xType, source, op.getStorageOrder() != 0), args[2]));
      linalg::YieldOp::create(b, l, yields);
    });
    llvm::SmallVector<Value> results{generic.getResult(0), withIndices ? generic.getResult(1) : Value()};
    rewriter.replaceOp(op, results);
    return success();
  }

  /// The i64 offset of X[n, c, h...]: (n * C + c) * prod(spatial) + the spatial offset.
  static Value flatIndex(OpBuilder &b, Location l, RankedTensorType xType, llvm::ArrayRef<Value> source,
                         bool columnMajor) {
    int64_t rank = xType.getRank();
    Value plane = arith::AddIOp::create(
        b, l, arith::MulIOp::create(b, l, source[0], indexConstant(b, l, xType.getDimSize(1))), source[1]);
    Value offset = indexConstant(b, l, 0);
    for (int64_t k = 2; k < rank; ++k) {
      int64_t d = columnMajor ? rank + 1 - k : k; // columnMajor: the last spatial dim is outermost
      offset = arith::AddIOp::create(
          b, l, arith::MulIOp::create(b, l, offset, indexConstant(b, l, xType.getDimSize(d))), source[d]);
    }
    int64_t planeSize = 1;
    for (int64_t d = 2; d < rank; ++d) planeSize *= xType.getDimSize(d);
    Value flat =
        arith::AddIOp::create(b, l, arith::MulIOp::create(b, l, plane, indexConstant(b, l, planeSize)), offset);
    return arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
  }
};

} // namespace

void populatePoolPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MaxPoolLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
