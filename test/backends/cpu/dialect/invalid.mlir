// RUN: aicc-opt %s --split-input-file --verify-diagnostics

func.func @strides_per_dim(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  %i = tensor.empty() : tensor<1x1x2x2xf32>
  // expected-error @+1 {{strides, dilations and pads need one value per spatial dim (2)}}
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) outs(%i : tensor<1x1x2x2xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @too_many_post_ops(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  %i = tensor.empty() : tensor<2x4xf32>
  // expected-error @+1 {{takes at most 4 post-ops, got 5}}
  %m = aicc_cpu.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%i : tensor<2x4xf32>)
      {post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>]} -> tensor<2x4xf32>
  return
}

// -----

func.func @tensor_init_without_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  %i = tensor.empty() : tensor<2x4xf32>
  // expected-error @+1 {{on tensors must return one result of the init's type}}
  aicc_cpu.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%i : tensor<2x4xf32>)
  return
}

// -----

func.func @blocked_rank(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  // expected-error @+1 {{init must have rank 5 in layout blocked8}}
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64,
       dst_layout = #aicc_cpu.layout<blocked8>} -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @reorder_shape(%x: tensor<1x8x4x4xf32>) {
  %i = tensor.empty() : tensor<1x2x4x4x8xf32>
  // expected-error @+1 {{is not the blocked8 form of the logical shape}}
  %r = aicc_cpu.reorder <plain> to <blocked8> ins(%x : tensor<1x8x4x4xf32>) outs(%i : tensor<1x2x4x4x8xf32>)
      {logical_shape = array<i64: 1, 8, 4, 4>} -> tensor<1x2x4x4x8xf32>
  return
}

// -----

func.func @reorder_channels(%x: tensor<1x12x4x4xf32>) {
  %i = tensor.empty() : tensor<1x1x4x4x8xf32>
  // expected-error @+1 {{channels must be a multiple of the block of blocked8}}
  %r = aicc_cpu.reorder <plain> to <blocked8> ins(%x : tensor<1x12x4x4xf32>) outs(%i : tensor<1x1x4x4x8xf32>)
      {logical_shape = array<i64: 1, 12, 4, 4>} -> tensor<1x1x4x4x8xf32>
  return
}

// -----

func.func @unknown_activation() attributes {a = #aicc_cpu.eltwise<swish>} {
  // expected-error @-1 {{unknown activation 'swish'}}
  return
}
