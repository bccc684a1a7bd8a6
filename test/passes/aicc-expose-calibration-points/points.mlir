// ExposeCalibrationPoints appends to the entry function's results the input of each convolution
// static quantization selects, each value once in the order of its first convolution, named
// aicc.calibration.K after the model's outputs. Skipped: a convolution kept in f32 and one whose
// weights are not a constant. A function without output names (not an entry) is left alone.
// RUN: aicc-opt %s -aicc-expose-calibration-points | FileCheck %s

// CHECK-LABEL: func @main
// CHECK-SAME: -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>)
// CHECK-SAME: aicc.output_names = ["y", "aicc.calibration.0", "aicc.calibration.1"]
// CHECK: %[[R:.*]] = "aicc.Relu"
// CHECK: return %{{.*}}, %arg0, %[[R]] :
func.func @main(%x: tensor<1x2x4x4xf32>, %v: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> attributes {aicc.output_names = ["y"]} {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %r = "aicc.Relu"(%c) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %d = "aicc.Conv"(%r, %w, %none) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %e = "aicc.Conv"(%x, %w, %none) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %k = "aicc.Conv"(%d, %w, %none) {aicc.keep_fp32} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %a = "aicc.Conv"(%e, %v, %none) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %s = "aicc.Add"(%k, %a) : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func @helper
// CHECK-SAME: -> tensor<1x2x4x4xf32>
// CHECK-NOT: calibration
func.func @helper(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}
