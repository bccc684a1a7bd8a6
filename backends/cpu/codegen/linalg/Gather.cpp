// ONNX Gather, GatherElements and GatherND → one linalg.generic over the result that reads the indices
// tensor elementwise and the data with tensor.extract. Indices may be int32 or int64 and negative
// (counting from the end of the axis); out-of-range indices, an error in ONNX, are clamped so that
// they cannot read outside the data.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// A linalg.generic over `type` with `indices` as its one input, read through `indicesMap`;
/// `sourceIndices(b, loc, loopIndices, index)` gives the data element each result element copies;
/// where `readable` (an i1) is given and false, each element is 0 and the data is not read.
template <typename SourceIndicesFn>
Value buildGather(OpBuilder &b, Location loc, RankedTensorType type, Value data, Value indices, AffineMap indicesMap,
                  SourceIndicesFn sourceIndices, ValueRange dynamicSizes = {}, Value readable = {}) {
  int64_t rank = type.getRank();
  auto generic = linalg::GenericOp::create(b, loc, TypeRange{type}, ValueRange{indices},
                                           ValueRange{emptyTensor(b, loc, type, dynamicSizes)},
                                           {indicesMap, b.getMultiDimIdentityMap(rank)},
                                           llvm::SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
                                           [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
    llvm::SmallVector<Value> loops = loopIndices(nested, nestedLoc, rank);
    auto read = [&](OpBuilder &rb, Location rl) -> Value {
      return tensor::ExtractOp::create(rb, rl, data, sourceIndices(rb, rl, loops, args[0]));
    };
    Value element =
        readable ? scf::IfOp::create(nested, nestedLoc, readable,
                                     [&](OpBuilder &rb, Location rl) { scf::YieldOp::create(rb, rl, read(rb, rl)); },
                                     [&](OpBuilder &rb, Location rl) {
      scf::YieldOp::create(rb, rl, scalarConstant(rb, rl, type.getElementType(), 0));
    }).getResult(0)
                 : read(nested, nestedLoc);
    linalg::YieldOp::create(nested, nestedLoc, element);
  });
  return generic.getResult(0);
}

/// ONNX Gather: output[i_0..i_{a-1}, j_0..j_{q-1}, i_{a+1}..] = data[i_0..i_{a-1}, indices[j..], i_{a+1}..].
struct GatherLowering : AiccLowering<mlir::aicc::GatherOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::GatherOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    RankedTensorType type = loweredType(op.getOutput());
    int64_t dataRank = dataType.getRank(), indicesRank = indicesType.getRank();
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), dataRank);
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    if (type.getRank() != dataRank - 1 + indicesRank) return op.emitOpError("result rank must be r + q - 1");
    int64_t staticAxisSize = dataType.getDimSize(*axis);
    if (staticAxisSize == 0 && (!type.hasStaticShape() || type.getNumElements() != 0))
      return op.emitOpError("gathers from an empty axis");
    // A symbolic axis (a batch or a sequence a Loop walks) is clamped to its run-time size.
    Value dynamicAxisSize = ShapedType::isDynamic(staticAxisSize)
                                ? tensor::DimOp::create(rewriter, op.getLoc(), adaptor.getData(), *axis).getResult()
                                : Value();
    // A symbolic result dim is a dim of the data before or after the axis, or of the indices.
    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d)) continue;
      Location loc = op.getLoc();
      if (d < *axis)
        sizes.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getData(), d));
      else if (d < *axis + indicesRank)
        sizes.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getIndices(), d - *axis));
      else
        sizes.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getData(), d - indicesRank + 1));
    }

    llvm::SmallVector<AffineExpr> indexDims;
    for (int64_t j = 0; j < indicesRank; ++j) indexDims.push_back(rewriter.getAffineDimExpr(*axis + j));
    AffineMap indicesMap = AffineMap::get(type.getRank(), 0, indexDims, getContext());
    // An axis empty at run time has no element to clamp to: the result is zeros, not a read
    // outside the data.
    Value nonEmpty = dynamicAxisSize ? arith::CmpIOp::create(rewriter, op.getLoc(), arith::CmpIPredicate::sgt,
                                                             dynamicAxisSize, indexConstant(rewriter, op.getLoc(), 0))
                                           .getResult()
                                     : Value();
    Value result = buildGather(rewriter, op.getLoc(), type, adaptor.getData(), adaptor.getIndices(), indicesMap,
                               [&](OpBuilder &b, Location loc, ArrayRef<Value> loops, Value index) {
      llvm::SmallVector<Value> source(loops.begin(), loops.begin() + *axis);
      source.push_back(dynamicAxisSize ? wrapAndClampIndex(b, loc, index, dynamicAxisSize)
                                       : wrapAndClampIndex(b, loc, index, staticAxisSize));
      source.append(loops.begin() + *axis + indicesRank, loops.end());
      return source;
    }, sizes, nonEmpty);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX GatherElements: output[i] = data[i with i[axis] replaced by indices[i]].
