// RUN: aicc-opt %s --aicc-cpu-plan-workspace | FileCheck %s

// Buffers inside a Loop's body (scf.while) and an If's branches are workspace slots like the
// function's own: the body's two temporaries share bytes (one is dead before the other is
// written), and the carried buffer, used inside the loop, stays live through all of it.
// CHECK-LABEL: func.func @main
// CHECK-SAME: %[[WS:.*]]: memref<128xi8>
// CHECK-SAME: aicc.workspace_bytes = 128
// CHECK-NOT: memref.alloc
// CHECK: memref.view %[[WS]][%c0{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: scf.while
// CHECK: memref.view %[[WS]][%c64{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.view %[[WS]][%c64{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: scf.if
// CHECK: memref.view %[[WS]][%c64{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK-NOT: memref.dealloc
func.func @main(%x: memref<16xf32>, %n: i64, %flag: i1, %y: memref<16xf32>) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %acc = memref.alloc() : memref<16xf32>
  memref.copy %x, %acc : memref<16xf32> to memref<16xf32>
  %count = scf.while (%i = %c0) : (i64) -> i64 {
    %more = arith.cmpi slt, %i, %n : i64
    scf.condition(%more) %i : i64
  } do {
  ^bb0(%i: i64):
    %t = memref.alloc() : memref<16xf32>
    linalg.add ins(%acc, %acc : memref<16xf32>, memref<16xf32>) outs(%t : memref<16xf32>)
    memref.copy %t, %acc : memref<16xf32> to memref<16xf32>
    %u = memref.alloc() : memref<16xf32>
    linalg.mul ins(%acc, %acc : memref<16xf32>, memref<16xf32>) outs(%u : memref<16xf32>)
    memref.copy %u, %acc : memref<16xf32> to memref<16xf32>
    %next = arith.addi %i, %c1 : i64
    scf.yield %next : i64
  }
  scf.if %flag {
    %v = memref.alloc() : memref<16xf32>
    linalg.exp ins(%acc : memref<16xf32>) outs(%v : memref<16xf32>)
    memref.copy %v, %acc : memref<16xf32> to memref<16xf32>
  }
  memref.copy %acc, %y : memref<16xf32> to memref<16xf32>
  return
}
