// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file --verify-diagnostics

func.func @unknown_activation(%x: tensor<5x2x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x16xf32>) -> tensor<1x2x16xf32> {
  %none = aicc.none
  // expected-error @+1 {{activation 'Swish' is not one of ONNX's recurrent activations}}
  %y, %yh = "aicc.RNN"(%x, %w, %r, %none, %none, %none) {hidden_size = 16 : i64, activations = ["Swish"]}
      : (tensor<5x2x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>, none, none, none) -> (none, tensor<1x2x16xf32>)
  return %yh : tensor<1x2x16xf32>
}

// -----

func.func @wrong_activation_count(%x: tensor<5x2x8xf32>, %w: tensor<1x64x8xf32>, %r: tensor<1x64x16xf32>) -> tensor<1x2x16xf32> {
  %none = aicc.none
  // expected-error @+1 {{activations lists 2 functions; 3 are needed (3 per direction)}}
  %y, %yh, %yc = "aicc.LSTM"(%x, %w, %r, %none, %none, %none, %none, %none) {hidden_size = 16 : i64, activations = ["Sigmoid", "Tanh"]}
      : (tensor<5x2x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>, none, none, none, none, none) -> (none, tensor<1x2x16xf32>, none)
  return %yh : tensor<1x2x16xf32>
}

// -----

func.func @bad_direction(%x: tensor<5x2x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x16xf32>) -> tensor<1x2x16xf32> {
  %none = aicc.none
  // expected-error @+1 {{direction must be forward, reverse or bidirectional, got 'sideways'}}
  %y, %yh = "aicc.RNN"(%x, %w, %r, %none, %none, %none) {hidden_size = 16 : i64, direction = "sideways"}
      : (tensor<5x2x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>, none, none, none) -> (none, tensor<1x2x16xf32>)
  return %yh : tensor<1x2x16xf32>
}

// -----

func.func @weights_disagree(%x: tensor<5x2x8xf32>, %w: tensor<1x64x8xf32>, %r: tensor<1x64x16xf32>) -> tensor<1x2x32xf32> {
  %none = aicc.none
  // expected-error @+1 {{W is 'tensor<1x64x8xf32>'; 1 direction(s) of 4 gates with hidden_size 32 and 8 inputs need [1, 128, 8]}}
  %y, %yh, %yc = "aicc.LSTM"(%x, %w, %r, %none, %none, %none, %none, %none) {hidden_size = 32 : i64}
      : (tensor<5x2x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>, none, none, none, none, none) -> (none, tensor<1x2x32xf32>, none)
  return %yh : tensor<1x2x32xf32>
}

// -----

func.func @f64(%x: tensor<5x2x8xf64>, %w: tensor<1x16x8xf64>, %r: tensor<1x16x16xf64>) -> tensor<1x2x16xf64> {
  %none = aicc.none
  // expected-error @+1 {{the CPU backend computes recurrent ops in f32; X is 'f64'}}
  %y, %yh = "aicc.RNN"(%x, %w, %r, %none, %none, %none) {hidden_size = 16 : i64}
      : (tensor<5x2x8xf64>, tensor<1x16x8xf64>, tensor<1x16x16xf64>, none, none, none) -> (none, tensor<1x2x16xf64>)
  return %yh : tensor<1x2x16xf64>
}
