// RUN: aicc-opt %s --aicc-cpu-compute-in-bf16 --split-input-file | FileCheck %s

// An LSTM of constant weights, 32 or more hidden units and the cell as ONNX defines it computes in
// bf16; its tensors stay f32.
// CHECK-LABEL: func.func @lstm
// CHECK: aicc_cpu.rnn <lstm> ins(%{{.*}} : tensor<7x1x16xf32>, tensor<1x128x16xf32>, tensor<1x128x32xf32>)
// CHECK-SAME: compute_type = #aicc_cpu.data_type<bf16>
// CHECK-SAME: -> tensor<7x1x1x32xf32>, tensor<1x1x32xf32>, tensor<1x1x32xf32>
func.func @lstm(%x: tensor<7x1x16xf32>) -> tensor<7x1x1x32xf32> {
  %w = "aicc.Constant"() <{value = dense<0.1> : tensor<1x128x16xf32>}> : () -> tensor<1x128x16xf32>
  %r = "aicc.Constant"() <{value = dense<0.1> : tensor<1x128x32xf32>}> : () -> tensor<1x128x32xf32>
  %y0 = tensor.empty() : tensor<7x1x1x32xf32>
  %s0 = tensor.empty() : tensor<1x1x32xf32>
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<7x1x16xf32>, tensor<1x128x16xf32>, tensor<1x128x32xf32>)
      outs(%y0, %s0, %s0 : tensor<7x1x1x32xf32>, tensor<1x1x32xf32>, tensor<1x1x32xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 32 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<7x1x1x32xf32>, tensor<1x1x32xf32>, tensor<1x1x32xf32>
  return %y : tensor<7x1x1x32xf32>
}

// -----

// What stays f32: a GRU; an LSTM of 16 hidden units (too short a dot product to gain); one with a
// clip, which the runtime's f32 cell loop computes; one whose R arrives at run time.
// CHECK-LABEL: func.func @f32_recurrences
// CHECK-NOT: compute_type
func.func @f32_recurrences(%x: tensor<7x1x16xf32>, %rt: tensor<1x128x32xf32>)
    -> (tensor<7x1x1x32xf32>, tensor<7x1x1x16xf32>, tensor<7x1x1x32xf32>, tensor<7x1x1x32xf32>) {
  %wg = "aicc.Constant"() <{value = dense<0.1> : tensor<1x96x16xf32>}> : () -> tensor<1x96x16xf32>
  %rg = "aicc.Constant"() <{value = dense<0.1> : tensor<1x96x32xf32>}> : () -> tensor<1x96x32xf32>
  %w = "aicc.Constant"() <{value = dense<0.1> : tensor<1x128x16xf32>}> : () -> tensor<1x128x16xf32>
  %r = "aicc.Constant"() <{value = dense<0.1> : tensor<1x128x32xf32>}> : () -> tensor<1x128x32xf32>
  %w16 = "aicc.Constant"() <{value = dense<0.1> : tensor<1x64x16xf32>}> : () -> tensor<1x64x16xf32>
  %r16 = "aicc.Constant"() <{value = dense<0.1> : tensor<1x64x16xf32>}> : () -> tensor<1x64x16xf32>
  %y0 = tensor.empty() : tensor<7x1x1x32xf32>
  %s0 = tensor.empty() : tensor<1x1x32xf32>
  %y16 = tensor.empty() : tensor<7x1x1x16xf32>
  %s16 = tensor.empty() : tensor<1x1x16xf32>
  %gy, %gh = aicc_cpu.rnn <gru> ins(%x, %wg, %rg : tensor<7x1x16xf32>, tensor<1x96x16xf32>, tensor<1x96x32xf32>)
      outs(%y0, %s0 : tensor<7x1x1x32xf32>, tensor<1x1x32xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 32 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<7x1x1x32xf32>, tensor<1x1x32xf32>
  %sy, %sh, %sc = aicc_cpu.rnn <lstm> ins(%x, %w16, %r16 : tensor<7x1x16xf32>, tensor<1x64x16xf32>, tensor<1x64x16xf32>)
      outs(%y16, %s16, %s16 : tensor<7x1x1x16xf32>, tensor<1x1x16xf32>, tensor<1x1x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<7x1x1x16xf32>, tensor<1x1x16xf32>, tensor<1x1x16xf32>
  %cy, %ch, %cc = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<7x1x16xf32>, tensor<1x128x16xf32>, tensor<1x128x32xf32>)
      outs(%y0, %s0, %s0 : tensor<7x1x1x32xf32>, tensor<1x1x32xf32>, tensor<1x1x32xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 32 : i64, clip = 3.0 : f64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<7x1x1x32xf32>, tensor<1x1x32xf32>, tensor<1x1x32xf32>
  %ry, %rh, %rc = aicc_cpu.rnn <lstm> ins(%x, %w, %rt : tensor<7x1x16xf32>, tensor<1x128x16xf32>, tensor<1x128x32xf32>)
      outs(%y0, %s0, %s0 : tensor<7x1x1x32xf32>, tensor<1x1x32xf32>, tensor<1x1x32xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 32 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<7x1x1x32xf32>, tensor<1x1x32xf32>, tensor<1x1x32xf32>
  return %gy, %sy, %cy, %ry : tensor<7x1x1x32xf32>, tensor<7x1x1x16xf32>, tensor<7x1x1x32xf32>, tensor<7x1x1x32xf32>
}
