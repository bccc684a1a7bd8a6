// Verifiers of Conv, the pooling ops, Gemm, MatMul and Softmax (dialects/ops/NN.cpp).
// RUN: aicc-opt %s -split-input-file -verify-diagnostics

func.func @conv_x_rank(%x: tensor<3x8xf32>, %w: tensor<4x3x3xf32>, %b: none) {
  // expected-error @+1 {{input 'X' must have rank >= 3 (N x C x D1 x ... x Dn), got rank 2}}
  %y = "aicc.Conv"(%x, %w, %b) : (tensor<3x8xf32>, tensor<4x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_rank_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>, %b: none) {
  // expected-error @+1 {{inputs 'X' and 'W' must have the same rank, got 4 and 3}}
  %y = "aicc.Conv"(%x, %w, %b) : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_kernel_shape_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: none) {
  // expected-error @+1 {{attribute 'kernel_shape' has 3 values, expected 2 for 2 spatial dimensions}}
  %y = "aicc.Conv"(%x, %w, %b) <{kernel_shape = array<i64: 3, 3, 3>}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_pads_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: none) {
  // expected-error @+1 {{attribute 'pads' has 2 values, expected 4 for 2 spatial dimensions}}
  %y = "aicc.Conv"(%x, %w, %b) <{pads = array<i64: 1, 1>}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_strides_positive(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: none) {
  // expected-error @+1 {{attribute 'strides' values must be >= 1}}
  %y = "aicc.Conv"(%x, %w, %b) <{strides = array<i64: 1, 0>}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_dilations_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: none) {
  // expected-error @+1 {{attribute 'dilations' has 1 values, expected 2 for 2 spatial dimensions}}
  %y = "aicc.Conv"(%x, %w, %b) <{dilations = array<i64: 1>}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_auto_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: none) {
  // expected-error @+1 {{attribute 'auto_pad' must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got 'SAME'}}
  %y = "aicc.Conv"(%x, %w, %b) <{auto_pad = "SAME"}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_kernel_shape_vs_weights(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: none) {
  // expected-error @+1 {{attribute 'kernel_shape' has 5 in spatial axis 1 but input 'W' has 3}}
  %y = "aicc.Conv"(%x, %w, %b) <{kernel_shape = array<i64: 3, 5>}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_group_divides_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>, %b: none) {
  // expected-error @+1 {{attribute 'group' (2) must divide the 3 channels of input 'X'}}
  %y = "aicc.Conv"(%x, %w, %b) <{group = 2 : i64}> : (tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_group_divides_output_channels(%x: tensor<?x4x8x8xf32>, %w: tensor<3x2x3x3xf32>, %b: none) {
  // expected-error @+1 {{attribute 'group' (2) must divide the 3 output channels of input 'W'}}
  %y = "aicc.Conv"(%x, %w, %b) <{group = 2 : i64}> : (tensor<?x4x8x8xf32>, tensor<3x2x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: none) {
  // expected-error @+1 {{input 'W' takes 4 x 2 (group) channels but input 'X' has 4}}
  %y = "aicc.Conv"(%x, %w, %b) <{group = 2 : i64}> : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_group_positive(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: none) {
  // expected-error @+1 {{attribute 'group' must be >= 1, got 0}}
  %y = "aicc.Conv"(%x, %w, %b) <{group = 0 : i64}> : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{input 'B' has 8 values but input 'W' has 4 output channels}}
  %y = "aicc.Conv"(%x, %w, %b) : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<8xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @conv_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{input 'B' must have rank 1, got rank 2}}
  %y = "aicc.Conv"(%x, %w, %b) : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @conv_element_type(%x: tensor<1x3x8x8xi32>, %w: tensor<4x3x3x3xf32>, %b: none) {
  // expected-error @+1 {{operand #0 must be tensor of 32-bit float or 64-bit float or 16-bit float values}}
  %y = "aicc.Conv"(%x, %w, %b) : (tensor<1x3x8x8xi32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @max_pool_kernel_shape(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{attribute 'kernel_shape' has 1 values, expected 2 for 2 spatial dimensions}}
  %y, %i = "aicc.MaxPool"(%x) <{kernel_shape = array<i64: 2>}> : (tensor<1x3x8x8xf32>) -> (tensor<*xf32>, none)
  return
}

// -----

func.func @max_pool_x_rank(%x: tensor<3x8xf32>) {
  // expected-error @+1 {{input 'X' must have rank >= 3 (N x C x D1 x ... x Dn), got rank 2}}
  %y, %i = "aicc.MaxPool"(%x) <{kernel_shape = array<i64: 2>}> : (tensor<3x8xf32>) -> (tensor<*xf32>, none)
  return
}

// -----

func.func @max_pool_storage_order(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{attribute 'storage_order' must be 0 (row major) or 1 (column major)}}
  %y, %i = "aicc.MaxPool"(%x) <{kernel_shape = array<i64: 2, 2>, storage_order = 2 : i64}> : (tensor<1x3x8x8xf32>) -> (tensor<*xf32>, none)
  return
}

// -----

func.func @max_pool_missing_kernel_shape(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{requires attribute 'kernel_shape'}}
  %y, %i = "aicc.MaxPool"(%x) : (tensor<1x3x8x8xf32>) -> (tensor<*xf32>, none)
  return
}

// -----

func.func @average_pool_strides(%x: tensor<1x3x8x8x8xf32>) {
  // expected-error @+1 {{attribute 'strides' has 2 values, expected 3 for 3 spatial dimensions}}
  %y = "aicc.AveragePool"(%x) <{kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2>}> : (tensor<1x3x8x8x8xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @gemm_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>, %c: none) {
  // expected-error @+1 {{input 'A' must have rank 2, got rank 3}}
  %y = "aicc.Gemm"(%a, %b, %c) : (tensor<2x3x4xf32>, tensor<4x5xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @gemm_inner_dims(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: none) {
  // expected-error @+1 {{inputs 'A' and 'B' disagree on K: 3 ('transA' = 1) vs 4 ('transB' = 0)}}
  %y = "aicc.Gemm"(%a, %b, %c) <{transA = 1 : i64}> : (tensor<3x4xf32>, tensor<4x5xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @gemm_bias_broadcast(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<3x2xf32>) {
  // expected-error @+1 {{input 'C' of shape 'tensor<3x2xf32>' does not broadcast to 3 x 5}}
  %y = "aicc.Gemm"(%a, %b, %c) : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<3x2xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @matmul_inner_dims(%a: tensor<2x3x4xf32>, %b: tensor<5x6xf32>) {
  // expected-error @+1 {{inputs 'A' and 'B' disagree on the contracted size: 4 vs 5}}
  %y = "aicc.MatMul"(%a, %b) : (tensor<2x3x4xf32>, tensor<5x6xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x6xf32>) {
  // expected-error @+1 {{batch dimensions of inputs 'A' and 'B' do not broadcast: 2 vs 3}}
  %y = "aicc.MatMul"(%a, %b) : (tensor<2x3x4xf32>, tensor<3x4x6xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{attribute 'axis' (2) is out of range [-2, 1] for input 'input' of rank 2}}
  %y = "aicc.Softmax"(%x) <{axis = 2 : i64}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gelu_approximate(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{attribute 'approximate' must be "none" or "tanh", got "fast"}}
  %y = "aicc.Gelu"(%x) <{approximate = "fast"}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}
