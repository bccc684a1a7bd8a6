// RUN: aicc-opt %s --aicc-cpu-plan-workspace | FileCheck %s

// A model without intermediates still gets the (empty) workspace argument: the ABI is uniform.
// CHECK-LABEL: func.func @main(%arg0: memref<0xi8>, %arg1: memref<4xf32>, %arg2: memref<4xf32>)
// CHECK-SAME: aicc.workspace_bytes = 0 : i64
func.func @main(%in: memref<4xf32>, %out: memref<4xf32>) {
  memref.copy %in, %out : memref<4xf32> to memref<4xf32>
  return
}
