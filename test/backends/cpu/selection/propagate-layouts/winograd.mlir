// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=16 channels-last-at-batch-one=true" --split-input-file | FileCheck %s
// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=8 channels-last-at-batch-one=true" --split-input-file | FileCheck %s --check-prefix=AVX2

// A batch-1 3x3 conv of 32 channels at 64x64 (38M multiply-adds over 4096 pixels) runs as Winograd
// in 16-channel blocks (aicc_conv_winograd_pays), twice as fast as direct in any layout: it does
// all of the function's conv work, so the function stays blocked. With 8-channel blocks (AVX2,
// no Winograd) it is channels-last.
// CHECK-LABEL: func.func @winograd_conv
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<blocked16>{{.*}} -> tensor<1x2x64x64x16xf32>
// AVX2-LABEL: func.func @winograd_conv
// AVX2: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<channels_last>{{.*}} -> tensor<1x64x64x32xf32>
func.func @winograd_conv(%x: tensor<1x32x64x64xf32>, %w: tensor<32x32x3x3xf32>) -> tensor<1x32x64x64xf32> {
  %i = tensor.empty() : tensor<1x32x64x64xf32>
  %y = aicc_cpu.conv ins(%x, %w : tensor<1x32x64x64xf32>, tensor<32x32x3x3xf32>) outs(%i : tensor<1x32x64x64xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, groups = 1 : i64} -> tensor<1x32x64x64xf32>
  return %y : tensor<1x32x64x64xf32>
}

// -----

// The same conv with stride 2 is no Winograd conv: channels-last.
// CHECK-LABEL: func.func @strided
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<channels_last>
func.func @strided(%x: tensor<1x32x64x64xf32>, %w: tensor<32x32x3x3xf32>) -> tensor<1x32x32x32xf32> {
  %i = tensor.empty() : tensor<1x32x32x32xf32>
  %y = aicc_cpu.conv ins(%x, %w : tensor<1x32x64x64xf32>, tensor<32x32x3x3xf32>) outs(%i : tensor<1x32x32x32xf32>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, groups = 1 : i64} -> tensor<1x32x32x32xf32>
  return %y : tensor<1x32x32x32xf32>
}

// -----

// 512 channels at 2x2 (38M multiply-adds, but 4 pixels): Winograd would stream 4x the weights for
// little work each; channels-last.
// CHECK-LABEL: func.func @few_pixels
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<channels_last>
func.func @few_pixels(%x: tensor<1x512x2x2xf32>, %w: tensor<512x512x3x3xf32>) -> tensor<1x512x2x2xf32> {
  %i = tensor.empty() : tensor<1x512x2x2xf32>
  %y = aicc_cpu.conv ins(%x, %w : tensor<1x512x2x2xf32>, tensor<512x512x3x3xf32>) outs(%i : tensor<1x512x2x2xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, groups = 1 : i64} -> tensor<1x512x2x2xf32>
  return %y : tensor<1x512x2x2xf32>
}

// -----

// A Winograd conv doing less than half the conv work (38M of 38M + 268M in a 1x1 conv of 512
// channels at 32x32) leaves the function channels-last.
// CHECK-LABEL: func.func @winograd_minority
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<channels_last>
// CHECK: aicc_cpu.conv {{.*}}dst_layout = #aicc_cpu.layout<channels_last>
func.func @winograd_minority(%x: tensor<1x32x64x64xf32>, %w: tensor<32x32x3x3xf32>, %x2: tensor<1x512x32x32xf32>, %w2: tensor<512x512x1x1xf32>) -> (tensor<1x32x64x64xf32>, tensor<1x512x32x32xf32>) {
  %i = tensor.empty() : tensor<1x32x64x64xf32>
  %y = aicc_cpu.conv ins(%x, %w : tensor<1x32x64x64xf32>, tensor<32x32x3x3xf32>) outs(%i : tensor<1x32x64x64xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, groups = 1 : i64} -> tensor<1x32x64x64xf32>
  %i2 = tensor.empty() : tensor<1x512x32x32xf32>
  %y2 = aicc_cpu.conv ins(%x2, %w2 : tensor<1x512x32x32xf32>, tensor<512x512x1x1xf32>) outs(%i2 : tensor<1x512x32x32xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x512x32x32xf32>
  return %y, %y2 : tensor<1x32x64x64xf32>, tensor<1x512x32x32xf32>
}
