// RUN: aicc-opt %s --aicc-cpu-lower-scan-outputs --split-input-file | FileCheck %s

// Functions without aicc_cpu.scan_append or scan_rows are left as they are: no dims array, no
// runtime calls, and no runtime state needed (a function without one is no error).

// A loop that copies rows into a buffer of its own: nothing here is a scan output. The module
// gets no aicc_kernels_scan_row(s) declarations.
// CHECK-LABEL: func.func @no_state(%arg0: memref<2xf32>, %arg1: memref<4x2xf32>, %arg2: index) {
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT: scf.for %[[I:.*]] = %[[C0]] to %arg2 step %[[C1]] {
// CHECK-NEXT: %[[ROW:.*]] = memref.subview %arg1[%[[I]], 0] [1, 2] [1, 1]
// CHECK-NEXT: memref.copy %arg0, %[[ROW]]
// CHECK-NEXT: }
// CHECK-NEXT: return
// CHECK-NEXT: }
// CHECK-NOT: aicc_kernels_scan
func.func @no_state(%row: memref<2xf32>, %buffer: memref<4x2xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %dst = memref.subview %buffer[%i, 0] [1, 2] [1, 1] : memref<4x2xf32> to memref<2xf32, strided<[1], offset: ?>>
    memref.copy %row, %dst : memref<2xf32> to memref<2xf32, strided<[1], offset: ?>>
  }
  return
}

// -----

// Next to a function that stacks scan outputs, one that does not (though it has the runtime
// state) keeps its body: the dims array goes only where a call reads it.
// CHECK-LABEL: func.func @scans
// CHECK: memref.alloca() : memref<2xi64>
// CHECK: call @aicc_kernels_scan_rows
// CHECK-LABEL: func.func @no_scans(%arg0: !llvm.ptr, %arg1: memref<3xf32>) -> memref<3xf32> {
// CHECK-NEXT: return %arg1 : memref<3xf32>
// CHECK-NEXT: }
func.func @scans(%state: !llvm.ptr, %n: i64) -> memref<?x3xf32> {
  %stack = aicc_cpu.scan_rows slot 0 count %n : memref<?x3xf32>
  return %stack : memref<?x3xf32>
}
func.func @no_scans(%state: !llvm.ptr, %x: memref<3xf32>) -> memref<3xf32> {
  return %x : memref<3xf32>
}
