// RUN: aicc-opt %s --aicc-cpu-elide-result-copies --split-input-file | FileCheck %s

// The result is computed in the out-param; the buffer and the final copy are gone.
// CHECK-LABEL: func.func @elided
// CHECK-NOT: memref.alloc
// CHECK: linalg.copy ins(%arg0 : memref<4xf32>) outs(%arg1 : memref<4xf32>)
// CHECK-NOT: memref.copy
func.func @elided(%x: memref<4xf32>, %out: memref<4xf32>) {
  %b = memref.alloc() : memref<4xf32>
  linalg.copy ins(%x : memref<4xf32>) outs(%b : memref<4xf32>)
  memref.copy %b, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// The buffer is read after the copy: kept.
// CHECK-LABEL: func.func @used_after
// CHECK: memref.alloc
// CHECK: memref.copy
func.func @used_after(%x: memref<4xf32>, %out: memref<4xf32>, %out2: memref<4xf32>) {
  %b = memref.alloc() : memref<4xf32>
  linalg.copy ins(%x : memref<4xf32>) outs(%b : memref<4xf32>)
  memref.copy %b, %out : memref<4xf32> to memref<4xf32>
  linalg.copy ins(%b : memref<4xf32>) outs(%out2 : memref<4xf32>)
  return
}
