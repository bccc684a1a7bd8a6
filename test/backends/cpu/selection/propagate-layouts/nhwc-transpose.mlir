// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=8" --split-input-file | FileCheck %s

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

// -----

// Not absorbed: a Transpose that is not NHWC → NCHW stays, and the blocked value is reordered
// to plain for it.
// CHECK-LABEL: func.func @other_perm
// CHECK: %[[P:.*]] = aicc_cpu.reorder <blocked8> to <plain>
// CHECK: "aicc.Transpose"(%[[P]]) <{perm = array<i64: 0, 1, 3, 2>}>
func.func @other_perm(%x: tensor<1x3x4x4xf32>, %w: tensor<8x3x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x3x4x4xf32>, tensor<8x3x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %o = "aicc.Transpose"(%a) <{perm = array<i64: 0, 1, 3, 2>}> : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %o : tensor<1x8x4x4xf32>
}

// -----

// Not absorbed: the Transpose into the conv is not NHWC → NCHW, so the conv reads it plain.
// CHECK-LABEL: func.func @other_input_perm
// CHECK: %[[T:.*]] = "aicc.Transpose"(%arg0)
// CHECK: aicc_cpu.conv ins(%[[T]], %arg1 : tensor<1x3x4x4xf32>, tensor<8x3x1x1xf32>)
// CHECK-SAME: dst_layout = #aicc_cpu.layout<blocked8>
// CHECK-NOT: src_layout
func.func @other_input_perm(%x: tensor<3x1x4x4xf32>, %w: tensor<8x3x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %t = "aicc.Transpose"(%x) <{perm = array<i64: 1, 0, 2, 3>}> : (tensor<3x1x4x4xf32>) -> tensor<1x3x4x4xf32>
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%t, %w : tensor<1x3x4x4xf32>, tensor<8x3x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  return %a : tensor<1x8x4x4xf32>
}
