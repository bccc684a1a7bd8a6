// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file --verify-diagnostics

// A declared output size the geometry cannot produce is an error on the node, not a wrong answer.
func.func @bad_output_size(%x: tensor<1x1x5x5xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  %none = aicc.none
  // expected-error @+1 {{spatial dim 0: output size 2 does not follow from input 5, kernel 3, stride 1 and padding}}
  %y = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>, none) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
