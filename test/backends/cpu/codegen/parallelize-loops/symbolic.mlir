// RUN: aicc-opt %s --aicc-cpu-parallelize-loops | FileCheck %s

// A forall over rows of a symbolic count (the thread tiles of a symbolic-batch softmax) runs on
// the threads too: its count is the product of the trip counts, taken at run time.
// CHECK-LABEL: func.func @rows
// CHECK: %[[ROWS:.*]] = memref.dim %arg1, %c0
// CHECK: %[[TRIP:.*]] = arith.ceildivui %{{.*}}, %c1
// CHECK: %[[COUNT:.*]] = arith.muli %{{.*}}, %[[TRIP]]
// CHECK: %[[N:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: aicc_cpu.parallel_for run(%[[N]]) state(%arg0 : !llvm.ptr) "/Softmax"
// CHECK: scf.for %[[I:.*]] =
// CHECK: arith.remui %[[I]], %c2
// CHECK: arith.divui %[[I]], %c2
// CHECK-NOT: scf.forall
func.func @rows(%state: !llvm.ptr, %x: memref<?x2x16xf32>, %y: memref<?x2x16xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x2x16xf32>
  scf.forall (%i, %j) in (%n, 2) {
    %a = memref.subview %x[%i, %j, 0] [1, 1, 16] [1, 1, 1] : memref<?x2x16xf32> to memref<16xf32, strided<[1], offset: ?>>
    %b = memref.subview %y[%i, %j, 0] [1, 1, 16] [1, 1, 1] : memref<?x2x16xf32> to memref<16xf32, strided<[1], offset: ?>>
    linalg.copy ins(%a : memref<16xf32, strided<[1], offset: ?>>) outs(%b : memref<16xf32, strided<[1], offset: ?>>) loc("/Softmax")
  }
  return
}
