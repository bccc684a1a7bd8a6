// RUN: aicc-opt %s --aicc-cpu-elide-result-copies --split-input-file | FileCheck %s

// A Reshape last (GroupNorm's reshape back to [N, C, ...]): the result is computed in the
// out-param seen through the inverse reshape; the buffer and the copy are gone.
// CHECK-LABEL: func.func @collapsed
// CHECK-NOT: memref.alloc
// CHECK: %[[VIEW:.*]] = memref.expand_shape %arg1 {{\[\[}}0], [1, 2]] output_shape [2, 4, 2] : memref<2x8xf32> into memref<2x4x2xf32>
// CHECK: linalg.copy ins(%arg0 : memref<2x4x2xf32>) outs(%[[VIEW]] : memref<2x4x2xf32>)
// CHECK-NOT: memref.copy
func.func @collapsed(%x: memref<2x4x2xf32>, %out: memref<2x8xf32>) {
  %b = memref.alloc() : memref<2x4x2xf32>
  linalg.copy ins(%x : memref<2x4x2xf32>) outs(%b : memref<2x4x2xf32>)
  %r = memref.collapse_shape %b [[0], [1, 2]] : memref<2x4x2xf32> into memref<2x8xf32>
  memref.copy %r, %out : memref<2x8xf32> to memref<2x8xf32>
  return
}

// -----

// An Unsqueeze last: the out-param seen through the collapse.
// CHECK-LABEL: func.func @expanded
// CHECK-NOT: memref.alloc
// CHECK: %[[VIEW:.*]] = memref.collapse_shape %arg1 {{\[\[}}0, 1], [2]] : memref<1x2x8xf32> into memref<2x8xf32>
// CHECK: linalg.copy ins(%arg0 : memref<2x8xf32>) outs(%[[VIEW]] : memref<2x8xf32>)
// CHECK-NOT: memref.copy
func.func @expanded(%x: memref<2x8xf32>, %out: memref<1x2x8xf32>) {
  %b = memref.alloc() : memref<2x8xf32>
  linalg.copy ins(%x : memref<2x8xf32>) outs(%b : memref<2x8xf32>)
  %r = memref.expand_shape %b [[0, 1], [2]] output_shape [1, 2, 8] : memref<2x8xf32> into memref<1x2x8xf32>
  memref.copy %r, %out : memref<1x2x8xf32> to memref<1x2x8xf32>
  return
}

// -----

// The reshaped buffer is also read after the copy: kept.
// CHECK-LABEL: func.func @read_after
// CHECK: memref.alloc
// CHECK: memref.copy
func.func @read_after(%x: memref<2x4x2xf32>, %out: memref<2x8xf32>, %out2: memref<2x4x2xf32>) {
  %b = memref.alloc() : memref<2x4x2xf32>
  linalg.copy ins(%x : memref<2x4x2xf32>) outs(%b : memref<2x4x2xf32>)
  %r = memref.collapse_shape %b [[0], [1, 2]] : memref<2x4x2xf32> into memref<2x8xf32>
  memref.copy %r, %out : memref<2x8xf32> to memref<2x8xf32>
  linalg.copy ins(%b : memref<2x4x2xf32>) outs(%out2 : memref<2x4x2xf32>)
  return
}
