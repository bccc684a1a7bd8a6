// RUN: aicc-opt %s --split-input-file --verify-diagnostics

// Every entry must fit the C struct its kind is serialised into.

// expected-error @+1 {{params #aicc_cpu.pool_params<}}
module attributes {aicc.kernels = [#aicc_cpu.kernel<kind = conv, name = "k", num_args = 2,
  params = #aicc_cpu.pool_params<batch = 1, channels = 8, algorithm = max, in = [4], out = [2], kernel = [2], strides = [2],
    dilations = [1], pads_begin = [0], pads_end = [0], src_layout = plain, dst_layout = plain>,
  constants = [unit, unit]>]} {
}

// -----

// expected-error @+1 {{constants has 1 entries, num_args 2}}
module attributes {aicc.kernels = [#aicc_cpu.kernel<kind = reorder, name = "k", num_args = 2,
  params = #aicc_cpu.reorder_params<dims = [1, 8, 4], src_layout = plain, dst_layout = blocked8, element_bytes = 4>, constants = [unit]>]} {
}

// -----

// expected-error @+1 {{format 3 : i64 is neither unit nor a packed_format}}
module attributes {aicc.kernels = [#aicc_cpu.kernel<kind = reorder, name = "k", num_args = 2,
  params = #aicc_cpu.reorder_params<dims = [1, 8, 4], src_layout = plain, dst_layout = blocked8, element_bytes = 4>, constants = [unit, unit],
  formats = [unit, 3]>]} {
}

// -----

// expected-error @+1 {{kernel has 4 spatial dims; 1 to 3 fit}}
module attributes {aicc.k = #aicc_cpu.conv_params<batch = 1, channels = 1, out_channels = 1, groups = 1, in = [1, 1, 1, 1],
  out = [1, 1, 1, 1], kernel = [1, 1, 1, 1], strides = [1, 1, 1, 1], dilations = [1, 1, 1, 1], pads_begin = [0, 0, 0, 0],
  pads_end = [0, 0, 0, 0], has_bias = false, src_layout = plain, dst_layout = plain, post_ops = []>} {
}

// -----

// expected-error @+1 {{dilations has 1 entries, kernel 2}}
module attributes {aicc.k = #aicc_cpu.pool_params<batch = 1, channels = 8, algorithm = max, in = [4, 4], out = [2, 2],
  kernel = [2, 2], strides = [2, 2], dilations = [1], pads_begin = [0, 0], pads_end = [0, 0], src_layout = plain,
  dst_layout = plain>} {
}

// -----

// expected-error @+1 {{5 post-ops; 4 fit}}
module attributes {aicc.k = #aicc_cpu.matmul_params<a_dims = [2, 3], b_dims = [3, 4], y_dims = [2, 4], a_strides = [],
  b_strides = [], y_strides = [], trans_a = false, trans_b = false, bias_dims = [], alpha = 1.0,
  post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>,
    #aicc_cpu.eltwise<relu>]>} {
}

// -----

// A binary post-op of the op form has no slot: the table holds binary_post_op.
// expected-error @+1 {{post-op #aicc_cpu.binary<add> is not eltwise, sum or binary_post_op}}
module attributes {aicc.k = #aicc_cpu.matmul_params<a_dims = [2, 3], b_dims = [3, 4], y_dims = [2, 4], a_strides = [],
  b_strides = [], y_strides = [], trans_a = false, trans_b = false, bias_dims = [], alpha = 1.0,
  post_ops = [#aicc_cpu.binary<add>]>} {
}

// -----

// expected-error @+1 {{b_strides has 3 entries; the rank is 2}}
module attributes {aicc.k = #aicc_cpu.matmul_params<a_dims = [2, 3], b_dims = [3, 4], y_dims = [2, 4], a_strides = [],
  b_strides = [1, 1, 1], y_strides = [], trans_a = false, trans_b = false, bias_dims = [], alpha = 1.0, post_ops = []>} {
}

// -----

// expected-error @+1 {{y_dims has rank 6; 2 to 5 fit}}
module attributes {aicc.k = #aicc_cpu.matmul_params<a_dims = [1, 1, 1, 1, 2, 3], b_dims = [1, 1, 1, 1, 3, 4],
  y_dims = [1, 1, 1, 1, 2, 4], a_strides = [], b_strides = [], y_strides = [], trans_a = false, trans_b = false,
  bias_dims = [], alpha = 1.0, post_ops = []>} {
}

// -----

// expected-error @+1 {{dims has rank 2; 3 to 5 fit}}
module attributes {aicc.k = #aicc_cpu.reorder_params<dims = [1, 8], src_layout = plain, dst_layout = blocked8, element_bytes = 4>} {
}

// -----

// expected-error @+1 {{7 activations; 6 fit}}
module attributes {aicc.k = #aicc_cpu.rnn_params<cell = rnn, direction = forward, layout = 0, seq_length = 1, batch = 1,
  input_size = 1, hidden_size = 1, has_bias = false, has_sequence_lens = false, has_initial_h = false, has_initial_c = false,
  has_peepholes = false, linear_before_reset = false, input_forget = false, clip = 0.0,
  activations = [#aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>,
    #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>,
    #aicc_cpu.rnn_activation<tanh>]>} {
}

// -----

// oneDNN 2.6's bf16 GRU is not used: only an LSTM computes in bf16.
// expected-error @+1 {{computes in bf16 only as an LSTM}}
module attributes {aicc.k = #aicc_cpu.rnn_params<cell = gru, direction = forward, layout = 0, seq_length = 1, batch = 1,
  input_size = 1, hidden_size = 1, has_bias = false, has_sequence_lens = false, has_initial_h = false, has_initial_c = false,
  has_peepholes = false, linear_before_reset = false, input_forget = false, clip = 0.0,
  activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>], compute_type = bf16>} {
}

// -----

// expected-error @+1 {{block_sizes and block_dims must have the same length, at most 4}}
module attributes {aicc.k = #aicc_cpu.packed_format<dims = [8], padded_dims = [8], strides = [1], block_sizes = [8],
  block_dims = [], bytes = 32>} {
}

// -----

// expected-error @+2 {{run value 64 is not in [0, 64)}}
// expected-error @+1 {{failed to parse AiccCpu_ReorderParamsAttr parameter 'dims'}}
module attributes {aicc.k = #aicc_cpu.reorder_params<dims = [1, 8, ?64], src_layout = plain, dst_layout = blocked8, element_bytes = 4>} {
}

// -----

// expected-error @+2 {{expected true or false}}
// expected-error @+1 {{failed to parse AiccCpu_MatMulParamsAttr parameter 'trans_a'}}
module attributes {aicc.k = #aicc_cpu.matmul_params<a_dims = [2, 3], b_dims = [3, 4], y_dims = [2, 4], a_strides = [], b_strides = [], y_strides = [], trans_a = 1>} {
}

// -----

// expected-error @+1 {{compute_type must be f32 or bf16, got u8}}
module attributes {aicc.k = #aicc_cpu.matmul_params<a_dims = [2, 3], b_dims = [3, 4], y_dims = [2, 4], a_strides = [],
  b_strides = [], y_strides = [], trans_a = false, trans_b = false, bias_dims = [], alpha = 1.0, post_ops = [],
  compute_type = u8>} {
}

// -----

// An int8 matmul computes in int8: its matmul's compute_type stays f32.
// expected-error @+1 {{a quantized matmul's compute_type is f32}}
module attributes {aicc.k = #aicc_cpu.quantized_matmul_params<matmul = <a_dims = [2, 3], b_dims = [3, 4], y_dims = [2, 4],
  a_strides = [], b_strides = [], y_strides = [], trans_a = false, trans_b = false, bias_dims = [], alpha = 1.0,
  post_ops = [], compute_type = bf16>, scale_count = 1, a_type = f32, a_zero_point = 0, a_scale = 0.0>} {
}

// -----

// expected-error @+1 {{output_scale must be finite and positive}}
module attributes {aicc.k = #aicc_cpu.pool_params<batch = 1, channels = 8, algorithm = average_exclude_pad, in = [4, 4],
  out = [2, 2], kernel = [2, 2], strides = [2, 2], dilations = [1, 1], pads_begin = [0, 0], pads_end = [0, 0],
  src_layout = channels_last, dst_layout = channels_last, data_type = u8, output_scale = 0.0>} {
}

// -----

// expected-error @+1 {{requantizes only an int8 average}}
module attributes {aicc.k = #aicc_cpu.pool_params<batch = 1, channels = 8, algorithm = max, in = [4, 4],
  out = [2, 2], kernel = [2, 2], strides = [2, 2], dilations = [1, 1], pads_begin = [0, 0], pads_end = [0, 0],
  src_layout = channels_last, dst_layout = channels_last, data_type = u8, output_scale = 0.5>} {
}
