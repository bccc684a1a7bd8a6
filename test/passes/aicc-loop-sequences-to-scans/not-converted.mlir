// RUN: aicc-opt %s --aicc-loop-sequences-to-scans --split-input-file | FileCheck %s

// Inserting at a position is not an append: the sequence stays.
// CHECK-LABEL: func.func @insert_at_front
// CHECK: "aicc.SequenceInsert"
// CHECK: "aicc.ConcatFromSequence"
func.func @insert_at_front(%x: tensor<2xf32>, %n: tensor<i64>) -> tensor<?x2xf32> {
  %none = aicc.none
  %empty = "aicc.SequenceEmpty"() <{dtype = 1 : i64}> : () -> !aicc.seq<tensor<*xf32>>
  %r = "aicc.Loop"(%n, %none, %empty) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %seq: !aicc.seq<tensor<*xf32>>):
    %zero = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
    %next = "aicc.SequenceInsert"(%seq, %x, %zero) : (!aicc.seq<tensor<*xf32>>, tensor<2xf32>, tensor<i64>) -> !aicc.seq<tensor<*xf32>>
    aicc.Yield %c, %next : tensor<i1>, !aicc.seq<tensor<*xf32>>
  }) : (tensor<i64>, none, !aicc.seq<tensor<*xf32>>) -> !aicc.seq<tensor<*xf32>>
  %y = "aicc.ConcatFromSequence"(%r) <{axis = 0 : i64, new_axis = 1 : i64}> : (!aicc.seq<tensor<*xf32>>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// -----

// A sequence read by SequenceAt after the loop is not only stacked: it stays.
// CHECK-LABEL: func.func @read_back
// CHECK: "aicc.SequenceInsert"
// CHECK: "aicc.SequenceAt"
func.func @read_back(%x: tensor<2xf32>, %n: tensor<i64>) -> tensor<2xf32> {
  %none = aicc.none
  %empty = "aicc.SequenceEmpty"() <{dtype = 1 : i64}> : () -> !aicc.seq<tensor<*xf32>>
  %r = "aicc.Loop"(%n, %none, %empty) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %seq: !aicc.seq<tensor<*xf32>>):
    %p = aicc.none
    %next = "aicc.SequenceInsert"(%seq, %x, %p) : (!aicc.seq<tensor<*xf32>>, tensor<2xf32>, none) -> !aicc.seq<tensor<*xf32>>
    aicc.Yield %c, %next : tensor<i1>, !aicc.seq<tensor<*xf32>>
  }) : (tensor<i64>, none, !aicc.seq<tensor<*xf32>>) -> !aicc.seq<tensor<*xf32>>
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %y = "aicc.SequenceAt"(%r, %zero) : (!aicc.seq<tensor<*xf32>>, tensor<i64>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
