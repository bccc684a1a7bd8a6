// RUN: aicc-opt %s --aicc-cpu-fuse-attention | FileCheck %s --check-prefix=DEFAULT
// RUN: aicc-opt %s --aicc-cpu-fuse-attention="max-keys=128" | FileCheck %s --check-prefix=RAISED

// 96 keys: more than the fused kernel is faster for by default (64), so the matmuls stay; with
// max-keys=128 it fuses.
// DEFAULT-LABEL: func.func @long
// DEFAULT-NOT: aicc_cpu.attention
// DEFAULT: aicc.Softmax
// RAISED-LABEL: func.func @long
// RAISED: aicc_cpu.attention
func.func @long(%q: tensor<1x2x96x4xf32>, %k: tensor<1x2x96x4xf32>, %v: tensor<1x2x96x4xf32>) -> tensor<1x2x96x4xf32> {
  %i0 = tensor.empty() : tensor<1x2x96x96xf32>
  %s = aicc_cpu.matmul ins(%q, %k : tensor<1x2x96x4xf32>, tensor<1x2x96x4xf32>) outs(%i0 : tensor<1x2x96x96xf32>) {b_permutation = array<i64: 0, 1, 3, 2>} -> tensor<1x2x96x96xf32>
  %p = "aicc.Softmax"(%s) <{axis = -1 : i64}> : (tensor<1x2x96x96xf32>) -> tensor<1x2x96x96xf32>
  %i1 = tensor.empty() : tensor<1x2x96x4xf32>
  %o = aicc_cpu.matmul ins(%p, %v : tensor<1x2x96x96xf32>, tensor<1x2x96x4xf32>) outs(%i1 : tensor<1x2x96x4xf32>) -> tensor<1x2x96x4xf32>
  return %o : tensor<1x2x96x4xf32>
}
