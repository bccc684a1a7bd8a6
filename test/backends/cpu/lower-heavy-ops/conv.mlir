// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// SAME_UPPER with stride 2 becomes explicit pads [1, 1] / [1, 1]; no bias leaves slot 2 empty.
// Params: S N C OC group | in | out | kernel | strides | dilations | pads_begin | pads_end | has_bias act a b
// CHECK-LABEL: func.func @same_upper_no_bias
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<1x4x3x3xf32>
// CHECK: aicc_cpu.kernel conv [2, 1, 2, 4, 1, 5, 5, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0] slots [0, 1, 3] of 4
// CHECK-SAME: outs(%[[INIT]] : tensor<1x4x3x3xf32>)
// CHECK-NOT: aicc.Conv
func.func @same_upper_no_bias(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %none = aicc.none
  %y = "aicc.Conv"(%x, %w, %none) <{auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>}>
      : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// Grouped, dilated 1-D conv with bias: all three operands fill slots 0-2.
// CHECK-LABEL: func.func @grouped_dilated_bias
// CHECK: aicc_cpu.kernel conv [1, 2, 4, 6, 2, 10, 6, 3, 1, 2, 0, 0, 1, 0, 0, 0] slots [0, 1, 2, 3] of 4
func.func @grouped_dilated_bias(%x: tensor<2x4x10xf32>, %w: tensor<6x2x3xf32>, %b: tensor<6xf32>) -> tensor<2x6x6xf32> {
  %y = "aicc.Conv"(%x, %w, %b) <{dilations = array<i64: 2>, group = 2 : i64}>
      : (tensor<2x4x10xf32>, tensor<6x2x3xf32>, tensor<6xf32>) -> tensor<2x6x6xf32>
  return %y : tensor<2x6x6xf32>
}

// -----

// The kernels take f32 only: an f64 conv is left for the generic lowering.
// CHECK-LABEL: func.func @f64_not_lowered
// CHECK: "aicc.Conv"
// CHECK-NOT: aicc_cpu.kernel
func.func @f64_not_lowered(%x: tensor<1x1x3x3xf64>, %w: tensor<1x1x3x3xf64>) -> tensor<1x1x1x1xf64> {
  %none = aicc.none
  %y = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x3x3xf64>, tensor<1x1x3x3xf64>, none) -> tensor<1x1x1x1xf64>
  return %y : tensor<1x1x1x1xf64>
}
