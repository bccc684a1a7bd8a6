// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// SAME_UPPER with stride 2 becomes explicit pads [1, 1] / [1, 1]; without a bias the conv has two inputs.
// CHECK-LABEL: func.func @same_upper_no_bias
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<1x4x3x3xf32>
// CHECK: aicc_cpu.conv ins(%{{.*}}, %{{.*}} : tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>) outs(%[[INIT]] : tensor<1x4x3x3xf32>)
// CHECK-SAME: dilations = array<i64: 1, 1>, groups = 1 : i64, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, strides = array<i64: 2, 2>
// CHECK-NOT: aicc.Conv
func.func @same_upper_no_bias(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %none = aicc.none
  %y = "aicc.Conv"(%x, %w, %none) <{auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>}>
      : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// Grouped, dilated 1-D conv with bias: the bias is the third input.
// CHECK-LABEL: func.func @grouped_dilated_bias
// CHECK: aicc_cpu.conv ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x4x10xf32>, tensor<6x2x3xf32>, tensor<6xf32>)
// CHECK-SAME: dilations = array<i64: 2>, groups = 2 : i64, pads_begin = array<i64: 0>, pads_end = array<i64: 0>, strides = array<i64: 1>
func.func @grouped_dilated_bias(%x: tensor<2x4x10xf32>, %w: tensor<6x2x3xf32>, %b: tensor<6xf32>) -> tensor<2x6x6xf32> {
  %y = "aicc.Conv"(%x, %w, %b) <{dilations = array<i64: 2>, group = 2 : i64}>
      : (tensor<2x4x10xf32>, tensor<6x2x3xf32>, tensor<6xf32>) -> tensor<2x6x6xf32>
  return %y : tensor<2x6x6xf32>
}

// -----

// The kernels take f32 only: an f64 conv is left for the generic lowering.
// CHECK-LABEL: func.func @f64_not_lowered
// CHECK: "aicc.Conv"
// CHECK-NOT: aicc_cpu.conv
func.func @f64_not_lowered(%x: tensor<1x1x3x3xf64>, %w: tensor<1x1x3x3xf64>) -> tensor<1x1x1x1xf64> {
  %none = aicc.none
  %y = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x3x3xf64>, tensor<1x1x3x3xf64>, none) -> tensor<1x1x1x1xf64>
  return %y : tensor<1x1x1x1xf64>
}
