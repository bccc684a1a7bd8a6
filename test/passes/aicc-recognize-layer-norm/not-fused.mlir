// RUN: aicc-opt %s -aicc-recognize-layer-norm -split-input-file | FileCheck %s

// Normalizing over a dim that is not trailing (axis 1 of 3) is not a LayerNormalization.
// CHECK-LABEL: func.func @leading_axis
// CHECK-NOT: "aicc.LayerNormalization"
// CHECK: "aicc.Div"
func.func @leading_axis(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %mean = "aicc.ReduceMean"(%x) <{axes = array<i64: 1>}> : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %d = "aicc.Sub"(%x, %mean) : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
  %two = "aicc.Constant"() <{value = dense<2.0> : tensor<f32>}> : () -> tensor<f32>
  %sq = "aicc.Pow"(%d, %two) : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  %var = "aicc.ReduceMean"(%sq) <{axes = array<i64: 1>}> : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %eps = "aicc.Constant"() <{value = dense<1.0e-5> : tensor<f32>}> : () -> tensor<f32>
  %ve = "aicc.Add"(%var, %eps) : (tensor<2x1x4xf32>, tensor<f32>) -> tensor<2x1x4xf32>
  %std = "aicc.Sqrt"(%ve) : (tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
  %y = "aicc.Div"(%d, %std) : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

// An epsilon per row is not the op's scalar epsilon.
// CHECK-LABEL: func.func @tensor_epsilon
// CHECK-NOT: "aicc.LayerNormalization"
func.func @tensor_epsilon(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %mean = "aicc.ReduceMean"(%x) <{axes = array<i64: -1>}> : (tensor<3x4xf32>) -> tensor<3x1xf32>
  %d = "aicc.Sub"(%x, %mean) : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  %two = "aicc.Constant"() <{value = dense<2.0> : tensor<f32>}> : () -> tensor<f32>
  %sq = "aicc.Pow"(%d, %two) : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x4xf32>
  %var = "aicc.ReduceMean"(%sq) <{axes = array<i64: -1>}> : (tensor<3x4xf32>) -> tensor<3x1xf32>
  %eps = "aicc.Constant"() <{value = dense<[[1.0e-5], [1.0e-4], [1.0e-3]]> : tensor<3x1xf32>}> : () -> tensor<3x1xf32>
  %ve = "aicc.Add"(%var, %eps) : (tensor<3x1xf32>, tensor<3x1xf32>) -> tensor<3x1xf32>
  %std = "aicc.Sqrt"(%ve) : (tensor<3x1xf32>) -> tensor<3x1xf32>
  %y = "aicc.Div"(%d, %std) : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// x - mean is also returned: replacing the chain would not remove it, so nothing is fused.
// CHECK-LABEL: func.func @centered_escapes
// CHECK-NOT: "aicc.LayerNormalization"
func.func @centered_escapes(%x: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %mean = "aicc.ReduceMean"(%x) <{axes = array<i64: -1>}> : (tensor<3x4xf32>) -> tensor<3x1xf32>
  %d = "aicc.Sub"(%x, %mean) : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  %sq = "aicc.Mul"(%d, %d) : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %var = "aicc.ReduceMean"(%sq) <{axes = array<i64: -1>}> : (tensor<3x4xf32>) -> tensor<3x1xf32>
  %eps = "aicc.Constant"() <{value = dense<1.0e-5> : tensor<f32>}> : () -> tensor<f32>
  %ve = "aicc.Add"(%var, %eps) : (tensor<3x1xf32>, tensor<f32>) -> tensor<3x1xf32>
  %std = "aicc.Sqrt"(%ve) : (tensor<3x1xf32>) -> tensor<3x1xf32>
  %y = "aicc.Div"(%d, %std) : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  return %y, %d : tensor<3x4xf32>, tensor<3x4xf32>
}

// -----

// A power other than 2 (here 3) is not a variance; a normalized dim that is symbolic is left alone.
// CHECK-LABEL: func.func @cube
// CHECK-NOT: "aicc.LayerNormalization"
func.func @cube(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %mean = "aicc.ReduceMean"(%x) <{axes = array<i64: -1>}> : (tensor<3x4xf32>) -> tensor<3x1xf32>
  %d = "aicc.Sub"(%x, %mean) : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  %three = "aicc.Constant"() <{value = dense<3.0> : tensor<f32>}> : () -> tensor<f32>
  %sq = "aicc.Pow"(%d, %three) : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x4xf32>
  %var = "aicc.ReduceMean"(%sq) <{axes = array<i64: -1>}> : (tensor<3x4xf32>) -> tensor<3x1xf32>
  %eps = "aicc.Constant"() <{value = dense<1.0e-5> : tensor<f32>}> : () -> tensor<f32>
  %ve = "aicc.Add"(%var, %eps) : (tensor<3x1xf32>, tensor<f32>) -> tensor<3x1xf32>
  %std = "aicc.Sqrt"(%ve) : (tensor<3x1xf32>) -> tensor<3x1xf32>
  %y = "aicc.Div"(%d, %std) : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// CHECK-LABEL: func.func @symbolic_normalized_dim
// CHECK-NOT: "aicc.LayerNormalization"
func.func @symbolic_normalized_dim(%x: tensor<3x?xf32>) -> tensor<3x?xf32> {
  %mean = "aicc.ReduceMean"(%x) <{axes = array<i64: -1>}> : (tensor<3x?xf32>) -> tensor<3x1xf32>
  %d = "aicc.Sub"(%x, %mean) : (tensor<3x?xf32>, tensor<3x1xf32>) -> tensor<3x?xf32>
  %two = "aicc.Constant"() <{value = dense<2.0> : tensor<f32>}> : () -> tensor<f32>
  %sq = "aicc.Pow"(%d, %two) : (tensor<3x?xf32>, tensor<f32>) -> tensor<3x?xf32>
  %var = "aicc.ReduceMean"(%sq) <{axes = array<i64: -1>}> : (tensor<3x?xf32>) -> tensor<3x1xf32>
  %eps = "aicc.Constant"() <{value = dense<1.0e-5> : tensor<f32>}> : () -> tensor<f32>
  %ve = "aicc.Add"(%var, %eps) : (tensor<3x1xf32>, tensor<f32>) -> tensor<3x1xf32>
  %std = "aicc.Sqrt"(%ve) : (tensor<3x1xf32>) -> tensor<3x1xf32>
  %y = "aicc.Div"(%d, %std) : (tensor<3x?xf32>, tensor<3x1xf32>) -> tensor<3x?xf32>
  return %y : tensor<3x?xf32>
}

// -----

// A weight that does not broadcast to the normalized dims alone (one value per row, [3, 1]) is
// not the op's Scale: the normalization is fused and the Mul stays.
// CHECK-LABEL: func.func @row_weight
// CHECK: %[[Y:.*]], %{{.*}}, %{{.*}} = "aicc.LayerNormalization"
// CHECK: "aicc.Mul"(%[[Y]], %{{.*}})
func.func @row_weight(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %mean = "aicc.ReduceMean"(%x) <{axes = array<i64: -1>}> : (tensor<3x4xf32>) -> tensor<3x1xf32>
  %d = "aicc.Sub"(%x, %mean) : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  %two = "aicc.Constant"() <{value = dense<2.0> : tensor<f32>}> : () -> tensor<f32>
  %sq = "aicc.Pow"(%d, %two) : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x4xf32>
  %var = "aicc.ReduceMean"(%sq) <{axes = array<i64: -1>}> : (tensor<3x4xf32>) -> tensor<3x1xf32>
  %eps = "aicc.Constant"() <{value = dense<1.0e-5> : tensor<f32>}> : () -> tensor<f32>
  %ve = "aicc.Add"(%var, %eps) : (tensor<3x1xf32>, tensor<f32>) -> tensor<3x1xf32>
  %std = "aicc.Sqrt"(%ve) : (tensor<3x1xf32>) -> tensor<3x1xf32>
  %n = "aicc.Div"(%d, %std) : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  %w = "aicc.Constant"() <{value = dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf32>}> : () -> tensor<3x1xf32>
  %y = "aicc.Mul"(%n, %w) : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}
