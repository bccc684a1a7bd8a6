// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// Gemm with transB, alpha 2 and beta 0.5: C is scaled by an aicc.Mul and passed as the bias.
// Params: R | a_dims | b_dims | y_dims | trans_a trans_b has_bias | bias_dims | alpha act a b
// CHECK-LABEL: func.func @gemm_trans_b_beta
// CHECK: %[[BETA:.*]] = "aicc.Constant"() <{value = dense<5.000000e-01> : tensor<f32>}>
// CHECK: %[[C:.*]] = "aicc.Mul"(%arg2, %[[BETA]])
// CHECK: aicc_cpu.kernel matmul [2, 3, 5, 5, 4, 3, 4, 0, 1, 1, 1, 4, 4611686018427387904, 0, 0, 0] slots [0, 1, 2, 3] of 4
// CHECK-SAME: ins(%arg0, %arg1, %[[C]] :
func.func @gemm_trans_b_beta(%a: tensor<3x5xf32>, %b: tensor<4x5xf32>, %c: tensor<4xf32>) -> tensor<3x4xf32> {
  %y = "aicc.Gemm"(%a, %b, %c) <{alpha = 2.0 : f32, beta = 0.5 : f32, transB = 1 : i64}>
      : (tensor<3x5xf32>, tensor<4x5xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// numpy MatMul: a 1-D A becomes [1, K]; the [1, 4] product is reshaped to ONNX's [4].
// CHECK-LABEL: func.func @matmul_vector_matrix
// CHECK: %[[P:.*]] = aicc_cpu.kernel matmul [2, 1, 3, 3, 4, 1, 4, 0, 0, 0, 1, 1,
// CHECK: tensor.collapse_shape %[[P]] {{\[\[}}0, 1]] : tensor<1x4xf32> into tensor<4xf32>
func.func @matmul_vector_matrix(%a: tensor<3xf32>, %b: tensor<3x4xf32>) -> tensor<4xf32> {
  %y = "aicc.MatMul"(%a, %b) : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Batch dims broadcast: [2,1,3,5] x [4,5,6] → [2,4,3,6].
// CHECK-LABEL: func.func @matmul_broadcast_batch
// CHECK: aicc_cpu.kernel matmul [4, 2, 1, 3, 5, 1, 4, 5, 6, 2, 4, 3, 6, 0, 0, 0,
func.func @matmul_broadcast_batch(%a: tensor<2x1x3x5xf32>, %b: tensor<4x5x6xf32>) -> tensor<2x4x3x6xf32> {
  %y = "aicc.MatMul"(%a, %b) : (tensor<2x1x3x5xf32>, tensor<4x5x6xf32>) -> tensor<2x4x3x6xf32>
  return %y : tensor<2x4x3x6xf32>
}

// -----

// Integer MatMul is not a oneDNN f32 kernel: left for the generic lowering.
// CHECK-LABEL: func.func @matmul_i32_not_lowered
// CHECK: "aicc.MatMul"
func.func @matmul_i32_not_lowered(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>) -> tensor<2x4xi32> {
  %y = "aicc.MatMul"(%a, %b) : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  return %y : tensor<2x4xi32>
}
