// RUN: aicc-opt %s --aicc-resolve-static-sequences --split-input-file | FileCheck %s

// A split whose chunk size is data, and a read at a position out of range: left as they are
// (the backend then names the node it cannot compile).
// CHECK-LABEL: func.func @unknown
// CHECK: "aicc.SplitToSequence"
// CHECK: "aicc.SequenceAt"
// CHECK: "aicc.SequenceConstruct"
// CHECK: "aicc.SequenceAt"
func.func @unknown(%x: tensor<4xf32>, %size: tensor<i64>) -> (tensor<*xf32>, tensor<4xf32>) {
  %parts = "aicc.SplitToSequence"(%x, %size) : (tensor<4xf32>, tensor<i64>) -> !aicc.seq<tensor<*xf32>>
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %first = "aicc.SequenceAt"(%parts, %zero) : (!aicc.seq<tensor<*xf32>>, tensor<i64>) -> tensor<*xf32>
  %list = "aicc.SequenceConstruct"(%x) : (tensor<4xf32>) -> !aicc.seq<tensor<4xf32>>
  %five = "aicc.Constant"() <{value = dense<5> : tensor<i64>}> : () -> tensor<i64>
  %out = "aicc.SequenceAt"(%list, %five) : (!aicc.seq<tensor<4xf32>>, tensor<i64>) -> tensor<4xf32>
  return %first, %out : tensor<*xf32>, tensor<4xf32>
}
