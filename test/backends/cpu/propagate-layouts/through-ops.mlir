// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=8" --split-input-file | FileCheck %s

// A residual sum stays blocked: the residual (a blocked conv output) is the second conv's
// destination as it is, and the channel Concat of two blocked values concatenates blocks.
// CHECK-LABEL: func.func @residual_and_concat
// CHECK: %[[A:.*]] = aicc_cpu.conv {{.*}} -> tensor<1x1x4x4x8xf32>
// CHECK: %[[B:.*]] = aicc_cpu.conv ins(%[[A]], %{{.*}}) outs(%[[A]] : tensor<1x1x4x4x8xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.sum]
// CHECK: "aicc.Concat"(%[[A]], %[[B]]) <{axis = 1 : i64}> : (tensor<1x1x4x4x8xf32>, tensor<1x1x4x4x8xf32>) -> tensor<1x2x4x4x8xf32>
// CHECK: aicc_cpu.reorder <blocked8> to <plain>
func.func @residual_and_concat(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %b = aicc_cpu.conv ins(%a, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%a : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64,
       post_ops = [#aicc_cpu.sum]} -> tensor<1x8x4x4xf32>
  %c = "aicc.Concat"(%a, %b) <{axis = -3 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %c : tensor<1x16x4x4xf32>
}

// -----

// A plain residual is reordered into the blocked layout the conv writes.
// CHECK-LABEL: func.func @plain_residual
// CHECK: %[[R:.*]] = aicc_cpu.reorder <plain> to <blocked8> ins(%arg2 : tensor<1x8x4x4xf32>) outs(%{{.*}} : tensor<1x1x4x4x8xf32>)
// CHECK: aicc_cpu.conv ins(%arg0, %arg1 : {{.*}}) outs(%[[R]] : tensor<1x1x4x4x8xf32>)
func.func @plain_residual(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>, %r: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %b = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%r : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64,
       post_ops = [#aicc_cpu.sum]} -> tensor<1x8x4x4xf32>
  return %b : tensor<1x8x4x4xf32>
}

// -----

// An elementwise op with a per-channel operand (not a single element) needs plain data.
// CHECK-LABEL: func.func @per_channel_mul
// CHECK: %[[P:.*]] = aicc_cpu.reorder <blocked8> to <plain>
// CHECK: "aicc.Mul"(%[[P]], %arg2) : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
func.func @per_channel_mul(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>, %s: tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %m = "aicc.Mul"(%a, %s) : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %m : tensor<1x8x4x4xf32>
}

// -----

// NHWC input transposed to NCHW for a conv: the conv reads the NHWC data as channels-last, and
// the Transpose back to NHWC becomes one reorder from the blocked layout into channels-last.
// CHECK-LABEL: func.func @nhwc
// CHECK-NOT: aicc.Transpose
// CHECK: %[[C:.*]] = aicc_cpu.conv ins(%arg0, %arg1 : tensor<1x4x4x3xf32>, tensor<8x3x1x1xf32>)
// CHECK-SAME: src_layout = #aicc_cpu.layout<channels_last>
// CHECK: %[[T:.*]] = aicc_cpu.reorder <blocked8> to <channels_last> ins(%[[C]] : tensor<1x1x4x4x8xf32>) outs(%{{.*}} : tensor<1x4x4x8xf32>)
// CHECK-NOT: aicc.Transpose
// CHECK: return %[[T]]
func.func @nhwc(%x: tensor<1x4x4x3xf32>, %w: tensor<8x3x1x1xf32>) -> tensor<1x4x4x8xf32> {
  %t = "aicc.Transpose"(%x) <{perm = array<i64: 0, 3, 1, 2>}> : (tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%t, %w : tensor<1x3x4x4xf32>, tensor<8x3x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %o = "aicc.Transpose"(%a) <{perm = array<i64: 0, 2, 3, 1>}> : (tensor<1x8x4x4xf32>) -> tensor<1x4x4x8xf32>
  return %o : tensor<1x4x4x8xf32>
}
