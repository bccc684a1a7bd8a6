// RUN: aicc-opt %s --aicc-cpu-bind-run-dims | FileCheck %s

// A symbolic inner dim makes the outer strides run values: [batch, seq, 8] has strides
// [seq * 8, 8, 1].
// CHECK: func.func @main(%[[IN:.*]]: memref<f32>, %[[DIMS:.*]]: memref<3xi64>)
// CHECK: %[[B:.*]] = arith.index_cast
// CHECK: %[[S:.*]] = arith.index_cast
// CHECK: %[[STRIDE:.*]] = arith.muli %[[S]], %c8
// CHECK: memref.reinterpret_cast %[[IN]] to offset: [0], sizes: [%[[B]], %[[S]], 8], strides: [%[[STRIDE]], 8, 1] : memref<f32> to memref<?x?x8xf32>
func.func @main(%in: memref<?x?x8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %v = memref.load %in[%c0, %c0, %c0] : memref<?x?x8xf32>
  return %v : f32
}
