//===- Tensor.cpp - verifiers, folders and patterns of data-movement ops --===//
//
// Gather, Reshape, Transpose, Concat, Flatten, Squeeze, Unsqueeze, Shape, Size, Cast, Identity and
// Dropout. Verifiers check the ONNX rules that operand types can express (ranks, axis ranges);
// folders remove ops that provably do nothing and turn shape queries on static shapes into
// constants. Rules from the ONNX operator spec at the op's onnxSinceVersion.
//
//===----------------------------------------------------------------------===//

#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::aicc;

/// Checks that `axis` is one ONNX accepts: normalizeAxis's range, or flattenAxis's (extra = 1, an
/// axis may name the position after the last dim).
static LogicalResult verifyAxis(Operation *op, int64_t axis, int64_t rank, StringRef operandName, int64_t extra = 0) {
  if ((extra ? flattenAxis(axis, rank) : normalizeAxis(axis, rank)).has_value()) return success();
  return op->emitOpError() << "attribute 'axis' (" << axis << ") is out of range [-" << rank << ", " << rank - 1 + extra
                           << "] for input '" << operandName << "' of rank " << rank;
}

//===----------------------------------------------------------------------===//
// Verifiers
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::verify() {
  RankedTensorType data = rankedType(getData());
  if (!data) return success();
  if (data.getRank() < 1) return emitOpError() << "input 'data' must have rank >= 1";
  return verifyAxis(*this, static_cast<int64_t>(getAxis()), data.getRank(), "data");
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType shape = rankedType(getShape());
  if (!shape) return success();
  if (shape.getRank() != 1) return emitOpError() << "input 'shape' must be a 1-D tensor, got rank " << shape.getRank();
  RankedTensorType result = rankedType(getReshaped());
  if (result && !shape.isDynamicDim(0) && shape.getDimSize(0) != result.getRank())
    return emitOpError() << "result has rank " << result.getRank() << " but input 'shape' has " << shape.getDimSize(0)
                         << " entries";
  RankedTensorType data = rankedType(getData());
  if (data && result && data.hasStaticShape() && result.hasStaticShape() &&
      data.getNumElements() != result.getNumElements())
    return emitOpError() << "input 'data' has " << data.getNumElements() << " elements but the result has "
                         << result.getNumElements();
  return success();
}

LogicalResult TransposeOp::verify() {
  RankedTensorType data = rankedType(getData());
  std::optional<ArrayRef<int64_t>> perm = getPerm();
  if (!data || !perm) return success();
  if (static_cast<int64_t>(perm->size()) != data.getRank())
    return emitOpError() << "attribute 'perm' has " << perm->size() << " entries but input 'data' has rank "
                         << data.getRank();
  llvm::SmallBitVector seen(data.getRank());
  for (int64_t axis : *perm) {
    if (axis < 0 || axis >= data.getRank() || seen.test(axis))
      return emitOpError() << "attribute 'perm' is not a permutation of [0, " << data.getRank() << ")";
    seen.set(axis);
  }
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty()) return emitOpError() << "needs at least one input";
  // The first ranked input fixes the rank and, per dim, the first static size found fixes it.
  int64_t rank = -1;
  SmallVector<std::pair<int64_t, unsigned>> sizes; // (size, input that set it) per dim
  for (auto [index, input] : llvm::enumerate(getInputs())) {
    RankedTensorType type = rankedType(input);
    if (!type) continue;
    if (rank < 0) {
      rank = type.getRank();
      if (failed(verifyAxis(*this, static_cast<int64_t>(getAxis()), rank, "inputs"))) return failure();
      sizes.assign(rank, {ShapedType::kDynamic, 0});
    } else if (type.getRank() != rank) {
      return emitOpError() << "input #" << index << " has rank " << type.getRank() << " but an earlier input has rank "
                           << rank;
    }
    int64_t axis = (static_cast<int64_t>(getAxis()) + rank) % rank;
    for (int64_t dim = 0; dim < rank; ++dim) {
      int64_t size = type.getDimSize(dim);
      if (dim == axis || ShapedType::isDynamic(size)) continue;
      auto &[known, setter] = sizes[dim];
      if (ShapedType::isDynamic(known))
        known = size, setter = index;
      else if (known != size)
        return emitOpError() << "input #" << index << " has size " << size << " in dimension " << dim << " but input #"
                             << setter << " has " << known;
    }
  }
  return success();
}

LogicalResult FlattenOp::verify() {
  RankedTensorType input = rankedType(getInput());
  if (!input) return success();
  return verifyAxis(*this, static_cast<int64_t>(getAxis()), input.getRank(), "input",
                    /*extra=*/1);
}

