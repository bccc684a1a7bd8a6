// ONNX TopK-11 → a partial selection per row along `axis`: a binary heap of the k best elements
// seen so far, kept in the output row itself with the worst at its root, so each further element
// costs one comparison unless it displaces the root (then log k swaps); a heap sort of the k
// leaves them best first. O(n + k log k) on typical data and O(n log k) at worst, against a full
// sort's O(n log n). Ties go to the lower index, as ONNX specifies (larger and smaller alike).
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

    Value k =
        arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), scalarOf(rewriter, loc, adaptor.getK()));
    Value n = tensor::DimOp::create(rewriter, loc, x, *axis);
    std::optional<int64_t> staticK =
        constantInts(op.getK()) ? std::optional<int64_t>((*constantInts(op.getK()))[0]) : std::nullopt;
    if (staticK && !type.isDynamicDim(*axis) && (*staticK < 0 || *staticK > type.getDimSize(*axis)))
      return op.emitOpError("K = ") << *staticK << " is outside [0, " << type.getDimSize(*axis) << "]";
    if (!staticK || type.isDynamicDim(*axis)) {
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
    }

    llvm::SmallVector<Value> sizes, bounds, valuesSizes;
    for (int64_t d = 0; d < rank; ++d) {
      Value size = d == *axis ? k : tensor::DimOp::create(rewriter, loc, x, d).getResult();
      sizes.push_back(size);
      bounds.push_back(d == *axis ? indexConstant(rewriter, loc, 1) : size);
      if (valuesType.isDynamicDim(d)) valuesSizes.push_back(size);
    }
    Heap init{emptyTensor(rewriter, loc, valuesType, valuesSizes),
              emptyTensor(rewriter, loc, indicesType, valuesSizes)};
    Value zero = indexConstant(rewriter, loc, 0), one = indexConstant(rewriter, loc, 1);
    bool isUnsigned = isUnsignedElement(op.getX().getType());
    llvm::SmallVector<Value> lbs(rank, zero), steps(rank, one);
    scf::LoopNest nest =
        scf::buildLoopNest(rewriter, loc, lbs, bounds, steps, ValueRange{init.values, init.indices},
                           [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
      HeapOrder order{op.getLargest() != 0, isUnsigned, /*rootIsBest=*/false, ivs, *axis};
      Heap heap{carried[0], carried[1]};
      // The first k elements, each sifted up into the heap.
      heap = forEachCarryingHeap(b, l, zero, k, heap, [&](OpBuilder &fb, Location fl, Value i, Heap h) {
        h = setHeapEntry(fb, fl, order, h, i, tensor::ExtractOp::create(fb, fl, x, order.at(i)), i);
        return siftUp(fb, fl, order, h, i);
      });
      // Each further element replaces the root if it ranks above it (none when k is 0).
      Value empty = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, k, zero);
      Value scanEnd = arith::SelectOp::create(b, l, empty, k, n);
      heap = forEachCarryingHeap(b, l, k, scanEnd, heap, [&](OpBuilder &fb, Location fl, Value i, Heap h) {
        Value value = tensor::ExtractOp::create(fb, fl, x, order.at(i));
        Value rootValue = tensor::ExtractOp::create(fb, fl, h.values, order.at(zero));
        Value rootIndex = tensor::ExtractOp::create(fb, fl, h.indices, order.at(zero));
        Value better =
            order.worse(fb, fl, rootValue, rootIndex, value, arith::IndexCastOp::create(fb, fl, fb.getI64Type(), i));
        auto replace = scf::IfOp::create(fb, fl, better, [&](OpBuilder &then, Location tl) {
          Heap replaced = siftDown(then, tl, order, setHeapEntry(then, tl, order, h, zero, value, i), zero, k);
          scf::YieldOp::create(then, tl, ValueRange{replaced.values, replaced.indices});
        }, [&](OpBuilder &other, Location ol) { scf::YieldOp::create(other, ol, ValueRange{h.values, h.indices}); });
        return Heap{replace.getResult(0), replace.getResult(1)};
      });
      // Heap sort: the root (the worst) goes to the end of the shrinking heap, so the row ends
      // best first.
      heap = forEachCarryingHeap(b, l, one, k, heap, [&](OpBuilder &fb, Location fl, Value step, Heap h) {
        Value end = arith::SubIOp::create(fb, fl, k, step);
        return siftDown(fb, fl, order, swapHeapEntries(fb, fl, order, h, zero, end), zero, end);
      });
      return {heap.values, heap.indices};
    });
    rewriter.replaceOp(op, nest.results);
    return success();
  }
};

} // namespace

void populateTopKPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<TopKLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
