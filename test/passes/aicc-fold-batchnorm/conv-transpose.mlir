// FoldBatchNormIntoConv on ConvTranspose: W is [C, OC/group, k...]; W[c, j] feeds output channel
// (c / (C/group)) * (OC/group) + j. With s = [1, 2] (see conv.mlir), group 2 and W [4, 1, 1, 1],
// input channels 0-1 feed output channel 0 and 2-3 feed channel 1: W' = [1, 2, 3 * 2, 4 * 2].
// RUN: aicc-opt %s -aicc-fold-batchnorm | FileCheck %s

// CHECK-LABEL: func @grouped
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]], {{\[\[\[}}6.000000e+00]]], {{\[\[\[}}8.000000e+00]]]]> : tensor<4x1x1x1xf32>}>
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<[-5.000000e-01, -2.000000e+00]> : tensor<2xf32>}>
// CHECK: "aicc.ConvTranspose"(%arg0, %[[W]], %[[B]]) <{{.*}}group = 2
// CHECK-NOT: aicc.BatchNormalization
func.func @grouped(%x: tensor<1x4x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "aicc.Constant"() <{value = dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>}> : () -> tensor<4x1x1x1xf32>
  %none = aicc.none
  %scale = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %shift = "aicc.Constant"() <{value = dense<[0.5, 0.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %mean = "aicc.Constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "aicc.Constant"() <{value = dense<4.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "aicc.ConvTranspose"(%x, %w, %none) <{group = 2 : i64}> : (tensor<1x4x2x2xf32>, tensor<4x1x1x1xf32>, none) -> tensor<1x2x2x2xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%c, %scale, %shift, %mean, %var) <{epsilon = 0.0 : f32}> : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x2x2xf32>, none, none)
  return %y : tensor<1x2x2x2xf32>
}
