// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file --verify-diagnostics -o /dev/null

// A scan output stacks tensors: a body that yields a sequence as one is refused.
func.func @sequence_scan_output(%n: tensor<i64>, %s: !aicc.seq<tensor<2xf32>>) -> !aicc.seq<tensor<2xf32>> {
  %none = aicc.none
  // expected-error @+2 {{scan output #0 is not a tensor}}
  // expected-error @+1 {{failed to legalize operation 'aicc.Loop'}}
  %r = "aicc.Loop"(%n, %none) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>):
    aicc.Yield %c, %s : tensor<i1>, !aicc.seq<tensor<2xf32>>
  }) : (tensor<i64>, none) -> !aicc.seq<tensor<2xf32>>
  return %r : !aicc.seq<tensor<2xf32>>
}
