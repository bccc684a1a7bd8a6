// RUN: aicc-opt %s --aicc-cpu-fold-kernel-transposes | FileCheck %s

// The attention block of a Transformer layer as it reaches the kernels: heads split off with
// Transpose before Q x K^T (A: 0-2-1-3, B: 0-2-3-1) and P x V, merged back after. Every
// Transpose becomes a permutation of its matmul, read or written in place.
// CHECK-LABEL: func.func @attention
// CHECK-SAME: (%[[Q:.*]]: tensor<1x8x2x4xf32>, %[[K:.*]]: tensor<1x8x2x4xf32>, %[[V:.*]]: tensor<1x8x2x4xf32>)
// CHECK-NOT: aicc.Transpose
// CHECK: %[[S:.*]] = aicc_cpu.matmul ins(%[[Q]], %[[K]] : tensor<1x8x2x4xf32>, tensor<1x8x2x4xf32>)
// CHECK-SAME: a_permutation = array<i64: 0, 2, 1, 3>, b_permutation = array<i64: 0, 2, 3, 1>
// CHECK-SAME: -> tensor<1x2x8x8xf32>
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<1x8x2x4xf32>
// CHECK: %[[O:.*]] = aicc_cpu.matmul ins(%[[S]], %[[V]] : tensor<1x2x8x8xf32>, tensor<1x8x2x4xf32>) outs(%[[INIT]] : tensor<1x8x2x4xf32>)
// CHECK-SAME: b_permutation = array<i64: 0, 2, 1, 3>, result_permutation = array<i64: 0, 2, 1, 3>
// CHECK-SAME: -> tensor<1x8x2x4xf32>
// CHECK: return %[[O]]
func.func @attention(%q: tensor<1x8x2x4xf32>, %k: tensor<1x8x2x4xf32>, %v: tensor<1x8x2x4xf32>) -> tensor<1x8x2x4xf32> {
  %qt = "aicc.Transpose"(%q) <{perm = array<i64: 0, 2, 1, 3>}> : (tensor<1x8x2x4xf32>) -> tensor<1x2x8x4xf32>
  %kt = "aicc.Transpose"(%k) <{perm = array<i64: 0, 2, 3, 1>}> : (tensor<1x8x2x4xf32>) -> tensor<1x2x4x8xf32>
  %vt = "aicc.Transpose"(%v) <{perm = array<i64: 0, 2, 1, 3>}> : (tensor<1x8x2x4xf32>) -> tensor<1x2x8x4xf32>
  %i0 = tensor.empty() : tensor<1x2x8x8xf32>
  %s = aicc_cpu.matmul ins(%qt, %kt : tensor<1x2x8x4xf32>, tensor<1x2x4x8xf32>) outs(%i0 : tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %i1 = tensor.empty() : tensor<1x2x8x4xf32>
  %o = aicc_cpu.matmul ins(%s, %vt : tensor<1x2x8x8xf32>, tensor<1x2x8x4xf32>) outs(%i1 : tensor<1x2x8x4xf32>) -> tensor<1x2x8x4xf32>
  %ot = "aicc.Transpose"(%o) <{perm = array<i64: 0, 2, 1, 3>}> : (tensor<1x2x8x4xf32>) -> tensor<1x8x2x4xf32>
  return %ot : tensor<1x8x2x4xf32>
}
