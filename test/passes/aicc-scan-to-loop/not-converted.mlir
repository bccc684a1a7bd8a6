// RUN: aicc-opt %s --aicc-scan-to-loop --split-input-file | FileCheck %s

// Only aicc.Scan is rewritten. A Loop (what the pass emits, so a second run changes nothing) and
// a SequenceMap (aicc-sequence-map-to-loop's) are left as they are, signatures included.
// CHECK-LABEL: func.func @loop(%arg0: tensor<i64>, %arg1: tensor<2xf32>, %arg2: tensor<3x2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>) {
// CHECK-NEXT: %[[NONE:.*]] = aicc.none
// CHECK-NEXT: %[[LOOP:.*]]:2 = "aicc.Loop"(%arg0, %[[NONE]], %arg1) ({
// CHECK-NEXT: ^bb0(%[[I:.*]]: tensor<i64>, %[[COND:.*]]: tensor<i1>, %[[SUM:.*]]: tensor<2xf32>):
// CHECK-NEXT: %[[ROW:.*]] = "aicc.Gather"(%arg2, %[[I]]) <{axis = 0 : i64}> : (tensor<3x2xf32>, tensor<i64>) -> tensor<2xf32>
// CHECK-NEXT: %[[NEXT:.*]] = "aicc.Add"(%[[SUM]], %[[ROW]])
// CHECK-NEXT: aicc.Yield %[[COND]], %[[NEXT]], %[[NEXT]]
// CHECK-NEXT: }) : (tensor<i64>, none, tensor<2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>)
// CHECK-NEXT: return %[[LOOP]]#0, %[[LOOP]]#1
func.func @loop(%n: tensor<i64>, %init: tensor<2xf32>, %x: tensor<3x2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>) {
  %none = aicc.none
  %r:2 = "aicc.Loop"(%n, %none, %init) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %sum: tensor<2xf32>):
    %row = "aicc.Gather"(%x, %i) <{axis = 0 : i64}> : (tensor<3x2xf32>, tensor<i64>) -> tensor<2xf32>
    %next = "aicc.Add"(%sum, %row) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    aicc.Yield %c, %next, %next : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }) : (tensor<i64>, none, tensor<2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>)
  return %r#0, %r#1 : tensor<2xf32>, tensor<?x2xf32>
}

// -----

// CHECK-LABEL: func.func @map(%arg0: !aicc.seq<tensor<?xf32>>) -> !aicc.seq<tensor<?xf32>> {
// CHECK-NEXT: %[[MAP:.*]] = "aicc.SequenceMap"(%arg0) ({
// CHECK-NEXT: ^bb0(%[[E:.*]]: tensor<?xf32>):
// CHECK-NEXT: %[[Y:.*]] = "aicc.Neg"(%[[E]])
// CHECK-NEXT: aicc.Yield %[[Y]]
// CHECK-NEXT: })
// CHECK-NEXT: return %[[MAP]]
func.func @map(%x: !aicc.seq<tensor<?xf32>>) -> !aicc.seq<tensor<?xf32>> {
  %r = "aicc.SequenceMap"(%x) ({
  ^bb0(%e: tensor<?xf32>):
    %y = "aicc.Neg"(%e) : (tensor<?xf32>) -> tensor<?xf32>
    aicc.Yield %y : tensor<?xf32>
  }) : (!aicc.seq<tensor<?xf32>>) -> !aicc.seq<tensor<?xf32>>
  return %r : !aicc.seq<tensor<?xf32>>
}

// -----

// A Scan with the default directions and axes: its stacked output is the Loop's as it comes, not
// reversed (no Slice) nor moved off dim 0 (no Transpose); the slices are read at i, not T-1-i.
// CHECK-LABEL: func.func @forward
// CHECK: %[[LOOP:.*]] = "aicc.Loop"
// CHECK: ^bb0(%[[I:.*]]: tensor<i64>, %{{.*}}: tensor<i1>):
// CHECK: "aicc.Gather"(%arg0, %[[I]]) <{axis = 0 : i64}>
// CHECK-NOT: aicc.Slice
// CHECK-NOT: aicc.Transpose
// CHECK: return %[[LOOP]]
func.func @forward(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %r = "aicc.Scan"(%x) <{num_scan_inputs = 1 : i64}> ({
  ^bb0(%row: tensor<2xf32>):
    %y = "aicc.Neg"(%row) : (tensor<2xf32>) -> tensor<2xf32>
    aicc.Yield %y : tensor<2xf32>
  }) : (tensor<4x2xf32>) -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}
