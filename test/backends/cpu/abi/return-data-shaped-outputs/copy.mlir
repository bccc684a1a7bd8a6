// RUN: aicc-opt %s --aicc-cpu-return-data-shaped-outputs | FileCheck %s

// An output that is a view of another buffer (not an alloc of its own) is copied into the
// runtime's buffer just before the return, with the view's dims.
// CHECK-LABEL: func.func @main
// CHECK-SAME: %[[X:.*]]: memref<?x3xf32>
// CHECK-SAME: aicc.data_shaped_outputs = array<i64: 0>
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK: %[[D:.*]] = memref.dim %[[VIEW]], %c0
// CHECK: %[[BUF:.*]] = aicc_cpu.output_buffer 0(%[[D]]) : memref<?x3xf32>
// CHECK: memref.copy %[[VIEW]], %[[BUF]]
// CHECK: return{{$}}
func.func @main(%x: memref<?x3xf32>, %n: index) -> memref<?x3xf32, strided<[3, 1]>>
    attributes {aicc.output_data_dims = [array<i64: 0>]} {
  %y = memref.subview %x[0, 0] [%n, 3] [1, 1] : memref<?x3xf32> to memref<?x3xf32, strided<[3, 1]>>
  return %y : memref<?x3xf32, strided<[3, 1]>>
}
