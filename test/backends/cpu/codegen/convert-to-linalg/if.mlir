// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// An If becomes scf.if on the condition's element; each branch's code moves into its region.
// CHECK-LABEL: func.func @branches
// CHECK: %[[C:.*]] = tensor.extract %arg0[%{{.*}}] : tensor<1xi1>
// CHECK: scf.if %[[C]] -> (tensor<3xf32>) {
// CHECK:   linalg.generic
// CHECK:   scf.yield
// CHECK: } else {
// CHECK:   scf.yield %arg1 : tensor<3xf32>
func.func @branches(%c: tensor<1xi1>, %x: tensor<3xf32>) -> tensor<3xf32> {
  %r = "aicc.If"(%c) ({
    aicc.Yield %x : tensor<3xf32>
  }, {
    %y = "aicc.Neg"(%x) : (tensor<3xf32>) -> tensor<3xf32>
    aicc.Yield %y : tensor<3xf32>
  }) : (tensor<1xi1>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// TorchScript's `break`: the branch that leaves a value undefined yields a float zero, here for a
// bool tensor; it becomes the result's shape filled with false.
// CHECK-LABEL: func.func @break_placeholder
// CHECK: scf.if
// CHECK: } else {
// CHECK:   %[[FALSE:.*]] = arith.constant false
// CHECK:   %[[FILL:.*]] = tensor.splat %[[FALSE]] : tensor<8xi1>
// CHECK:   scf.yield %[[FILL]] : tensor<8xi1>
func.func @break_placeholder(%c: tensor<i1>, %done: tensor<8xi1>) -> tensor<8xi1> {
  %r = "aicc.If"(%c) ({
    %zero = "aicc.Constant"() <{value = dense<0.0> : tensor<f32>}> : () -> tensor<f32>
    aicc.Yield %zero : tensor<f32>
  }, {
    aicc.Yield %done : tensor<8xi1>
  }) : (tensor<i1>) -> tensor<8xi1>
  return %r : tensor<8xi1>
}
