// QuantizeStatically leaves alone: a convolution without a calibrated range, one whose weights
// are not a constant, and one inside a loop body (no output of the instrumented model can show
// a value there, so calibration gives it no range).
// RUN: aicc-opt %s -aicc-quantize-statically | FileCheck %s

// CHECK-LABEL: func @uncalibrated
// CHECK-NOT: aicc.QuantizeLinear
// CHECK-NOT: aicc.DequantizeLinear
// CHECK: "aicc.Conv"(%arg0,
func.func @uncalibrated(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func @weights_of_a_run
// CHECK-NOT: aicc.QuantizeLinear
// CHECK: "aicc.Conv"(%arg0, %arg1, {{.*}}aicc.x_range
func.func @weights_of_a_run(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %none = aicc.none
  %c = "aicc.Conv"(%x, %w, %none) {aicc.x_range = array<f64: -1.0, 3.0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func @in_a_loop
// CHECK-NOT: aicc.QuantizeLinear
// CHECK: "aicc.Conv"(%{{.*}}, {{.*}}aicc.x_range
func.func @in_a_loop(%n: tensor<i64>, %init: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %none = aicc.none
  %r = "aicc.Loop"(%n, %none, %init) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %x: tensor<1x2x4x4xf32>):
    %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
    %b = aicc.none
    %y = "aicc.Conv"(%x, %w, %b) {aicc.x_range = array<f64: -1.0, 3.0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
    aicc.Yield %c, %y : tensor<i1>, tensor<1x2x4x4xf32>
  }) : (tensor<i64>, none, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
