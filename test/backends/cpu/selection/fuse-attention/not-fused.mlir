// RUN: aicc-opt %s --aicc-cpu-fuse-attention --split-input-file | FileCheck %s

// The probabilities are also returned: they must be stored, so nothing fuses.
// CHECK-LABEL: func.func @probabilities_used
// CHECK-NOT: aicc_cpu.attention
// CHECK: aicc.Softmax
func.func @probabilities_used(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>, tensor<1x2x3x3xf32>) {
  %i0 = tensor.empty() : tensor<1x2x3x3xf32>
  %s = aicc_cpu.matmul ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%i0 : tensor<1x2x3x3xf32>) {b_permutation = array<i64: 0, 1, 3, 2>} -> tensor<1x2x3x3xf32>
  %p = "aicc.Softmax"(%s) <{axis = -1 : i64}> : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %i1 = tensor.empty() : tensor<1x2x3x4xf32>
  %o = aicc_cpu.matmul ins(%p, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%i1 : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %o, %p : tensor<1x2x3x4xf32>, tensor<1x2x3x3xf32>
}

// -----

// K stored as [B, H, D, S] (no b_permutation: Q x B with B dense) has its rows strided; a Softmax
// over the heads axis is not attention; a Where that masks below the diagonal is not causal.
// CHECK-LABEL: func.func @k_columns
// CHECK-NOT: aicc_cpu.attention
// CHECK-LABEL: func.func @softmax_axis
// CHECK-NOT: aicc_cpu.attention
// CHECK-LABEL: func.func @lower_triangle
// CHECK-NOT: aicc_cpu.attention
func.func @k_columns(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x4x3xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %i0 = tensor.empty() : tensor<1x2x3x3xf32>
  %s = aicc_cpu.matmul ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x4x3xf32>) outs(%i0 : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %p = "aicc.Softmax"(%s) <{axis = -1 : i64}> : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %i1 = tensor.empty() : tensor<1x2x3x4xf32>
  %o = aicc_cpu.matmul ins(%p, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%i1 : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}
func.func @softmax_axis(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %i0 = tensor.empty() : tensor<1x2x3x3xf32>
  %s = aicc_cpu.matmul ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%i0 : tensor<1x2x3x3xf32>) {b_permutation = array<i64: 0, 1, 3, 2>} -> tensor<1x2x3x3xf32>
  %p = "aicc.Softmax"(%s) <{axis = 1 : i64}> : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %i1 = tensor.empty() : tensor<1x2x3x4xf32>
  %o = aicc_cpu.matmul ins(%p, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%i1 : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}
func.func @lower_triangle(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %i0 = tensor.empty() : tensor<1x2x3x3xf32>
  %s = aicc_cpu.matmul ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%i0 : tensor<1x2x3x3xf32>) {b_permutation = array<i64: 0, 1, 3, 2>} -> tensor<1x2x3x3xf32>
  %triangle = "aicc.Constant"() <{value = dense<[[false, false, false], [true, false, false], [true, true, false]]> : tensor<3x3xi1>}> : () -> tensor<3x3xi1>
  %inf = "aicc.Constant"() <{value = dense<0xFF800000> : tensor<f32>}> : () -> tensor<f32>
  %masked = "aicc.Where"(%triangle, %inf, %s) : (tensor<3x3xi1>, tensor<f32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %p = "aicc.Softmax"(%masked) <{axis = -1 : i64}> : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %i1 = tensor.empty() : tensor<1x2x3x4xf32>
  %o = aicc_cpu.matmul ins(%p, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%i1 : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}

// -----

// A symbolic batch: the kernel would not see the matmuls' batch broadcasting.
// CHECK-LABEL: func.func @symbolic_batch
// CHECK-NOT: aicc_cpu.attention
func.func @symbolic_batch(%q: tensor<?x2x3x4xf32>, %k: tensor<?x2x3x4xf32>, %v: tensor<?x2x3x4xf32>, %i0: tensor<?x2x3x3xf32>, %i1: tensor<?x2x3x4xf32>) -> tensor<?x2x3x4xf32> {
  %s = aicc_cpu.matmul ins(%q, %k : tensor<?x2x3x4xf32>, tensor<?x2x3x4xf32>) outs(%i0 : tensor<?x2x3x3xf32>) {b_permutation = array<i64: 0, 1, 3, 2>} -> tensor<?x2x3x3xf32>
  %p = "aicc.Softmax"(%s) <{axis = -1 : i64}> : (tensor<?x2x3x3xf32>) -> tensor<?x2x3x3xf32>
  %o = aicc_cpu.matmul ins(%p, %v : tensor<?x2x3x3xf32>, tensor<?x2x3x4xf32>) outs(%i1 : tensor<?x2x3x4xf32>) -> tensor<?x2x3x4xf32>
  return %o : tensor<?x2x3x4xf32>
}

// -----

// A Where whose constant condition is a broadcast [1, 1] `false` masks nothing: not causal.
// CHECK-LABEL: func.func @unit_condition
// CHECK-NOT: aicc_cpu.attention
func.func @unit_condition(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %i0 = tensor.empty() : tensor<1x2x3x3xf32>
  %s = aicc_cpu.matmul ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%i0 : tensor<1x2x3x3xf32>) {b_permutation = array<i64: 0, 1, 3, 2>} -> tensor<1x2x3x3xf32>
  %none = "aicc.Constant"() <{value = dense<false> : tensor<1x1xi1>}> : () -> tensor<1x1xi1>
  %inf = "aicc.Constant"() <{value = dense<0xFF800000> : tensor<f32>}> : () -> tensor<f32>
  %masked = "aicc.Where"(%none, %inf, %s) : (tensor<1x1xi1>, tensor<f32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %p = "aicc.Softmax"(%masked) <{axis = -1 : i64}> : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %i1 = tensor.empty() : tensor<1x2x3x4xf32>
  %o = aicc_cpu.matmul ins(%p, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%i1 : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}
