// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=16" --split-input-file | FileCheck %s

// Squeeze-and-excitation: the per-channel scale computed from the conv's output (pool, Sigmoid)
// stays blocked and broadcasts over H and W in the physical shape; plain per-channel tensors
// ([C, 1, 1], [1, C, 1, 1]) are reshaped into it. Only the graph output is reordered.
// CHECK-LABEL: func.func @squeeze_excitation
// CHECK: %[[A:.*]] = aicc_cpu.conv {{.*}} -> tensor<1x2x4x4x16xf32>
// CHECK: %[[P:.*]] = aicc_cpu.pool <average_exclude_pad> ins(%[[A]] {{.*}} -> tensor<1x2x1x1x16xf32>
// CHECK: %[[G:.*]] = "aicc.Sigmoid"(%[[P]]) : (tensor<1x2x1x1x16xf32>) -> tensor<1x2x1x1x16xf32>
// CHECK: %[[M:.*]] = "aicc.Mul"(%[[A]], %[[G]]) : (tensor<1x2x4x4x16xf32>, tensor<1x2x1x1x16xf32>) -> tensor<1x2x4x4x16xf32>
// CHECK: %[[C:.*]] = tensor.expand_shape {{.*}} into tensor<1x2x1x1x16xf32>
// CHECK: %[[N:.*]] = "aicc.Add"(%[[M]], %[[C]]) : (tensor<1x2x4x4x16xf32>, tensor<1x2x1x1x16xf32>) -> tensor<1x2x4x4x16xf32>
// CHECK: %[[S:.*]] = tensor.expand_shape {{.*}} into tensor<1x2x1x1x16xf32>
// CHECK: %[[O:.*]] = "aicc.Mul"(%[[N]], %[[S]])
// CHECK-NOT: aicc_cpu.reorder
// CHECK: aicc_cpu.reorder <blocked16> to <plain> ins(%[[O]]
// CHECK-NOT: aicc_cpu.reorder
func.func @squeeze_excitation(%x: tensor<1x32x4x4xf32>, %w: tensor<32x32x1x1xf32>, %s: tensor<1x32x1x1xf32>, %c: tensor<32x1x1xf32>) -> tensor<1x32x4x4xf32> {
  %i = tensor.empty() : tensor<1x32x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x32x4x4xf32>, tensor<32x32x1x1xf32>) outs(%i : tensor<1x32x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x32x4x4xf32>
  %i2 = tensor.empty() : tensor<1x32x1x1xf32>
  %p = aicc_cpu.pool <average_exclude_pad> ins(%a : tensor<1x32x4x4xf32>) outs(%i2 : tensor<1x32x1x1xf32>)
      {kernel = array<i64: 4, 4>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>} -> tensor<1x32x1x1xf32>
  %g = "aicc.Sigmoid"(%p) : (tensor<1x32x1x1xf32>) -> tensor<1x32x1x1xf32>
  %m = "aicc.Mul"(%a, %g) : (tensor<1x32x4x4xf32>, tensor<1x32x1x1xf32>) -> tensor<1x32x4x4xf32>
  %n = "aicc.Add"(%m, %c) : (tensor<1x32x4x4xf32>, tensor<32x1x1xf32>) -> tensor<1x32x4x4xf32>
  %o = "aicc.Mul"(%n, %s) : (tensor<1x32x4x4xf32>, tensor<1x32x1x1xf32>) -> tensor<1x32x4x4xf32>
  return %o : tensor<1x32x4x4xf32>
}

// -----

// Operands that vary over H or W, or broadcast along C, are not per channel: the op reads plain
// NCHW, through one reorder.
// CHECK-LABEL: func.func @spatial_operands
// CHECK: %[[A:.*]] = aicc_cpu.conv {{.*}} -> tensor<1x2x4x4x16xf32>
// CHECK: %[[R:.*]] = aicc_cpu.reorder <blocked16> to <plain> ins(%[[A]]
// CHECK: "aicc.Mul"(%[[R]], %arg2) : (tensor<1x32x4x4xf32>, tensor<4x1xf32>) -> tensor<1x32x4x4xf32>
// CHECK: "aicc.Add"(%[[R]], %arg3) : (tensor<1x32x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x32x4x4xf32>
func.func @spatial_operands(%x: tensor<1x32x4x4xf32>, %w: tensor<32x32x1x1xf32>, %h: tensor<4x1xf32>, %hw: tensor<1x1x4x4xf32>) -> (tensor<1x32x4x4xf32>, tensor<1x32x4x4xf32>) {
  %i = tensor.empty() : tensor<1x32x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x32x4x4xf32>, tensor<32x32x1x1xf32>) outs(%i : tensor<1x32x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x32x4x4xf32>
  %m = "aicc.Mul"(%a, %h) : (tensor<1x32x4x4xf32>, tensor<4x1xf32>) -> tensor<1x32x4x4xf32>
  %n = "aicc.Add"(%a, %hw) : (tensor<1x32x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x32x4x4xf32>
  return %m, %n : tensor<1x32x4x4xf32>, tensor<1x32x4x4xf32>
}
