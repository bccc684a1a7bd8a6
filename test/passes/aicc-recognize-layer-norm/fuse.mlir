// RUN: aicc-opt %s -aicc-recognize-layer-norm -split-input-file | FileCheck %s

// nn.LayerNorm(4) as PyTorch exports it before opset 17: ReduceMean, Sub, Pow(·, 2), ReduceMean,
// Add(eps), Sqrt, Div, then Mul by the weight and Add of the bias. The whole chain is one op.
// CHECK-LABEL: func.func @torch_opset14
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>}>
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<[5.000000e-01, 0.000000e+00, 0.000000e+00, -5.000000e-01]> : tensor<4xf32>}>
// CHECK: %[[Y:.*]], %{{.*}}, %{{.*}} = "aicc.LayerNormalization"(%arg0, %[[W]], %[[B]]) <{axis = 2 : i64, epsilon = 9.99999974E-6 : f32, stash_type = 1 : i64}> : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x3x4xf32>, none, none)
// CHECK-NEXT: return %[[Y]]
func.func @torch_opset14(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %mean = "aicc.ReduceMean"(%x) <{axes = array<i64: -1>}> : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %d = "aicc.Sub"(%x, %mean) : (tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
  %two = "aicc.Constant"() <{value = dense<2.0> : tensor<f32>}> : () -> tensor<f32>
  %sq = "aicc.Pow"(%d, %two) : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  %var = "aicc.ReduceMean"(%sq) <{axes = array<i64: -1>}> : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %eps = "aicc.Constant"() <{value = dense<1.0e-5> : tensor<f32>}> : () -> tensor<f32>
  %ve = "aicc.Add"(%var, %eps) : (tensor<2x3x1xf32>, tensor<f32>) -> tensor<2x3x1xf32>
  %std = "aicc.Sqrt"(%ve) : (tensor<2x3x1xf32>) -> tensor<2x3x1xf32>
  %n = "aicc.Div"(%d, %std) : (tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
  %w = "aicc.Constant"() <{value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %scaled = "aicc.Mul"(%n, %w) : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %b = "aicc.Constant"() <{value = dense<[0.5, 0.0, 0.0, -0.5]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %y = "aicc.Add"(%scaled, %b) : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

// The TensorFlow-converter form over two trailing dims: the square as Mul(d, d), the division as a
// Mul by Reciprocal, eps first in its Add, the weight first in its Mul and of shape [1, 3, 1]
// (broadcast to the normalized [3, 2]); no bias. The mean of x has another reader, which is fine.
// CHECK-LABEL: func.func @reciprocal_form
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[\[}}1.000000e+00, 1.000000e+00], [2.000000e+00, 2.000000e+00], [3.000000e+00, 3.000000e+00]]> : tensor<3x2xf32>}>
// CHECK-DAG: %[[NONE:.*]] = aicc.none
// CHECK: %[[Y:.*]], %{{.*}}, %{{.*}} = "aicc.LayerNormalization"(%arg0, %[[W]], %[[NONE]]) <{axis = 1 : i64, epsilon = 1.000000e-03 : f32, stash_type = 1 : i64}>
// CHECK-NOT: "aicc.Reciprocal"
// CHECK: return %[[Y]], %arg0
func.func @reciprocal_form(%x: tensor<5x3x2xf32>) -> (tensor<5x3x2xf32>, tensor<5x3x2xf32>) {
  %mean = "aicc.ReduceMean"(%x) <{axes = array<i64: 2, 1>}> : (tensor<5x3x2xf32>) -> tensor<5x1x1xf32>
  %d = "aicc.Sub"(%x, %mean) : (tensor<5x3x2xf32>, tensor<5x1x1xf32>) -> tensor<5x3x2xf32>
  %sq = "aicc.Mul"(%d, %d) : (tensor<5x3x2xf32>, tensor<5x3x2xf32>) -> tensor<5x3x2xf32>
  %var = "aicc.ReduceMean"(%sq) <{axes = array<i64: 1, 2>}> : (tensor<5x3x2xf32>) -> tensor<5x1x1xf32>
  %eps = "aicc.Constant"() <{value = dense<1.0e-3> : tensor<1xf32>}> : () -> tensor<1xf32>
  %ve = "aicc.Add"(%eps, %var) : (tensor<1xf32>, tensor<5x1x1xf32>) -> tensor<5x1x1xf32>
  %std = "aicc.Sqrt"(%ve) : (tensor<5x1x1xf32>) -> tensor<5x1x1xf32>
  %inv = "aicc.Reciprocal"(%std) : (tensor<5x1x1xf32>) -> tensor<5x1x1xf32>
  %n = "aicc.Mul"(%d, %inv) : (tensor<5x3x2xf32>, tensor<5x1x1xf32>) -> tensor<5x3x2xf32>
  %w = "aicc.Constant"() <{value = dense<[[[1.0], [2.0], [3.0]]]> : tensor<1x3x1xf32>}> : () -> tensor<1x3x1xf32>
  %y = "aicc.Mul"(%w, %n) : (tensor<1x3x1xf32>, tensor<5x3x2xf32>) -> tensor<5x3x2xf32>
  return %y, %x : tensor<5x3x2xf32>, tensor<5x3x2xf32>
}

// -----

// A symbolic batch and sequence are fine: only the normalized dim must be static. Without weight or
// bias, the scale is ones.
// CHECK-LABEL: func.func @symbolic_rows
// CHECK: %[[ONES:.*]] = "aicc.Constant"() <{value = dense<1.000000e+00> : tensor<8xf32>}>
// CHECK: "aicc.LayerNormalization"(%arg0, %[[ONES]], %{{.*}}) <{axis = 2 : i64
func.func @symbolic_rows(%x: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %mean = "aicc.ReduceMean"(%x) <{axes = array<i64: 2>}> : (tensor<?x?x8xf32>) -> tensor<?x?x1xf32>
  %d = "aicc.Sub"(%x, %mean) : (tensor<?x?x8xf32>, tensor<?x?x1xf32>) -> tensor<?x?x8xf32>
  %two = "aicc.Constant"() <{value = dense<2.0> : tensor<f32>}> : () -> tensor<f32>
  %sq = "aicc.Pow"(%d, %two) : (tensor<?x?x8xf32>, tensor<f32>) -> tensor<?x?x8xf32>
  %var = "aicc.ReduceMean"(%sq) <{axes = array<i64: -1>}> : (tensor<?x?x8xf32>) -> tensor<?x?x1xf32>
  %eps = "aicc.Constant"() <{value = dense<1.0e-12> : tensor<f32>}> : () -> tensor<f32>
  %ve = "aicc.Add"(%var, %eps) : (tensor<?x?x1xf32>, tensor<f32>) -> tensor<?x?x1xf32>
  %std = "aicc.Sqrt"(%ve) : (tensor<?x?x1xf32>) -> tensor<?x?x1xf32>
  %y = "aicc.Div"(%d, %std) : (tensor<?x?x8xf32>, tensor<?x?x1xf32>) -> tensor<?x?x8xf32>
  return %y : tensor<?x?x8xf32>
}
