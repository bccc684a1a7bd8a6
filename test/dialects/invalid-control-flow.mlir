// RUN: aicc-opt %s --aicc-infer-shapes --split-input-file --verify-diagnostics

// A carried value that changes shape between iterations is refused.
func.func @growing(%n: tensor<i64>, %x: tensor<2xf32>) -> tensor<*xf32> {
  %none = aicc.none
  // expected-error @+1 {{carried value #0 changes type across iterations}}
  %r = "aicc.Loop"(%n, %none, %x) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %acc: tensor<2xf32>):
    %y = "aicc.Concat"(%acc, %acc) <{axis = 0 : i64}> : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
    aicc.Yield %c, %y : tensor<i1>, tensor<4xf32>
  }) : (tensor<i64>, none, tensor<2xf32>) -> tensor<*xf32>
  return %r : tensor<*xf32>
}

// -----

// Branches that yield different static shapes for a result declared with one.
func.func @if_mismatch(%c: tensor<i1>, %a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{result #0 is declared 'tensor<2xf32>' but a branch yields 'tensor<3xf32>'}}
  %r = "aicc.If"(%c) ({
    aicc.Yield %b : tensor<3xf32>
  }, {
    aicc.Yield %a : tensor<2xf32>
  }) : (tensor<i1>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}
