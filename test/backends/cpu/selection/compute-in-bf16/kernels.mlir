// RUN: aicc-opt %s --aicc-cpu-compute-in-bf16 --split-input-file | FileCheck %s

// Convolutions, deconvolutions and matmuls on f32 data compute in bf16; their tensors stay f32.
// CHECK-LABEL: func.func @conv
// CHECK: aicc_cpu.conv ins(%{{.*}}, %{{.*}} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>)
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
// CHECK-SAME: -> tensor<1x4x8x8xf32>
func.func @conv(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<4x3x3x3xf32>}> : () -> tensor<4x3x3x3xf32>
  %init = tensor.empty() : tensor<1x4x8x8xf32>
  %y = aicc_cpu.conv ins(%x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<1x4x8x8xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>,
       pads_end = array<i64: 1, 1>, groups = 1 : i64} -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @deconv
// CHECK: aicc_cpu.deconv
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
func.func @deconv(%x: tensor<1x4x4x4xf32>) -> tensor<1x2x8x8xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<4x2x2x2xf32>}> : () -> tensor<4x2x2x2xf32>
  %init = tensor.empty() : tensor<1x2x8x8xf32>
  %y = aicc_cpu.deconv ins(%x, %w : tensor<1x4x4x4xf32>, tensor<4x2x2x2xf32>) outs(%init : tensor<1x2x8x8xf32>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>,
       pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// -----

// A product of two activations too (oneDNN rounds both on each run).
// CHECK-LABEL: func.func @matmuls
// CHECK: aicc_cpu.matmul
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
// CHECK: aicc_cpu.matmul
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
func.func @matmuls(%a: tensor<4x2xf32>, %b: tensor<3x3xf32>) -> tensor<4x3xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %i0 = tensor.empty() : tensor<4x3xf32>
  %x = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xf32>) outs(%i0 : tensor<4x3xf32>) -> tensor<4x3xf32>
  %i1 = tensor.empty() : tensor<4x3xf32>
  %y = aicc_cpu.matmul ins(%x, %b : tensor<4x3xf32>, tensor<3x3xf32>) outs(%i1 : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}
