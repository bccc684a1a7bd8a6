// RUN: aicc-opt %s --aicc-sequence-map-to-loop --split-input-file | FileCheck %s

// SequenceMap over one sequence and a tensor (test_sequence_map_add_1_sequence_1_tensor): a Loop
// of SequenceLength(x) iterations, condition true, carrying an empty sequence; the body reads
// element i of x, adds y as it is, and appends the sum.
// CHECK-LABEL: func.func @add
// CHECK: %[[N:.*]] = "aicc.SequenceLength"(%arg0)
// CHECK: %[[TRUE:.*]] = "aicc.Constant"() <{value = dense<true> : tensor<i1>}>
// CHECK: %[[EMPTY:.*]] = "aicc.SequenceEmpty"()
// CHECK: %[[LOOP:.*]] = "aicc.Loop"(%[[N]], %[[TRUE]], %[[EMPTY]])
// CHECK: ^bb0(%[[I:.*]]: tensor<i64>, %[[COND:.*]]: tensor<i1>, %[[OUT:.*]]: !aicc.seq<tensor<?xf32>>):
// CHECK: %[[ELEMENT:.*]] = "aicc.SequenceAt"(%arg0, %[[I]])
// CHECK: %[[SUM:.*]] = "aicc.Add"(%[[ELEMENT]], %arg1)
// CHECK: %[[LONGER:.*]] = "aicc.SequenceInsert"(%[[OUT]], %[[SUM]], %{{.*}})
// CHECK: aicc.Yield %[[COND]], %[[LONGER]]
// CHECK: return %[[LOOP]]
func.func @add(%x: !aicc.seq<tensor<?xf32>>, %y: tensor<?xf32>) -> !aicc.seq<tensor<?xf32>> {
  %r = "aicc.SequenceMap"(%x, %y) ({
  ^bb0(%e: tensor<?xf32>, %t: tensor<?xf32>):
    %sum = "aicc.Add"(%e, %t) : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
    aicc.Yield %sum : tensor<?xf32>
  }) : (!aicc.seq<tensor<?xf32>>, tensor<?xf32>) -> !aicc.seq<tensor<?xf32>>
  return %r : !aicc.seq<tensor<?xf32>>
}

// -----

// Two sequences and two outputs: both sequences are read at i; each output has its own sequence.
// CHECK-LABEL: func.func @two
// CHECK: %[[LOOP:.*]]:2 = "aicc.Loop"
// CHECK: "aicc.SequenceAt"(%arg0, %{{.*}})
// CHECK: "aicc.SequenceAt"(%arg1, %{{.*}})
// CHECK-COUNT-2: "aicc.SequenceInsert"
// CHECK: return %[[LOOP]]#0, %[[LOOP]]#1
func.func @two(%x: !aicc.seq<tensor<?xf32>>, %y: !aicc.seq<tensor<?xf32>>) -> (!aicc.seq<tensor<?xf32>>, !aicc.seq<tensor<?xf32>>) {
  %r:2 = "aicc.SequenceMap"(%x, %y) ({
  ^bb0(%a: tensor<?xf32>, %b: tensor<?xf32>):
    aicc.Yield %b, %a : tensor<?xf32>, tensor<?xf32>
  }) : (!aicc.seq<tensor<?xf32>>, !aicc.seq<tensor<?xf32>>) -> (!aicc.seq<tensor<?xf32>>, !aicc.seq<tensor<?xf32>>)
  return %r#0, %r#1 : !aicc.seq<tensor<?xf32>>, !aicc.seq<tensor<?xf32>>
}

// -----

// Without a SequenceMap nothing changes.
// CHECK-LABEL: func.func @none
// CHECK-NOT: aicc.Loop
func.func @none(%x: !aicc.seq<tensor<?xf32>>) -> !aicc.seq<tensor<?xf32>> {
  return %x : !aicc.seq<tensor<?xf32>>
}
