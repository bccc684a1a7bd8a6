// The scf-built binary heap of Heap.h: sifts are scf.while loops that swap an entry with its
// parent or child while the heap order is broken.
#include "backends/cpu/codegen/linalg/Heap.h"

#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {

using namespace mlir;

SmallVector<Value> HeapOrder::at(Value pos) const {
  SmallVector<Value> indices(ivs);
  indices[axis] = pos;
  return indices;
}

Value HeapOrder::worse(OpBuilder &b, Location loc, Value va, Value ia, Value vb, Value ib) const {
  Value beaten, tie;
  if (isa<FloatType>(va.getType())) {
    beaten = arith::CmpFOp::create(b, loc, largest ? arith::CmpFPredicate::OLT : arith::CmpFPredicate::OGT, va, vb);
    tie = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, va, vb);
  } else {
    arith::CmpIPredicate below = isUnsigned ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    arith::CmpIPredicate above = isUnsigned ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    beaten = arith::CmpIOp::create(b, loc, largest ? below : above, va, vb);
    tie = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, va, vb);
  }
  Value later = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, ia, ib);
  return arith::OrIOp::create(b, loc, beaten, arith::AndIOp::create(b, loc, tie, later));
}

Heap swapHeapEntries(OpBuilder &b, Location loc, const HeapOrder &order, Heap heap, Value p, Value q) {
  Value vp = tensor::ExtractOp::create(b, loc, heap.values, order.at(p));
  Value ip = tensor::ExtractOp::create(b, loc, heap.indices, order.at(p));
  Value vq = tensor::ExtractOp::create(b, loc, heap.values, order.at(q));
  Value iq = tensor::ExtractOp::create(b, loc, heap.indices, order.at(q));
  heap.values = tensor::InsertOp::create(b, loc, vq, heap.values, order.at(p));
  heap.values = tensor::InsertOp::create(b, loc, vp, heap.values, order.at(q));
  heap.indices = tensor::InsertOp::create(b, loc, iq, heap.indices, order.at(p));
  heap.indices = tensor::InsertOp::create(b, loc, ip, heap.indices, order.at(q));
  return heap;
}

Heap setHeapEntry(OpBuilder &b, Location loc, const HeapOrder &order, Heap heap, Value pos, Value value, Value index) {
  Value stored = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
  heap.values = tensor::InsertOp::create(b, loc, value, heap.values, order.at(pos));
  heap.indices = tensor::InsertOp::create(b, loc, stored, heap.indices, order.at(pos));
  return heap;
}

namespace {

/// Whether entry p belongs nearer the root than entry q.
Value above(OpBuilder &b, Location loc, const HeapOrder &order, const Heap &heap, Value p, Value q) {
  Value vp = tensor::ExtractOp::create(b, loc, heap.values, order.at(p));
  Value ip = tensor::ExtractOp::create(b, loc, heap.indices, order.at(p));
  Value vq = tensor::ExtractOp::create(b, loc, heap.values, order.at(q));
  Value iq = tensor::ExtractOp::create(b, loc, heap.indices, order.at(q));
  return order.rootIsBest ? order.worse(b, loc, vq, iq, vp, ip) : order.worse(b, loc, vp, ip, vq, iq);
}

/// A loop that moves entry `pos` until the heap order holds: `next(pos)` gives the entry to swap
/// it with and whether to (built only where `guard(pos)` holds; else the loop stops).
Heap siftLoop(OpBuilder &b, Location loc, const HeapOrder &order, Heap heap, Value pos,
              function_ref<Value(OpBuilder &, Location, Value)> guard,
              function_ref<std::pair<Value, Value>(OpBuilder &, Location, const Heap &, Value)> next) {
  Type index = b.getIndexType();
  // The before region forwards (pos, values, indices, other) to the after region, which swaps the
  // two entries and continues from `other` (the tensors keep their positions, as bufferization asks).
  SmallVector<Type> forwarded{index, heap.values.getType(), heap.indices.getType(), index};
  auto loop = scf::WhileOp::create(b, loc, forwarded, ValueRange{pos, heap.values, heap.indices},
                                   [&](OpBuilder &before, Location l, ValueRange args) {
    Heap current{args[1], args[2]};
    auto step = scf::IfOp::create(before, l, guard(before, l, args[0]), [&](OpBuilder &then, Location tl) {
      auto [other, swap] = next(then, tl, current, args[0]);
      scf::YieldOp::create(then, tl, ValueRange{swap, other});
    }, [&](OpBuilder &stop, Location sl) {
      scf::YieldOp::create(stop, sl, ValueRange{arith::ConstantIntOp::create(stop, sl, stop.getI1Type(), 0), args[0]});
    });
    scf::ConditionOp::create(before, l, step.getResult(0), ValueRange{args[0], args[1], args[2], step.getResult(1)});
  }, [&](OpBuilder &after, Location l, ValueRange args) {
    Heap swapped = swapHeapEntries(after, l, order, Heap{args[1], args[2]}, args[0], args[3]);
    scf::YieldOp::create(after, l, ValueRange{args[3], swapped.values, swapped.indices});
  });
  return Heap{loop.getResult(1), loop.getResult(2)};
}

} // namespace

