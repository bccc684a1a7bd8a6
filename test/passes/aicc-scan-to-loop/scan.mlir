// RUN: aicc-opt %s --aicc-scan-to-loop --split-input-file | FileCheck %s

// ONNX's cumulative sum (test_scan9_sum): a Loop of x's dim 0 iterations that Gathers row i.
// CHECK-LABEL: func.func @cumulative_sum
// CHECK: %[[DIM:.*]] = "aicc.Shape"(%arg1) <{end = 1 : i64, start = 0 : i64}>
// CHECK: %[[TRIPS:.*]] = "aicc.Gather"(%[[DIM]], %{{.*}}) <{axis = 0 : i64}>
// CHECK: %[[NONE:.*]] = aicc.none
// CHECK: %[[LOOP:.*]]:2 = "aicc.Loop"(%[[TRIPS]], %[[NONE]], %arg0)
// CHECK: ^bb0(%[[I:.*]]: tensor<i64>, %[[COND:.*]]: tensor<i1>, %[[SUM:.*]]: tensor<2xf32>):
// CHECK: %[[ROW:.*]] = "aicc.Gather"(%arg1, %[[I]]) <{axis = 0 : i64}> : (tensor<3x2xf32>, tensor<i64>) -> tensor<2xf32>
// CHECK: %[[NEXT:.*]] = "aicc.Add"(%[[SUM]], %[[ROW]])
// CHECK: aicc.Yield %[[COND]], %[[NEXT]], %[[NEXT]]
// CHECK: return %[[LOOP]]#0, %[[LOOP]]#1
func.func @cumulative_sum(%init: tensor<2xf32>, %x: tensor<3x2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>) {
  %r:2 = "aicc.Scan"(%init, %x) <{num_scan_inputs = 1 : i64}> ({
  ^bb0(%sum: tensor<2xf32>, %row: tensor<2xf32>):
    %next = "aicc.Add"(%sum, %row) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    aicc.Yield %next, %next : tensor<2xf32>, tensor<2xf32>
  }) : (tensor<2xf32>, tensor<3x2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>)
  return %r#0, %r#1 : tensor<2xf32>, tensor<?x2xf32>
}

// -----

// Reading axis 1 backwards and writing the outputs backwards along axis 1: the Gather index is
// T-1-i, and the stack is reversed (Slice step -1) and its dim 0 moved to axis 1.
// CHECK-LABEL: func.func @reverse_axes
// CHECK: %[[LAST:.*]] = "aicc.Sub"
// CHECK: "aicc.Loop"
// CHECK: %[[BACK:.*]] = "aicc.Sub"(%[[LAST]], %{{.*}})
// CHECK: "aicc.Gather"(%arg0, %[[BACK]]) <{axis = 1 : i64}> : (tensor<2x5xf32>, tensor<i64>) -> tensor<2xf32>
// CHECK: %[[REVERSED:.*]] = "aicc.Slice"
// CHECK: "aicc.Transpose"(%[[REVERSED]]) <{perm = array<i64: 1, 0>}>
func.func @reverse_axes(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %r = "aicc.Scan"(%x) <{num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 1>, scan_input_directions = array<i64: 1>,
                         scan_output_axes = array<i64: 1>, scan_output_directions = array<i64: 1>}> ({
  ^bb0(%col: tensor<2xf32>):
    %y = "aicc.Neg"(%col) : (tensor<2xf32>) -> tensor<2xf32>
    aicc.Yield %y : tensor<2xf32>
  }) : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %r : tensor<2x5xf32>
}
