// RUN: aicc-opt %s --aicc-cpu-lower-lists | FileCheck %s

// Each list op is its runtime call, the state passed first. An insert passes the element's
// address, aicc_dtype (1: float32), rank and dims, and (has_position, position); an at passes what
// the type knows of the dims (-1 dynamic, 3 static) and views the returned address with the dims
// the runtime wrote back. One dims array, allocated in the entry block, serves every call.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[STATE:.*]]: !llvm.ptr, %[[ROW:.*]]: memref<?x3xf32>, %[[I:.*]]: i64)
// CHECK: %[[DIMS:.*]] = memref.alloca() : memref<2xi64>
// CHECK: %[[EMPTY:.*]] = {{(func\.)?}}call @aicc_kernels_list_empty(%[[STATE]]) : (!llvm.ptr) -> !llvm.ptr
// CHECK: memref.dim %[[ROW]], %c0
// CHECK: memref.store %{{.*}}, %[[DIMS]][%{{.*}}] : memref<2xi64>
// CHECK: memref.store %{{.*}}, %[[DIMS]][%{{.*}}] : memref<2xi64>
// CHECK: %[[LIST:.*]] = {{(func\.)?}}call @aicc_kernels_list_insert(%[[STATE]], %[[EMPTY]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64) -> !llvm.ptr
// CHECK: %[[LENGTH:.*]] = {{(func\.)?}}call @aicc_kernels_list_length(%[[STATE]], %[[LIST]]) : (!llvm.ptr, !llvm.ptr) -> i64
// CHECK: %[[ADDRESS:.*]] = {{(func\.)?}}call @aicc_kernels_list_at(%[[STATE]], %[[LIST]], %[[I]], %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr) -> memref<i8>
// CHECK: memref.load %[[DIMS]][%c0{{.*}}] : memref<2xi64>
// CHECK: memref.view %{{.*}}[%{{.*}}][%{{.*}}] : memref<?xi8> to memref<?x3xf32>
// CHECK: %[[SHORTER:.*]] = {{(func\.)?}}call @aicc_kernels_list_erase(%[[STATE]], %[[LIST]], %{{.*}}, %[[I]]) : (!llvm.ptr, !llvm.ptr, i64, i64) -> !llvm.ptr
// CHECK: func.func private @aicc_kernels_list_empty
// CHECK: func.func private @aicc_kernels_list_insert
// CHECK: func.func private @aicc_kernels_list_erase
// CHECK: func.func private @aicc_kernels_list_length
// CHECK: func.func private @aicc_kernels_list_at
func.func @main(%state: !llvm.ptr, %row: memref<?x3xf32>, %i: i64) -> (!llvm.ptr, i64, memref<?x3xf32>) {
  %empty = aicc_cpu.list_empty
  %list = aicc_cpu.list_insert %row into %empty : memref<?x3xf32>
  %n = aicc_cpu.list_length %list
  %element = aicc_cpu.list_at %list[%i] : memref<?x3xf32>
  %shorter = aicc_cpu.list_erase %list at %i
  return %shorter, %n, %element : !llvm.ptr, i64, memref<?x3xf32>
}
