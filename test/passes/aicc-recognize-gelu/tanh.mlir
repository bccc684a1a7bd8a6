// RUN: aicc-opt %s -aicc-recognize-gelu -split-input-file | FileCheck %s

// nn.GELU(approximate="tanh") as PyTorch 1.13 exports it: the cube as x * (x * x), the constants
// on the left, then 0.5 * (x * (1 + tanh(...))).
// CHECK-LABEL: func.func @torch_tanh
// CHECK: %[[Y:.*]] = "aicc.Gelu"(%arg0) <{approximate = "tanh"}> : (tensor<2x8xf32>) -> tensor<2x8xf32>
// CHECK-NOT: "aicc.Tanh"
// CHECK-NOT: "aicc.Mul"
// CHECK: return %[[Y]]
func.func @torch_tanh(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %c = "aicc.Constant"() <{value = dense<0.0447149985> : tensor<f32>}> : () -> tensor<f32>
  %s = "aicc.Constant"() <{value = dense<0.797884583> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %sq = "aicc.Mul"(%x, %x) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %cube = "aicc.Mul"(%x, %sq) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %t = "aicc.Mul"(%c, %cube) : (tensor<f32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %inner = "aicc.Add"(%x, %t) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %arg = "aicc.Mul"(%s, %inner) : (tensor<f32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %th = "aicc.Tanh"(%arg) : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %p = "aicc.Add"(%one, %th) : (tensor<f32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %y = "aicc.Mul"(%half, %m) : (tensor<f32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// GPT-2's NewGELU (Hugging Face): 0.5 * x first, Pow(x, 3), the constants on the right, a symbolic
// sequence.
// CHECK-LABEL: func.func @gpt2_new_gelu
// CHECK: "aicc.Gelu"(%arg0) <{approximate = "tanh"}> : (tensor<1x?x8xf32>) -> tensor<1x?x8xf32>
// CHECK-NOT: "aicc.Pow"
func.func @gpt2_new_gelu(%x: tensor<1x?x8xf32>) -> tensor<1x?x8xf32> {
  %three = "aicc.Constant"() <{value = dense<3.0> : tensor<f32>}> : () -> tensor<f32>
  %c = "aicc.Constant"() <{value = dense<0.044715> : tensor<f32>}> : () -> tensor<f32>
  %s = "aicc.Constant"() <{value = dense<0.7978845608> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %h = "aicc.Mul"(%x, %half) : (tensor<1x?x8xf32>, tensor<f32>) -> tensor<1x?x8xf32>
  %cube = "aicc.Pow"(%x, %three) : (tensor<1x?x8xf32>, tensor<f32>) -> tensor<1x?x8xf32>
  %t = "aicc.Mul"(%cube, %c) : (tensor<1x?x8xf32>, tensor<f32>) -> tensor<1x?x8xf32>
  %inner = "aicc.Add"(%t, %x) : (tensor<1x?x8xf32>, tensor<1x?x8xf32>) -> tensor<1x?x8xf32>
  %arg = "aicc.Mul"(%inner, %s) : (tensor<1x?x8xf32>, tensor<f32>) -> tensor<1x?x8xf32>
  %th = "aicc.Tanh"(%arg) : (tensor<1x?x8xf32>) -> tensor<1x?x8xf32>
  %p = "aicc.Add"(%th, %one) : (tensor<1x?x8xf32>, tensor<f32>) -> tensor<1x?x8xf32>
  %y = "aicc.Mul"(%h, %p) : (tensor<1x?x8xf32>, tensor<1x?x8xf32>) -> tensor<1x?x8xf32>
  return %y : tensor<1x?x8xf32>
}

// -----

// The cube as (x * x) * x.
// CHECK-LABEL: func.func @square_times_x
// CHECK: "aicc.Gelu"(%arg0) <{approximate = "tanh"}>
func.func @square_times_x(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = "aicc.Constant"() <{value = dense<0.044715> : tensor<f32>}> : () -> tensor<f32>
  %s = "aicc.Constant"() <{value = dense<0.7978845608> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %sq = "aicc.Mul"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %cube = "aicc.Mul"(%sq, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %t = "aicc.Mul"(%c, %cube) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %inner = "aicc.Add"(%x, %t) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %arg = "aicc.Mul"(%s, %inner) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %th = "aicc.Tanh"(%arg) : (tensor<4xf32>) -> tensor<4xf32>
  %p = "aicc.Add"(%one, %th) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = "aicc.Mul"(%half, %m) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
