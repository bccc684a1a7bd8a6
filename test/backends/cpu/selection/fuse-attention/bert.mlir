// RUN: aicc-opt %s --aicc-cpu-fuse-attention | FileCheck %s

// BERT's attention as the earlier folds leave it: Q x K^T through permutations, divided by
// sqrt(64) = 8 and the padding mask added as post-ops, Softmax, P x V written with the heads
// merged back. One attention kernel, scale 1/8, the mask passed through.
// CHECK-LABEL: func.func @bert
// CHECK-SAME: (%[[Q:.*]]: tensor<1x32x2x64xf32>, %[[K:.*]]: tensor<1x32x2x64xf32>, %[[V:.*]]: tensor<1x32x2x64xf32>, %[[M:.*]]: tensor<1x1x1x32xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<1x32x2x64xf32>
// CHECK: %[[A:.*]] = aicc_cpu.attention ins(%[[Q]], %[[K]], %[[V]], %[[M]] : {{.*}}) outs(%[[INIT]] : tensor<1x32x2x64xf32>)
// CHECK-SAME: k_permutation = array<i64: 0, 2, 1, 3>
// CHECK-SAME: q_permutation = array<i64: 0, 2, 1, 3>
// CHECK-SAME: result_permutation = array<i64: 0, 2, 1, 3>
// CHECK-SAME: scale = 1.250000e-01
// CHECK-SAME: v_permutation = array<i64: 0, 2, 1, 3>
// CHECK-NOT: aicc_cpu.matmul
// CHECK-NOT: aicc.Softmax
// CHECK: return %[[A]]
func.func @bert(%q: tensor<1x32x2x64xf32>, %k: tensor<1x32x2x64xf32>, %v: tensor<1x32x2x64xf32>, %mask: tensor<1x1x1x32xf32>) -> tensor<1x32x2x64xf32> {
  %eight = "aicc.Constant"() <{value = dense<8.0> : tensor<f32>}> : () -> tensor<f32>
  %scale = tensor.expand_shape %eight [] output_shape [1, 1, 1, 1] : tensor<f32> into tensor<1x1x1x1xf32>
  %i0 = tensor.empty() : tensor<1x2x32x32xf32>
  %s = aicc_cpu.matmul ins(%q, %k : tensor<1x32x2x64xf32>, tensor<1x32x2x64xf32>)
      post_op_inputs(%scale, %mask : tensor<1x1x1x1xf32>, tensor<1x1x1x32xf32>) outs(%i0 : tensor<1x2x32x32xf32>)
      {a_permutation = array<i64: 0, 2, 1, 3>, b_permutation = array<i64: 0, 2, 3, 1>,
       post_ops = [#aicc_cpu.binary<div>, #aicc_cpu.binary<add>]} -> tensor<1x2x32x32xf32>
  %p = "aicc.Softmax"(%s) <{axis = -1 : i64}> : (tensor<1x2x32x32xf32>) -> tensor<1x2x32x32xf32>
  %i1 = tensor.empty() : tensor<1x32x2x64xf32>
  %o = aicc_cpu.matmul ins(%p, %v : tensor<1x2x32x32xf32>, tensor<1x32x2x64xf32>) outs(%i1 : tensor<1x32x2x64xf32>)
      {b_permutation = array<i64: 0, 2, 1, 3>, result_permutation = array<i64: 0, 2, 1, 3>} -> tensor<1x32x2x64xf32>
  return %o : tensor<1x32x2x64xf32>
}
