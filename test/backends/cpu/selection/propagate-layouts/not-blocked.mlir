// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=8" --split-input-file | FileCheck %s
// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=0" --split-input-file | FileCheck %s --check-prefix=PLAIN

// block=0 turns the pass off: a conv that block=8 would block stays plain, with no reorder.
// CHECK-LABEL: func.func @block0
// CHECK: aicc_cpu.conv {{.*}} -> tensor<1x1x2x2x8xf32>
// PLAIN-LABEL: func.func @block0
// PLAIN-NOT: layout
// PLAIN: aicc_cpu.conv {{.*}} -> tensor<1x8x2x2xf32>
// PLAIN-NOT: aicc_cpu.reorder
func.func @block0(%x: tensor<1x8x2x2xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x2x2xf32> {
  %i = tensor.empty() : tensor<1x8x2x2xf32>
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x8x2x2xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x2x2xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x2x2xf32>
  return %c : tensor<1x8x2x2xf32>
}

// -----

// Output channels that do not divide into blocks stay plain; the blocked input is read as is.
// CHECK-LABEL: func.func @indivisible
// CHECK: %[[C1:.*]] = aicc_cpu.conv {{.*}} -> tensor<1x1x4x4x8xf32>
// CHECK: aicc_cpu.conv ins(%[[C1]], %{{.*}} : tensor<1x1x4x4x8xf32>, tensor<3x8x1x1xf32>) outs(%{{.*}} : tensor<1x3x4x4xf32>)
// CHECK-SAME: src_layout = #aicc_cpu.layout<blocked8>
// CHECK-NOT: aicc_cpu.reorder
func.func @indivisible(%x: tensor<1x8x4x4xf32>, %w1: tensor<8x8x1x1xf32>, %w2: tensor<3x8x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %i1 = tensor.empty() : tensor<1x8x4x4xf32>
  %c1 = aicc_cpu.conv ins(%x, %w1 : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i1 : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %i2 = tensor.empty() : tensor<1x3x4x4xf32>
  %c2 = aicc_cpu.conv ins(%c1, %w2 : tensor<1x8x4x4xf32>, tensor<3x8x1x1xf32>) outs(%i2 : tensor<1x3x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x3x4x4xf32>
  return %c2 : tensor<1x3x4x4xf32>
}

// -----

// Only 2-D (de)convolutions are blocked: a 1-D conv keeps plain [N, C, W].
// CHECK-LABEL: func.func @conv1d
// CHECK: aicc_cpu.conv ins(%arg0, %arg1 : tensor<1x8x4xf32>, tensor<8x8x1xf32>) outs(%{{.*}} : tensor<1x8x4xf32>)
// CHECK-NOT: layout
// CHECK-NOT: aicc_cpu.reorder
func.func @conv1d(%x: tensor<1x8x4xf32>, %w: tensor<8x8x1xf32>) -> tensor<1x8x4xf32> {
  %i = tensor.empty() : tensor<1x8x4xf32>
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x8x4xf32>, tensor<8x8x1xf32>) outs(%i : tensor<1x8x4xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1>, pads_begin = array<i64: 0>, pads_end = array<i64: 0>, groups = 1 : i64} -> tensor<1x8x4xf32>
  return %c : tensor<1x8x4xf32>
}

// -----

// Two consumers that need plain data (Flatten, and the return) share one reorder.
// CHECK-LABEL: func.func @shared_reorder
// CHECK: %[[CONV:.*]] = aicc_cpu.conv
// CHECK: %[[NCHW:.*]] = aicc_cpu.reorder <blocked8> to <plain> ins(%[[CONV]]
// CHECK-NOT: aicc_cpu.reorder
// CHECK: "aicc.Flatten"(%[[NCHW]])
// CHECK: return %[[NCHW]], %{{.*}}
func.func @shared_reorder(%x: tensor<1x8x2x2xf32>, %w: tensor<8x8x1x1xf32>) -> (tensor<1x8x2x2xf32>, tensor<1x32xf32>) {
  %i = tensor.empty() : tensor<1x8x2x2xf32>
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x8x2x2xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x2x2xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x2x2xf32>
  %f = "aicc.Flatten"(%c) <{axis = 1 : i64}> : (tensor<1x8x2x2xf32>) -> tensor<1x32xf32>
  return %c, %f : tensor<1x8x2x2xf32>, tensor<1x32xf32>
}
