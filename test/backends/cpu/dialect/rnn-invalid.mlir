// RUN: aicc-opt %s --split-input-file --verify-diagnostics

func.func @missing_cell_state(%x: tensor<5x2x8xf32>, %w: tensor<1x64x8xf32>, %r: tensor<1x64x16xf32>) {
  %y0 = tensor.empty() : tensor<5x1x2x16xf32>
  %s0 = tensor.empty() : tensor<1x2x16xf32>
  // expected-error @+1 {{has 3 inits (Y, Y_h, Y_c), got 2}}
  %y, %h = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<5x2x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>)
      outs(%y0, %s0 : tensor<5x1x2x16xf32>, tensor<1x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x1x2x16xf32>, tensor<1x2x16xf32>
  return
}

// -----

func.func @one_direction_of_activations(%x: tensor<5x2x8xf32>, %w: tensor<2x16x8xf32>, %r: tensor<2x16x16xf32>) {
  %y0 = tensor.empty() : tensor<5x2x2x16xf32>
  %s0 = tensor.empty() : tensor<2x2x16xf32>
  // expected-error @+1 {{needs 2 activations, got 1}}
  %y, %h = aicc_cpu.rnn <rnn> ins(%x, %w, %r : tensor<5x2x8xf32>, tensor<2x16x8xf32>, tensor<2x16x16xf32>)
      outs(%y0, %s0 : tensor<5x2x2x16xf32>, tensor<2x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<bidirectional>, hidden_size = 16 : i64, activations = [#aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x2x2x16xf32>, tensor<2x2x16xf32>
  return
}

// -----

func.func @wrong_output_layout(%x: tensor<2x5x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x16xf32>) {
  %y0 = tensor.empty() : tensor<5x1x2x16xf32>
  %s0 = tensor.empty() : tensor<2x1x16xf32>
  // expected-error @+1 {{Y must be f32 [2, 5, 1, 16], got 'tensor<5x1x2x16xf32>'}}
  %y, %h = aicc_cpu.rnn <rnn> ins(%x, %w, %r : tensor<2x5x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>)
      outs(%y0, %s0 : tensor<5x1x2x16xf32>, tensor<2x1x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64, layout = 1 : i64, activations = [#aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x1x2x16xf32>, tensor<2x1x16xf32>
  return
}

// -----

func.func @peepholes_on_gru(%x: tensor<5x2x8xf32>, %w: tensor<1x48x8xf32>, %r: tensor<1x48x16xf32>, %p: tensor<1x48xf32>) {
  %y0 = tensor.empty() : tensor<5x1x2x16xf32>
  %s0 = tensor.empty() : tensor<1x2x16xf32>
  // expected-error @+1 {{initial_c and peepholes are LSTM operands}}
  %y, %h = aicc_cpu.rnn <gru> ins(%x, %w, %r : tensor<5x2x8xf32>, tensor<1x48x8xf32>, tensor<1x48x16xf32>) peepholes(%p : tensor<1x48xf32>)
      outs(%y0, %s0 : tensor<5x1x2x16xf32>, tensor<1x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x1x2x16xf32>, tensor<1x2x16xf32>
  return
}

// -----

// expected-error @+1 {{unknown recurrent activation 'swish'}}
func.func @unknown_activation() attributes {activation = #aicc_cpu.rnn_activation<swish>} {
  return
}

// -----

func.func @scales_without_each_other(%x: tensor<5x2x8xf32>, %w: tensor<1x16x8xi8>, %r: tensor<1x16x16xi8>,
                                     %s: tensor<1x16xf32>) {
  %y0 = tensor.empty() : tensor<5x1x2x16xf32>
  %s0 = tensor.empty() : tensor<1x2x16xf32>
  // expected-error @+1 {{takes w_scales and r_scales together}}
  %y, %h = aicc_cpu.rnn <rnn> ins(%x, %w, %r : tensor<5x2x8xf32>, tensor<1x16x8xi8>, tensor<1x16x16xi8>)
      w_scales(%s : tensor<1x16xf32>) outs(%y0, %s0 : tensor<5x1x2x16xf32>, tensor<1x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64, activations = [#aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x1x2x16xf32>, tensor<1x2x16xf32>
  return
}

// -----

func.func @f32_weights_with_scales(%x: tensor<5x2x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x16xf32>,
                                   %s: tensor<1x16xf32>) {
  %y0 = tensor.empty() : tensor<5x1x2x16xf32>
  %s0 = tensor.empty() : tensor<1x2x16xf32>
  // expected-error @+1 {{w must be i8 [1, 16, 8], got 'tensor<1x16x8xf32>'}}
  %y, %h = aicc_cpu.rnn <rnn> ins(%x, %w, %r : tensor<5x2x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>)
      w_scales(%s : tensor<1x16xf32>) r_scales(%s : tensor<1x16xf32>) outs(%y0, %s0 : tensor<5x1x2x16xf32>, tensor<1x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64, activations = [#aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x1x2x16xf32>, tensor<1x2x16xf32>
  return
}

// -----

func.func @scales_per_tensor(%x: tensor<5x2x8xf32>, %w: tensor<1x16x8xi8>, %r: tensor<1x16x16xi8>,
                             %s: tensor<1xf32>) {
  %y0 = tensor.empty() : tensor<5x1x2x16xf32>
  %s0 = tensor.empty() : tensor<1x2x16xf32>
  // expected-error @+1 {{w_scales must be f32 [1, 16], got 'tensor<1xf32>'}}
  %y, %h = aicc_cpu.rnn <rnn> ins(%x, %w, %r : tensor<5x2x8xf32>, tensor<1x16x8xi8>, tensor<1x16x16xi8>)
      w_scales(%s : tensor<1xf32>) r_scales(%s : tensor<1xf32>) outs(%y0, %s0 : tensor<5x1x2x16xf32>, tensor<1x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64, activations = [#aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x1x2x16xf32>, tensor<1x2x16xf32>
  return
}

// -----

// oneDNN 2.6's bf16 GRU is not used: only an LSTM computes in bf16.
func.func @bf16_gru(%x: tensor<5x2x8xf32>, %w: tensor<1x48x8xf32>, %r: tensor<1x48x16xf32>) {
  %y0 = tensor.empty() : tensor<5x1x2x16xf32>
  %s0 = tensor.empty() : tensor<1x2x16xf32>
  // expected-error @+1 {{computes in bf16 only as an LSTM}}
  %y, %h = aicc_cpu.rnn <gru> ins(%x, %w, %r : tensor<5x2x8xf32>, tensor<1x48x8xf32>, tensor<1x48x16xf32>)
      outs(%y0, %s0 : tensor<5x1x2x16xf32>, tensor<1x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64, compute_type = #aicc_cpu.data_type<bf16>,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x1x2x16xf32>, tensor<1x2x16xf32>
  return
}

// -----

// An int8 LSTM computes in int8.
func.func @bf16_int8_lstm(%x: tensor<5x2x8xf32>, %w: tensor<1x64x8xi8>, %r: tensor<1x64x16xi8>, %s: tensor<1x64xf32>) {
  %y0 = tensor.empty() : tensor<5x1x2x16xf32>
  %s0 = tensor.empty() : tensor<1x2x16xf32>
  // expected-error @+1 {{a bf16 compute_type needs f32 operands, got 'tensor<1x64x8xi8>'}}
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<5x2x8xf32>, tensor<1x64x8xi8>, tensor<1x64x16xi8>)
      w_scales(%s : tensor<1x64xf32>) r_scales(%s : tensor<1x64xf32>)
      outs(%y0, %s0, %s0 : tensor<5x1x2x16xf32>, tensor<1x2x16xf32>, tensor<1x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64, compute_type = #aicc_cpu.data_type<bf16>,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x1x2x16xf32>, tensor<1x2x16xf32>, tensor<1x2x16xf32>
  return
}
