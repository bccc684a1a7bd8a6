// RUN: aicc-opt %s --aicc-cpu-lower-strided-copies | FileCheck %s

// Into a strided view (what Concat bufferizes to): becomes linalg.copy.
// CHECK-LABEL: func.func @into_view
// CHECK: linalg.copy ins(%arg0 : memref<2x3xf32>) outs(%{{.*}} : memref<2x3xf32, strided<[6, 1]>>)
// CHECK-NOT: memref.copy
func.func @into_view(%a: memref<2x3xf32>, %out: memref<2x6xf32>) {
  %v = memref.subview %out[0, 0] [2, 3] [1, 1] : memref<2x6xf32> to memref<2x3xf32, strided<[6, 1]>>
  memref.copy %a, %v : memref<2x3xf32> to memref<2x3xf32, strided<[6, 1]>>
  return
}

// Contiguous to contiguous stays a memref.copy, which lowers to memcpy.
// CHECK-LABEL: func.func @contiguous
// CHECK: memref.copy
// CHECK-NOT: linalg.copy
func.func @contiguous(%a: memref<8xf32>, %b: memref<8xf32>) {
  memref.copy %a, %b : memref<8xf32> to memref<8xf32>
  return
}
