// RUN: aicc-opt %s --aicc-hoist-loop-invariants --split-input-file | FileCheck %s

// A decoder step that projects the encoder's outputs every iteration: the projection (and the
// Transpose before it, a chain) reads only values from outside and moves before the Loop; what
// reads the carried state stays.
// CHECK-LABEL: func.func @project_once
// CHECK: %[[T:.*]] = "aicc.Transpose"(%arg1)
// CHECK: %[[P:.*]] = "aicc.MatMul"(%arg0, %[[T]])
// CHECK: "aicc.Loop"
// CHECK-NOT: "aicc.Transpose"
// CHECK-NOT: "aicc.MatMul"(%arg0
// CHECK: "aicc.Add"(%{{.*}}, %[[P]])
func.func @project_once(%enc: tensor<4x8xf32>, %w: tensor<8x8xf32>, %h0: tensor<4x8xf32>, %n: tensor<i64>) -> tensor<4x8xf32> {
  %none = aicc.none
  %r = "aicc.Loop"(%n, %none, %h0) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %h: tensor<4x8xf32>):
    %wt = "aicc.Transpose"(%w) <{perm = array<i64: 1, 0>}> : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %proj = "aicc.MatMul"(%enc, %wt) : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
    %next = "aicc.Add"(%h, %proj) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    aicc.Yield %c, %next : tensor<i1>, tensor<4x8xf32>
  }) : (tensor<i64>, none, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// Nested loops: an op of the inner body that reads only the outer body's iteration number leaves
// the inner loop, and stops in the outer body.
// CHECK-LABEL: func.func @nested
// CHECK: "aicc.Loop"
// CHECK: ^bb0(%[[I:.*]]: tensor<i64>,
// CHECK: %[[F:.*]] = "aicc.Cast"(%[[I]])
// CHECK: "aicc.Loop"
// CHECK-NOT: "aicc.Cast"
// CHECK: "aicc.Add"(%{{.*}}, %[[F]])
func.func @nested(%n: tensor<i64>, %x: tensor<f32>) -> tensor<f32> {
  %none = aicc.none
  %r = "aicc.Loop"(%n, %none, %x) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<f32>):
    %inner = "aicc.Loop"(%n, %none, %v) ({
    ^bb0(%j: tensor<i64>, %d: tensor<i1>, %u: tensor<f32>):
      %f = "aicc.Cast"(%i) <{to = 1 : i64}> : (tensor<i64>) -> tensor<f32>
      %y = "aicc.Add"(%u, %f) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      aicc.Yield %d, %y : tensor<i1>, tensor<f32>
    }) : (tensor<i64>, none, tensor<f32>) -> tensor<f32>
    aicc.Yield %c, %inner : tensor<i1>, tensor<f32>
  }) : (tensor<i64>, none, tensor<f32>) -> tensor<f32>
  return %r : tensor<f32>
}

// -----

// A read of a sequence fails the run where its position is out of range: it stays in the body, so
// that a Loop of no iterations does not fail.
// CHECK-LABEL: func.func @list_read_stays
// CHECK: "aicc.Loop"
// CHECK: "aicc.SequenceAt"
func.func @list_read_stays(%s: !aicc.seq<tensor<4xf32>>, %p: tensor<i64>, %h0: tensor<4xf32>, %n: tensor<i64>) -> tensor<4xf32> {
  %none = aicc.none
  %r = "aicc.Loop"(%n, %none, %h0) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %h: tensor<4xf32>):
    %x = "aicc.SequenceAt"(%s, %p) : (!aicc.seq<tensor<4xf32>>, tensor<i64>) -> tensor<4xf32>
    %next = "aicc.Add"(%h, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    aicc.Yield %c, %next : tensor<i1>, tensor<4xf32>
  }) : (tensor<i64>, none, tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
