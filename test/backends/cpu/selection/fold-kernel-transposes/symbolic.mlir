// RUN: aicc-opt %s --aicc-cpu-fold-kernel-transposes | FileCheck %s

// With symbolic batch and sequence the Transposes fold the same way (the kernel takes the strides
// they give at run time); the transposed result's destination takes its symbolic dims from the
// matmul's, permuted.
// CHECK-LABEL: func.func @attention
// CHECK-NOT: aicc.Transpose
// CHECK: aicc_cpu.matmul ins(%arg0, %arg1 : tensor<?x?x2x4xf32>, tensor<?x?x2x4xf32>)
// CHECK-SAME: a_permutation = array<i64: 0, 2, 1, 3>, b_permutation = array<i64: 0, 2, 3, 1>
// CHECK: %[[B:.*]] = tensor.dim %[[I1:.*]], %c0
// CHECK: %[[S:.*]] = tensor.dim %[[I1]], %c2
// CHECK: tensor.empty(%[[B]], %[[S]]) : tensor<?x?x2x4xf32>
// CHECK: result_permutation = array<i64: 0, 2, 1, 3>
// CHECK-SAME: -> tensor<?x?x2x4xf32>
func.func @attention(%q: tensor<?x?x2x4xf32>, %k: tensor<?x?x2x4xf32>, %v: tensor<?x?x2x4xf32>, %b: index, %n: index)
    -> tensor<?x?x2x4xf32> {
  %qt = "aicc.Transpose"(%q) <{perm = array<i64: 0, 2, 1, 3>}> : (tensor<?x?x2x4xf32>) -> tensor<?x2x?x4xf32>
  %kt = "aicc.Transpose"(%k) <{perm = array<i64: 0, 2, 3, 1>}> : (tensor<?x?x2x4xf32>) -> tensor<?x2x4x?xf32>
  %vt = "aicc.Transpose"(%v) <{perm = array<i64: 0, 2, 1, 3>}> : (tensor<?x?x2x4xf32>) -> tensor<?x2x?x4xf32>
  %i0 = tensor.empty(%b, %n, %n) : tensor<?x2x?x?xf32>
  %s = aicc_cpu.matmul ins(%qt, %kt : tensor<?x2x?x4xf32>, tensor<?x2x4x?xf32>) outs(%i0 : tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32>
  %i1 = tensor.empty(%b, %n) : tensor<?x2x?x4xf32>
  %o = aicc_cpu.matmul ins(%s, %vt : tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>) outs(%i1 : tensor<?x2x?x4xf32>) -> tensor<?x2x?x4xf32>
  %ot = "aicc.Transpose"(%o) <{perm = array<i64: 0, 2, 1, 3>}> : (tensor<?x2x?x4xf32>) -> tensor<?x?x2x4xf32>
  return %ot : tensor<?x?x2x4xf32>
}
