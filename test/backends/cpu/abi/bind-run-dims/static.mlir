// RUN: aicc-opt %s --aicc-cpu-bind-run-dims | FileCheck %s

// Static shapes need no run dims: the signature stays as it is.
// CHECK-LABEL: func.func @main(%{{.*}}: memref<2x10xf32>, %{{.*}}: memref<2x10xf32>)
// CHECK-NOT: reinterpret_cast
func.func @main(%in: memref<2x10xf32>, %out: memref<2x10xf32>) {
  memref.copy %in, %out : memref<2x10xf32> to memref<2x10xf32>
  return
}
