// RUN: aicc-opt %s --split-input-file --verify-diagnostics

// A 2-D conv with one stride.
func.func @strides_per_dim(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  %i = tensor.empty() : tensor<1x1x2x2xf32>
  // expected-error @+1 {{strides, dilations and pads need one value per spatial dim (2)}}
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) outs(%i : tensor<1x1x2x2xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x1x2x2xf32>
  return
}

// -----

// Five post-ops: the runtime struct holds four.
func.func @too_many_post_ops(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  %i = tensor.empty() : tensor<2x4xf32>
  // expected-error @+1 {{takes at most 4 post-ops, got 5}}
  %m = aicc_cpu.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%i : tensor<2x4xf32>)
      {post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<relu>]} -> tensor<2x4xf32>
  return
}

// -----

// A kernel on tensors must return its result.
func.func @tensor_init_without_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  %i = tensor.empty() : tensor<2x4xf32>
  // expected-error @+1 {{on tensors must return one result of the init's type}}
  aicc_cpu.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%i : tensor<2x4xf32>)
  return
}

// -----

// A blocked8 init must have the physical rank 5.
func.func @blocked_rank(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  // expected-error @+1 {{init must have rank 5 in layout blocked8}}
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64,
       dst_layout = #aicc_cpu.layout<blocked8>} -> tensor<1x8x4x4xf32>
  return
}

// -----

// The blocked8 type of [1, 8, 4, 4] is [1, 1, 4, 4, 8], not [1, 2, 4, 4, 8].
func.func @reorder_shape(%x: tensor<1x8x4x4xf32>) {
  %i = tensor.empty() : tensor<1x2x4x4x8xf32>
  // expected-error @+1 {{is not the blocked8 form of the logical shape}}
  %r = aicc_cpu.reorder <plain> to <blocked8> ins(%x : tensor<1x8x4x4xf32>) outs(%i : tensor<1x2x4x4x8xf32>)
      {logical_shape = array<i64: 1, 8, 4, 4>} -> tensor<1x2x4x4x8xf32>
  return
}

// -----

// 12 channels do not fill whole 8-channel blocks.
func.func @reorder_channels(%x: tensor<1x12x4x4xf32>) {
  %i = tensor.empty() : tensor<1x1x4x4x8xf32>
  // expected-error @+1 {{channels must be a multiple of the block of blocked8}}
  %r = aicc_cpu.reorder <plain> to <blocked8> ins(%x : tensor<1x12x4x4xf32>) outs(%i : tensor<1x1x4x4x8xf32>)
      {logical_shape = array<i64: 1, 12, 4, 4>} -> tensor<1x1x4x4x8xf32>
  return
}

// -----

// An activation the runtime does not know.
func.func @unknown_activation() attributes {a = #aicc_cpu.eltwise<mish>} {
  // expected-error @-1 {{unknown activation 'mish'}}
  return
}

// -----

// A kernel on memrefs returns nothing.
func.func @memref_with_result(%a: memref<2x3xf32>, %b: memref<3x4xf32>, %i: memref<2x4xf32>) {
  // expected-error @+1 {{on memrefs returns no result}}
  %m = aicc_cpu.matmul ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) outs(%i : memref<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// Zero groups.
func.func @groups_positive(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  %i = tensor.empty() : tensor<1x1x2x2xf32>
  // expected-error @+1 {{groups must be positive}}
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) outs(%i : tensor<1x1x2x2xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 0 : i64} -> tensor<1x1x2x2xf32>
  return
}

// -----

// A channels-last input of the wrong rank.
func.func @channels_last_input_rank(%x: tensor<1x4x4xf32>, %w: tensor<8x3x1x1xf32>) {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  // expected-error @+1 {{input must have rank 4 in layout channels_last, got 'tensor<1x4x4xf32>'}}
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x4x4xf32>, tensor<8x3x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64,
       src_layout = #aicc_cpu.layout<channels_last>} -> tensor<1x8x4x4xf32>
  return
}

