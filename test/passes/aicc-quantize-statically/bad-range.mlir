// QuantizeStatically refuses a range that is not two finite numbers in order, naming the node.
// RUN: aicc-opt %s -aicc-quantize-statically -split-input-file -verify-diagnostics

func.func @reversed(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  // expected-error @+1 {{aicc.x_range is not a range of two finite numbers: array<f64: 3.000000e+00, 1.000000e+00>}}
  %c = "aicc.Conv"(%x, %w, %none) {aicc.x_range = array<f64: 3.0, 1.0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}

// -----

func.func @not_two(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  // expected-error @+1 {{aicc.x_range is not a range of two finite numbers}}
  %c = "aicc.Conv"(%x, %w, %none) {aicc.x_range = array<f64: 1.0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}
