// ONNX NonMaxSuppression-11 → per batch and class, the greedy selection ONNX specifies, as ONNX
// Runtime runs it: the boxes scoring above score_threshold go into a heap (best score at the root,
// the lower box index first among equal scores); candidates are popped best first, and one is
// selected unless its IoU with a box already selected for the class exceeds iou_threshold, until
// max_output_boxes_per_class are selected or none is left. Each pop costs log n, each check one IoU
// per selected box (their extents and areas are kept), and only the candidates reached are ever
// ordered. The result, one
// [batch, class, box] row per selection, has as many rows as the data select: the rows are written
// into room for the most there can be and the filled part is returned.
#include "backends/cpu/codegen/linalg/Heap.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// A box's extent: [x_min, x_max] × [y_min, y_max], and its area.
struct Extent {
  Value xMin, xMax, yMin, yMax, area;
};

/// min and max as ONNX Runtime's std::min/std::max compute them (one instruction each on x86;
/// the NaN-propagating arith.minimumf is several).
Value lesser(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::SelectOp::create(b, loc, arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, y, x), y, x);
}
Value greater(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::SelectOp::create(b, loc, arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, y, x), y, x);
}

/// The extent's area, from its bounds.
Extent withArea(OpBuilder &b, Location loc, Extent e) {
  e.area = arith::MulFOp::create(b, loc, arith::SubFOp::create(b, loc, e.xMax, e.xMin),
                                 arith::SubFOp::create(b, loc, e.yMax, e.yMin));
  return e;
}

/// Box `box` of batch `batch` as an extent: from corners [y1, x1, y2, x2] in either order, or from
/// [x_center, y_center, width, height] when `centerPointBox`.
Extent extentOf(OpBuilder &b, Location loc, Value boxes, Value batch, Value box, bool centerPointBox) {
  auto coordinate = [&](int64_t i) {
    return tensor::ExtractOp::create(b, loc, boxes, ValueRange{batch, box, indexConstant(b, loc, i)}).getResult();
  };
  Value c0 = coordinate(0), c1 = coordinate(1), c2 = coordinate(2), c3 = coordinate(3);
  if (centerPointBox) {
    Value half = constantLike(b, loc, c0, 0.5);
    Value halfWidth = arith::MulFOp::create(b, loc, c2, half), halfHeight = arith::MulFOp::create(b, loc, c3, half);
    return withArea(b, loc,
                    {arith::SubFOp::create(b, loc, c0, halfWidth),
                     arith::AddFOp::create(b, loc, c0, halfWidth),
                     arith::SubFOp::create(b, loc, c1, halfHeight),
                     arith::AddFOp::create(b, loc, c1, halfHeight),
                     {}});
  }
  return withArea(
      b, loc, {lesser(b, loc, c1, c3), greater(b, loc, c1, c3), lesser(b, loc, c0, c2), greater(b, loc, c0, c2), {}});
}

/// Whether box a suppresses box b: IoU > threshold, where an empty box or an empty intersection
/// suppresses nothing.
Value suppresses(OpBuilder &b, Location loc, const Extent &p, const Extent &q, Value threshold) {
  Value zero = constantLike(b, loc, p.xMin, 0);
  auto sub = [&](Value x, Value y) { return arith::SubFOp::create(b, loc, x, y).getResult(); };
  auto mul = [&](Value x, Value y) { return arith::MulFOp::create(b, loc, x, y).getResult(); };
  auto positive = [&](Value x) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero).getResult();
  };
  Value width = greater(b, loc, sub(lesser(b, loc, p.xMax, q.xMax), greater(b, loc, p.xMin, q.xMin)), zero);
  Value height = greater(b, loc, sub(lesser(b, loc, p.yMax, q.yMax), greater(b, loc, p.yMin, q.yMin)), zero);
  Value intersection = mul(width, height);
  Value areaP = p.area, areaQ = q.area;
  Value unionArea = sub(arith::AddFOp::create(b, loc, areaP, areaQ), intersection);
  Value valid =
      arith::AndIOp::create(b, loc, arith::AndIOp::create(b, loc, positive(intersection), positive(unionArea)),
                            arith::AndIOp::create(b, loc, positive(areaP), positive(areaQ)));
  // intersection / union > threshold without dividing by a non-positive union.
  Value over = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, intersection, mul(unionArea, threshold));
  return arith::AndIOp::create(b, loc, valid, over);
}

/// The one value of an optional one-element input, or `absent`.
Value optionalScalar(OpBuilder &b, Location loc, Value input, Value absent) {
  if (isa<NoneType>(input.getType())) return absent;
  return scalarOf(b, loc, input);
}

