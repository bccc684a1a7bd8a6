// RUN: aicc-opt %s --aicc-cpu-lower-scan-outputs | FileCheck %s

// A row append asks the runtime where row %i goes (slot, index, rank, dims, element bytes) and
// copies the row there unless refused; the stack after the loop is the runtime's address viewed
// as [count, row dims], its symbolic row dim read back from the dims array. One dims array,
// allocated in the entry block, serves every call.
// CHECK-LABEL: func.func @main
// CHECK: %[[DIMS:.*]] = memref.alloca() : memref<3xi64>
// CHECK: scf.while
// CHECK:   %[[ROW:.*]] = {{(func\.)?}}call @aicc_kernels_scan_row(%arg0, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, i64, i64, !llvm.ptr, i64) -> memref<i8>
// CHECK:   %[[KEPT:.*]] = arith.cmpi ne
// CHECK:   scf.if %[[KEPT]] {
// CHECK:     memref.copy %{{.*}}, %{{.*}} : memref<2x?xf32> to memref<2x?xf32>
// CHECK: %[[STACK:.*]] = {{(func\.)?}}call @aicc_kernels_scan_rows(%arg0, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, i64, i64, !llvm.ptr) -> memref<i8>
// CHECK: memref.load %[[DIMS]][%c1{{.*}}] : memref<3xi64>
// CHECK: memref.view %{{.*}}[%{{.*}}][%{{.*}}, %{{.*}}] : memref<?xi8> to memref<?x2x?xf32>
// CHECK: func.func private @aicc_kernels_scan_row
// CHECK: func.func private @aicc_kernels_scan_rows
func.func @main(%state: !llvm.ptr, %row: memref<2x?xf32>, %n: i64) -> memref<?x2x?xf32> {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %count = scf.while (%i = %c0) : (i64) -> i64 {
    %more = arith.cmpi slt, %i, %n : i64
    scf.condition(%more) %i : i64
  } do {
  ^bb0(%i: i64):
    %kept = aicc_cpu.scan_append %row to slot 0 at %i : memref<2x?xf32>
    %next = arith.addi %i, %c1 : i64
    scf.yield %next : i64
  }
  %stack = aicc_cpu.scan_rows slot 0 count %count : memref<?x2x?xf32>
  return %stack : memref<?x2x?xf32>
}
