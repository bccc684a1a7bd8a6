// Ops that only rearrange elements without index arithmetic: the reshapes (Reshape, Flatten, Squeeze,
// Unsqueeze keep row-major order, so the static result type says everything and their shape/axes
// inputs are not needed), Identity, Expand, Transpose, Tile, DepthToSpace and SpaceToDepth.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// Reshape, Flatten, Squeeze, Unsqueeze: the data in the result's shape. A symbolic dim must keep
/// its place among the groups of dims that are merged or split.
template <typename OpTy> struct ReshapeLowering : AiccLowering<OpTy> {
  using AiccLowering<OpTy>::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(OpTy op, typename AiccLowering<OpTy>::OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Value data = adaptor.getOperands().front();
    RankedTensorType type = this->loweredType(op->getResult(0));
    auto dataType = cast<RankedTensorType>(data.getType());
    if (dataType.hasStaticShape() && type.hasStaticShape() && dataType.getNumElements() != type.getNumElements())
      return op.emitOpError("result type ")
             << op->getResult(0).getType() << " has another number of elements than " << op->getOperand(0).getType();
    Value reshaped = reshapeTo(rewriter, op.getLoc(), data, type);
    if (!reshaped)
      return op.emitOpError("cannot reshape ") << op->getOperand(0).getType() << " to " << op->getResult(0).getType()
                                               << ": a symbolic dim would be split or merged with others";
    rewriter.replaceOp(op, reshaped);
    return success();
  }
};

struct IdentityLowering : AiccLowering<mlir::aicc::IdentityOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::IdentityOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// ONNX Expand: numpy broadcasting of the input to the (static) result shape.
struct ExpandLowering : AiccLowering<mlir::aicc::ExpandOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::ExpandOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    auto result = buildElementwise(rewriter, op.getLoc(), loweredType(op.getOutput()), adaptor.getInput(),
                                   [](OpBuilder &, Location, ValueRange x) { return x[0]; });
    if (failed(result)) return op.emitOpError("input does not broadcast to the result shape");
    rewriter.replaceOp(op, *result);
    return success();
  }
};

/// ONNX Transpose: `perm` defaults to reversing the dims.
struct TransposeLowering : AiccLowering<mlir::aicc::TransposeOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::TransposeOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    int64_t rank = cast<RankedTensorType>(adaptor.getData().getType()).getRank();
    llvm::SmallVector<int64_t> perm;
    if (auto attr = op.getPerm())
      perm.assign(attr->begin(), attr->end());
    else
      for (int64_t i = rank - 1; i >= 0; --i) perm.push_back(i);
    llvm::SmallVector<int64_t> sorted(perm);
    llvm::sort(sorted);
    if ((int64_t)perm.size() != rank ||
        llvm::any_of(llvm::enumerate(sorted), [](auto e) { return e.value() != (int64_t)e.index(); }))
      return op.emitOpError("perm must be a permutation of the ") << rank << " input dims";
    RankedTensorType resultType = loweredType(op.getTransposed());
    llvm::SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      if (resultType.isDynamicDim(d))
        sizes.push_back(tensor::DimOp::create(rewriter, op.getLoc(), adaptor.getData(), perm[d]));
    Value init = emptyTensor(rewriter, op.getLoc(), resultType, sizes);
    rewriter.replaceOp(op,
                       linalg::TransposeOp::create(rewriter, op.getLoc(), adaptor.getData(), init, perm)->getResults());
    return success();
  }
};

/// ONNX Tile: with repeats r (the result dims over the input dims), input [a0, a1, ...] is broadcast
/// to [r0, a0, r1, a1, ...] and collapsed pairwise to [r0*a0, r1*a1, ...].
struct TileLowering : AiccLowering<mlir::aicc::TileOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::TileOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    RankedTensorType type = loweredType(op.getOutput());
    if (type.getNumElements() == 0) {
      rewriter.replaceOp(op, emptyTensor(rewriter, loc, type));
      return success();
    }
    if (type.getRank() != inputType.getRank()) return op.emitOpError("result rank differs from the input rank");
    llvm::SmallVector<int64_t> broadcastShape, addedDims;
    llvm::SmallVector<ReassociationIndices> pairs;
    for (int64_t i = 0; i < type.getRank(); ++i) {
      int64_t size = inputType.getDimSize(i);
      if (type.getDimSize(i) % size != 0) return op.emitOpError("result dims must be multiples of the input dims");
      addedDims.push_back(2 * i);
      broadcastShape.append({type.getDimSize(i) / size, size});
      pairs.push_back({2 * i, 2 * i + 1});
    }
    Value init = emptyTensor(rewriter, loc, type.clone(broadcastShape));
    Value broadcast = linalg::BroadcastOp::create(rewriter, loc, adaptor.getInput(), init, addedDims)->getResult(0);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, type, broadcast, pairs);
    return success();
  }
};

