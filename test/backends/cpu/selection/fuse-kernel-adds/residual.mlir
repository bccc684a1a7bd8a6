// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-adds --split-input-file | FileCheck %s
// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-adds --aicc-cpu-fuse-kernel-activations --split-input-file | FileCheck %s --check-prefix=BOTH

// A residual Add: the conv writes into the residual and adds to it (sum post-op).
// CHECK-LABEL: func.func @residual
// CHECK: %[[K:.*]] = aicc_cpu.conv ins(%arg0, %arg1 : {{.*}}) outs(%arg2 : tensor<1x2x3x3xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.sum]
// CHECK-NOT: aicc.Add
// CHECK: return %[[K]]
func.func @residual(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %r: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %init = tensor.empty() : tensor<1x2x3x3xf32>
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x2x3x3xf32>
  %y = "aicc.Add"(%r, %k) : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A matmul's residual (the kernel on the Add's left) becomes its destination the same way.
// CHECK-LABEL: func.func @matmul_residual
// CHECK: aicc_cpu.matmul ins(%arg0, %arg1 : tensor<2x4xf32>, tensor<4x3xf32>) outs(%arg2 : tensor<2x3xf32>) {post_ops = [#aicc_cpu.sum]}
// CHECK-NOT: aicc.Add
func.func @matmul_residual(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %r: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %k = aicc_cpu.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  %y = "aicc.Add"(%k, %r) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Add then Relu (ResNet's block ending): this pass fuses the sum and leaves the Relu; with the
// activation pass after it, the Relu follows the sum in the post-op list.
// CHECK-LABEL: func.func @residual_relu
// CHECK: %[[K:.*]] = aicc_cpu.conv {{.*}} outs(%arg2 : tensor<1x2x3x3xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.sum]
// CHECK: "aicc.Relu"(%[[K]])
// BOTH-LABEL: func.func @residual_relu
// BOTH: %[[K:.*]] = aicc_cpu.conv {{.*}} outs(%arg2 : tensor<1x2x3x3xf32>)
// BOTH-SAME: post_ops = [#aicc_cpu.sum, #aicc_cpu.eltwise<relu>]
// BOTH-NOT: aicc.Relu
// BOTH: return %[[K]]
func.func @residual_relu(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %r: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %init = tensor.empty() : tensor<1x2x3x3xf32>
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x2x3x3xf32>
  %y = "aicc.Add"(%r, %k) : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %z = "aicc.Relu"(%y) : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %z : tensor<1x2x3x3xf32>
}
