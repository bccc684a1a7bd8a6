// RUN: aicc-opt %s --aicc-cpu-plan-workspace | FileCheck %s

// A buffer allocated inside a loop body (a fused producer's tile that stayed a buffer) is one per
// iteration, and per thread in a parallel loop: a heap allocation freed after its last use in the
// body, not a workspace slot.
// CHECK-LABEL: func.func @main
// CHECK: scf.forall
// CHECK: %[[TILE:.*]] = memref.alloc() : memref<1xf32>
// CHECK: memref.copy %{{.*}}, %[[TILE]]
// CHECK: memref.copy %[[TILE]], %{{.*}}
// CHECK-NEXT: memref.dealloc %[[TILE]]
func.func @main(%x: memref<8xf32>, %y: memref<8xf32>) {
  scf.forall (%i) in (8) {
    %t = memref.alloc() : memref<1xf32>
    %in = memref.subview %x[%i] [1] [1] : memref<8xf32> to memref<1xf32, strided<[1], offset: ?>>
    %out = memref.subview %y[%i] [1] [1] : memref<8xf32> to memref<1xf32, strided<[1], offset: ?>>
    memref.copy %in, %t : memref<1xf32, strided<[1], offset: ?>> to memref<1xf32>
    memref.copy %t, %out : memref<1xf32> to memref<1xf32, strided<[1], offset: ?>>
  }
  return
}
