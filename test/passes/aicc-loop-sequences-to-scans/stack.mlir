// RUN: aicc-opt %s --aicc-loop-sequences-to-scans --split-input-file | FileCheck %s

// A scripted `tokens.append(best)` in a loop and `torch.stack(tokens, 1)` after it: the sequence
// becomes the loop's scan output and the stack a Transpose of it (dim 0 moved to axis 1).
// CHECK-LABEL: func.func @stack
// CHECK-NOT: aicc.Sequence
// CHECK: %[[LOOP:.*]]:2 = "aicc.Loop"(%arg1, %{{.*}}, %arg0)
// CHECK: ^bb0(%{{.*}}: tensor<i64>, %{{.*}}: tensor<i1>, %[[H:.*]]: tensor<2x8xf32>):
// CHECK: %[[BEST:.*]] = "aicc.ArgMax"(%[[H]])
// CHECK: aicc.Yield %{{.*}}, %[[H]], %[[BEST]] : tensor<i1>, tensor<2x8xf32>, tensor<2xi64>
// CHECK: -> (tensor<2x8xf32>, tensor<?x2xi64>)
// CHECK: %[[T:.*]] = "aicc.Transpose"(%[[LOOP]]#1) <{perm = array<i64: 1, 0>}> : (tensor<?x2xi64>) -> tensor<2x?xi64>
// CHECK: return %[[T]]
func.func @stack(%h0: tensor<2x8xf32>, %n: tensor<i64>) -> tensor<2x?xi64> {
  %cond = "aicc.Constant"() <{value = dense<true> : tensor<i1>}> : () -> tensor<i1>
  %empty = "aicc.SequenceEmpty"() <{dtype = 7 : i64}> : () -> !aicc.seq<tensor<*xi64>>
  %r:2 = "aicc.Loop"(%n, %cond, %h0, %empty) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %h: tensor<2x8xf32>, %seq: !aicc.seq<tensor<*xi64>>):
    %best = "aicc.ArgMax"(%h) <{axis = 1 : i64, keepdims = 0 : i64}> : (tensor<2x8xf32>) -> tensor<2xi64>
    %none = aicc.none
    %next = "aicc.SequenceInsert"(%seq, %best, %none) : (!aicc.seq<tensor<*xi64>>, tensor<2xi64>, none) -> !aicc.seq<tensor<*xi64>>
    aicc.Yield %c, %h, %next : tensor<i1>, tensor<2x8xf32>, !aicc.seq<tensor<*xi64>>
  }) : (tensor<i64>, tensor<i1>, tensor<2x8xf32>, !aicc.seq<tensor<*xi64>>) -> (tensor<2x8xf32>, !aicc.seq<tensor<*xi64>>)
  %y = "aicc.ConcatFromSequence"(%r#1) <{axis = 1 : i64, new_axis = 1 : i64}> : (!aicc.seq<tensor<*xi64>>) -> tensor<2x?xi64>
  return %y : tensor<2x?xi64>
}

// -----

// torch.cat(xs, 0) joins the rows along axis 0: the stack [n, 2, 3] is reshaped to [-1, 3]
// (the dims after the joined axis from the stack itself); len(xs) is the stack's dim 0.
// CHECK-LABEL: func.func @cat_and_len
// CHECK: %[[LOOP:.*]] = "aicc.Loop"
// CHECK: -> tensor<?x2x3xf32>
// CHECK-DAG: %[[MINUS1:.*]] = "aicc.Constant"() <{value = dense<-1> : tensor<1xi64>}>
// CHECK-DAG: %[[REST:.*]] = "aicc.Shape"(%[[LOOP]]) <{start = 2 : i64}>
// CHECK: %[[SHAPE:.*]] = "aicc.Concat"(%[[MINUS1]], %[[REST]]) <{axis = 0 : i64}>
// CHECK: "aicc.Reshape"(%[[LOOP]], %[[SHAPE]])
// CHECK: %[[DIMS:.*]] = "aicc.Shape"(%[[LOOP]]) <{end = 1 : i64, start = 0 : i64}>
// CHECK: "aicc.Gather"(%[[DIMS]], %{{.*}}) <{axis = 0 : i64}> : (tensor<1xi64>, tensor<i64>) -> tensor<i64>
func.func @cat_and_len(%x: tensor<2x3xf32>, %n: tensor<i64>) -> (tensor<?x3xf32>, tensor<i64>) {
  %none = aicc.none
  %empty = "aicc.SequenceEmpty"() <{dtype = 1 : i64}> : () -> !aicc.seq<tensor<*xf32>>
  %r = "aicc.Loop"(%n, %none, %empty) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %seq: !aicc.seq<tensor<*xf32>>):
    %y = "aicc.Relu"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
    %p = aicc.none
    %next = "aicc.SequenceInsert"(%seq, %y, %p) : (!aicc.seq<tensor<*xf32>>, tensor<2x3xf32>, none) -> !aicc.seq<tensor<*xf32>>
    aicc.Yield %c, %next : tensor<i1>, !aicc.seq<tensor<*xf32>>
  }) : (tensor<i64>, none, !aicc.seq<tensor<*xf32>>) -> !aicc.seq<tensor<*xf32>>
  %cat = "aicc.ConcatFromSequence"(%r) <{axis = 0 : i64}> : (!aicc.seq<tensor<*xf32>>) -> tensor<?x3xf32>
  %len = "aicc.SequenceLength"(%r) : (!aicc.seq<tensor<*xf32>>) -> tensor<i64>
  return %cat, %len : tensor<?x3xf32>, tensor<i64>
}
