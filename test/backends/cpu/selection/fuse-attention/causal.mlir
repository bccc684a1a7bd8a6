// RUN: aicc-opt %s --aicc-cpu-fuse-attention | FileCheck %s

// GPT's causal attention: the scores filled with -inf above the diagonal (Where of the constant
// torch.triu(ones, 1)) before the Softmax, a Mul by 0.5 as the scale, dense heads.
// CHECK-LABEL: func.func @causal
// CHECK: %[[A:.*]] = aicc_cpu.attention ins(%arg0, %arg1, %arg2 : {{.*}}) outs(%{{.*}} : tensor<1x2x3x4xf32>)
// CHECK-SAME: causal = true
// CHECK-SAME: scale = 5.000000e-01
// CHECK-NOT: aicc.Where
// CHECK: return %[[A]]
func.func @causal(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %i0 = tensor.empty() : tensor<1x2x3x3xf32>
  %s = aicc_cpu.matmul ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) post_op_inputs(%half : tensor<1x1x1x1xf32>)
      outs(%i0 : tensor<1x2x3x3xf32>) {b_permutation = array<i64: 0, 1, 3, 2>, post_ops = [#aicc_cpu.binary<mul>]} -> tensor<1x2x3x3xf32>
  %triangle = "aicc.Constant"() <{value = dense<[[false, true, true], [false, false, true], [false, false, false]]> : tensor<3x3xi1>}> : () -> tensor<3x3xi1>
  %inf = "aicc.Constant"() <{value = dense<0xFF800000> : tensor<f32>}> : () -> tensor<f32>
  %masked = "aicc.Where"(%triangle, %inf, %s) : (tensor<3x3xi1>, tensor<f32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %p = "aicc.Softmax"(%masked) <{axis = 3 : i64}> : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %i1 = tensor.empty() : tensor<1x2x3x4xf32>
  %o = aicc_cpu.matmul ins(%p, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%i1 : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}
