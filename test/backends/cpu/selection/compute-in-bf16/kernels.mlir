// RUN: aicc-opt %s --aicc-cpu-compute-in-bf16 --split-input-file | FileCheck %s

// Convolutions, deconvolutions and matmuls on f32 data with enough multiply-adds per element
// compute in bf16; their tensors stay f32. This conv: 128 x 9 per input element, 64 x 9 per output.
// CHECK-LABEL: func.func @conv
// CHECK: aicc_cpu.conv ins(%{{.*}}, %{{.*}} : tensor<1x64x8x8xf32>, tensor<128x64x3x3xf32>)
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
// CHECK-SAME: -> tensor<1x128x8x8xf32>
func.func @conv(%x: tensor<1x64x8x8xf32>) -> tensor<1x128x8x8xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<128x64x3x3xf32>}> : () -> tensor<128x64x3x3xf32>
  %init = tensor.empty() : tensor<1x128x8x8xf32>
  %y = aicc_cpu.conv ins(%x, %w : tensor<1x64x8x8xf32>, tensor<128x64x3x3xf32>) outs(%init : tensor<1x128x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>,
       pads_end = array<i64: 1, 1>, groups = 1 : i64} -> tensor<1x128x8x8xf32>
  return %y : tensor<1x128x8x8xf32>
}

// -----

// A symbolic batch and image size: a conv's taps per output element are known, and its outputs
// per input element are taken as they would be at any size.
// CHECK-LABEL: func.func @symbolic
// CHECK: compute_type = #aicc_cpu.data_type<bf16>
func.func @symbolic(%x: tensor<?x64x?x?xf32>, %init: tensor<?x128x?x?xf32>) -> tensor<?x128x?x?xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<128x64x1x1xf32>}> : () -> tensor<128x64x1x1xf32>
  %y = aicc_cpu.conv ins(%x, %w : tensor<?x64x?x?xf32>, tensor<128x64x1x1xf32>) outs(%init : tensor<?x128x?x?xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>,
       pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<?x128x?x?xf32>
  return %y : tensor<?x128x?x?xf32>
}

// -----

// A stride-2 deconv: each input element feeds 32 x 4 outputs, each output takes 64 x 4 / 4 taps.
// CHECK-LABEL: func.func @deconv
// CHECK: aicc_cpu.deconv
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
func.func @deconv(%x: tensor<1x64x4x4xf32>) -> tensor<1x32x8x8xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<64x32x2x2xf32>}> : () -> tensor<64x32x2x2xf32>
  %init = tensor.empty() : tensor<1x32x8x8xf32>
  %y = aicc_cpu.deconv ins(%x, %w : tensor<1x64x4x4xf32>, tensor<64x32x2x2xf32>) outs(%init : tensor<1x32x8x8xf32>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>,
       pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x32x8x8xf32>
  return %y : tensor<1x32x8x8xf32>
}

// -----

// Constant weights of 64 x 128 (N = 128 per A element), and a product of two activations of 128
// rows each (its B is rounded on each run too).
// CHECK-LABEL: func.func @matmuls
// CHECK: aicc_cpu.matmul
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
// CHECK: aicc_cpu.matmul
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
func.func @matmuls(%a: tensor<128x64xf32>, %b: tensor<128x128xf32>) -> tensor<128x128xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<64x128xf32>}> : () -> tensor<64x128xf32>
  %i0 = tensor.empty() : tensor<128x128xf32>
  %x = aicc_cpu.matmul ins(%a, %w : tensor<128x64xf32>, tensor<64x128xf32>) outs(%i0 : tensor<128x128xf32>) -> tensor<128x128xf32>
  %i1 = tensor.empty() : tensor<128x128xf32>
  %y = aicc_cpu.matmul ins(%x, %b : tensor<128x128xf32>, tensor<128x128xf32>) outs(%i1 : tensor<128x128xf32>) -> tensor<128x128xf32>
  return %y : tensor<128x128xf32>
}

// -----

// A decode step: one row against constant weights read through a transpose (trans_b: op(B) is
// 256 x 512).
// CHECK-LABEL: func.func @one_row
// CHECK: compute_type = #aicc_cpu.data_type<bf16>
func.func @one_row(%a: tensor<1x256xf32>) -> tensor<1x512xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<512x256xf32>}> : () -> tensor<512x256xf32>
  %init = tensor.empty() : tensor<1x512xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<1x256xf32>, tensor<512x256xf32>) outs(%init : tensor<1x512xf32>)
      {trans_b = true} -> tensor<1x512xf32>
  return %y : tensor<1x512xf32>
}
