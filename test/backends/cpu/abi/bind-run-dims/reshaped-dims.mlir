// RUN: aicc-opt %s --aicc-cpu-bind-run-dims | FileCheck %s

// The dims of reshaped buffers fold to the run's dims: an expand_shape's output size, a
// collapse_shape's product of its group.
// CHECK-LABEL: func.func @main
// CHECK: %[[B:.*]] = arith.index_cast
// CHECK: %[[S:.*]] = arith.index_cast
// CHECK-NOT: memref.dim
// CHECK: %[[N:.*]] = arith.muli %[[B]], %[[S]]
// CHECK: memref.alloc(%[[N]], %[[S]])
func.func @main(%in: memref<?x?x8xf32>) -> (memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %flat = memref.collapse_shape %in [[0, 1], [2]] : memref<?x?x8xf32> into memref<?x8xf32>
  %s = memref.dim %in, %c1 : memref<?x?x8xf32>
  %n = memref.dim %flat, %c0 : memref<?x8xf32>
  %split = memref.expand_shape %flat [[0], [1, 2]] output_shape [%n, 2, 4] : memref<?x8xf32> into memref<?x2x4xf32>
  %m = memref.dim %split, %c0 : memref<?x2x4xf32>
  %out = memref.alloc(%m, %s) : memref<?x?xf32>
  return %out : memref<?x?xf32>
}