/// `x` with its dims split into `split`, permuted by `perm`, then merged into `type`: how the ONNX
/// spec itself defines DepthToSpace and SpaceToDepth (static shapes).
Value splitPermuteMerge(OpBuilder &b, Location loc, Value x, llvm::ArrayRef<int64_t> split,
                        llvm::ArrayRef<int64_t> perm, RankedTensorType type) {
  auto xType = cast<RankedTensorType>(x.getType());
  Value splitValue = reshapeTo(b, loc, x, xType.clone(split));
  llvm::SmallVector<int64_t> permuted;
  for (int64_t d : perm) permuted.push_back(split[d]);
  Value init = emptyTensor(b, loc, xType.clone(permuted));
  Value transposed = linalg::TransposeOp::create(b, loc, splitValue, init, perm)->getResult(0);
  return reshapeTo(b, loc, transposed, type);
}

/// ONNX DepthToSpace-13: [N, C, H, W] → [N, C / b², H·b, W·b]. DCR (the default) takes the block
/// offsets from the leading part of the channel index, CRD from its trailing part.
struct DepthToSpaceLowering : AiccLowering<mlir::aicc::DepthToSpaceOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::DepthToSpaceOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    auto xType = cast<RankedTensorType>(adaptor.getInput().getType());
    int64_t block = op.getBlocksize();
    if (xType.getRank() != 4) return op.emitOpError("input must be [N, C, H, W]");
    int64_t n = xType.getDimSize(0), c = xType.getDimSize(1), h = xType.getDimSize(2), w = xType.getDimSize(3);
    if (block < 1 || c % (block * block) != 0)
      return op.emitOpError("blocksize ") << block << ": the channels (" << c << ") must be a multiple of its square";
    int64_t depth = c / (block * block);
    llvm::StringRef mode = op.getMode();
    if (mode != "DCR" && mode != "CRD") return op.emitOpError("unknown mode '") << mode << "'";
    Value y = mode == "DCR"
                  ? splitPermuteMerge(rewriter, op.getLoc(), adaptor.getInput(), {n, block, block, depth, h, w},
                                      {0, 3, 4, 1, 5, 2}, loweredType(op.getOutput()))
                  : splitPermuteMerge(rewriter, op.getLoc(), adaptor.getInput(), {n, depth, block, block, h, w},
                                      {0, 1, 4, 2, 5, 3}, loweredType(op.getOutput()));
    rewriter.replaceOp(op, y);
    return success();
  }
};

/// ONNX SpaceToDepth-13: [N, C, H, W] → [N, C·b², H / b, W / b], DepthToSpace's DCR inverse.
struct SpaceToDepthLowering : AiccLowering<mlir::aicc::SpaceToDepthOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::SpaceToDepthOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    auto xType = cast<RankedTensorType>(adaptor.getInput().getType());
    int64_t block = op.getBlocksize();
    if (xType.getRank() != 4) return op.emitOpError("input must be [N, C, H, W]");
    int64_t n = xType.getDimSize(0), c = xType.getDimSize(1), h = xType.getDimSize(2), w = xType.getDimSize(3);
    if (block < 1 || h % block != 0 || w % block != 0)
      return op.emitOpError("blocksize ") << block << " must divide the height (" << h << ") and width (" << w << ")";
    rewriter.replaceOp(op, splitPermuteMerge(rewriter, op.getLoc(), adaptor.getInput(),
                                             {n, c, h / block, block, w / block, block}, {0, 3, 5, 1, 2, 4},
                                             loweredType(op.getOutput())));
    return success();
  }
};

} // namespace

void populateShapePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ReshapeLowering<mlir::aicc::ReshapeOp>, ReshapeLowering<mlir::aicc::FlattenOp>,
               ReshapeLowering<mlir::aicc::SqueezeOp>, ReshapeLowering<mlir::aicc::UnsqueezeOp>, ExpandLowering,
               IdentityLowering, TileLowering, TransposeLowering, DepthToSpaceLowering, SpaceToDepthLowering>(
      converter, patterns.getContext());
}

} // namespace aicc::cpu
