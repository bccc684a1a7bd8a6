// RUN: aicc-opt %s --aicc-cpu-quantize-lstms-dynamically 2>&1 | FileCheck %s

// What aicc -v says of a function: how many of its LSTM kernels have int8 weights (here the one
// with constant weights, not the one whose W arrives at run time).
// CHECK: remark: dynamic quantization: 1 of 2 LSTM kernels with int8 weights
func.func @two_lstms(%x: tensor<3x1x2xf32>, %w1: tensor<1x4x2xf32>) -> (tensor<3x1x1x1xf32>, tensor<3x1x1x1xf32>) {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x2xf32>}> : () -> tensor<1x4x2xf32>
  %r = "aicc.Constant"() <{value = dense<1.0> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %y0 = tensor.empty() : tensor<3x1x1x1xf32>
  %h0 = tensor.empty() : tensor<1x1x1xf32>
  %c0 = tensor.empty() : tensor<1x1x1xf32>
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x1xf32>)
      outs(%y0, %h0, %c0 : tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 1 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>
  %z, %zh, %zc = aicc_cpu.rnn <lstm> ins(%x, %w1, %r : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x1xf32>)
      outs(%y0, %h0, %c0 : tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 1 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>
  return %y, %z : tensor<3x1x1x1xf32>, tensor<3x1x1x1xf32>
}
