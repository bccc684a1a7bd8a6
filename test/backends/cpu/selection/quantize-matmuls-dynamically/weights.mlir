// RUN: aicc-opt %s --aicc-cpu-quantize-matmuls-dynamically --split-input-file | FileCheck %s

// Constant weights become s8 with one scale per column (max |column| / 127): column 0 holds
// 1.27 and -0.5 (scale 0.01: 127, -50), column 1 only zeros (scale 1), column 2 holds 2.54
// (scale 0.02). The bias and post-ops stay.
// CHECK-LABEL: func.func @per_column
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[}}[127, 0, 127], [-50, 0, 0]]> : tensor<2x3xi8>}>
// CHECK-DAG: %[[S:.*]] = "aicc.Constant"() <{value = dense<[0.00999999977, 1.000000e+00, 2.000000e-02]> : tensor<3xf32>}>
// CHECK: aicc_cpu.matmul ins(%arg0, %[[W]], %arg1 : tensor<4x2xf32>, tensor<2x3xi8>, tensor<1x3xf32>)
// CHECK-SAME: b_scales(%[[S]] : tensor<3xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<gelu_erf>]
func.func @per_column(%a: tensor<4x2xf32>, %bias: tensor<1x3xf32>) -> tensor<4x3xf32> {
  %w = "aicc.Constant"() <{value = dense<[[1.27, 0.0, 2.54], [-0.5, 0.0, 0.0]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %init = tensor.empty() : tensor<4x3xf32>
  %y = aicc_cpu.matmul ins(%a, %w, %bias : tensor<4x2xf32>, tensor<2x3xf32>, tensor<1x3xf32>) outs(%init : tensor<4x3xf32>)
      {post_ops = [#aicc_cpu.eltwise<gelu_erf>]} -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// With trans_b (Gemm's transB, B stored [N, K]) a column of op(B) is a row of B.
// CHECK-LABEL: func.func @trans_b
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[}}[127, -127], [64, 127]]> : tensor<2x2xi8>}>
// CHECK-DAG: %[[S:.*]] = "aicc.Constant"() <{value = dense<[0.00999999977, 2.000000e-02]> : tensor<2xf32>}>
// CHECK: aicc_cpu.matmul ins(%arg0, %[[W]] : tensor<4x2xf32>, tensor<2x2xi8>) b_scales(%[[S]] : tensor<2xf32>)
// CHECK-SAME: trans_b = true
func.func @trans_b(%a: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %w = "aicc.Constant"() <{value = dense<[[1.27, -1.27], [1.27, 2.54]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %init = tensor.empty() : tensor<4x2xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x2xf32>) outs(%init : tensor<4x2xf32>) {trans_b = true} -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// A batched A against weights shared by every batch, reshaped to the kernel's rank as MatMul's
// lowering leaves them (an expand_shape of the constant), with a result permutation.
// CHECK-LABEL: func.func @batched
// CHECK: %[[W:.*]] = "aicc.Constant"() <{value = dense<127> : tensor<1x1x2xi8>}>
// CHECK: aicc_cpu.matmul ins(%arg0, %[[W]] : tensor<2x3x1xf32>, tensor<1x1x2xi8>) b_scales
// CHECK-SAME: result_permutation = array<i64: 1, 0, 2>
func.func @batched(%a: tensor<2x3x1xf32>) -> tensor<3x2x2xf32> {
  %w = "aicc.Constant"() <{value = dense<[[0.5, 2.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %b = tensor.expand_shape %w [[0, 1], [2]] output_shape [1, 1, 2] : tensor<1x2xf32> into tensor<1x1x2xf32>
  %init = tensor.empty() : tensor<3x2x2xf32>
  %y = aicc_cpu.matmul ins(%a, %b : tensor<2x3x1xf32>, tensor<1x1x2xf32>) outs(%init : tensor<3x2x2xf32>)
      {result_permutation = array<i64: 1, 0, 2>} -> tensor<3x2x2xf32>
  return %y : tensor<3x2x2xf32>
}