/// Squeeze and Unsqueeze: `axes` lists the dims removed or inserted. ONNX documents it as 1-D;
/// onnxruntime also accepts a scalar, and so do we. When its length is static, the result rank
/// follows: data rank + resultRankDelta * length.
static LogicalResult verifyAxesRank(Operation *op, Value data, Value axes, Value result, int64_t resultRankDelta) {
  RankedTensorType axesType = rankedType(axes);
  if (axesType && axesType.getRank() > 1)
    return op->emitOpError() << "input 'axes' must be a scalar or 1-D tensor, got rank " << axesType.getRank();
  RankedTensorType dataType = rankedType(data), resultType = rankedType(result);
  if (!axesType || !dataType || !resultType) return success();
  int64_t length = axesType.getRank() == 0 ? 1 : axesType.getDimSize(0);
  if (ShapedType::isDynamic(length)) return success();
  int64_t expected = dataType.getRank() + resultRankDelta * length;
  if (resultType.getRank() != expected)
    return op->emitOpError() << "result has rank " << resultType.getRank() << ", expected " << expected
                             << " from input 'data' of rank " << dataType.getRank() << " and " << length
                             << " entries in input 'axes'";
  return success();
}

LogicalResult SqueezeOp::verify() {
  // Without axes Squeeze drops every dim of size 1: the result rank can only shrink.
  RankedTensorType data = rankedType(getData()), result = rankedType(getSqueezed());
  if (isa<NoneType>(getAxes().getType()) && data && result && result.getRank() > data.getRank())
    return emitOpError() << "result rank " << result.getRank() << " exceeds the rank of input 'data' ("
                         << data.getRank() << ")";
  return verifyAxesRank(*this, getData(), getAxes(), getSqueezed(), -1);
}

LogicalResult UnsqueezeOp::verify() { return verifyAxesRank(*this, getData(), getAxes(), getExpanded(), +1); }

//===----------------------------------------------------------------------===//
// Folders
//===----------------------------------------------------------------------===//

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput().getType() == getType() ? getInput() : Value(); }

OpFoldResult CastOp::fold(FoldAdaptor) { return getInput().getType() == getType() ? getInput() : Value(); }

/// A reshaping op whose result type equals its static input type moves no element. Equal types
/// with dynamic dims prove nothing: reshaping ?x? to ?x? may change both extents.
static OpFoldResult foldStaticNoOp(Value input, Value result) {
  auto type = dyn_cast<RankedTensorType>(input.getType());
  if (type && type.hasStaticShape() && type == result.getType()) return input;
  return {};
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) { return foldStaticNoOp(getData(), getReshaped()); }
OpFoldResult SqueezeOp::fold(FoldAdaptor) { return foldStaticNoOp(getData(), getSqueezed()); }
OpFoldResult UnsqueezeOp::fold(FoldAdaptor) { return foldStaticNoOp(getData(), getExpanded()); }
OpFoldResult FlattenOp::fold(FoldAdaptor) { return foldStaticNoOp(getInput(), getOutput()); }

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  RankedTensorType data = rankedType(getData());
  if (!data || data != getType()) return {};
  // Without 'perm' Transpose reverses the dims, which is the identity only up to rank 1.
  std::optional<ArrayRef<int64_t>> perm = getPerm();
  bool identity = perm ? llvm::equal(*perm, llvm::seq<int64_t>(0, data.getRank())) : data.getRank() <= 1;
  return identity ? getData() : Value();
}

/// Shape-15: the dims of 'data' in [start, end) (shapeRange).
OpFoldResult ShapeOp::fold(FoldAdaptor) {
  RankedTensorType data = rankedType(getData()), result = rankedType(getShape());
  if (!data || !result || !result.hasStaticShape()) return {};
  auto [start, end] = shapeRange(getStart(), getEnd(), data.getRank());
  ArrayRef<int64_t> dims = data.getShape().slice(start, end - start);
  if (ShapedType::isDynamicShape(dims) || result.getNumElements() != static_cast<int64_t>(dims.size())) return {};
  return DenseElementsAttr::get(result, dims);
}

OpFoldResult SizeOp::fold(FoldAdaptor) {
  RankedTensorType data = rankedType(getData()), result = rankedType(getSize());
  if (!data || !data.hasStaticShape() || !result || result.getRank() != 0) return {};
  return DenseElementsAttr::get(result, ArrayRef<int64_t>{data.getNumElements()});
}

//===----------------------------------------------------------------------===//
// Canonicalization patterns
//===----------------------------------------------------------------------===//

/// Whether Dropout's 'training_mode' is off: absent (ONNX default false) or a constant false.
static bool isInferenceMode(Value trainingMode) {
  Attribute value;
  if (!matchPattern(trainingMode, m_Constant(&value))) return false;
  if (isa<UnitAttr>(value)) return true;
  auto flag = dyn_cast<DenseIntElementsAttr>(value);
  return flag && flag.isSplat() && !flag.getSplatValue<bool>();
}

namespace {
/// Dropout-13 in inference mode returns its input unchanged; once its mask is unused too, the op
/// is dead weight that would still cost a copy in the backends.
struct RemoveInferenceDropout : OpRewritePattern<DropoutOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DropoutOp op, PatternRewriter &rewriter) const override {
    if (!op.getMask().use_empty()) return rewriter.notifyMatchFailure(op, "the mask is used");
    if (!isInferenceMode(op.getTrainingMode()))
      return rewriter.notifyMatchFailure(op, "training_mode is not known to be false");
    if (op.getData().getType() != op.getOutput().getType())
      return rewriter.notifyMatchFailure(op, "the output type differs from the input type");
    rewriter.replaceAllUsesWith(op.getOutput(), op.getData());
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

void DropoutOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<RemoveInferenceDropout>(context);
}
