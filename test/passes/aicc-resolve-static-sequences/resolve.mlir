// RUN: aicc-opt %s --aicc-resolve-static-sequences --split-input-file | FileCheck %s

// torch.split into a list, indexed, counted and concatenated: the slices themselves.
// CHECK-LABEL: func.func @split_list
// CHECK-NOT: aicc.Sequence
// CHECK-NOT: aicc.SplitToSequence
// CHECK: %[[A:.*]] = "aicc.Slice"(%arg0, {{.*}}) : ({{.*}}) -> tensor<3x2xf32>
// CHECK: %[[B:.*]] = "aicc.Slice"(%arg0, {{.*}}) : ({{.*}}) -> tensor<3x2xf32>
// CHECK: %[[C:.*]] = "aicc.Slice"(%arg0, {{.*}}) : ({{.*}}) -> tensor<3x1xf32>
// CHECK: %[[N:.*]] = "aicc.Constant"() <{value = dense<3> : tensor<i64>}>
// CHECK: %[[JOINED:.*]] = "aicc.Concat"(%[[C]], %[[A]]) <{axis = 1 : i64}>
// CHECK: return %[[B]], %[[N]], %[[JOINED]]
func.func @split_list(%x: tensor<3x5xf32>) -> (tensor<3x2xf32>, tensor<i64>, tensor<*xf32>) {
  %two = "aicc.Constant"() <{value = dense<2> : tensor<i64>}> : () -> tensor<i64>
  %parts = "aicc.SplitToSequence"(%x, %two) <{axis = 1 : i64}> : (tensor<3x5xf32>, tensor<i64>) -> !aicc.seq<tensor<*xf32>>
  %one = "aicc.Constant"() <{value = dense<1> : tensor<i64>}> : () -> tensor<i64>
  %b = "aicc.SequenceAt"(%parts, %one) : (!aicc.seq<tensor<*xf32>>, tensor<i64>) -> tensor<3x2xf32>
  %n = "aicc.SequenceLength"(%parts) : (!aicc.seq<tensor<*xf32>>) -> tensor<i64>
  %none = aicc.none
  %without = "aicc.SequenceErase"(%parts, %one) : (!aicc.seq<tensor<*xf32>>, tensor<i64>) -> !aicc.seq<tensor<*xf32>>
  %last = "aicc.Constant"() <{value = dense<-1> : tensor<i64>}> : () -> tensor<i64>
  %c = "aicc.SequenceAt"(%without, %last) : (!aicc.seq<tensor<*xf32>>, tensor<i64>) -> tensor<*xf32>
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %front = "aicc.SequenceInsert"(%without, %c, %zero) : (!aicc.seq<tensor<*xf32>>, tensor<*xf32>, tensor<i64>) -> !aicc.seq<tensor<*xf32>>
  %short = "aicc.SequenceErase"(%front, %none) : (!aicc.seq<tensor<*xf32>>, none) -> !aicc.seq<tensor<*xf32>>
  %joined = "aicc.ConcatFromSequence"(%short) <{axis = 1 : i64}> : (!aicc.seq<tensor<*xf32>>) -> tensor<*xf32>
  return %b, %n, %joined : tensor<3x2xf32>, tensor<i64>, tensor<*xf32>
}

// -----

// `for p in parts:` reads the list at the loop's counter: a Gather from its elements, stacked
// once after the list is made; torch.stack is a Concat of the elements unsqueezed.
// CHECK-LABEL: func.func @read_in_loop
// CHECK: %[[X0:.*]] = "aicc.Unsqueeze"(%arg0, %{{.*}}) : (tensor<2xf32>, tensor<1xi64>) -> tensor<1x2xf32>
// CHECK: %[[X1:.*]] = "aicc.Unsqueeze"(%arg1, %{{.*}})
// CHECK: %[[STACK:.*]] = "aicc.Concat"(%[[X0]], %[[X1]]) <{axis = 0 : i64}> : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<2x2xf32>
// CHECK: "aicc.Loop"
// CHECK: ^bb0(%[[I:.*]]: tensor<i64>,
// CHECK: "aicc.Gather"(%[[STACK]], %[[I]]) <{axis = 0 : i64}> : (tensor<2x2xf32>, tensor<i64>) -> tensor<2xf32>
// CHECK: "aicc.Concat"(%{{.*}}, %{{.*}}) <{axis = 1 : i64}>
func.func @read_in_loop(%a: tensor<2xf32>, %b: tensor<2xf32>) -> (tensor<2xf32>, tensor<*xf32>) {
  %list = "aicc.SequenceConstruct"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> !aicc.seq<tensor<2xf32>>
  %n = "aicc.SequenceLength"(%list) : (!aicc.seq<tensor<2xf32>>) -> tensor<i64>
  %none = aicc.none
  %r = "aicc.Loop"(%n, %none, %a) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %acc: tensor<2xf32>):
    %p = "aicc.SequenceAt"(%list, %i) : (!aicc.seq<tensor<2xf32>>, tensor<i64>) -> tensor<2xf32>
    %y = "aicc.Add"(%acc, %p) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    aicc.Yield %c, %y : tensor<i1>, tensor<2xf32>
  }) : (tensor<i64>, none, tensor<2xf32>) -> tensor<2xf32>
  %stacked = "aicc.ConcatFromSequence"(%list) <{axis = 1 : i64, new_axis = 1 : i64}> : (!aicc.seq<tensor<2xf32>>) -> tensor<*xf32>
  return %r, %stacked : tensor<2xf32>, tensor<*xf32>
}
