// RUN: aicc-opt %s --aicc-cpu-quantize-matmuls-dynamically --split-input-file | FileCheck %s

// Left in f32: a B that is an activation (attention's scores), a B that differs per batch, an A
// read through a permutation or transposed, an A that is a constant too (compile-time work), and
// weights that are not finite.
// CHECK-LABEL: func.func @activation_b
// CHECK-NOT: b_scales
func.func @activation_b(%a: tensor<4x2xf32>, %b: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %init = tensor.empty() : tensor<4x3xf32>
  %y = aicc_cpu.matmul ins(%a, %b : tensor<4x2xf32>, tensor<2x3xf32>) outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @b_per_batch
// CHECK-NOT: b_scales
func.func @b_per_batch(%a: tensor<2x4x2xf32>) -> tensor<2x4x1xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1xf32>}> : () -> tensor<2x2x1xf32>
  %init = tensor.empty() : tensor<2x4x1xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<2x4x2xf32>, tensor<2x2x1xf32>) outs(%init : tensor<2x4x1xf32>) -> tensor<2x4x1xf32>
  return %y : tensor<2x4x1xf32>
}

// -----

// CHECK-LABEL: func.func @a_permuted
// CHECK-NOT: b_scales
func.func @a_permuted(%a: tensor<4x2x1xf32>) -> tensor<2x4x1xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %init = tensor.empty() : tensor<2x4x1xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2x1xf32>, tensor<1x1x1xf32>) outs(%init : tensor<2x4x1xf32>)
      {a_permutation = array<i64: 1, 0, 2>} -> tensor<2x4x1xf32>
  return %y : tensor<2x4x1xf32>
}

// -----

// CHECK-LABEL: func.func @a_transposed
// CHECK-NOT: b_scales
func.func @a_transposed(%a: tensor<2x4xf32>) -> tensor<4x3xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %init = tensor.empty() : tensor<4x3xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<2x4xf32>, tensor<2x3xf32>) outs(%init : tensor<4x3xf32>) {trans_a = true} -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @constant_a
// CHECK-NOT: b_scales
func.func @constant_a() -> tensor<4x3xf32> {
  %a = "aicc.Constant"() <{value = dense<1.0> : tensor<4x2xf32>}> : () -> tensor<4x2xf32>
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %init = tensor.empty() : tensor<4x3xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xf32>) outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @infinite_weights
// CHECK-NOT: b_scales
func.func @infinite_weights(%a: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = "aicc.Constant"() <{value = dense<0x7F800000> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %init = tensor.empty() : tensor<4x3xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xf32>) outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}
