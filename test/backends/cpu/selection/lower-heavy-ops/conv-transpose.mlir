// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file --verify-diagnostics | FileCheck %s

// Explicit pads: ConvTranspose → aicc_cpu.deconv with the same pads (out = (4-1)*2 + 3 - 1 - 1 = 7).
// CHECK-LABEL: func.func @pads
// CHECK: aicc_cpu.deconv ins(%arg0, %arg1, %arg2 : tensor<1x2x4x4xf32>, tensor<2x3x3x3xf32>, tensor<3xf32>) outs(%{{.*}} : tensor<1x3x7x7xf32>)
// CHECK-SAME: groups = 1 : i64, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, strides = array<i64: 2, 2>
// CHECK-NOT: aicc.ConvTranspose
func.func @pads(%x: tensor<1x2x4x4xf32>, %w: tensor<2x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x7x7xf32> {
  %y = "aicc.ConvTranspose"(%x, %w, %b) <{pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}>
      : (tensor<1x2x4x4xf32>, tensor<2x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x7x7xf32>
  return %y : tensor<1x3x7x7xf32>
}

// -----

// output_padding 1 adds a cell at the end: pads_end 1 - 1 = 0.
// CHECK-LABEL: func.func @output_padding
// CHECK: aicc_cpu.deconv {{.*}} pads_begin = array<i64: 1>, pads_end = array<i64: 0>
func.func @output_padding(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x8xf32> {
  %none = aicc.none
  %y = "aicc.ConvTranspose"(%x, %w, %none) <{pads = array<i64: 1, 1>, strides = array<i64: 2>, output_padding = array<i64: 1>}>
      : (tensor<1x1x4xf32>, tensor<1x1x3xf32>, none) -> tensor<1x1x8xf32>
  return %y : tensor<1x1x8xf32>
}

// -----

// output_padding beyond pads_end: output cells no input reaches, a negative pads_end.
// CHECK-LABEL: func.func @output_padding_past_pads
// CHECK: aicc_cpu.deconv {{.*}} pads_begin = array<i64: 0>, pads_end = array<i64: -1>
func.func @output_padding_past_pads(%x: tensor<1x1x3xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x10xf32> {
  %none = aicc.none
  %y = "aicc.ConvTranspose"(%x, %w, %none) <{strides = array<i64: 3>, output_padding = array<i64: 1>}>
      : (tensor<1x1x3xf32>, tensor<1x1x3xf32>, none) -> tensor<1x1x10xf32>
  return %y : tensor<1x1x10xf32>
}

// -----

// output_shape with SAME_UPPER: total padding (4-1)*2 + 3 - 8 = 1 puts 0 at the start, 1 at the end.
// CHECK-LABEL: func.func @output_shape_same_upper
// CHECK: aicc_cpu.deconv {{.*}} pads_begin = array<i64: 0>, pads_end = array<i64: 1>
func.func @output_shape_same_upper(%x: tensor<1x1x4xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x8xf32> {
  %none = aicc.none
  %y = "aicc.ConvTranspose"(%x, %w, %none) <{auto_pad = "SAME_UPPER", strides = array<i64: 2>, output_shape = array<i64: 8>}>
      : (tensor<1x1x4xf32>, tensor<1x1x3xf32>, none) -> tensor<1x1x8xf32>
  return %y : tensor<1x1x8xf32>
}

// -----

// Groups: W is [C, OC/groups, k...]; the deconv keeps ONNX's weights and says how many groups.
// CHECK-LABEL: func.func @grouped
// CHECK: aicc_cpu.deconv ins(%arg0, %arg1 : tensor<1x4x3x3xf32>, tensor<4x3x2x2xf32>) outs(%{{.*}} : tensor<1x6x4x4xf32>)
// CHECK-SAME: groups = 2 : i64
func.func @grouped(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x2x2xf32>) -> tensor<1x6x4x4xf32> {
  %none = aicc.none
  %y = "aicc.ConvTranspose"(%x, %w, %none) <{group = 2 : i64}>
      : (tensor<1x4x3x3xf32>, tensor<4x3x2x2xf32>, none) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

// -----

// A declared output smaller than the kernel's reach from the start needs negative leading padding.
func.func @negative_leading_pad(%x: tensor<1x1x3xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x5xf32> {
  %none = aicc.none
  // expected-error @+1 {{spatial dim 0: output size 5 needs negative leading padding (-1)}}
  %y = "aicc.ConvTranspose"(%x, %w, %none) <{pads = array<i64: -1, 0>}>
      : (tensor<1x1x3xf32>, tensor<1x1x3xf32>, none) -> tensor<1x1x5xf32>
  return %y : tensor<1x1x5xf32>
}
