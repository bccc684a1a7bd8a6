// RUN: aicc-opt %s --aicc-cpu-fold-kernel-transposes --split-input-file | FileCheck %s

// A permutation that leaves neither matrix dim contiguous (the stored innermost dim becomes a
// batch dim) stays a Transpose: oneDNN would read it element by element.
// CHECK-LABEL: func.func @operand_innermost_to_batch
// CHECK: aicc.Transpose
// CHECK: aicc_cpu.matmul
// CHECK-NOT: permutation
func.func @operand_innermost_to_batch(%x: tensor<2x3x4xf32>, %b: tensor<4x2x5xf32>) -> tensor<4x3x5xf32> {
  %a = "aicc.Transpose"(%x) <{perm = array<i64: 2, 1, 0>}> : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  %i = tensor.empty() : tensor<4x3x5xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<4x3x2xf32>, tensor<4x2x5xf32>) outs(%i : tensor<4x3x5xf32>) -> tensor<4x3x5xf32>
  return %m : tensor<4x3x5xf32>
}

// -----

// An operand that already has a trans flag keeps its Transpose.
// CHECK-LABEL: func.func @operand_with_trans_flag
// CHECK: aicc.Transpose
// CHECK-NOT: a_permutation
func.func @operand_with_trans_flag(%x: tensor<4x1x3xf32>, %b: tensor<1x4x5xf32>) -> tensor<1x3x5xf32> {
  %a = "aicc.Transpose"(%x) <{perm = array<i64: 1, 0, 2>}> : (tensor<4x1x3xf32>) -> tensor<1x4x3xf32>
  %i = tensor.empty() : tensor<1x3x5xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<1x4x3xf32>, tensor<1x4x5xf32>) outs(%i : tensor<1x3x5xf32>) {trans_a = true} -> tensor<1x3x5xf32>
  return %m : tensor<1x3x5xf32>
}

// -----

// Result transposes are folded only when Y's rows stay rows, the Transpose is the matmul's only
// use, and there is no sum post-op (whose destination is the residual).
// CHECK-LABEL: func.func @results
// CHECK: aicc_cpu.matmul
// CHECK-NOT: result_permutation
// CHECK: aicc.Transpose{{.*}}array<i64: 0, 2, 1>
// CHECK: aicc_cpu.matmul
// CHECK-NOT: result_permutation
// CHECK: aicc.Transpose
// CHECK: aicc_cpu.matmul
// CHECK-SAME: post_ops = [#aicc_cpu.sum]
// CHECK-NOT: result_permutation
// CHECK: aicc.Transpose
func.func @results(%a: tensor<2x3x4xf32>, %b: tensor<2x4x3xf32>, %r: tensor<2x3x3xf32>)
    -> (tensor<2x3x3xf32>, tensor<3x2x3xf32>, tensor<2x3x3xf32>, tensor<3x2x3xf32>) {
  %i0 = tensor.empty() : tensor<2x3x3xf32>
  %m0 = aicc_cpu.matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%i0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %t0 = "aicc.Transpose"(%m0) <{perm = array<i64: 0, 2, 1>}> : (tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %i1 = tensor.empty() : tensor<2x3x3xf32>
  %m1 = aicc_cpu.matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%i1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %t1 = "aicc.Transpose"(%m1) <{perm = array<i64: 1, 0, 2>}> : (tensor<2x3x3xf32>) -> tensor<3x2x3xf32>
  %m2 = aicc_cpu.matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%r : tensor<2x3x3xf32>) {post_ops = [#aicc_cpu.sum]} -> tensor<2x3x3xf32>
  %t2 = "aicc.Transpose"(%m2) <{perm = array<i64: 1, 0, 2>}> : (tensor<2x3x3xf32>) -> tensor<3x2x3xf32>
  return %t0, %t1, %m1, %t2 : tensor<2x3x3xf32>, tensor<3x2x3xf32>, tensor<2x3x3xf32>, tensor<3x2x3xf32>
}
