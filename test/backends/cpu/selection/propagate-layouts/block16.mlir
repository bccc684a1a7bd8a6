// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=16" | FileCheck %s

// block=16 (AVX-512): 16-channel blocks; an 8-channel output stays plain.
// CHECK-LABEL: func.func @block16
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<blocked16>{{.*}} -> tensor<1x1x4x4x16xf32>
// CHECK: aicc_cpu.conv {{.*}} -> tensor<1x8x4x4xf32>
func.func @block16(%x: tensor<1x8x4x4xf32>, %w1: tensor<16x8x1x1xf32>, %w2: tensor<8x16x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %i1 = tensor.empty() : tensor<1x16x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w1 : tensor<1x8x4x4xf32>, tensor<16x8x1x1xf32>) outs(%i1 : tensor<1x16x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x16x4x4xf32>
  %i2 = tensor.empty() : tensor<1x8x4x4xf32>
  %b = aicc_cpu.conv ins(%a, %w2 : tensor<1x16x4x4xf32>, tensor<8x16x1x1xf32>) outs(%i2 : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  return %b : tensor<1x8x4x4xf32>
}
