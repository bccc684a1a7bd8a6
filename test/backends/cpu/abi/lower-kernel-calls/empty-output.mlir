// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// A kernel with run-time dims is called only when its output has elements: a selection of no rows
// leaves nothing to compute (and oneDNN takes no empty dims).
// CHECK-LABEL: func.func @main
// CHECK: %[[ROWS:.*]] = memref.dim %arg3, %c0
// CHECK: %[[ELEMENTS:.*]] = arith.muli %c1{{.*}}, %[[ROWS]]
// CHECK: %[[ANY:.*]] = arith.cmpi ne, %[[ELEMENTS]], %c0
// CHECK: scf.if %[[ANY]] {
// CHECK: call @aicc_kernel_run
// CHECK: }
// CHECK-NEXT: return
func.func @main(%a: memref<?x10xf32>, %b: memref<10x4xf32>, %y: memref<?x4xf32>) {
  aicc_cpu.matmul ins(%a, %b : memref<?x10xf32>, memref<10x4xf32>) outs(%y : memref<?x4xf32>)
  return
}

// A static kernel is called unguarded.
// CHECK-LABEL: func.func @static
// CHECK-NOT: scf.if
// CHECK: call @aicc_kernel_run
func.func @static(%a: memref<2x10xf32>, %b: memref<10x4xf32>, %y: memref<2x4xf32>) {
  aicc_cpu.matmul ins(%a, %b : memref<2x10xf32>, memref<10x4xf32>) outs(%y : memref<2x4xf32>)
  return
}
