// RUN: aicc-opt %s --aicc-cpu-bind-run-dims | FileCheck %s

// The argument with a symbolic dim becomes a bare pointer; its shape comes back from the run's
// dims: [in: 2 dims, out: 2 dims], so in's dim 0 is dims[0] and out's is dims[2].
// CHECK: func.func @main(%[[IN:.*]]: memref<f32>, %[[W:.*]]: memref<10x4xf32>, %[[OUT:.*]]: memref<f32>, %[[DIMS:.*]]: memref<6xi64>)
// CHECK: %[[D0:.*]] = memref.load %[[DIMS]][%c0]
// CHECK: %[[N:.*]] = arith.index_cast %[[D0]] : i64 to index
// CHECK: %[[X:.*]] = memref.reinterpret_cast %[[IN]] to offset: [0], sizes: [%[[N]], 10], strides: [10, 1] : memref<f32> to memref<?x10xf32>
// CHECK: %[[D2:.*]] = memref.load %[[DIMS]][%c4]
// CHECK: %[[M:.*]] = arith.index_cast %[[D2]] : i64 to index
// CHECK: %[[Y:.*]] = memref.reinterpret_cast %[[OUT]] to offset: [0], sizes: [%[[M]], 4], strides: [4, 1] : memref<f32> to memref<?x4xf32>
// CHECK: linalg.matmul ins(%[[X]], %[[W]] : memref<?x10xf32>, memref<10x4xf32>) outs(%[[Y]] : memref<?x4xf32>)
func.func @main(%in: memref<?x10xf32>, %w: memref<10x4xf32>, %out: memref<?x4xf32>) {
  linalg.matmul ins(%in, %w : memref<?x10xf32>, memref<10x4xf32>) outs(%out : memref<?x4xf32>)
  return
}