struct GatherElementsLowering : AiccLowering<mlir::aicc::GatherElementsOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::GatherElementsOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    RankedTensorType type = loweredType(op.getOutput());
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), dataType.getRank());
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    if (type.getRank() != dataType.getRank()) return op.emitOpError("indices must have the rank of data");
    int64_t axisSize = dataType.getDimSize(*axis);
    if (axisSize == 0 && type.getNumElements() != 0) return op.emitOpError("gathers from an empty axis");
    Value result = buildGather(rewriter, op.getLoc(), type, adaptor.getData(), adaptor.getIndices(),
                               rewriter.getMultiDimIdentityMap(type.getRank()),
                               [&](OpBuilder &b, Location loc, ArrayRef<Value> loops, Value index) {
      llvm::SmallVector<Value> source(loops);
      source[*axis] = wrapAndClampIndex(b, loc, index, axisSize);
      return source;
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX GatherND: output[j_0..j_{q-2}, r..] = data[j_0..j_{b-1}, indices[j_0..j_{q-2}, 0..m-1], r..],
/// b = batch_dims and m the (static) last dim of indices; the data dims it indexes may be
/// symbolic, and the indices' dims may be sizes only the run knows (NonZero's count).
struct GatherNDLowering : AiccLowering<mlir::aicc::GatherNDOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::GatherNDOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    int64_t r = dataType.getRank(), q = indicesType.getRank(), batch = static_cast<int64_t>(op.getBatchDims());
    if (q < 1) return op.emitOpError("indices must have rank at least 1");
    if (batch < 0 || batch >= std::min(q, r))
      return op.emitOpError("batch_dims ") << batch << " must be less than the ranks of data and indices";
    int64_t m = indicesType.getDimSize(q - 1);
    if (ShapedType::isDynamic(m)) return op.emitOpError("the last dim of indices must be static");
    if (m < 1 || batch + m > r)
      return op.emitOpError("indices index ")
             << m << " dims of data beyond its " << batch << " batch dims, which has rank " << r;
    RankedTensorType type = loweredType(op.getOutput());
    int64_t rank = q - 1 + r - batch - m;
    if (type.getRank() != rank) return op.emitOpError("result must have rank ") << rank << ", got " << type;

    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      if (type.isDynamicDim(d))
        sizes.push_back(d < q - 1 ? tensor::DimOp::create(rewriter, loc, indices, d).getResult()
                                  : tensor::DimOp::create(rewriter, loc, data, batch + m + d - (q - 1)).getResult());
    llvm::SmallVector<Value> indexedSizes;
    for (int64_t j = 0; j < m; ++j) indexedSizes.push_back(tensor::DimOp::create(rewriter, loc, data, batch + j));

    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{emptyTensor(rewriter, loc, type, sizes)},
        {rewriter.getMultiDimIdentityMap(rank)},
        llvm::SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location nestedLoc, ValueRange) {
      llvm::SmallVector<Value> loops = loopIndices(b, nestedLoc, rank);
      llvm::SmallVector<Value> source(loops.begin(), loops.begin() + batch);
      llvm::SmallVector<Value> at(loops.begin(), loops.begin() + q - 1);
      at.push_back(Value());
      for (int64_t j = 0; j < m; ++j) {
        at.back() = indexConstant(b, nestedLoc, j);
        Value index = tensor::ExtractOp::create(b, nestedLoc, indices, at);
        source.push_back(wrapAndClampIndex(b, nestedLoc, index, indexedSizes[j]));
      }
      source.append(loops.begin() + q - 1, loops.end());
      linalg::YieldOp::create(b, nestedLoc, tensor::ExtractOp::create(b, nestedLoc, data, source).getResult());
    });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateGatherPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<GatherElementsLowering, GatherLowering, GatherNDLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
