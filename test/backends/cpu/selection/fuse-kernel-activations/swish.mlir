// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-activations --split-input-file | FileCheck %s

// SiLU as PyTorch exports it (x * Sigmoid(x)) after a conv: one swish post-op, after the conv's
// existing one; neither the Sigmoid nor the Mul is left.
// CHECK-LABEL: func.func @conv_silu
// CHECK: %[[K:.*]] = aicc_cpu.conv
// CHECK-SAME: post_ops = [#aicc_cpu.sum, #aicc_cpu.eltwise<swish>]
// CHECK-NOT: aicc.
// CHECK: return %[[K]]
func.func @conv_silu(%in: tensor<1x1x3xf32>, %w: tensor<1x1x1xf32>, %r: tensor<1x1x3xf32>) -> tensor<1x1x3xf32> {
  %x = aicc_cpu.conv ins(%in, %w : tensor<1x1x3xf32>, tensor<1x1x1xf32>) outs(%r : tensor<1x1x3xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1>, pads_begin = array<i64: 0>, pads_end = array<i64: 0>, groups = 1 : i64,
       post_ops = [#aicc_cpu.sum]} -> tensor<1x1x3xf32>
  %s = "aicc.Sigmoid"(%x) : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %y = "aicc.Mul"(%s, %x) : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// The gate read by something else too (a squeeze-and-excitation scale of another tensor): the
// Sigmoid must stay, so nothing is fused.
// CHECK-LABEL: func.func @gate_used_twice
// CHECK: aicc_cpu.matmul
// CHECK-NOT: post_ops = [#aicc_cpu.eltwise<swish>]
// CHECK: "aicc.Sigmoid"
// CHECK: "aicc.Mul"
func.func @gate_used_twice(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %init = tensor.empty() : tensor<4x16xf32>
  %x = aicc_cpu.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%init : tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = "aicc.Sigmoid"(%x) : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = "aicc.Mul"(%x, %s) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  return %y, %s : tensor<4x16xf32>, tensor<4x16xf32>
}

// -----

// x * Sigmoid(z) of another tensor is a gate, not a swish.
// CHECK-LABEL: func.func @other_gate
// CHECK-NOT: swish
// CHECK: "aicc.Mul"
func.func @other_gate(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %z: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %init = tensor.empty() : tensor<4x16xf32>
  %x = aicc_cpu.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%init : tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = "aicc.Sigmoid"(%z) : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = "aicc.Mul"(%x, %s) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
