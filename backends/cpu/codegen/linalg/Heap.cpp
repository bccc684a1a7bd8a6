// The scf-built binary heap of Heap.h: sifts are scf.while loops that move a hole towards the root
// or away from it while the entry being placed belongs beyond the hole's neighbour.
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

Value valueBelow(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned) {
  if (!isa<FloatType>(x.getType()))
    return arith::CmpIOp::create(b, loc, isUnsigned ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt, x, y);
  // x < y, or x a number and y NaN.
  Value below = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, y);
  Value xNumber = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD, x, x);
  Value yNaN = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, y, y);
  return arith::OrIOp::create(b, loc, below, arith::AndIOp::create(b, loc, xNumber, yNaN));
}

Value sameValue(OpBuilder &b, Location loc, Value x, Value y) {
  if (!isa<FloatType>(x.getType())) return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, y);
  // x == y, or both NaN (each unordered with itself).
  Value equal = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x, y);
  Value bothNaN = arith::AndIOp::create(b, loc, arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x),
                                        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, y, y));
  return arith::OrIOp::create(b, loc, equal, bothNaN);
}

Value HeapOrder::worse(OpBuilder &b, Location loc, Value va, Value ia, Value vb, Value ib) const {
  Value beaten = largest ? valueBelow(b, loc, va, vb, isUnsigned) : valueBelow(b, loc, vb, va, isUnsigned);
  Value tie = sameValue(b, loc, va, vb);
  if (!tieBelow) {
    Value later = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, ia, ib);
    return arith::OrIOp::create(b, loc, beaten, arith::AndIOp::create(b, loc, tie, later));
  }
  // A tie-break that costs more than a comparison runs on ties only.
  auto later = scf::IfOp::create(b, loc, tie, [&](OpBuilder &then, Location l) {
    scf::YieldOp::create(then, l, tieBelow(then, l, ia, ib));
  }, [&](OpBuilder &other, Location l) {
    scf::YieldOp::create(other, l, ValueRange{scalarConstant(other, l, other.getI1Type(), 0)});
  });
  return arith::OrIOp::create(b, loc, beaten, later.getResult(0));
}

std::pair<Value, Value> heapEntry(OpBuilder &b, Location loc, const HeapOrder &order, const Heap &heap, Value pos) {
  return {tensor::ExtractOp::create(b, loc, heap.values, order.at(pos)),
          tensor::ExtractOp::create(b, loc, heap.indices, order.at(pos))};
}

Heap setHeapEntry(OpBuilder &b, Location loc, const HeapOrder &order, Heap heap, Value pos, Value value, Value index) {
  heap.values = tensor::InsertOp::create(b, loc, value, heap.values, order.at(pos));
  heap.indices = tensor::InsertOp::create(b, loc, index, heap.indices, order.at(pos));
  return heap;
}

namespace {

/// Whether entry (vp, ip) belongs nearer the root than (vq, iq).
Value above(OpBuilder &b, Location loc, const HeapOrder &order, Value vp, Value ip, Value vq, Value iq) {
  return order.rootIsBest ? order.worse(b, loc, vq, iq, vp, ip) : order.worse(b, loc, vp, ip, vq, iq);
}

/// A loop that moves the hole at `pos` while `next(hole)` (built where `guard(hole)` holds, else
/// the loop stops) says to, moving the neighbour it names into the hole; then (value, index) fills
/// the hole.
Heap siftLoop(OpBuilder &b, Location loc, const HeapOrder &order, Heap heap, Value pos, Value value, Value index,
              function_ref<Value(OpBuilder &, Location, Value)> guard,
              function_ref<std::pair<Value, Value>(OpBuilder &, Location, const Heap &, Value)> next) {
  Type indexType = b.getIndexType();
  // The before region forwards (hole, values, indices, neighbour) to the after region, which moves
  // the neighbour into the hole and continues from it (the tensors keep their positions, as
  // bufferization asks).
  SmallVector<Type> forwarded{indexType, heap.values.getType(), heap.indices.getType(), indexType};
  auto loop = scf::WhileOp::create(b, loc, forwarded, ValueRange{pos, heap.values, heap.indices},
                                   [&](OpBuilder &before, Location l, ValueRange args) {
    Heap current{args[1], args[2]};
    auto step = scf::IfOp::create(before, l, guard(before, l, args[0]), [&](OpBuilder &then, Location tl) {
      auto [neighbour, move] = next(then, tl, current, args[0]);
      scf::YieldOp::create(then, tl, ValueRange{move, neighbour});
    }, [&](OpBuilder &stop, Location sl) {
      scf::YieldOp::create(stop, sl, ValueRange{arith::ConstantIntOp::create(stop, sl, stop.getI1Type(), 0), args[0]});
    });
    scf::ConditionOp::create(before, l, step.getResult(0), ValueRange{args[0], args[1], args[2], step.getResult(1)});
  }, [&](OpBuilder &after, Location l, ValueRange args) {
    Heap current{args[1], args[2]};
    auto [movedValue, movedIndex] = heapEntry(after, l, order, current, args[3]);
    Heap moved = setHeapEntry(after, l, order, current, args[0], movedValue, movedIndex);
    scf::YieldOp::create(after, l, ValueRange{args[3], moved.values, moved.indices});
  });
  return setHeapEntry(b, loc, order, Heap{loop.getResult(1), loop.getResult(2)}, loop.getResult(0), value, index);
}

} // namespace

