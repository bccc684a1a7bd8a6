// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-binary-ops --split-input-file | FileCheck %s

// FiLM / a diffusion UNet's time embedding: a per-channel scale and shift computed before the
// conv multiply and add its output. Both become binary post-ops, in order, their tensors
// reshaped to [1, OC, 1, 1] (the shift's [OC, 1, 1] by an expand_shape).
// CHECK-LABEL: func.func @film
// CHECK-SAME: (%{{.*}}: tensor<1x3x8x8xf32>, %{{.*}}: tensor<16x3x3x3xf32>, %[[SCALE:.*]]: tensor<1x16x1x1xf32>, %[[SHIFT:.*]]: tensor<16x1x1xf32>)
// CHECK: %[[T:.*]] = tensor.expand_shape %[[SHIFT]] {{.*}} into tensor<1x16x1x1xf32>
// CHECK: %[[K:.*]] = aicc_cpu.conv ins(%{{.*}}, %{{.*}} : tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>)
// CHECK-SAME: post_op_inputs(%[[SCALE]], %[[T]] : tensor<1x16x1x1xf32>, tensor<1x16x1x1xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.binary<mul>, #aicc_cpu.binary<add>]
// CHECK-NOT: aicc.Mul
// CHECK-NOT: aicc.Add
// CHECK: return %[[K]]
func.func @film(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %s: tensor<1x16x1x1xf32>, %shift: tensor<16x1x1xf32>) -> tensor<1x16x8x8xf32> {
  %i = tensor.empty() : tensor<1x16x8x8xf32>
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) outs(%i : tensor<1x16x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, groups = 1 : i64} -> tensor<1x16x8x8xf32>
  %m = "aicc.Mul"(%s, %c) : (tensor<1x16x1x1xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %y = "aicc.Add"(%m, %shift) : (tensor<1x16x8x8xf32>, tensor<16x1x1xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

// Not for a conv: a tensor that varies over H or W or by batch element would have to be laid out
// like the conv's output; a scale computed from the conv's own output (squeeze-and-excitation)
// does not exist before the conv runs.
// CHECK-LABEL: func.func @not_fused
// CHECK: aicc_cpu.conv
// CHECK-NOT: post_op_inputs
// CHECK: "aicc.Add"
// CHECK: "aicc.GlobalAveragePool"
// CHECK: "aicc.Mul"
// CHECK: "aicc.Mul"
func.func @not_fused(%x: tensor<2x3x8x8xf32>, %w: tensor<16x3x1x1xf32>, %plane: tensor<1x1x8x8xf32>, %per_batch: tensor<2x16x1x1xf32>) -> (tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>) {
  %i = tensor.empty() : tensor<2x16x8x8xf32>
  %c1 = aicc_cpu.conv ins(%x, %w : tensor<2x3x8x8xf32>, tensor<16x3x1x1xf32>) outs(%i : tensor<2x16x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<2x16x8x8xf32>
  %a = "aicc.Add"(%c1, %plane) : (tensor<2x16x8x8xf32>, tensor<1x1x8x8xf32>) -> tensor<2x16x8x8xf32>
  %c2 = aicc_cpu.conv ins(%x, %w : tensor<2x3x8x8xf32>, tensor<16x3x1x1xf32>) outs(%i : tensor<2x16x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<2x16x8x8xf32>
  %se = "aicc.GlobalAveragePool"(%c2) : (tensor<2x16x8x8xf32>) -> tensor<2x16x1x1xf32>
  %m = "aicc.Mul"(%c2, %se) : (tensor<2x16x8x8xf32>, tensor<2x16x1x1xf32>) -> tensor<2x16x8x8xf32>
  %c3 = aicc_cpu.conv ins(%x, %w : tensor<2x3x8x8xf32>, tensor<16x3x1x1xf32>) outs(%i : tensor<2x16x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<2x16x8x8xf32>
  %n = "aicc.Mul"(%c3, %per_batch) : (tensor<2x16x8x8xf32>, tensor<2x16x1x1xf32>) -> tensor<2x16x8x8xf32>
  return %a, %m, %n : tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>
}

// -----

// The scale is computed after the conv in program order (as PyTorch exports a FiLM Linear): the
// conv, whose operands all come before it, moves down to its only user and takes the scale.
// CHECK-LABEL: func.func @scale_computed_later
// CHECK: %[[S:.*]] = "aicc.Sigmoid"
// CHECK: %[[K:.*]] = aicc_cpu.conv
// CHECK-SAME: post_op_inputs(%[[S]] : tensor<1x16x1x1xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.binary<mul>]
// CHECK: return %[[K]]
func.func @scale_computed_later(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x1x1xf32>, %z: tensor<1x16x1x1xf32>) -> tensor<1x16x8x8xf32> {
  %i = tensor.empty() : tensor<1x16x8x8xf32>
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x3x8x8xf32>, tensor<16x3x1x1xf32>) outs(%i : tensor<1x16x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x16x8x8xf32>
  %s = "aicc.Sigmoid"(%z) : (tensor<1x16x1x1xf32>) -> tensor<1x16x1x1xf32>
  %m = "aicc.Mul"(%c, %s) : (tensor<1x16x8x8xf32>, tensor<1x16x1x1xf32>) -> tensor<1x16x8x8xf32>
  return %m : tensor<1x16x8x8xf32>
}
