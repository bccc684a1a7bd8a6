// ONNX Gather and GatherElements → one linalg.generic over the result that reads the indices
// tensor elementwise and the data with tensor.extract. Indices may be int32 or int64 and negative
// (counting from the end of the axis); out-of-range indices, an error in ONNX, are clamped so that
// they cannot read outside the data.
#include "backends/cpu/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {
namespace {

using namespace mlir;
namespace onnx = ::mlir::aicc;

/// A linalg.generic over `type` with `indices` as its one input, read through `indicesMap`;
/// `sourceIndices(b, loc, loopIndices, index)` gives the data element each result element copies.
template <typename SourceIndicesFn>
Value buildGather(OpBuilder &b, Location loc, RankedTensorType type, Value data, Value indices, AffineMap indicesMap,
                  SourceIndicesFn sourceIndices, ValueRange dynamicSizes = {}) {
  int64_t rank = type.getRank();
  auto generic =
      linalg::GenericOp::create(b, loc, TypeRange{type}, ValueRange{indices},
                                ValueRange{emptyTensor(b, loc, type, dynamicSizes)},
                                {indicesMap, b.getMultiDimIdentityMap(rank)},
                                llvm::SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
                                [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                                  llvm::SmallVector<Value> loops = loopIndices(nested, nestedLoc, rank);
                                  Value element = tensor::ExtractOp::create(
                                      nested, nestedLoc, data, sourceIndices(nested, nestedLoc, loops, args[0]));
                                  linalg::YieldOp::create(nested, nestedLoc, element);
                                });
  return generic.getResult(0);
}

/// ONNX Gather: output[i_0..i_{a-1}, j_0..j_{q-1}, i_{a+1}..] = data[i_0..i_{a-1}, indices[j..], i_{a+1}..].
struct GatherLowering : AiccLowering<onnx::GatherOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(onnx::GatherOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
    auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
    RankedTensorType type = loweredType(op.getOutput());
    int64_t dataRank = dataType.getRank(), indicesRank = indicesType.getRank();
    auto axis = normalizeAxis(static_cast<int64_t>(op.getAxis()), dataRank);
    if (!axis) return op.emitOpError("axis ") << static_cast<int64_t>(op.getAxis()) << " is out of range";
    if (type.getRank() != dataRank - 1 + indicesRank) return op.emitOpError("result rank must be r + q - 1");
    int64_t axisSize = dataType.getDimSize(*axis);
    if (ShapedType::isDynamic(axisSize)) return op.emitOpError("the gathered axis must be static");
    if (axisSize == 0 && (!type.hasStaticShape() || type.getNumElements() != 0))
      return op.emitOpError("gathers from an empty axis");
    // A symbolic result dim is a dim of the data before or after the axis, or of the indices.
    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d)) continue;
      Location loc = op.getLoc();
      if (d < *axis) sizes.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getData(), d));
      else if (d < *axis + indicesRank) sizes.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getIndices(), d - *axis));
      else sizes.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getData(), d - indicesRank + 1));
    }

    llvm::SmallVector<AffineExpr> indexDims;
    for (int64_t j = 0; j < indicesRank; ++j) indexDims.push_back(rewriter.getAffineDimExpr(*axis + j));
    AffineMap indicesMap = AffineMap::get(type.getRank(), 0, indexDims, getContext());
    Value result = buildGather(rewriter, op.getLoc(), type, adaptor.getData(), adaptor.getIndices(), indicesMap,
                               [&](OpBuilder &b, Location loc, ArrayRef<Value> loops, Value index) {
                                 llvm::SmallVector<Value> source(loops.begin(), loops.begin() + *axis);
                                 source.push_back(wrapAndClampIndex(b, loc, index, axisSize));
                                 source.append(loops.begin() + *axis + indicesRank, loops.end());
                                 return source;
                               },
                               sizes);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX GatherElements: output[i] = data[i with i[axis] replaced by indices[i]].
struct GatherElementsLowering : AiccLowering<onnx::GatherElementsOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(onnx::GatherElementsOp op, OpAdaptor adaptor,
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

} // namespace

void populateGatherPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<GatherElementsLowering, GatherLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
