// RUN: aicc-opt %s -aicc-recognize-gelu -split-input-file | FileCheck %s

// The erf's argument scaled by 0.5 instead of 1/sqrt(2) is not Gelu.
// CHECK-LABEL: func.func @wrong_erf_scale
// CHECK-NOT: "aicc.Gelu"
// CHECK: "aicc.Erf"
func.func @wrong_erf_scale(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %c = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %d = "aicc.Mul"(%x, %c) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %e = "aicc.Erf"(%d) : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %p = "aicc.Add"(%e, %one) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = "aicc.Mul"(%m, %c) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// The erf term is also returned: replacing the product would not remove it.
// CHECK-LABEL: func.func @term_escapes
// CHECK-NOT: "aicc.Gelu"
func.func @term_escapes(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %sqrt2 = "aicc.Constant"() <{value = dense<1.41421354> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %d = "aicc.Div"(%x, %sqrt2) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %e = "aicc.Erf"(%d) : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %p = "aicc.Add"(%e, %one) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = "aicc.Mul"(%m, %half) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %y, %p : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Tanh forms that are not GELU's: x² instead of x³, a cube of another tensor, a wrong coefficient.
// CHECK-LABEL: func.func @tanh_square
// CHECK-NOT: "aicc.Gelu"
// CHECK-LABEL: func.func @tanh_cube_of_other
// CHECK-NOT: "aicc.Gelu"
// CHECK-LABEL: func.func @tanh_wrong_coefficient
// CHECK-NOT: "aicc.Gelu"
func.func @tanh_square(%x: tensor<4xf32>) -> tensor<4xf32> {
  %two = "aicc.Constant"() <{value = dense<2.0> : tensor<f32>}> : () -> tensor<f32>
  %c = "aicc.Constant"() <{value = dense<0.044715> : tensor<f32>}> : () -> tensor<f32>
  %s = "aicc.Constant"() <{value = dense<0.7978845608> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %cube = "aicc.Pow"(%x, %two) : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %t = "aicc.Mul"(%c, %cube) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %inner = "aicc.Add"(%x, %t) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %arg = "aicc.Mul"(%s, %inner) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %th = "aicc.Tanh"(%arg) : (tensor<4xf32>) -> tensor<4xf32>
  %p = "aicc.Add"(%one, %th) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = "aicc.Mul"(%half, %m) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
func.func @tanh_cube_of_other(%x: tensor<4xf32>, %z: tensor<4xf32>) -> tensor<4xf32> {
  %three = "aicc.Constant"() <{value = dense<3.0> : tensor<f32>}> : () -> tensor<f32>
  %c = "aicc.Constant"() <{value = dense<0.044715> : tensor<f32>}> : () -> tensor<f32>
  %s = "aicc.Constant"() <{value = dense<0.7978845608> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %cube = "aicc.Pow"(%z, %three) : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %t = "aicc.Mul"(%c, %cube) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %inner = "aicc.Add"(%x, %t) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %arg = "aicc.Mul"(%s, %inner) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %th = "aicc.Tanh"(%arg) : (tensor<4xf32>) -> tensor<4xf32>
  %p = "aicc.Add"(%one, %th) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = "aicc.Mul"(%half, %m) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
func.func @tanh_wrong_coefficient(%x: tensor<4xf32>) -> tensor<4xf32> {
  %three = "aicc.Constant"() <{value = dense<3.0> : tensor<f32>}> : () -> tensor<f32>
  %c = "aicc.Constant"() <{value = dense<0.05> : tensor<f32>}> : () -> tensor<f32>
  %s = "aicc.Constant"() <{value = dense<0.7978845608> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %cube = "aicc.Pow"(%x, %three) : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %t = "aicc.Mul"(%c, %cube) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %inner = "aicc.Add"(%x, %t) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %arg = "aicc.Mul"(%s, %inner) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %th = "aicc.Tanh"(%arg) : (tensor<4xf32>) -> tensor<4xf32>
  %p = "aicc.Add"(%one, %th) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = "aicc.Mul"(%half, %m) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
