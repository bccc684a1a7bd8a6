// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-binary-ops --split-input-file | FileCheck %s

// Binary ops the pass must leave alone, each next to a kernel it would otherwise fuse into: the
// IR comes out as it went in, the binary op still a loop nest after the kernel.

// A Div whose divisor is the kernel's result: T / product is no oneDNN binary post-op (Div,
// like Sub, does not commute, so only the kernel-first order folds).
// CHECK-LABEL: func.func @kernel_is_divisor
// CHECK-NEXT: %[[I:.*]] = tensor.empty() : tensor<3x5xf32>
// CHECK-NEXT: %[[K:.*]] = aicc_cpu.matmul ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<4x5xf32>) outs(%[[I]] : tensor<3x5xf32>) -> tensor<3x5xf32>
// CHECK-NEXT: %[[Y:.*]] = "aicc.Div"(%arg2, %[[K]])
// CHECK-NEXT: return %[[Y]]
func.func @kernel_is_divisor(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %t: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %i = tensor.empty() : tensor<3x5xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%i : tensor<3x5xf32>) -> tensor<3x5xf32>
  %y = "aicc.Div"(%t, %m) : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

// A result with a symbolic dim: only static f32 binary ops fold.
// CHECK-LABEL: func.func @dynamic_result
// CHECK-NEXT: %[[I:.*]] = tensor.empty(%arg3) : tensor<?x5xf32>
// CHECK-NEXT: %[[K:.*]] = aicc_cpu.matmul ins(%arg0, %arg1 : tensor<?x4xf32>, tensor<4x5xf32>) outs(%[[I]] : tensor<?x5xf32>) -> tensor<?x5xf32>
// CHECK-NEXT: %[[Y:.*]] = "aicc.Add"(%[[K]], %arg2)
// CHECK-NEXT: return %[[Y]]
func.func @dynamic_result(%a: tensor<?x4xf32>, %b: tensor<4x5xf32>, %t: tensor<1x5xf32>, %n: index) -> tensor<?x5xf32> {
  %i = tensor.empty(%n) : tensor<?x5xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<?x4xf32>, tensor<4x5xf32>) outs(%i : tensor<?x5xf32>) -> tensor<?x5xf32>
  %y = "aicc.Add"(%m, %t) : (tensor<?x5xf32>, tensor<1x5xf32>) -> tensor<?x5xf32>
  return %y : tensor<?x5xf32>
}

// -----

// A kernel whose post-op list is full (AICC_MAX_POST_OPS, 4): a fifth does not fit.
// CHECK-LABEL: func.func @post_ops_full
// CHECK-NEXT: %[[I:.*]] = tensor.empty() : tensor<3x5xf32>
// CHECK-NEXT: %[[K:.*]] = aicc_cpu.matmul ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<4x5xf32>) outs(%[[I]] : tensor<3x5xf32>)
// CHECK-SAME: {post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<sigmoid>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<sigmoid>]}
// CHECK-NEXT: %[[Y:.*]] = "aicc.Add"(%[[K]], %arg2)
// CHECK-NEXT: return %[[Y]]
func.func @post_ops_full(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %t: tensor<1x5xf32>) -> tensor<3x5xf32> {
  %i = tensor.empty() : tensor<3x5xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%i : tensor<3x5xf32>)
      {post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<sigmoid>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<sigmoid>]} -> tensor<3x5xf32>
  %y = "aicc.Add"(%m, %t) : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

// A matmul writing its result transposed (result_permutation): T, a row of the transposed
// result, would have to be transposed too, since the permutation moves its non-1 dim.
// CHECK-LABEL: func.func @transposed_result
// CHECK-NEXT: %[[I:.*]] = tensor.empty() : tensor<5x3xf32>
// CHECK-NEXT: %[[K:.*]] = aicc_cpu.matmul ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<4x5xf32>) outs(%[[I]] : tensor<5x3xf32>)
// CHECK-SAME: {result_permutation = array<i64: 1, 0>}
// CHECK-NEXT: %[[Y:.*]] = "aicc.Add"(%[[K]], %arg2)
// CHECK-NEXT: return %[[Y]]
func.func @transposed_result(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %t: tensor<1x3xf32>) -> tensor<5x3xf32> {
  %i = tensor.empty() : tensor<5x3xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%i : tensor<5x3xf32>)
      {result_permutation = array<i64: 1, 0>} -> tensor<5x3xf32>
  %y = "aicc.Add"(%m, %t) : (tensor<5x3xf32>, tensor<1x3xf32>) -> tensor<5x3xf32>
  return %y : tensor<5x3xf32>
}