Heap siftUp(OpBuilder &b, Location loc, const HeapOrder &order, Heap heap, Value pos, Value value, Value index) {
  Value zero = indexConstant(b, loc, 0), one = indexConstant(b, loc, 1), two = indexConstant(b, loc, 2);
  return siftLoop(b, loc, order, heap, pos, value, index, [&](OpBuilder &g, Location l, Value hole) {
    return arith::CmpIOp::create(g, l, arith::CmpIPredicate::ugt, hole, zero).getResult();
  }, [&](OpBuilder &n, Location l, const Heap &current, Value hole) {
    Value parent = arith::DivUIOp::create(n, l, arith::SubIOp::create(n, l, hole, one), two);
    auto [parentValue, parentIndex] = heapEntry(n, l, order, current, parent);
    return std::pair<Value, Value>{parent, above(n, l, order, value, index, parentValue, parentIndex)};
  });
}

Heap siftDown(OpBuilder &b, Location loc, const HeapOrder &order, Heap heap, Value pos, Value end, Value value,
              Value index) {
  Value one = indexConstant(b, loc, 1), two = indexConstant(b, loc, 2);
  auto firstChild = [&](OpBuilder &n, Location l, Value at) {
    return arith::AddIOp::create(n, l, arith::MulIOp::create(n, l, at, two), one).getResult();
  };
  return siftLoop(b, loc, order, heap, pos, value, index, [&](OpBuilder &g, Location l, Value hole) {
    return arith::CmpIOp::create(g, l, arith::CmpIPredicate::ult, firstChild(g, l, hole), end).getResult();
  }, [&](OpBuilder &n, Location l, const Heap &current, Value hole) {
    Value left = firstChild(n, l, hole), right = arith::AddIOp::create(n, l, left, one);
    auto [leftValue, leftIndex] = heapEntry(n, l, order, current, left);
    // The child that belongs higher: the right one if it exists and belongs above the left.
    auto pick = scf::IfOp::create(n, l, arith::CmpIOp::create(n, l, arith::CmpIPredicate::ult, right, end),
                                  [&](OpBuilder &then, Location tl) {
      auto [rightValue, rightIndex] = heapEntry(then, tl, order, current, right);
      Value rightFirst = above(then, tl, order, rightValue, rightIndex, leftValue, leftIndex);
      scf::YieldOp::create(then, tl,
                           ValueRange{arith::SelectOp::create(then, tl, rightFirst, right, left),
                                      arith::SelectOp::create(then, tl, rightFirst, rightValue, leftValue),
                                      arith::SelectOp::create(then, tl, rightFirst, rightIndex, leftIndex)});
    }, [&](OpBuilder &other, Location ol) { scf::YieldOp::create(other, ol, ValueRange{left, leftValue, leftIndex}); });
    Value childFirst = above(n, l, order, pick.getResult(1), pick.getResult(2), value, index);
    return std::pair<Value, Value>{pick.getResult(0), childFirst};
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
