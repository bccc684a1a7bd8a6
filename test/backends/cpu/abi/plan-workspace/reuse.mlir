// RUN: aicc-opt %s --aicc-cpu-plan-workspace | FileCheck %s

// %a and %b are live together (their last use is the same copy), so they get disjoint bytes; %c is
// allocated after both are dead and reuses %b's bytes. Largest first: %b at 0, %c at 0, %a at 128.
// The liveness of %b runs through its subview.
// CHECK-LABEL: func.func @main(%arg0: memref<192xi8>, %arg1: memref<16xf32>, %arg2: memref<16xf32>)
// CHECK-SAME: aicc.workspace_bytes = 192 : i64
// CHECK: %[[A:.*]] = memref.view %arg0[%c128{{.*}}][] : memref<192xi8> to memref<16xf32>
// CHECK: %[[B:.*]] = memref.view %arg0[%c0{{.*}}][] : memref<192xi8> to memref<32xf32>
// CHECK: %[[C:.*]] = memref.view %arg0[%c0{{.*}}][] : memref<192xi8> to memref<32xf32>
// CHECK-NOT: memref.alloc
func.func @main(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<32xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %bv = memref.subview %b[0] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1]>>
  memref.copy %a, %bv : memref<16xf32> to memref<16xf32, strided<[1]>>
  %c = memref.alloc() : memref<32xf32>
  %cv = memref.subview %c[16] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1], offset: 16>>
  memref.copy %cv, %out : memref<16xf32, strided<[1], offset: 16>> to memref<16xf32>
  return
}
