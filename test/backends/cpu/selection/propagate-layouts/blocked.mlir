// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=8" --split-input-file | FileCheck %s

// conv → Relu → pool → conv stays nChw8c with physical types ([N, C/8, H, W, 8]); the first conv
// reads the plain input, and one reorder returns plain NCHW before `return`.
// CHECK-LABEL: func.func @chain
// CHECK: %[[C1:.*]] = aicc_cpu.conv ins(%arg0, %{{.*}} : tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) outs(%{{.*}} : tensor<1x2x8x8x8xf32>)
// CHECK-SAME: dst_layout = #aicc_cpu.layout<blocked8>
// CHECK: %[[R:.*]] = "aicc.Relu"(%[[C1]]) : (tensor<1x2x8x8x8xf32>) -> tensor<1x2x8x8x8xf32>
// CHECK: %[[P:.*]] = aicc_cpu.pool <max> ins(%[[R]] : tensor<1x2x8x8x8xf32>) outs(%{{.*}} : tensor<1x2x4x4x8xf32>)
// CHECK-SAME: layout = #aicc_cpu.layout<blocked8>
// CHECK: %[[C2:.*]] = aicc_cpu.conv ins(%[[P]], %{{.*}} : tensor<1x2x4x4x8xf32>, tensor<8x16x1x1xf32>) outs(%{{.*}} : tensor<1x1x4x4x8xf32>)
// CHECK-SAME: dst_layout = #aicc_cpu.layout<blocked8>
// CHECK-SAME: src_layout = #aicc_cpu.layout<blocked8>
// CHECK: %[[OUT:.*]] = aicc_cpu.reorder <blocked8> to <plain> ins(%[[C2]] : tensor<1x1x4x4x8xf32>) outs(%{{.*}} : tensor<1x8x4x4xf32>)
// CHECK-SAME: logical_shape = array<i64: 1, 8, 4, 4>
// CHECK: return %[[OUT]] : tensor<1x8x4x4xf32>
func.func @chain(%x: tensor<1x3x8x8xf32>, %w1: tensor<16x3x3x3xf32>, %w2: tensor<8x16x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %i1 = tensor.empty() : tensor<1x16x8x8xf32>
  %c1 = aicc_cpu.conv ins(%x, %w1 : tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) outs(%i1 : tensor<1x16x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, groups = 1 : i64} -> tensor<1x16x8x8xf32>
  %r = "aicc.Relu"(%c1) : (tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %i2 = tensor.empty() : tensor<1x16x4x4xf32>
  %p = aicc_cpu.pool <max> ins(%r : tensor<1x16x8x8xf32>) outs(%i2 : tensor<1x16x4x4xf32>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>} -> tensor<1x16x4x4xf32>
  %i3 = tensor.empty() : tensor<1x8x4x4xf32>
  %c2 = aicc_cpu.conv ins(%p, %w2 : tensor<1x16x4x4xf32>, tensor<8x16x1x1xf32>) outs(%i3 : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  return %c2 : tensor<1x8x4x4xf32>
}
