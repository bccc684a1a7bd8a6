// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// A matmul with folded transposes and a strided operand: aicc_matmul_params gets the logical dims
// of op(A), op(B) and Y with their element strides.
// - a [1,8,2,4] dense, a_permutation 0-2-1-3: op(A) [1,2,8,4], strides [64,4,8,1];
// - b a strided view: op(B) [1,2,4,8], strides [128,32,16,1];
// - the result [1,8,2,8] holds Y transposed by 0-2-1-3: Y [1,2,8,8], strides [128,8,16,1].
// CHECK: #aicc_cpu.matmul_params<a_dims = [1, 2, 8, 4], b_dims = [1, 2, 4, 8], y_dims = [1, 2, 8, 8],
// CHECK-SAME: a_strides = [64, 4, 8, 1], b_strides = [128, 32, 16, 1], y_strides = [128, 8, 16, 1],
// CHECK-SAME: trans_a = false, trans_b = false, bias_dims = [],
func.func @main(%a: memref<1x8x2x4xf32>, %b: memref<1x2x4x8xf32, strided<[128, 32, 16, 1]>>, %y: memref<1x8x2x8xf32>) {
  aicc_cpu.matmul ins(%a, %b : memref<1x8x2x4xf32>, memref<1x2x4x8xf32, strided<[128, 32, 16, 1]>>) outs(%y : memref<1x8x2x8xf32>)
      {a_permutation = array<i64: 0, 2, 1, 3>, result_permutation = array<i64: 0, 2, 1, 3>}
  return
}