// -----

// Matmul operands of different ranks.
func.func @matmul_rank(%a: tensor<2x3xf32>, %b: tensor<1x3x4xf32>) {
  %i = tensor.empty() : tensor<2x4xf32>
  // expected-error @+1 {{operands must have the result's rank}}
  %m = aicc_cpu.matmul ins(%a, %b : tensor<2x3xf32>, tensor<1x3x4xf32>) outs(%i : tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// A matmul bias of lower rank than the result.
func.func @matmul_bias_rank(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf32>) {
  %i = tensor.empty() : tensor<2x4xf32>
  // expected-error @+1 {{bias must have the result's rank}}
  %m = aicc_cpu.matmul ins(%a, %b, %c : tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) outs(%i : tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// A 2-D pool with one stride.
func.func @pool_strides(%x: tensor<1x1x4x4xf32>) {
  %i = tensor.empty() : tensor<1x1x2x2xf32>
  // expected-error @+1 {{needs one stride, dilation and pad per spatial dim}}
  %p = aicc_cpu.pool <max> ins(%x : tensor<1x1x4x4xf32>) outs(%i : tensor<1x1x2x2xf32>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>} -> tensor<1x1x2x2xf32>
  return
}

// -----

// An int8 pool whose data_type says f32.
func.func @pool_data_type(%x: tensor<1x4x4x8xui8>) {
  %i = tensor.empty() : tensor<1x2x2x8xui8>
  // expected-error @+1 {{data_type f32 does not describe 'ui8'}}
  %p = aicc_cpu.pool <max> ins(%x : tensor<1x4x4x8xui8>) outs(%i : tensor<1x2x2x8xui8>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       layout = #aicc_cpu.layout<channels_last>} -> tensor<1x2x2x8xui8>
  return
}

// -----

// An activation before the sum into an f32 result, which oneDNN's int8 kernels with f32 results
// do not take; a sum's zero point outside the int8 result's range.
func.func @quantized_conv_sum(%x: tensor<1x8x4x4xui8>, %w: tensor<16x8x1x1xi8>, %s: tensor<1xf32>) {
  %i = tensor.empty() : tensor<1x16x4x4xf32>
  // expected-error @+1 {{post-ops must be eltwise and at most one sum, first into an f32 result, its zero point in an int8 result's range}}
  %k = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i : tensor<1x16x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<f32>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64, post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.sum]}
      -> tensor<1x16x4x4xf32>
  return
}

// -----

func.func @quantized_conv_sum_zero_point(%x: tensor<1x8x4x4xui8>, %w: tensor<16x8x1x1xi8>, %s: tensor<1xf32>) {
  %i = tensor.empty() : tensor<1x16x4x4xi8>
  // expected-error @+1 {{post-ops must be eltwise and at most one sum, first into an f32 result, its zero point in an int8 result's range}}
  %k = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i : tensor<1x16x4x4xi8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<s8>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64,
       post_ops = [#aicc_cpu.eltwise<round>, #aicc_cpu.sum<scale = 0.5, zero_point = 200>]} -> tensor<1x16x4x4xi8>
  return
}

// -----

// An s8 pool on u8 values.
func.func @pool_signedness(%x: tensor<1x4x4x8xui8>) {
  %i = tensor.empty() : tensor<1x2x2x8xui8>
  // expected-error @+1 {{data_type s8 does not describe 'ui8'}}
  %p = aicc_cpu.pool <max> ins(%x : tensor<1x4x4x8xui8>) outs(%i : tensor<1x2x2x8xui8>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       layout = #aicc_cpu.layout<channels_last>, data_type = #aicc_cpu.data_type<s8>} -> tensor<1x2x2x8xui8>
  return
}

// -----

// Int8 max pooling keeps the values: it has nothing to requantize.
func.func @pool_max_requantized(%x: tensor<1x4x4x8xui8>) {
  %i = tensor.empty() : tensor<1x2x2x8xui8>
  // expected-error @+1 {{requantizes only an int8 average}}
  %p = aicc_cpu.pool <max> ins(%x : tensor<1x4x4x8xui8>) outs(%i : tensor<1x2x2x8xui8>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       layout = #aicc_cpu.layout<channels_last>, data_type = #aicc_cpu.data_type<u8>, output_scale = 0.5 : f64} -> tensor<1x2x2x8xui8>
  return
}

// -----

// An int8 pool writing f32.
func.func @pool_types(%x: tensor<1x4x4x8xui8>) {
  %i = tensor.empty() : tensor<1x2x2x8xf32>
  // expected-error @+1 {{input and init must have one element type}}
  %p = aicc_cpu.pool <average_exclude_pad> ins(%x : tensor<1x4x4x8xui8>) outs(%i : tensor<1x2x2x8xf32>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       layout = #aicc_cpu.layout<channels_last>, data_type = #aicc_cpu.data_type<u8>} -> tensor<1x2x2x8xf32>
  return
}

// -----

// A reorder of a rank-2 value.
func.func @reorder_rank(%x: tensor<8x4xf32>) {
  %i = tensor.empty() : tensor<8x4xf32>
  // expected-error @+1 {{takes activations of rank 3 to 5}}
  %r = aicc_cpu.reorder <plain> to <channels_last> ins(%x : tensor<8x4xf32>) outs(%i : tensor<8x4xf32>)
      {logical_shape = array<i64: 8, 4>} -> tensor<8x4xf32>
  return
}

// -----

func.func @parallel_for_without_iterations(%state: !llvm.ptr) {
  // expected-error @+1 {{count must be at least 1, got 0}}
  aicc_cpu.parallel_for 0 state(%state : !llvm.ptr) "/Relu" {
  ^bb0(%begin: i64, %end: i64):
    aicc_cpu.parallel_end
  }
  return
}

// -----

func.func @parallel_for_without_range(%state: !llvm.ptr) {
  // expected-error @+1 {{body must take the range (begin, end) as two i64 arguments}}
  aicc_cpu.parallel_for 4 state(%state : !llvm.ptr) "/Relu" {
  ^bb0(%begin: index):
    aicc_cpu.parallel_end
  }
  return
}

// -----

// A folded transpose's permutation must be one of the operand's dims.
func.func @matmul_permutation_repeats(%a: tensor<1x2x3xf32>, %b: tensor<1x3x4xf32>) {
  %i = tensor.empty() : tensor<1x2x4xf32>
  // expected-error @+1 {{a_permutation must be a permutation of 0..2}}
  %m = aicc_cpu.matmul ins(%a, %b : tensor<1x2x3xf32>, tensor<1x3x4xf32>) outs(%i : tensor<1x2x4xf32>)
      {a_permutation = array<i64: 0, 1, 1>} -> tensor<1x2x4xf32>
  return
}

// -----

// A permutation and a trans flag would both transpose the same operand.
func.func @matmul_permutation_and_trans(%a: tensor<1x2x3xf32>, %b: tensor<1x4x3xf32>) {
  %i = tensor.empty() : tensor<1x2x4xf32>
  // expected-error @+1 {{b_permutation and the operand's trans flag cannot both be set}}
  %m = aicc_cpu.matmul ins(%a, %b : tensor<1x2x3xf32>, tensor<1x4x3xf32>) outs(%i : tensor<1x2x4xf32>)
      {trans_b = true, b_permutation = array<i64: 0, 1, 2>} -> tensor<1x2x4xf32>
  return
}

// -----

// A transposed result cannot also be the residual a sum post-op adds to.
func.func @matmul_result_permutation_sum(%a: tensor<1x2x3xf32>, %b: tensor<1x3x2xf32>, %r: tensor<1x2x2xf32>) {
  // expected-error @+1 {{result_permutation cannot combine with a sum post-op}}
  %m = aicc_cpu.matmul ins(%a, %b : tensor<1x2x3xf32>, tensor<1x3x2xf32>) outs(%r : tensor<1x2x2xf32>)
      {post_ops = [#aicc_cpu.sum], result_permutation = array<i64: 0, 2, 1>} -> tensor<1x2x2xf32>
  return
}

// -----

// Each binary post-op takes one post_op_inputs tensor.
func.func @matmul_binary_without_input(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  %i = tensor.empty() : tensor<2x4xf32>
  // expected-error @+1 {{has 1 binary post-ops but 0 post_op_inputs}}
  %m = aicc_cpu.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%i : tensor<2x4xf32>)
      {post_ops = [#aicc_cpu.binary<mul>]} -> tensor<2x4xf32>
  return
}

// -----

// A binary post-op's tensor broadcasts to the product (before any result_permutation).
func.func @matmul_binary_not_broadcasting(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %t: tensor<2x3xf32>) {
  %i = tensor.empty() : tensor<2x4xf32>
  // expected-error @+1 {{post-op input 'tensor<2x3xf32>' does not broadcast to the product's dims}}
  %m = aicc_cpu.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) post_op_inputs(%t : tensor<2x3xf32>) outs(%i : tensor<2x4xf32>)
      {post_ops = [#aicc_cpu.binary<add>]} -> tensor<2x4xf32>
  return
}

// -----

// A static count and a run-time one at once: which is it?
func.func @parallel_for_two_counts(%state: !llvm.ptr, %n: i64) {
  // expected-error @+1 {{takes either a count or a run-time count}}
  aicc_cpu.parallel_for 4 run(%n) state(%state : !llvm.ptr) "/Relu" {
  ^bb0(%begin: i64, %end: i64):
    aicc_cpu.parallel_end
  }
  return
}

// -----

// Attention reads rows of contiguous elements: a permutation may not move the last dim.
func.func @attention_permutation(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x4x3xf32>, %v: tensor<1x2x3x4xf32>) {
  %i = tensor.empty() : tensor<1x2x3x4xf32>
  // expected-error @+1 {{k_permutation must keep the last dim last}}
  %a = aicc_cpu.attention ins(%q, %k, %v : tensor<1x2x3x4xf32>, tensor<1x2x4x3xf32>, tensor<1x2x3x4xf32>)
      outs(%i : tensor<1x2x3x4xf32>) {scale = 0.5 : f64, k_permutation = array<i64: 0, 1, 3, 2>} -> tensor<1x2x3x4xf32>
  return
}

// -----

func.func @attention_scale(%q: tensor<1x2x3x4xf32>) {
  %i = tensor.empty() : tensor<1x2x3x4xf32>
  // expected-error @+1 {{scale must be positive and finite}}
  %a = aicc_cpu.attention ins(%q, %q, %q : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>)
      outs(%i : tensor<1x2x3x4xf32>) {scale = 0.0 : f64} -> tensor<1x2x3x4xf32>
  return
}

// -----

// An int8 conv's zero point lies in its type's range.
func.func @quantized_conv_zero_point_range(%x: tensor<1x1x4x4xui8>, %w: tensor<1x1x3x3xi8>, %s: tensor<1xf32>) {
  %i = tensor.empty() : tensor<1x1x2x2xui8>
  // expected-error @+1 {{zero points must lie in their types' ranges (0 for f32), got 300 and 0}}
  %c = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x1x4x4xui8>, tensor<1x1x3x3xi8>) scales(%s : tensor<1xf32>)
      outs(%i : tensor<1x1x2x2xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 300 : i64, dst_zero_point = 0 : i64} -> tensor<1x1x2x2xui8>
  return
}

// -----

// Scales are one, or one per output channel.
func.func @quantized_conv_scale_count(%x: tensor<1x1x4x4xi8>, %w: tensor<4x1x3x3xi8>, %s: tensor<2xf32>) {
  %i = tensor.empty() : tensor<1x4x2x2xf32>
  // expected-error @+1 {{scales must be f32 [1] or [4], got 'tensor<2xf32>'}}
  %c = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x1x4x4xi8>, tensor<4x1x3x3xi8>) scales(%s : tensor<2xf32>)
      outs(%i : tensor<1x4x2x2xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<s8>, dst_type = #aicc_cpu.data_type<f32>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x4x2x2xf32>
  return
}

// -----

// The destination holds what dst_type says.
func.func @quantized_conv_dst_type(%x: tensor<1x1x4x4xi8>, %w: tensor<1x1x3x3xi8>, %s: tensor<1xf32>) {
  %i = tensor.empty() : tensor<1x1x2x2xi8>
  // expected-error @+1 {{init must hold f32 elements, got 'tensor<1x1x2x2xi8>'}}
  %c = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x1x4x4xi8>, tensor<1x1x3x3xi8>) scales(%s : tensor<1xf32>)
      outs(%i : tensor<1x1x2x2xi8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<s8>, dst_type = #aicc_cpu.data_type<f32>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x1x2x2xi8>
  return
}

// -----

// The weights are s8: an unsigned tensor is not.
func.func @quantized_conv_unsigned_weights(%x: tensor<1x1x4x4xui8>, %w: tensor<1x1x3x3xui8>, %s: tensor<1xf32>) {
  %i = tensor.empty() : tensor<1x1x2x2xui8>
  // expected-error @+1 {{weights must be s8, got 'tensor<1x1x3x3xui8>'}}
  %c = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x1x4x4xui8>, tensor<1x1x3x3xui8>) scales(%s : tensor<1xf32>)
      outs(%i : tensor<1x1x2x2xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x1x2x2xui8>
  return
}

// -----

// A quantized matmul's scales are one, or one per column of op(B).
func.func @quantized_matmul_scale_count(%a: tensor<4x2xf32>, %w: tensor<2x3xi8>, %s: tensor<2xf32>) {
  %i = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{b_scales must be f32 [1] or [N] (3), got 'tensor<2xf32>'}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xi8>) b_scales(%s : tensor<2xf32>)
      outs(%i : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

// Int8 weights without scales.
func.func @quantized_matmul_without_scales(%a: tensor<4x2xf32>, %w: tensor<2x3xi8>) {
  %i = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{an i8 B needs b_scales}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xi8>) outs(%i : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

// Scales on f32 weights.
func.func @quantized_matmul_f32_weights(%a: tensor<4x2xf32>, %w: tensor<2x3xf32>, %s: tensor<3xf32>) {
  %i = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{with b_scales, B must be i8 and A f32, ui8 or i8}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xf32>) b_scales(%s : tensor<3xf32>)
      outs(%i : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

// A quantized A is read as it is stored.
func.func @quantized_matmul_a_permutation(%a: tensor<2x4x2xf32>, %w: tensor<1x2x3xi8>, %s: tensor<3xf32>) {
  %i = tensor.empty() : tensor<4x2x3xf32>
  // expected-error @+1 {{with b_scales, A and B are read as they are stored: no a_permutation, b_permutation or trans_a}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<2x4x2xf32>, tensor<1x2x3xi8>) b_scales(%s : tensor<3xf32>)
      outs(%i : tensor<4x2x3xf32>) {a_permutation = array<i64: 1, 0, 2>} -> tensor<4x2x3xf32>
  return
}

// -----

// A static A (ui8) needs its type, scale and zero point.
func.func @static_a_without_scale(%a: tensor<4x2xui8>, %w: tensor<2x3xi8>, %s: tensor<3xf32>) {
  %i = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{a_type, a_scale and a_zero_point are set with an 8-bit A, and only then}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xui8>, tensor<2x3xi8>) b_scales(%s : tensor<3xf32>)
      outs(%i : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

// A zero point outside A's type.
func.func @static_a_zero_point(%a: tensor<4x2xi8>, %w: tensor<2x3xi8>, %s: tensor<3xf32>) {
  %i = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{a_zero_point 200 is outside A's type}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xi8>, tensor<2x3xi8>) b_scales(%s : tensor<3xf32>)
      outs(%i : tensor<4x3xf32>) {a_type = #aicc_cpu.data_type<s8>, a_scale = 0.5 : f64, a_zero_point = 200 : i64} -> tensor<4x3xf32>
  return
}

// -----

// A scale of 0.
func.func @static_a_scale(%a: tensor<4x2xui8>, %w: tensor<2x3xi8>, %s: tensor<3xf32>) {
  %i = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{a_scale must be finite and positive}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xui8>, tensor<2x3xi8>) b_scales(%s : tensor<3xf32>)
      outs(%i : tensor<4x3xf32>) {a_type = #aicc_cpu.data_type<u8>, a_scale = 0.0 : f64, a_zero_point = 0 : i64} -> tensor<4x3xf32>
  return
}

// -----

// A dynamic A (f32) has no scale of its own.
func.func @dynamic_a_with_scale(%a: tensor<4x2xf32>, %w: tensor<2x3xi8>, %s: tensor<3xf32>) {
  %i = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{a_type, a_scale and a_zero_point are set with an 8-bit A, and only then}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xi8>) b_scales(%s : tensor<3xf32>)
      outs(%i : tensor<4x3xf32>) {a_type = #aicc_cpu.data_type<u8>, a_scale = 0.5 : f64, a_zero_point = 0 : i64} -> tensor<4x3xf32>
  return
}

// -----

// A ui8 A is u8.
func.func @unsigned_a_as_s8(%a: tensor<4x2xui8>, %w: tensor<2x3xi8>, %s: tensor<3xf32>) {
  %i = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{a_type must be A's: u8 for ui8, u8 or s8 for i8}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xui8>, tensor<2x3xi8>) b_scales(%s : tensor<3xf32>)
      outs(%i : tensor<4x3xf32>) {a_type = #aicc_cpu.data_type<s8>, a_scale = 0.5 : f64, a_zero_point = 0 : i64} -> tensor<4x3xf32>
  return
}

// -----

// bf16 is a compute type of f32 kernels: an int8 matmul computes in int8.
func.func @bf16_int8_matmul(%a: tensor<4x2xf32>, %w: tensor<2x3xi8>, %s: tensor<3xf32>) {
  %i = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{a bf16 compute_type needs f32 operands, got 'tensor<2x3xi8>'}}
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xi8>) b_scales(%s : tensor<3xf32>)
      outs(%i : tensor<4x3xf32>) {compute_type = #aicc_cpu.data_type<bf16>} -> tensor<4x3xf32>
  return
}

// -----

func.func @s8_compute_type(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  %i = tensor.empty() : tensor<1x1x2x2xf32>
  // expected-error @+1 {{compute_type must be f32 or bf16, got s8}}
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) outs(%i : tensor<1x1x2x2xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, compute_type = #aicc_cpu.data_type<s8>} -> tensor<1x1x2x2xf32>
  return
}

// -----

// A quantized conv's types are 8-bit or f32, never bf16.
func.func @bf16_quantized_conv(%x: tensor<1x8x8x8xui8>, %w: tensor<16x8x3x3xi8>, %s: tensor<16xf32>) {
  %i = tensor.empty() : tensor<1x16x8x8xf32>
  // expected-error @+1 {{src_type and dst_type are never bf16}}
  %y = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x8x8xui8>, tensor<16x8x3x3xi8>) scales(%s : tensor<16xf32>)
      outs(%i : tensor<1x16x8x8xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
      pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>,
      dst_type = #aicc_cpu.data_type<bf16>, src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x16x8x8xf32>
  return
}
