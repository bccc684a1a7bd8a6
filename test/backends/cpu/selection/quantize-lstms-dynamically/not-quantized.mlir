// RUN: aicc-opt %s --aicc-cpu-quantize-lstms-dynamically="keep-fp32=/kept" --split-input-file | FileCheck %s

// Left in f32: an LSTM whose weights arrive at run time, weights that are not finite, one with
// peepholes and one with a clip (the int8 kernel takes neither), a GRU, and an LSTM made from a
// node named in keep-fp32.
// CHECK-LABEL: func.func @runtime_weights
// CHECK-NOT: w_scales
func.func @runtime_weights(%x: tensor<3x1x2xf32>, %w: tensor<1x4x2xf32>) -> tensor<3x1x1x1xf32> {
  %r = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %y0 = tensor.empty() : tensor<3x1x1x1xf32>
  %h0 = tensor.empty() : tensor<1x1x1xf32>
  %c0 = tensor.empty() : tensor<1x1x1xf32>
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x1xf32>)
      outs(%y0, %h0, %c0 : tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 1 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>
  return %y : tensor<3x1x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @not_finite
// CHECK-NOT: w_scales
func.func @not_finite(%x: tensor<3x1x2xf32>) -> tensor<3x1x1x1xf32> {
  %w = "aicc.Constant"() <{value = dense<0x7F800000> : tensor<1x4x2xf32>}> : () -> tensor<1x4x2xf32>
  %r = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %y0 = tensor.empty() : tensor<3x1x1x1xf32>
  %h0 = tensor.empty() : tensor<1x1x1xf32>
  %c0 = tensor.empty() : tensor<1x1x1xf32>
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x1xf32>)
      outs(%y0, %h0, %c0 : tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 1 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>
  return %y : tensor<3x1x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @peepholes
// CHECK-NOT: w_scales
func.func @peepholes(%x: tensor<3x1x2xf32>, %p: tensor<1x3xf32>) -> tensor<3x1x1x1xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x2xf32>}> : () -> tensor<1x4x2xf32>
  %r = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %y0 = tensor.empty() : tensor<3x1x1x1xf32>
  %h0 = tensor.empty() : tensor<1x1x1xf32>
  %c0 = tensor.empty() : tensor<1x1x1xf32>
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x1xf32>)
      peepholes(%p : tensor<1x3xf32>) outs(%y0, %h0, %c0 : tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 1 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>
  return %y : tensor<3x1x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @clip
// CHECK-NOT: w_scales
func.func @clip(%x: tensor<3x1x2xf32>) -> tensor<3x1x1x1xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x2xf32>}> : () -> tensor<1x4x2xf32>
  %r = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %y0 = tensor.empty() : tensor<3x1x1x1xf32>
  %h0 = tensor.empty() : tensor<1x1x1xf32>
  %c0 = tensor.empty() : tensor<1x1x1xf32>
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x1xf32>)
      outs(%y0, %h0, %c0 : tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 1 : i64, clip = 3.0 : f64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>
  return %y : tensor<3x1x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @gru
// CHECK-NOT: w_scales
func.func @gru(%x: tensor<3x1x2xf32>) -> tensor<3x1x1x1xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<1x3x2xf32>}> : () -> tensor<1x3x2xf32>
  %r = "aicc.Constant"() <{value = dense<1.0> : tensor<1x3x1xf32>}> : () -> tensor<1x3x1xf32>
  %y0 = tensor.empty() : tensor<3x1x1x1xf32>
  %h0 = tensor.empty() : tensor<1x1x1xf32>
  %y, %h = aicc_cpu.rnn <gru> ins(%x, %w, %r : tensor<3x1x2xf32>, tensor<1x3x2xf32>, tensor<1x3x1xf32>)
      outs(%y0, %h0 : tensor<3x1x1x1xf32>, tensor<1x1x1xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 1 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>
  return %y : tensor<3x1x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @kept
// CHECK-NOT: w_scales
func.func @kept(%x: tensor<3x1x2xf32>) -> tensor<3x1x1x1xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x2xf32>}> : () -> tensor<1x4x2xf32>
  %r = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %y0 = tensor.empty() : tensor<3x1x1x1xf32>
  %h0 = tensor.empty() : tensor<1x1x1xf32>
  %c0 = tensor.empty() : tensor<1x1x1xf32>
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x1xf32>)
      outs(%y0, %h0, %c0 : tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 1 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32> loc("/kept")
  return %y : tensor<3x1x1x1xf32>
}
