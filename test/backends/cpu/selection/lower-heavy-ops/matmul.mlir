// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// Gemm with transB, alpha 2 and beta 0.5: C is scaled by an aicc.Mul and passed as the bias.
// CHECK-LABEL: func.func @gemm_trans_b_beta
// CHECK: %[[BETA:.*]] = "aicc.Constant"() <{value = dense<5.000000e-01> : tensor<f32>}>
// CHECK: %[[C:.*]] = "aicc.Mul"(%arg2, %[[BETA]])
// CHECK: %[[BIAS:.*]] = tensor.expand_shape %[[C]] {{\[\[}}0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
// CHECK: aicc_cpu.matmul ins(%arg0, %arg1, %[[BIAS]] : tensor<3x5xf32>, tensor<4x5xf32>, tensor<1x4xf32>)
// CHECK-SAME: {alpha = 2.000000e+00 : f64, trans_b = true}
func.func @gemm_trans_b_beta(%a: tensor<3x5xf32>, %b: tensor<4x5xf32>, %c: tensor<4xf32>) -> tensor<3x4xf32> {
  %y = "aicc.Gemm"(%a, %b, %c) <{alpha = 2.0 : f32, beta = 0.5 : f32, transB = 1 : i64}>
      : (tensor<3x5xf32>, tensor<4x5xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// numpy MatMul: a 1-D A becomes [1, K]; the [1, 4] product is reshaped to ONNX's [4].
// CHECK-LABEL: func.func @matmul_vector_matrix
// CHECK: %[[A:.*]] = tensor.expand_shape %arg0 {{\[\[}}0, 1]] output_shape [1, 3]
// CHECK: %[[P:.*]] = aicc_cpu.matmul ins(%[[A]], %arg1 : tensor<1x3xf32>, tensor<3x4xf32>) outs(%{{.*}} : tensor<1x4xf32>)
// CHECK: tensor.collapse_shape %[[P]] {{\[\[}}0, 1]] : tensor<1x4xf32> into tensor<4xf32>
func.func @matmul_vector_matrix(%a: tensor<3xf32>, %b: tensor<3x4xf32>) -> tensor<4xf32> {
  %y = "aicc.MatMul"(%a, %b) : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Batch dims broadcast: [2,1,3,5] x [4,5,6] → [2,4,3,6].
// CHECK-LABEL: func.func @matmul_broadcast_batch
// CHECK: %[[B:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1], [2], [3]] output_shape [1, 4, 5, 6]
// CHECK: aicc_cpu.matmul ins(%arg0, %[[B]] : tensor<2x1x3x5xf32>, tensor<1x4x5x6xf32>) outs(%{{.*}} : tensor<2x4x3x6xf32>)
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
