// FoldBatchNormIntoConv on Conv: W [OC, C/g, k...] is scaled along dim 0, b' = b * s + B - mean * s.
// Parameters: s = scale / sqrt(var + eps) = [2, 4] / sqrt([4, 4] + 0) = [1, 2],
// shift = B - mean * s = [0.5, 0] - [1, 1] * [1, 2] = [-0.5, -2].
// RUN: aicc-opt %s -aicc-fold-batchnorm -split-input-file | FileCheck %s

// CHECK-LABEL: func @conv_with_bias
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[\[\[\[}}3.000000e+00]]], {{\[\[\[}}1.000000e+01]]]]> : tensor<2x1x1x1xf32>}>
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<[5.000000e-01, 0.000000e+00]> : tensor<2xf32>}>
// CHECK: %[[Y:.*]] = "aicc.Conv"(%arg0, %[[W]], %[[B]])
// CHECK-NOT: aicc.BatchNormalization
// CHECK: return %[[Y]]
func.func @conv_with_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = "aicc.Constant"() <{value = dense<[[[[3.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b = "aicc.Constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %scale = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %shift = "aicc.Constant"() <{value = dense<[0.5, 0.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %mean = "aicc.Constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "aicc.Constant"() <{value = dense<4.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "aicc.Conv"(%x, %w, %b) : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%c, %scale, %shift, %mean, %var) <{epsilon = 0.0 : f32}> : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, none, none)
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Without a bias the new bias is the shift.
// CHECK-LABEL: func @conv_without_bias
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<[-5.000000e-01, -2.000000e+00]> : tensor<2xf32>}>
// CHECK: "aicc.Conv"(%arg0, %{{.*}}, %[[B]])
// CHECK-NOT: aicc.BatchNormalization
func.func @conv_without_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = "aicc.Constant"() <{value = dense<[[[[3.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %none = aicc.none
  %scale = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %shift = "aicc.Constant"() <{value = dense<[0.5, 0.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %mean = "aicc.Constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "aicc.Constant"() <{value = dense<4.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%c, %scale, %shift, %mean, %var) <{epsilon = 0.0 : f32}> : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, none, none)
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Weights held in a resource blob (as the importer stores large initializers) are read; folded
// weights above 1024 elements are written as a resource blob too, so the IR stays small.
// CHECK-LABEL: func @resource_weights
// CHECK-DAG: "aicc.Constant"() <{value = dense<{{\[\[\[\[}}3.000000e+00]]], {{\[\[\[}}1.000000e+01]]]]> : tensor<2x1x1x1xf32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense_resource<{{.*}}> : tensor<2x513x1x1xf32>}>
// CHECK-NOT: aicc.BatchNormalization
func.func @resource_weights(%x: tensor<1x1x4x4xf32>, %x2: tensor<1x513x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = "aicc.Constant"() <{value = dense_resource<small_w> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %w2 = "aicc.Constant"() <{value = dense<1.0> : tensor<2x513x1x1xf32>}> : () -> tensor<2x513x1x1xf32>
  %none = aicc.none
  %scale = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %shift = "aicc.Constant"() <{value = dense<[0.5, 0.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %mean = "aicc.Constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "aicc.Constant"() <{value = dense<4.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%c, %scale, %shift, %mean, %var) <{epsilon = 0.0 : f32}> : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, none, none)
  %c2 = "aicc.Conv"(%x2, %w2, %none) : (tensor<1x513x4x4xf32>, tensor<2x513x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %y2, %rm2, %rv2 = "aicc.BatchNormalization"(%c2, %scale, %shift, %mean, %var) <{epsilon = 0.0 : f32}> : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, none, none)
  return %y, %y2 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      small_w: "0x04000000000040400000A040"
    }
  }
#-}
