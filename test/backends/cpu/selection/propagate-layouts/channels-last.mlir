// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=16 channels-last-at-batch-one=true" --split-input-file | FileCheck %s

// A batch-1 function without channel Concats keeps its activations channels-last ([N, H, W, C],
// any channel count) through convs, elementwise ops and pooling; the graph output gets one
// reorder back to NCHW, and a Transpose NCHW -> NHWC of channels-last data is its bytes as they are.
// CHECK-LABEL: func.func @batch_one
// CHECK: %[[A:.*]] = aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<channels_last>{{.*}} -> tensor<1x4x4x24xf32>
// CHECK: %[[R:.*]] = "aicc.Relu"(%[[A]]) : (tensor<1x4x4x24xf32>) -> tensor<1x4x4x24xf32>
// CHECK: %[[P:.*]] = aicc_cpu.pool <max> ins(%[[R]] : tensor<1x4x4x24xf32>) {{.*}}layout = #aicc_cpu.layout<channels_last>{{.*}} -> tensor<1x2x2x24xf32>
// CHECK: %[[B:.*]] = aicc_cpu.conv ins(%[[P]], {{.*}}src_layout = #aicc_cpu.layout<channels_last>{{.*}} -> tensor<1x2x2x8xf32>
// CHECK: %[[PLAIN:.*]] = aicc_cpu.reorder <channels_last> to <plain> ins(%[[B]] : tensor<1x2x2x8xf32>)
// CHECK: %[[NHWC:.*]] = "aicc.Identity"(%[[B]]) : (tensor<1x2x2x8xf32>) -> tensor<1x2x2x8xf32>
// CHECK-NOT: aicc.Transpose
// CHECK: return %[[PLAIN]], %[[NHWC]]
func.func @batch_one(%x: tensor<1x8x4x4xf32>, %w1: tensor<24x8x1x1xf32>, %w2: tensor<8x24x1x1xf32>) -> (tensor<1x8x2x2xf32>, tensor<1x2x2x8xf32>) {
  %i1 = tensor.empty() : tensor<1x24x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w1 : tensor<1x8x4x4xf32>, tensor<24x8x1x1xf32>) outs(%i1 : tensor<1x24x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x24x4x4xf32>
  %r = "aicc.Relu"(%a) : (tensor<1x24x4x4xf32>) -> tensor<1x24x4x4xf32>
  %i2 = tensor.empty() : tensor<1x24x2x2xf32>
  %p = aicc_cpu.pool <max> ins(%r : tensor<1x24x4x4xf32>) outs(%i2 : tensor<1x24x2x2xf32>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>} -> tensor<1x24x2x2xf32>
  %i3 = tensor.empty() : tensor<1x8x2x2xf32>
  %b = aicc_cpu.conv ins(%p, %w2 : tensor<1x24x2x2xf32>, tensor<8x24x1x1xf32>) outs(%i3 : tensor<1x8x2x2xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x2x2xf32>
  %t = "aicc.Transpose"(%b) <{perm = array<i64: 0, 2, 3, 1>}> : (tensor<1x8x2x2xf32>) -> tensor<1x2x2x8xf32>
  return %b, %t : tensor<1x8x2x2xf32>, tensor<1x2x2x8xf32>
}

// -----

// At batch 2 the function is blocked (16-channel blocks) as without the option.
// CHECK-LABEL: func.func @batch_two
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<blocked16>{{.*}} -> tensor<2x1x4x4x16xf32>
func.func @batch_two(%x: tensor<2x8x4x4xf32>, %w: tensor<16x8x1x1xf32>) -> tensor<2x16x4x4xf32> {
  %i = tensor.empty() : tensor<2x16x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<2x8x4x4xf32>, tensor<16x8x1x1xf32>) outs(%i : tensor<2x16x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<2x16x4x4xf32>
  return %a : tensor<2x16x4x4xf32>
}

// -----

// A channel Concat keeps the function blocked: in NHWC a channel slice is not contiguous, so its
// producers could not write into the Concat's buffer. Its 512 elements outweigh the 384 that the
// one conv of 8 input channels moves.
// CHECK-LABEL: func.func @channel_concat
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<blocked16>
// CHECK: "aicc.Concat"{{.*}} -> tensor<1x2x4x4x16xf32>
func.func @channel_concat(%x: tensor<1x8x4x4xf32>, %w: tensor<16x8x1x1xf32>) -> tensor<1x32x4x4xf32> {
  %i = tensor.empty() : tensor<1x16x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<16x8x1x1xf32>) outs(%i : tensor<1x16x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x16x4x4xf32>
  %c = "aicc.Concat"(%a, %a) <{axis = 1 : i64}> : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x32x4x4xf32>
  return %c : tensor<1x32x4x4xf32>
}

// -----

// Convs of 24 channels would run on plain NCHW in 16-channel blocks; they move more elements
// (1536 + 1536, 1536 + 1024) than the Concat copies channels-last (2048), so the function is
// channels-last, Concat included (along NHWC's last dim).
// CHECK-LABEL: func.func @unblockable_convs_outweigh_concat
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<channels_last>{{.*}} -> tensor<1x8x8x24xf32>
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<channels_last>{{.*}} -> tensor<1x8x8x16xf32>
// CHECK: "aicc.Concat"{{.*}} <{axis = 3 : i64}> {{.*}} -> tensor<1x8x8x32xf32>
func.func @unblockable_convs_outweigh_concat(%x: tensor<1x24x8x8xf32>, %w1: tensor<24x24x1x1xf32>, %w2: tensor<16x24x1x1xf32>) -> tensor<1x32x8x8xf32> {
  %i1 = tensor.empty() : tensor<1x24x8x8xf32>
  %a = aicc_cpu.conv ins(%x, %w1 : tensor<1x24x8x8xf32>, tensor<24x24x1x1xf32>) outs(%i1 : tensor<1x24x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x24x8x8xf32>
  %i2 = tensor.empty() : tensor<1x16x8x8xf32>
  %b = aicc_cpu.conv ins(%a, %w2 : tensor<1x24x8x8xf32>, tensor<16x24x1x1xf32>) outs(%i2 : tensor<1x16x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x16x8x8xf32>
  %c = "aicc.Concat"(%b, %b) <{axis = 1 : i64}> : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x32x8x8xf32>
  return %c : tensor<1x32x8x8xf32>
}
