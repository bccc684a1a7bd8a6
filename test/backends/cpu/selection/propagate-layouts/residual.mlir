// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=8" --split-input-file | FileCheck %s

// A blocked residual is the second conv's destination as it is: no reorder on either side of the sum.
// CHECK-LABEL: func.func @blocked_residual
// CHECK: %[[A:.*]] = aicc_cpu.conv {{.*}} -> tensor<1x1x4x4x8xf32>
// CHECK-NOT: aicc_cpu.reorder
// CHECK: %[[B:.*]] = aicc_cpu.conv ins(%[[A]], %{{.*}}) outs(%[[A]] : tensor<1x1x4x4x8xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.sum]
// CHECK-SAME: src_layout = #aicc_cpu.layout<blocked8>
// CHECK: aicc_cpu.reorder <blocked8> to <plain> ins(%[[B]]
func.func @blocked_residual(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %b = aicc_cpu.conv ins(%a, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%a : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64,
       post_ops = [#aicc_cpu.sum]} -> tensor<1x8x4x4xf32>
  return %b : tensor<1x8x4x4xf32>
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
