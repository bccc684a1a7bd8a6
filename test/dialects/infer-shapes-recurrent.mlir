// RUN: aicc-opt %s --aicc-infer-shapes --split-input-file | FileCheck %s

// The recurrent ops' outputs from X, the direction, hidden_size and layout; symbolic dims stay.
// CHECK-LABEL: func.func @lstm_bidirectional
// CHECK: -> (tensor<?x2x3x16xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>)
func.func @lstm_bidirectional(%x: tensor<?x3x8xf32>, %w: tensor<2x64x8xf32>, %r: tensor<2x64x16xf32>) -> tensor<*xf32> {
  %none = aicc.none
  %y, %yh, %yc = "aicc.LSTM"(%x, %w, %r, %none, %none, %none, %none, %none) {direction = "bidirectional", hidden_size = 16 : i64}
      : (tensor<?x3x8xf32>, tensor<2x64x8xf32>, tensor<2x64x16xf32>, none, none, none, none, none) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %y : tensor<*xf32>
}

// -----

// Batch-major, hidden size from R, an omitted Y left as none.
// CHECK-LABEL: func.func @gru_batch_major
// CHECK: -> (none, tensor<4x1x6xf32>)
func.func @gru_batch_major(%x: tensor<4x7x5xf32>, %w: tensor<1x18x5xf32>, %r: tensor<1x18x6xf32>) -> tensor<*xf32> {
  %none = aicc.none
  %y, %yh = "aicc.GRU"(%x, %w, %r, %none, %none, %none) {layout = 1 : i64}
      : (tensor<4x7x5xf32>, tensor<1x18x5xf32>, tensor<1x18x6xf32>, none, none, none) -> (none, tensor<*xf32>)
  return %yh : tensor<*xf32>
}

// -----

// OneHot: depth (a float constant here) inserted at the axis.
// CHECK-LABEL: func.func @onehot
// CHECK: -> tensor<2x5x3xf32>
func.func @onehot(%indices: tensor<2x3xi64>, %values: tensor<2xf32>) -> tensor<*xf32> {
  %depth = "aicc.Constant"() <{value = dense<5.0> : tensor<f32>}> : () -> tensor<f32>
  %y = "aicc.OneHot"(%indices, %depth, %values) {axis = 1 : i64} : (tensor<2x3xi64>, tensor<f32>, tensor<2xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
