// FoldBatchNormIntoConv on Gemm: BatchNormalization over dim 1 of Y = alpha * A op(B) + beta * C
// scales the columns of op(B) and folds beta * C into the new C (beta becomes 1). With s = [1, 2]
// and shift = [-0.5, -2] (see conv.mlir).
// RUN: aicc-opt %s -aicc-fold-batchnorm -split-input-file | FileCheck %s

// B [3, 2]: column 1 doubles. C' = (0.5 * [2, 4]) * s + shift = [0.5, 2].
// CHECK-LABEL: func @gemm
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<{{\[\[}}1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00], [5.000000e+00, 1.200000e+01]]> : tensor<3x2xf32>}>
// CHECK-DAG: %[[C:.*]] = "aicc.Constant"() <{value = dense<[5.000000e-01, 2.000000e+00]> : tensor<2xf32>}>
// CHECK: "aicc.Gemm"(%arg0, %[[B]], %[[C]]) <{alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32
// CHECK-NOT: aicc.BatchNormalization
func.func @gemm(%a: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %b = "aicc.Constant"() <{value = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>}> : () -> tensor<3x2xf32>
  %c = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %scale = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %shift = "aicc.Constant"() <{value = dense<[0.5, 0.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %mean = "aicc.Constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "aicc.Constant"() <{value = dense<4.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %g = "aicc.Gemm"(%a, %b, %c) <{alpha = 1.0 : f32, beta = 0.5 : f32}> : (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%g, %scale, %shift, %mean, %var) <{epsilon = 0.0 : f32}> : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2x2xf32>, none, none)
  return %y : tensor<2x2xf32>
}

// -----

// transB: B [2, 3] is op(B) transposed, so its row 1 doubles. Without C, C' is the shift.
// CHECK-LABEL: func @gemm_trans_b
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<{{\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00], [4.000000e+00, 8.000000e+00, 1.200000e+01]]> : tensor<2x3xf32>}>
// CHECK-DAG: %[[C:.*]] = "aicc.Constant"() <{value = dense<[-5.000000e-01, -2.000000e+00]> : tensor<2xf32>}>
// CHECK: "aicc.Gemm"(%arg0, %[[B]], %[[C]])
// CHECK-NOT: aicc.BatchNormalization
func.func @gemm_trans_b(%a: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %b = "aicc.Constant"() <{value = dense<[[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %none = aicc.none
  %scale = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %shift = "aicc.Constant"() <{value = dense<[0.5, 0.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %mean = "aicc.Constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %var = "aicc.Constant"() <{value = dense<4.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %g = "aicc.Gemm"(%a, %b, %none) <{transB = 1 : i64}> : (tensor<2x3xf32>, tensor<2x3xf32>, none) -> tensor<2x2xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%g, %scale, %shift, %mean, %var) <{epsilon = 0.0 : f32}> : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2x2xf32>, none, none)
  return %y : tensor<2x2xf32>
}
