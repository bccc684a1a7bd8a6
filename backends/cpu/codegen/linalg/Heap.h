// A binary heap of (value, index) entries built in scf loops over tensors, for the lowerings that
// select the best elements of a row without sorting it: TopK keeps the k best with the worst at the
// root; NonMaxSuppression pops candidates best first. The heap lives in a tensor of values and one
// of i64 indices (an output row, or a workspace), carried through the loops. Sifts move a hole
// rather than swapping: each level costs one entry's move, and the entry is written once.
#ifndef AICC_BACKENDS_CPU_CODEGEN_LINALG_HEAP_H
#define AICC_BACKENDS_CPU_CODEGEN_LINALG_HEAP_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <utility>

namespace aicc::cpu {

/// x < y in the order the heaps rank values by: NaN above every number and equal to NaN (where
/// numpy sorts it and torch.topk ranks it), integers compared unsigned when `isUnsigned`.
mlir::Value valueBelow(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x, mlir::Value y, bool isUnsigned);
/// x == y in that order.
mlir::Value sameValue(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x, mlir::Value y);

/// How entries rank, and where a heap's entries lie in its tensors.
struct HeapOrder {
  /// Larger values rank above smaller ones (else smaller above larger). An equal value ranks
  /// above when its index is lower, unless `tieBelow` says otherwise.
  bool largest;
  /// Integer values compare unsigned.
  bool isUnsigned;
  /// The root holds the best entry (a max-heap by rank) rather than the worst.
  bool rootIsBest;
  /// The indices of the heap tensors' elements but one: position p of the heap is at these, with
  /// `axis` replaced by p.
  mlir::ValueRange ivs;
  int64_t axis;
  /// For entries of equal value, whether the one of index ia ranks below the one of index ib (i64
  /// indices); unset, the later index does.
  llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::Value, mlir::Value)> tieBelow = nullptr;

  llvm::SmallVector<mlir::Value> at(mlir::Value pos) const;
  /// Whether (va, ia) ranks below (vb, ib).
  mlir::Value worse(mlir::OpBuilder &b, mlir::Location loc, mlir::Value va, mlir::Value ia, mlir::Value vb,
                    mlir::Value ib) const;
};

/// The heap's two tensors.
struct Heap {
  mlir::Value values, indices;
};

/// Entry `pos` of the heap: its value and its i64 index.
std::pair<mlir::Value, mlir::Value> heapEntry(mlir::OpBuilder &b, mlir::Location loc, const HeapOrder &order,
                                              const Heap &heap, mlir::Value pos);

/// Entry `pos` set to (value, index), index an i64.
Heap setHeapEntry(mlir::OpBuilder &b, mlir::Location loc, const HeapOrder &order, Heap heap, mlir::Value pos,
                  mlir::Value value, mlir::Value index);

/// (value, index) placed from the hole at `pos` towards the root: parents that belong below it move
/// down into the hole, and it goes where the order holds.
Heap siftUp(mlir::OpBuilder &b, mlir::Location loc, const HeapOrder &order, Heap heap, mlir::Value pos,
            mlir::Value value, mlir::Value index);

/// (value, index) placed from the hole at `pos` away from the root, within the first `end`
/// entries: the child that belongs highest moves up into the hole while it belongs above the entry.
Heap siftDown(mlir::OpBuilder &b, mlir::Location loc, const HeapOrder &order, Heap heap, mlir::Value pos,
              mlir::Value end, mlir::Value value, mlir::Value index);

/// An scf.for from `lb` to `ub` carrying the heap; `body` returns the next heap.
Heap forEachCarryingHeap(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lb, mlir::Value ub, Heap heap,
                         llvm::function_ref<Heap(mlir::OpBuilder &, mlir::Location, mlir::Value, Heap)> body);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_CODEGEN_LINALG_HEAP_H
