// RUN: aicc-opt %s --aicc-cpu-lower-lists | FileCheck %s

// A list_concat is aicc_kernels_list_concat: the state, the list, the axis, new_axis (0 or 1), the
// result's rank and dims array (-1 for a dynamic dim, 4 for the static one); the returned address
// is viewed with the dims the runtime wrote back.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[STATE:.*]]: !llvm.ptr, %[[LIST:.*]]: !llvm.ptr)
// CHECK: %[[DIMS:.*]] = memref.alloca() : memref<2xi64>
// CHECK: %[[DYN:.*]] = arith.constant -1 : i64
// CHECK: memref.store %[[DYN]], %[[DIMS]]
// CHECK: %[[FOUR:.*]] = arith.constant 4 : i64
// CHECK: memref.store %[[FOUR]], %[[DIMS]]
// CHECK: %[[AXIS:.*]] = arith.constant 0 : i64
// CHECK: %[[NEW:.*]] = arith.constant 0 : i64
// CHECK: %[[RANK:.*]] = arith.constant 2 : i64
// CHECK: {{(func\.)?}}call @aicc_kernels_list_concat(%[[STATE]], %[[LIST]], %[[AXIS]], %[[NEW]], %[[RANK]], %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, i64, !llvm.ptr) -> memref<i8>
// CHECK: memref.view %{{.*}} : memref<?xi8> to memref<?x4xf32>
// CHECK: %[[NEW1:.*]] = arith.constant 1 : i64
// CHECK: {{(func\.)?}}call @aicc_kernels_list_concat(%[[STATE]], %[[LIST]], %{{.*}}, %[[NEW1]],
// CHECK: func.func private @aicc_kernels_list_concat
func.func @main(%state: !llvm.ptr, %list: !llvm.ptr) -> (memref<?x4xf32>, memref<?x4xf32>) {
  %rows = aicc_cpu.list_concat %list axis 0 : memref<?x4xf32>
  %stack = aicc_cpu.list_concat %list axis 0 new_axis : memref<?x4xf32>
  return %rows, %stack : memref<?x4xf32>, memref<?x4xf32>
}
