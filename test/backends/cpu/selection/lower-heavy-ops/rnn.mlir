// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// An LSTM with its defaults: every output gets a destination (Y and Y_c are computed even when
// the graph omits them), the activations are ONNX's defaults, weights stay in ONNX's layout.
// CHECK-LABEL: func.func @lstm_defaults
// CHECK: %[[Y:.*]] = tensor.empty() : tensor<5x1x2x16xf32>
// CHECK: %[[H:.*]] = tensor.empty() : tensor<1x2x16xf32>
// CHECK: %[[C:.*]] = tensor.empty() : tensor<1x2x16xf32>
// CHECK: %[[R:.*]]:3 = aicc_cpu.rnn <lstm> ins(%arg0, %arg1, %arg2 : tensor<5x2x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>)
// CHECK-SAME: outs(%[[Y]], %[[H]], %[[C]] : tensor<5x1x2x16xf32>, tensor<1x2x16xf32>, tensor<1x2x16xf32>)
// CHECK-SAME: activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]
// CHECK-SAME: direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64
// CHECK: return %[[R]]#1
func.func @lstm_defaults(%x: tensor<5x2x8xf32>, %w: tensor<1x64x8xf32>, %r: tensor<1x64x16xf32>) -> tensor<1x2x16xf32> {
  %none = aicc.none
  %y, %yh, %yc = "aicc.LSTM"(%x, %w, %r, %none, %none, %none, %none, %none) {hidden_size = 16 : i64}
      : (tensor<5x2x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>, none, none, none, none, none) -> (none, tensor<1x2x16xf32>, none)
  return %yh : tensor<1x2x16xf32>
}

// -----

// A bidirectional GRU, batch-major, with linear_before_reset, a bias and an initial state: one
// activation list per direction, the optional operands named.
// CHECK-LABEL: func.func @gru_bidirectional_batch_major
// CHECK: aicc_cpu.rnn <gru> ins(%arg0, %arg1, %arg2 : tensor<2x5x8xf32>, tensor<2x48x8xf32>, tensor<2x48x16xf32>)
// CHECK-SAME: bias(%arg3 : tensor<2x96xf32>) initial_h(%arg4 : tensor<2x2x16xf32>)
// CHECK-SAME: outs(%{{.*}}, %{{.*}} : tensor<2x5x2x16xf32>, tensor<2x2x16xf32>)
// CHECK-SAME: activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>]
// CHECK-SAME: direction = #aicc_cpu.rnn_direction<bidirectional>, hidden_size = 16 : i64, layout = 1 : i64, linear_before_reset = true
func.func @gru_bidirectional_batch_major(%x: tensor<2x5x8xf32>, %w: tensor<2x48x8xf32>, %r: tensor<2x48x16xf32>,
                                         %b: tensor<2x96xf32>, %h0: tensor<2x2x16xf32>) -> tensor<2x5x2x16xf32> {
  %none = aicc.none
  %y, %yh = "aicc.GRU"(%x, %w, %r, %b, %none, %h0) {direction = "bidirectional", hidden_size = 16 : i64, layout = 1 : i64, linear_before_reset = 1 : i64}
      : (tensor<2x5x8xf32>, tensor<2x48x8xf32>, tensor<2x48x16xf32>, tensor<2x96xf32>, none, tensor<2x2x16xf32>) -> (tensor<2x5x2x16xf32>, none)
  return %y : tensor<2x5x2x16xf32>
}

// -----

// Activations with alpha and beta: consumed in order by the functions that take them, defaults
// for the rest (ScaledTanh's alpha 1 here); clip and input_forget kept for the kernel.
// CHECK-LABEL: func.func @lstm_custom_activations
// CHECK: activations = [#aicc_cpu.rnn_activation<hard_sigmoid, alpha = 5.000000e-01, beta = 2.500000e-01>,
// CHECK-SAME: #aicc_cpu.rnn_activation<leaky_relu, alpha = 2.000000e+00>,
// CHECK-SAME: #aicc_cpu.rnn_activation<scaled_tanh, alpha = 1.000000e+00, beta = 3.000000e+00>]
// CHECK-SAME: clip = 5.000000e+00 : f64
// CHECK-SAME: input_forget = true
func.func @lstm_custom_activations(%x: tensor<5x2x8xf32>, %w: tensor<1x64x8xf32>, %r: tensor<1x64x16xf32>) -> tensor<5x1x2x16xf32> {
  %none = aicc.none
  %y, %yh, %yc = "aicc.LSTM"(%x, %w, %r, %none, %none, %none, %none, %none)
      {hidden_size = 16 : i64, activations = ["HardSigmoid", "LeakyRelu", "ScaledTanh"], activation_alpha = array<f32: 0.5, 2.0>,
       activation_beta = array<f32: 0.25, 3.0>, clip = 5.0 : f32, input_forget = 1 : i64}
      : (tensor<5x2x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>, none, none, none, none, none) -> (tensor<5x1x2x16xf32>, none, none)
  return %y : tensor<5x1x2x16xf32>
}

// -----

// RNN's schema default lists two functions (Tanh, Tanh); a reverse RNN takes the second.
// CHECK-LABEL: func.func @rnn_reverse_two_listed
// CHECK: aicc_cpu.rnn <rnn>
// CHECK-SAME: activations = [#aicc_cpu.rnn_activation<relu>]
// CHECK-SAME: direction = #aicc_cpu.rnn_direction<reverse>
func.func @rnn_reverse_two_listed(%x: tensor<5x2x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x16xf32>) -> tensor<1x2x16xf32> {
  %none = aicc.none
  %y, %yh = "aicc.RNN"(%x, %w, %r, %none, %none, %none) {hidden_size = 16 : i64, direction = "reverse", activations = ["Tanh", "Relu"]}
      : (tensor<5x2x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>, none, none, none) -> (none, tensor<1x2x16xf32>)
  return %yh : tensor<1x2x16xf32>
}

// -----

// Symbolic sequence length and batch: the destinations take their sizes from X.
// CHECK-LABEL: func.func @lstm_symbolic
// CHECK-DAG: %[[T:.*]] = tensor.dim %arg0, %c0
// CHECK-DAG: %[[N:.*]] = tensor.dim %arg0, %c1
// CHECK: tensor.empty(%[[T]], %[[N]]) : tensor<?x1x?x16xf32>
// CHECK: aicc_cpu.rnn <lstm>
// CHECK-SAME: -> tensor<?x1x?x16xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>
func.func @lstm_symbolic(%x: tensor<?x?x8xf32>, %w: tensor<1x64x8xf32>, %r: tensor<1x64x16xf32>) -> tensor<?x1x?x16xf32> {
  %none = aicc.none
  %y, %yh, %yc = "aicc.LSTM"(%x, %w, %r, %none, %none, %none, %none, %none) {hidden_size = 16 : i64}
      : (tensor<?x?x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>, none, none, none, none, none) -> (tensor<?x1x?x16xf32>, none, none)
  return %y : tensor<?x1x?x16xf32>
}
