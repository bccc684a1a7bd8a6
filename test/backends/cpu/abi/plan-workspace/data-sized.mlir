// RUN: aicc-opt %s --aicc-cpu-plan-workspace | FileCheck %s

// A buffer sized by data (a count read from a buffer, as NonZero's is) cannot be planned before
// the run: it stays a heap allocation, freed right after its last use. The run-dims-sized one
// beside it still goes into the workspace.
// CHECK-LABEL: func.func @main
// CHECK: %[[COUNT:.*]] = memref.load %{{.*}}[] : memref<index>
// CHECK: %[[HEAP:.*]] = memref.alloc(%[[COUNT]]) : memref<?xf32>
// CHECK: memref.view {{.*}} to memref<?x10xf32>
// CHECK: memref.copy %[[HEAP]], %{{.*}}
// CHECK-NEXT: memref.dealloc %[[HEAP]]
// CHECK-NEXT: memref.copy
// CHECK-NEXT: return
func.func @main(%count: memref<index>, %out: memref<?xf32>, %out2: memref<?x10xf32>, %dims: memref<2xi64>)
    attributes {aicc.run_dims} {
  %c0 = arith.constant 0 : index
  %d = memref.load %dims[%c0] : memref<2xi64>
  %n = arith.index_cast %d : i64 to index
  %k = memref.load %count[] : memref<index>
  %a = memref.alloc(%k) : memref<?xf32>
  %b = memref.alloc(%n) : memref<?x10xf32>
  memref.copy %a, %out : memref<?xf32> to memref<?xf32>
  memref.copy %b, %out2 : memref<?x10xf32> to memref<?x10xf32>
  return
}