struct NonMaxSuppressionLowering : AiccLowering<mlir::aicc::NonMaxSuppressionOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::NonMaxSuppressionOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value boxes = adaptor.getBoxes(), scores = adaptor.getScores();
    auto boxesType = cast<RankedTensorType>(boxes.getType()), scoresType = cast<RankedTensorType>(scores.getType());
    if (boxesType.getRank() != 3 || (!boxesType.isDynamicDim(2) && boxesType.getDimSize(2) != 4))
      return op.emitOpError("boxes must be [batches, boxes, 4], got ") << boxesType;
    if (scoresType.getRank() != 3)
      return op.emitOpError("scores must be [batches, classes, boxes], got ") << scoresType;
    if (op.getCenterPointBox() != 0 && op.getCenterPointBox() != 1)
      return op.emitOpError("center_point_box must be 0 or 1, got ") << op.getCenterPointBox();
    for (Value optional : {adaptor.getMaxOutputBoxesPerClass(), adaptor.getIouThreshold(), adaptor.getScoreThreshold()})
      if (auto type = dyn_cast<RankedTensorType>(optional.getType());
          type && (type.getRank() > 1 || (type.hasStaticShape() && type.getNumElements() != 1)))
        return op.emitOpError("max_output_boxes_per_class, iou_threshold and score_threshold must hold one value");
    RankedTensorType resultType = loweredType(op.getSelectedIndices());
    if (resultType.getRank() != 2) return op.emitOpError("result must be [selected, 3], got ") << resultType;

    Type element = boxesType.getElementType();
    auto i64 = rewriter.getI64Type();
    Value zero = indexConstant(rewriter, loc, 0), one = indexConstant(rewriter, loc, 1);
    Value batches = tensor::DimOp::create(rewriter, loc, boxes, 0),
          count = tensor::DimOp::create(rewriter, loc, boxes, 1);
    Value classes = tensor::DimOp::create(rewriter, loc, scores, 1);
    // At most min(max_output_boxes_per_class, boxes) per class; absent or 0 selects nothing.
    Value maxPerClass = optionalScalar(rewriter, loc, adaptor.getMaxOutputBoxesPerClass(),
                                       arith::ConstantIntOp::create(rewriter, loc, i64, 0));
    maxPerClass =
        arith::MaxSIOp::create(rewriter, loc, maxPerClass, arith::ConstantIntOp::create(rewriter, loc, i64, 0));
    Value perClass = arith::MinUIOp::create(
        rewriter, loc, arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), maxPerClass), count);
    Value iouThreshold =
        optionalScalar(rewriter, loc, adaptor.getIouThreshold(), scalarConstant(rewriter, loc, element, 0));
    std::optional<Value> scoreThreshold;
    if (!isa<NoneType>(adaptor.getScoreThreshold().getType()))
      scoreThreshold = scalarOf(rewriter, loc, adaptor.getScoreThreshold());
    bool centerPointBox = op.getCenterPointBox() == 1;

    Value capacity =
        arith::MulIOp::create(rewriter, loc, arith::MulIOp::create(rewriter, loc, batches, classes), perClass);
    auto rowsType = RankedTensorType::get({ShapedType::kDynamic, 3}, i64);
    Value rows = emptyTensor(rewriter, loc, rowsType, ValueRange{capacity});
    Heap workspace{
        emptyTensor(rewriter, loc, RankedTensorType::get({ShapedType::kDynamic}, element), ValueRange{count}),
        emptyTensor(rewriter, loc, RankedTensorType::get({ShapedType::kDynamic}, i64), ValueRange{count})};
    // The extents of the boxes selected for the class so far, one row per field (x_min, x_max,
    // y_min, y_max, area), so that the scan over them vectorizes.
    Value selected =
        emptyTensor(rewriter, loc, RankedTensorType::get({5, ShapedType::kDynamic}, element), ValueRange{perClass});
    SmallVector<Value> heapIvs{zero};
    HeapOrder order{/*largest=*/true, /*isUnsigned=*/false, /*rootIsBest=*/true, ValueRange(heapIvs), 0};

    scf::LoopNest nest =
        scf::buildLoopNest(rewriter, loc, ValueRange{zero, zero}, ValueRange{batches, classes}, ValueRange{one, one},
                           ValueRange{rows, zero, workspace.values, workspace.indices, selected},
                           [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
      Value batch = ivs[0], klass = ivs[1];
      // The candidates, sifted into the heap; `size` counts them.
      auto fill = scf::ForOp::create(b, l, zero, count, one, ValueRange{carried[2], carried[3], zero},
                                     [&](OpBuilder &fb, Location fl, Value box, ValueRange args) {
        Value score = tensor::ExtractOp::create(fb, fl, scores, ValueRange{batch, klass, box});
        Value taken = arith::ConstantIntOp::create(fb, fl, fb.getI1Type(), 1);
        if (scoreThreshold) taken = arith::CmpFOp::create(fb, fl, arith::CmpFPredicate::OGT, score, *scoreThreshold);
        auto push = scf::IfOp::create(fb, fl, taken, [&](OpBuilder &then, Location tl) {
          Value index = arith::IndexCastOp::create(then, tl, i64, box);
          Heap heap = siftUp(then, tl, order, Heap{args[0], args[1]}, args[2], score, index);
          Value size = arith::AddIOp::create(then, tl, args[2], one);
          scf::YieldOp::create(then, tl, ValueRange{heap.values, heap.indices, size});
        }, [&](OpBuilder &skip, Location sl) { scf::YieldOp::create(skip, sl, args); });
        scf::YieldOp::create(fb, fl, push.getResults());
      });
      Value base = carried[1];
      // Pop the best candidate while there is room and a candidate: (size, chosen, heap, selected, rows).
      SmallVector<Value> init{fill.getResult(2), zero, fill.getResult(0), fill.getResult(1), carried[4], carried[0]};
      SmallVector<Type> types = llvm::to_vector(ValueRange(init).getTypes());
      auto select = scf::WhileOp::create(b, l, types, init, [&](OpBuilder &before, Location bl, ValueRange args) {
        Value room = arith::CmpIOp::create(before, bl, arith::CmpIPredicate::ult, args[1], perClass);
        Value left = arith::CmpIOp::create(before, bl, arith::CmpIPredicate::ugt, args[0], zero);
        scf::ConditionOp::create(before, bl, arith::AndIOp::create(before, bl, room, left), args);
      }, [&](OpBuilder &after, Location al, ValueRange args) {
        Value size = arith::SubIOp::create(after, al, args[0], one);
        Heap heap{args[2], args[3]};
        Value candidate = heapEntry(after, al, order, heap, zero).second;
        auto [lastValue, lastIndex] = heapEntry(after, al, order, heap, size);
        heap = siftDown(after, al, order, heap, zero, size, lastValue, lastIndex);
        Value box = arith::IndexCastOp::create(after, al, after.getIndexType(), candidate);
        Extent extent = extentOf(after, al, boxes, batch, box, centerPointBox);
        // Whether any selected box suppresses the candidate: a reduction over all of them, without
        // an early exit, which the vectorizer turns into a few wide steps.
        auto check = scf::ForOp::create(after, al, zero, args[1], one,
                                        ValueRange{arith::ConstantIntOp::create(after, al, after.getI1Type(), 0)},
                                        [&](OpBuilder &cb, Location cl, Value j, ValueRange clashed) {
          auto field = [&](int64_t i) {
            return tensor::ExtractOp::create(cb, cl, args[4], ValueRange{indexConstant(cb, cl, i), j}).getResult();
          };
          Extent other{field(0), field(1), field(2), field(3), field(4)};
          Value clash = suppresses(cb, cl, extent, other, iouThreshold);
          scf::YieldOp::create(cb, cl, ValueRange{arith::OrIOp::create(cb, cl, clashed[0], clash)});
        });
        Value kept = arith::XOrIOp::create(after, al, check.getResult(0),
                                           arith::ConstantIntOp::create(after, al, after.getI1Type(), 1));
        auto keep = scf::IfOp::create(after, al, kept, [&](OpBuilder &then, Location tl) {
          Value chosen = args[4];
          Value fields[] = {extent.xMin, extent.xMax, extent.yMin, extent.yMax, extent.area};
          for (auto [i, field] : llvm::enumerate(fields))
            chosen = tensor::InsertOp::create(then, tl, field, chosen, ValueRange{indexConstant(then, tl, i), args[1]});
          Value row = arith::AddIOp::create(then, tl, base, args[1]);
          Value written = args[5];
          Value triple[] = {arith::IndexCastOp::create(then, tl, i64, batch),
                            arith::IndexCastOp::create(then, tl, i64, klass), candidate};
          for (auto [column, value] : llvm::enumerate(triple))
            written =
                tensor::InsertOp::create(then, tl, value, written, ValueRange{row, indexConstant(then, tl, column)});
          Value next = arith::AddIOp::create(then, tl, args[1], one);
          scf::YieldOp::create(then, tl, ValueRange{next, chosen, written});
        }, [&](OpBuilder &skip, Location sl) {
          scf::YieldOp::create(skip, sl, ValueRange{args[1], args[4], args[5]});
        });
        scf::YieldOp::create(
            after, al,
            ValueRange{size, keep.getResult(0), heap.values, heap.indices, keep.getResult(1), keep.getResult(2)});
      });
      Value total = arith::AddIOp::create(b, l, base, select.getResult(1));
      return {select.getResult(5), total, select.getResult(2), select.getResult(3), select.getResult(4)};
    });
    Value filled = nest.results[0], total = nest.results[1];
    SmallVector<OpFoldResult> offsets(2, rewriter.getIndexAttr(0)), strides(2, rewriter.getIndexAttr(1));
    SmallVector<OpFoldResult> sizes{total, rewriter.getIndexAttr(3)};
    Value result = tensor::ExtractSliceOp::create(rewriter, loc, rowsType, filled, offsets, sizes, strides);
    if (result.getType() != resultType) result = tensor::CastOp::create(rewriter, loc, resultType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateNonMaxSuppressionPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<NonMaxSuppressionLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