Heap siftUp(OpBuilder &b, Location loc, const HeapOrder &order, Heap heap, Value pos) {
  Value zero = indexConstant(b, loc, 0), one = indexConstant(b, loc, 1), two = indexConstant(b, loc, 2);
  return siftLoop(b, loc, order, heap, pos, [&](OpBuilder &g, Location l, Value at) {
    return arith::CmpIOp::create(g, l, arith::CmpIPredicate::ugt, at, zero).getResult();
  }, [&](OpBuilder &n, Location l, const Heap &current, Value at) {
    Value parent = arith::DivUIOp::create(n, l, arith::SubIOp::create(n, l, at, one), two);
    return std::pair<Value, Value>{parent, above(n, l, order, current, at, parent)};
  });
}

Heap siftDown(OpBuilder &b, Location loc, const HeapOrder &order, Heap heap, Value pos, Value end) {
  Value one = indexConstant(b, loc, 1), two = indexConstant(b, loc, 2);
  auto firstChild = [&](OpBuilder &n, Location l, Value at) {
    return arith::AddIOp::create(n, l, arith::MulIOp::create(n, l, at, two), one).getResult();
  };
  return siftLoop(b, loc, order, heap, pos, [&](OpBuilder &g, Location l, Value at) {
    return arith::CmpIOp::create(g, l, arith::CmpIPredicate::ult, firstChild(g, l, at), end).getResult();
  }, [&](OpBuilder &n, Location l, const Heap &current, Value at) {
    Value left = firstChild(n, l, at), right = arith::AddIOp::create(n, l, left, one);
    // The child that belongs higher: the right one if it exists and belongs above the left.
    auto pick = scf::IfOp::create(n, l, arith::CmpIOp::create(n, l, arith::CmpIPredicate::ult, right, end),
                                  [&](OpBuilder &then, Location tl) {
      Value rightFirst = above(then, tl, order, current, right, left);
      scf::YieldOp::create(then, tl, ValueRange{arith::SelectOp::create(then, tl, rightFirst, right, left)});
    }, [&](OpBuilder &other, Location ol) { scf::YieldOp::create(other, ol, ValueRange{left}); });
    Value child = pick.getResult(0);
    return std::pair<Value, Value>{child, above(n, l, order, current, child, at)};
  });
}

Heap forEachCarryingHeap(OpBuilder &b, Location loc, Value lb, Value ub, Heap heap,
                         function_ref<Heap(OpBuilder &, Location, Value, Heap)> body) {
  auto loop = scf::ForOp::create(b, loc, lb, ub, indexConstant(b, loc, 1), ValueRange{heap.values, heap.indices},
                                 [&](OpBuilder &nested, Location l, Value iv, ValueRange args) {
    Heap next = body(nested, l, iv, Heap{args[0], args[1]});
    scf::YieldOp::create(nested, l, ValueRange{next.values, next.indices});
  });
  return Heap{loop.getResult(0), loop.getResult(1)};
}

} // namespace aicc::cpu
