// RUN: aicc-opt %s --aicc-cpu-read-only-inputs --split-input-file | FileCheck %s

// The tensor arguments of a public function are marked read-only; other arguments are not.
// CHECK-LABEL: func.func @main
// CHECK-SAME: %arg0: tensor<2xf32> {bufferization.writable = false}
// CHECK-SAME: %arg1: index)
func.func @main(%x: tensor<2xf32>, %n: index) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

// A private function's arguments are left to bufferization's own analysis.
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: bufferization.writable
func.func private @helper(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
