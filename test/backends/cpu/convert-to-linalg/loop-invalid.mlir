// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file --verify-diagnostics -o /dev/null

// A sequence still carried through the Loop (not appended to once per iteration) is refused.
func.func @sequence(%n: tensor<i64>, %s: !aicc.seq<tensor<*xf32>>) -> !aicc.seq<tensor<*xf32>> {
  %none = aicc.none
  // expected-error @+2 {{carried value #0 is a sequence}}
  // expected-error @+1 {{failed to legalize operation 'aicc.Loop'}}
  %r = "aicc.Loop"(%n, %none, %s) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: !aicc.seq<tensor<*xf32>>):
    aicc.Yield %c, %v : tensor<i1>, !aicc.seq<tensor<*xf32>>
  }) : (tensor<i64>, none, !aicc.seq<tensor<*xf32>>) -> !aicc.seq<tensor<*xf32>>
  return %r : !aicc.seq<tensor<*xf32>>
}
