// Dropout in inference mode with an unused mask is removed (dialects/ops/Tensor.cpp).
// RUN: aicc-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func @training_mode_absent
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: aicc.Dropout
// CHECK: return %[[X]]
func.func @training_mode_absent(%x: tensor<4xf32>) -> tensor<4xf32> {
  %none = aicc.none
  %y, %mask = "aicc.Dropout"(%x, %none, %none) : (tensor<4xf32>, none, none) -> (tensor<4xf32>, none)
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @training_mode_false
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: aicc.Dropout
// CHECK: return %[[X]]
func.func @training_mode_false(%x: tensor<4xf32>) -> tensor<4xf32> {
  %ratio = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %off = "aicc.Constant"() <{value = dense<false> : tensor<i1>}> : () -> tensor<i1>
  %y, %mask = "aicc.Dropout"(%x, %ratio, %off) : (tensor<4xf32>, tensor<f32>, tensor<i1>) -> (tensor<4xf32>, tensor<4xi1>)
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @training_mode_true
// CHECK: "aicc.Dropout"
func.func @training_mode_true(%x: tensor<4xf32>) -> tensor<4xf32> {
  %none = aicc.none
  %on = "aicc.Constant"() <{value = dense<true> : tensor<i1>}> : () -> tensor<i1>
  %y, %mask = "aicc.Dropout"(%x, %none, %on) : (tensor<4xf32>, none, tensor<i1>) -> (tensor<4xf32>, tensor<4xi1>)
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @training_mode_unknown
// CHECK: "aicc.Dropout"
func.func @training_mode_unknown(%x: tensor<4xf32>, %mode: tensor<i1>) -> tensor<4xf32> {
  %none = aicc.none
  %y, %mask = "aicc.Dropout"(%x, %none, %mode) : (tensor<4xf32>, none, tensor<i1>) -> (tensor<4xf32>, tensor<4xi1>)
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @mask_used
// CHECK: "aicc.Dropout"
func.func @mask_used(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>) {
  %none = aicc.none
  %y, %mask = "aicc.Dropout"(%x, %none, %none) : (tensor<4xf32>, none, none) -> (tensor<4xf32>, tensor<4xi1>)
  return %y, %mask : tensor<4xf32>, tensor<4xi1>
}
