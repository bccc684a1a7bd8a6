// RUN: aicc-opt %s -aicc-evaluate-constant-subgraphs="max-elements=4" --split-input-file | FileCheck %s

// A Concat of slices that reorders a whole constant read nowhere else (a scripted LSTMCell's gate
// weights) is computed whatever its size (here past max-elements): the result replaces the
// constant.
// CHECK-LABEL: func @reordered_blocks
// CHECK: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[}}[5.000000e+00, 6.000000e+00], [1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<3x2xf32>}>
// CHECK-NOT: aicc.Slice
// CHECK: return %[[W]]
func.func @reordered_blocks() -> tensor<3x2xf32> {
  %w = "aicc.Constant"() <{value = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>}> : () -> tensor<3x2xf32>
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<1xi64>}> : () -> tensor<1xi64>
  %two = "aicc.Constant"() <{value = dense<2> : tensor<1xi64>}> : () -> tensor<1xi64>
  %three = "aicc.Constant"() <{value = dense<3> : tensor<1xi64>}> : () -> tensor<1xi64>
  %none = aicc.none
  %head = "aicc.Slice"(%w, %zero, %two, %zero, %none) : (tensor<3x2xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<2x2xf32>
  %tail = "aicc.Slice"(%w, %two, %three, %zero, %none) : (tensor<3x2xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<1x2xf32>
  %r = "aicc.Concat"(%tail, %head) <{axis = 0 : i64}> : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// -----

// The constant is read elsewhere too: computing the reordering would duplicate it.
// CHECK-LABEL: func @shared_source
// CHECK: "aicc.Concat"
func.func @shared_source() -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %w = "aicc.Constant"() <{value = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>}> : () -> tensor<3x2xf32>
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<1xi64>}> : () -> tensor<1xi64>
  %two = "aicc.Constant"() <{value = dense<2> : tensor<1xi64>}> : () -> tensor<1xi64>
  %three = "aicc.Constant"() <{value = dense<3> : tensor<1xi64>}> : () -> tensor<1xi64>
  %none = aicc.none
  %head = "aicc.Slice"(%w, %zero, %two, %zero, %none) : (tensor<3x2xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<2x2xf32>
  %tail = "aicc.Slice"(%w, %two, %three, %zero, %none) : (tensor<3x2xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<1x2xf32>
  %r = "aicc.Concat"(%tail, %head) <{axis = 0 : i64}> : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  return %r, %w : tensor<3x2xf32>, tensor<3x2xf32>
}
