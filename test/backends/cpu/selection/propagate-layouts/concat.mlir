// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=8" --split-input-file | FileCheck %s

// A channel Concat (axis -3) of two blocked values concatenates whole blocks: it stays blocked,
// with axis 1 of the physical type.
// CHECK-LABEL: func.func @blocked_concat
// CHECK: %[[A:.*]] = aicc_cpu.conv {{.*}} -> tensor<1x1x4x4x8xf32>
// CHECK: %[[B:.*]] = aicc_cpu.conv {{.*}} -> tensor<1x1x4x4x8xf32>
// CHECK-NOT: aicc_cpu.reorder
// CHECK: %[[C:.*]] = "aicc.Concat"(%[[A]], %[[B]]) <{axis = 1 : i64}> : (tensor<1x1x4x4x8xf32>, tensor<1x1x4x4x8xf32>) -> tensor<1x2x4x4x8xf32>
// CHECK: aicc_cpu.reorder <blocked8> to <plain> ins(%[[C]] : tensor<1x2x4x4x8xf32>) outs(%{{.*}} : tensor<1x16x4x4xf32>)
func.func @blocked_concat(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %b = aicc_cpu.conv ins(%a, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %c = "aicc.Concat"(%a, %b) <{axis = -3 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %c : tensor<1x16x4x4xf32>
}

// -----

// Not blocked: a Concat along H needs plain inputs; each blocked input is reordered back.
// CHECK-LABEL: func.func @spatial_concat
// CHECK: %[[A:.*]] = aicc_cpu.reorder <blocked8> to <plain>
// CHECK: "aicc.Concat"(%[[A]], %[[A]]) <{axis = 2 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x8x4xf32>
func.func @spatial_concat(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x8x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %c = "aicc.Concat"(%a, %a) <{axis = 2 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x8x4xf32>
  return %c : tensor<1x8x8x4xf32>
}

// -----

// Not blocked: one input is plain (a function argument), so the blocked one is reordered to plain.
// CHECK-LABEL: func.func @mixed_concat
// CHECK: %[[A:.*]] = aicc_cpu.reorder <blocked8> to <plain>
// CHECK: "aicc.Concat"(%[[A]], %arg2) <{axis = 1 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32>
func.func @mixed_concat(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>, %y: tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %c = "aicc.Concat"(%a, %y) <{axis = 1 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %c : tensor<1x16x4x4xf32>
}
