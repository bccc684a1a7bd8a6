//===- ShapeInference.h - rules behind ShapeInferenceOpInterface -*- C++ -*-===//
//
// The generated `inferShapes` methods call these rules (table SHAPE_RULES in gen_onnx_ops.py).
// Each rule refines the op's result types from its operand types and attributes; it proves what
// it can and leaves the rest unknown. Internal to the dialect library.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_DIALECTS_SHAPEINFERENCE_H
#define AICC_DIALECTS_SHAPEINFERENCE_H

#include "dialects/AiccDialect.h"

namespace mlir::aicc {

/// Refines result `index` of `op` to a ranked tensor of `shape` (ShapedType::kDynamic where
/// unknown), keeping the dims the current type already knows and its element type. Fails with a
/// diagnostic when the two disagree. A result that is not a tensor (absent: none) is left alone.
LogicalResult refineResultShape(Operation *op, unsigned index, ArrayRef<int64_t> shape);

/// One element of an integer shape tensor: a known value, or dim `dim` of the tensor `of`, as the
/// Shape → Gather → Unsqueeze → Concat chains of PyTorch exports build `x.view(x.size(0), -1)`.
struct ShapeElement {
  std::optional<int64_t> value;
  Value of;
  int64_t dim = -1;
};

/// The elements of the 0-D or 1-D integer tensor `value`, if each is a constant or a dim of a
/// tensor (the lowerings size symbolic results from these dims).
std::optional<SmallVector<ShapeElement>> shapeElements(Value value);

/// Multidirectional (numpy) broadcast of `shapes` (ONNX docs/Broadcasting.md); fails with a
/// diagnostic on `op` when two static sizes of a dim differ and neither is 1.
FailureOr<SmallVector<int64_t>> broadcastShapes(Operation *op, ArrayRef<ArrayRef<int64_t>> shapes);

// Elementwise (ShapeInference.cpp).
LogicalResult inferSameShapeAsInput(Operation *op);
LogicalResult inferBroadcastShape(Operation *op);
/// Every result (Dropout's output and mask) takes operand 0's shape.
LogicalResult inferEveryResultLikeInput(Operation *op);

// Convolution, pooling, matrix products (ShapeInferenceNN.cpp).
LogicalResult inferConvShape(ConvOp op);
LogicalResult inferConvIntegerShape(ConvIntegerOp op);
LogicalResult inferQLinearConvShape(QLinearConvOp op);
LogicalResult inferConvTransposeShape(ConvTransposeOp op);
LogicalResult inferPoolShape(MaxPoolOp op);
LogicalResult inferPoolShape(AveragePoolOp op);
LogicalResult inferGlobalPoolShape(Operation *op);
LogicalResult inferGemmShape(GemmOp op);
LogicalResult inferMatMulShape(MatMulOp op);
LogicalResult inferMatMulIntegerShape(MatMulIntegerOp op);
LogicalResult inferQLinearMatMulShape(QLinearMatMulOp op);
LogicalResult inferDynamicQuantizeLinearShape(DynamicQuantizeLinearOp op);
/// RNN, LSTM and GRU (opset 14): Y, Y_h and Y_c from X, the direction, hidden_size and layout.
LogicalResult inferRecurrentShape(Operation *op);

// Data movement and reductions (ShapeInferenceTensor.cpp).

LogicalResult inferCompressShape(CompressOp op);
LogicalResult inferConcatShape(ConcatOp op);
LogicalResult inferConstantOfShapeShape(ConstantOfShapeOp op);
LogicalResult inferDepthToSpaceShape(DepthToSpaceOp op);
LogicalResult inferDetShape(DetOp op);
LogicalResult inferExpandShape(ExpandOp op);
LogicalResult inferFlattenShape(FlattenOp op);
LogicalResult inferGatherShape(GatherOp op);
LogicalResult inferGatherElementsShape(GatherElementsOp op);
LogicalResult inferGatherNDShape(GatherNDOp op);
LogicalResult inferNonZeroShape(NonZeroOp op);
LogicalResult inferOneHotShape(OneHotOp op);
LogicalResult inferRangeShape(RangeOp op);
LogicalResult inferReshapeShape(ReshapeOp op);
LogicalResult inferResizeShape(ResizeOp op);
LogicalResult inferSliceShape(SliceOp op);
LogicalResult inferShapeShape(ShapeOp op);
LogicalResult inferSpaceToDepthShape(SpaceToDepthOp op);
LogicalResult inferSplitShape(SplitOp op);
LogicalResult inferSqueezeShape(SqueezeOp op);
LogicalResult inferPadShape(PadOp op);
LogicalResult inferTileShape(TileOp op);
LogicalResult inferTopKShape(TopKOp op);
LogicalResult inferUniqueShape(UniqueOp op);
/// HannWindow-17, HammingWindow-17, BlackmanWindow-17: [size], from the scalar `size` input.
LogicalResult inferWindowShape(Operation *op);
LogicalResult inferUnsqueezeShape(UnsqueezeOp op);
LogicalResult inferTransposeShape(TransposeOp op);
LogicalResult inferReduceShape(ReduceMaxOp op);
LogicalResult inferReduceShape(ReduceMeanOp op);
LogicalResult inferReduceShape(ReduceMinOp op);
LogicalResult inferReduceShape(ReduceSumOp op);
LogicalResult inferReduceShape(ReduceL1Op op);
LogicalResult inferReduceShape(ReduceL2Op op);
LogicalResult inferReduceShape(ReduceLogSumOp op);
LogicalResult inferReduceShape(ReduceLogSumExpOp op);
LogicalResult inferReduceShape(ReduceProdOp op);
LogicalResult inferReduceShape(ReduceSumSquareOp op);
LogicalResult inferReduceShape(ArgMaxOp op);
LogicalResult inferReduceShape(ArgMinOp op);

// Control flow (ShapeInferenceControlFlow.cpp): a Loop's body arguments and results, an If's
// results.
LogicalResult inferLoopShape(LoopOp op);
LogicalResult inferIfShape(IfOp op);

} // namespace mlir::aicc

#endif // AICC_DIALECTS_SHAPEINFERENCE_H
