// ONNX TopK-11 → a partial selection per row along `axis`: a binary heap of the k best elements
// seen so far, kept in the output row itself with the worst at its root, so each further element
// costs one comparison unless it displaces the root (then log k swaps); a heap sort of the k
// leaves them best first. O(n + k log k) on typical data and O(n log k) at worst, against a full
// sort's O(n log n). Ties go to the lower index, as ONNX specifies (larger and smaller alike).
// The rows are independent: one parallel loop (scf.forall) runs them on the session's threads.
// K may be a run-time value: it sizes the outputs, and K outside [0, n] fails the run naming the node.
#include "backends/cpu/Passes.h"
#include "backends/cpu/codegen/linalg/Heap.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "backends/cpu/dialect/CpuDialect.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

struct TopKLowering : AiccLowering<mlir::aicc::TopKOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::TopKOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    if (rank == 0) return op.emitOpError("input must have at least one dim");
    std::optional<int64_t> axis = normalizeAxis(op.getAxis(), rank);
    if (!axis) return op.emitOpError("axis ") << op.getAxis() << " is out of range for rank " << rank;
    auto kType = cast<RankedTensorType>(adaptor.getK().getType());
    if (kType.getRank() > 1 || (kType.hasStaticShape() && kType.getNumElements() != 1))
      return op.emitOpError("K must hold one value, got ") << op.getK().getType();
    RankedTensorType valuesType = loweredType(op.getValues()), indicesType = loweredType(op.getIndices());
    if (valuesType.getRank() != rank || indicesType.getRank() != rank)
      return op.emitOpError("results must have the input's rank ") << rank;

    Value n = tensor::DimOp::create(rewriter, loc, x, *axis);
    std::optional<int64_t> staticK =
        constantInts(op.getK()) ? std::optional<int64_t>((*constantInts(op.getK()))[0]) : std::nullopt;
    // A constant K is checked here and gives the row slices a static size; else K is checked at run time.
    bool checkedNow = staticK && !type.isDynamicDim(*axis);
    if (checkedNow && (*staticK < 0 || *staticK > type.getDimSize(*axis)))
      return op.emitOpError("K = ") << *staticK << " is outside [0, " << type.getDimSize(*axis) << "]";
    Value k = checkedNow ? indexConstant(rewriter, loc, *staticK)
                         : arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                                      scalarOf(rewriter, loc, adaptor.getK()))
                               .getResult();
    OpFoldResult kSize = checkedNow ? OpFoldResult(rewriter.getIndexAttr(*staticK)) : OpFoldResult(k);
    if (!checkedNow) {
      // K in [0, n] is an index into a dim of n + 1; a negative K is moved below that range, so
      // that the check does not count it from the back.
      auto i64 = rewriter.getI64Type();
      Value kI64 = scalarOf(rewriter, loc, adaptor.getK());
      Value sizeI64 = arith::IndexCastOp::create(rewriter, loc, i64, n);
      Value limit = arith::AddIOp::create(rewriter, loc, sizeI64, arith::ConstantIntOp::create(rewriter, loc, i64, 1));
      Value negative = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::slt, kI64,
                                             arith::ConstantIntOp::create(rewriter, loc, i64, 0));
      Value checked =
          arith::SelectOp::create(rewriter, loc, negative, arith::SubIOp::create(rewriter, loc, kI64, limit), kI64);
      auto check = CheckIndexOp::create(rewriter, loc, checked,
                                        arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), limit),
                                        *axis, onnxNodeNames(op, "TopK"));
      k = arith::SelectOp::create(rewriter, loc, check.getInRange(), k, indexConstant(rewriter, loc, 0));
      kSize = k;
    }

    llvm::SmallVector<Value> valuesSizes;
    llvm::SmallVector<OpFoldResult> bounds;
    for (int64_t d = 0; d < rank; ++d) {
      Value size = d == *axis ? k : tensor::DimOp::create(rewriter, loc, x, d).getResult();
      if (valuesType.isDynamicDim(d)) valuesSizes.push_back(size);
      bounds.push_back(d == *axis ? OpFoldResult(rewriter.getIndexAttr(1)) : OpFoldResult(size));
    }
    Value zero = indexConstant(rewriter, loc, 0), one = indexConstant(rewriter, loc, 1);
    Value empty = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq, k, zero);
    Value scanEnd = arith::SelectOp::create(rewriter, loc, empty, k, n);
    bool isUnsigned = isUnsignedElement(op.getX().getType());
    auto i64 = rewriter.getI64Type();
    // One row per iteration of a parallel loop over the other dims; each sorts its slice of the
    // outputs ([1, .., k, .., 1]) in place.
    SmallVector<OpFoldResult> sliceOffsets, sliceSizes, sliceStrides(rank, rewriter.getIndexAttr(1));
    Heap heap;
    ValueRange ivs, shared;
    auto forall = scf::ForallOp::create(rewriter, loc, SmallVector<OpFoldResult>(rank, rewriter.getIndexAttr(0)),
                                        bounds, SmallVector<OpFoldResult>(rank, rewriter.getIndexAttr(1)),
                                        ValueRange{emptyTensor(rewriter, loc, valuesType, valuesSizes),
                                                   emptyTensor(rewriter, loc, indicesType, valuesSizes)},
                                        std::nullopt, [&](OpBuilder &b, Location l, ValueRange args) {
      ivs = args.take_front(rank);
      shared = args.drop_front(rank);
      for (int64_t d = 0; d < rank; ++d) {
        sliceOffsets.push_back(d == *axis ? OpFoldResult(b.getIndexAttr(0)) : OpFoldResult(ivs[d]));
        sliceSizes.push_back(d == *axis ? kSize : OpFoldResult(b.getIndexAttr(1)));
      }
      heap = Heap{tensor::ExtractSliceOp::create(b, l, shared[0], sliceOffsets, sliceSizes, sliceStrides),
                  tensor::ExtractSliceOp::create(b, l, shared[1], sliceOffsets, sliceSizes, sliceStrides)};
    });
    // The body goes on after the row slices, before the terminator that writes them back.
    scf::ForallOp::ensureTerminator(forall.getRegion(), rewriter, loc);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(forall.getTerminator());
    OpBuilder &b = rewriter;
    SmallVector<Value> origin(rank, zero);
    HeapOrder order{op.getLargest() != 0, isUnsigned, /*rootIsBest=*/false, ValueRange(origin), *axis};
    auto element = [&](OpBuilder &eb, Location el, Value i) {
      SmallVector<Value> at(ivs);
      at[*axis] = i;
      return tensor::ExtractOp::create(eb, el, x, at).getResult();
    };
    auto asI64 = [&](OpBuilder &eb, Location el, Value i) {
      return arith::IndexCastOp::create(eb, el, i64, i).getResult();
    };
    // The first k elements, each sifted up into the heap.
    heap = forEachCarryingHeap(b, loc, zero, k, heap, [&](OpBuilder &fb, Location fl, Value i, Heap h) {
      return siftUp(fb, fl, order, h, i, element(fb, fl, i), asI64(fb, fl, i));
    });
    // Each further element replaces the root if it ranks above it (none when k is 0).
    heap = forEachCarryingHeap(b, loc, k, scanEnd, heap, [&](OpBuilder &fb, Location fl, Value i, Heap h) {
      Value value = element(fb, fl, i), index = asI64(fb, fl, i);
      auto [rootValue, rootIndex] = heapEntry(fb, fl, order, h, zero);
      Value better = order.worse(fb, fl, rootValue, rootIndex, value, index);
      auto replace = scf::IfOp::create(fb, fl, better, [&](OpBuilder &then, Location tl) {
        Heap replaced = siftDown(then, tl, order, h, zero, k, value, index);
        scf::YieldOp::create(then, tl, ValueRange{replaced.values, replaced.indices});
      }, [&](OpBuilder &other, Location ol) { scf::YieldOp::create(other, ol, ValueRange{h.values, h.indices}); });
      return Heap{replace.getResult(0), replace.getResult(1)};
    });
    // Heap sort: the root (the worst) goes to the end of the shrinking heap and the last entry is
    // sifted down from the root, so the row ends best first.
    heap = forEachCarryingHeap(b, loc, one, k, heap, [&](OpBuilder &fb, Location fl, Value step, Heap h) {
      Value end = arith::SubIOp::create(fb, fl, k, step);
      auto [rootValue, rootIndex] = heapEntry(fb, fl, order, h, zero);
      auto [lastValue, lastIndex] = heapEntry(fb, fl, order, h, end);
      h = setHeapEntry(fb, fl, order, h, end, rootValue, rootIndex);
      return siftDown(fb, fl, order, h, zero, end, lastValue, lastIndex);
    });
    b.setInsertionPointToStart(forall.getTerminator().getBody());
    tensor::ParallelInsertSliceOp::create(b, loc, heap.values, shared[0], sliceOffsets, sliceSizes, sliceStrides);
    tensor::ParallelInsertSliceOp::create(b, loc, heap.indices, shared[1], sliceOffsets, sliceSizes, sliceStrides);
    rewriter.replaceOp(op, forall.getResults());
    return success();
  }
};

} // namespace

void populateTopKPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<TopKLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
