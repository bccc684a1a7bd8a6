// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=16" --split-input-file | FileCheck %s

// A function with int8 convolutions is planned channels-last, even at batch 2 and with 16-channel
// blocks on offer: u8 activations pass from one int8 conv to the next as they are, a per-tensor
// DequantizeLinear and the residual Add keep the layout, and the output gets one reorder of f32.
// CHECK-LABEL: func.func @int8_chain
// CHECK: %[[A:.*]] = aicc_cpu.quantized_conv ins(%{{.*}}, %{{.*}} : tensor<2x8x4x4xui8>, tensor<16x8x1x1xi8>)
// CHECK-SAME: dst_layout = #aicc_cpu.layout<channels_last>
// CHECK-SAME: -> tensor<2x4x4x16xui8>
// CHECK: %[[B:.*]] = aicc_cpu.quantized_conv ins(%[[A]], %{{.*}} : tensor<2x4x4x16xui8>, tensor<16x16x1x1xi8>)
// CHECK-SAME: dst_layout = #aicc_cpu.layout<channels_last>
// CHECK-SAME: src_layout = #aicc_cpu.layout<channels_last>
// CHECK-SAME: -> tensor<2x4x4x16xf32>
// CHECK: %[[D:.*]] = "aicc.DequantizeLinear"(%[[A]], %{{.*}}, %{{.*}}) {{.*}} -> tensor<2x4x4x16xf32>
// CHECK: %[[S:.*]] = "aicc.Add"(%[[B]], %[[D]]) : (tensor<2x4x4x16xf32>, tensor<2x4x4x16xf32>) -> tensor<2x4x4x16xf32>
// CHECK: %[[PLAIN:.*]] = aicc_cpu.reorder <channels_last> to <plain> ins(%[[S]] : tensor<2x4x4x16xf32>)
// CHECK: return %[[PLAIN]]
func.func @int8_chain(%x: tensor<2x8x4x4xui8>, %w1: tensor<16x8x1x1xi8>, %w2: tensor<16x16x1x1xi8>, %s: tensor<1xf32>,
                      %scale: tensor<f32>, %zero: tensor<ui8>) -> tensor<2x16x4x4xf32> {
  %i1 = tensor.empty() : tensor<2x16x4x4xui8>
  %a = aicc_cpu.quantized_conv ins(%x, %w1 : tensor<2x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i1 : tensor<2x16x4x4xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<2x16x4x4xui8>
  %i2 = tensor.empty() : tensor<2x16x4x4xf32>
  %b = aicc_cpu.quantized_conv ins(%a, %w2 : tensor<2x16x4x4xui8>, tensor<16x16x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i2 : tensor<2x16x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<f32>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<2x16x4x4xf32>
  %d = "aicc.DequantizeLinear"(%a, %scale, %zero) : (tensor<2x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<2x16x4x4xf32>
  %sum = "aicc.Add"(%b, %d) : (tensor<2x16x4x4xf32>, tensor<2x16x4x4xf32>) -> tensor<2x16x4x4xf32>
  return %sum : tensor<2x16x4x4xf32>
}

// -----

// A DequantizeLinear along the channel axis is not layout-free: it reads plain NCHW.
// CHECK-LABEL: func.func @per_channel_dequantize
// CHECK: %[[A:.*]] = aicc_cpu.quantized_conv {{.*}} -> tensor<1x4x4x16xui8>
// CHECK: %[[PLAIN:.*]] = aicc_cpu.reorder <channels_last> to <plain> ins(%[[A]] : tensor<1x4x4x16xui8>)
// CHECK: "aicc.DequantizeLinear"(%[[PLAIN]], %{{.*}}, %{{.*}}) {{.*}} -> tensor<1x16x4x4xf32>
func.func @per_channel_dequantize(%x: tensor<1x8x4x4xui8>, %w1: tensor<16x8x1x1xi8>, %s: tensor<1xf32>,
                                  %scale: tensor<16xf32>, %zero: tensor<16xui8>) -> tensor<1x16x4x4xf32> {
  %i1 = tensor.empty() : tensor<1x16x4x4xui8>
  %a = aicc_cpu.quantized_conv ins(%x, %w1 : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i1 : tensor<1x16x4x4xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x16x4x4xui8>
  %d = "aicc.DequantizeLinear"(%a, %scale, %zero) <{axis = 1 : i64}>
      : (tensor<1x16x4x4xui8>, tensor<16xf32>, tensor<16xui8>) -> tensor<1x16x4x4xf32>
  return %d : tensor<1x16x4x4xf32>
}

// -----

// An int8 pool between int8 convolutions reads and writes u8 channels-last as they do.
// CHECK-LABEL: func.func @int8_pool
// CHECK: %[[A:.*]] = aicc_cpu.quantized_conv {{.*}} -> tensor<1x4x4x16xui8>
// CHECK: %[[P:.*]] = aicc_cpu.pool <max> ins(%[[A]] : tensor<1x4x4x16xui8>) outs(%{{.*}} : tensor<1x2x2x16xui8>)
// CHECK-SAME: layout = #aicc_cpu.layout<channels_last>
// CHECK: aicc_cpu.quantized_conv ins(%[[P]], %{{.*}} : tensor<1x2x2x16xui8>,
func.func @int8_pool(%x: tensor<1x8x4x4xui8>, %w1: tensor<16x8x1x1xi8>, %w2: tensor<16x16x1x1xi8>,
                     %s: tensor<1xf32>) -> tensor<1x16x2x2xf32> {
  %i1 = tensor.empty() : tensor<1x16x4x4xui8>
  %a = aicc_cpu.quantized_conv ins(%x, %w1 : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i1 : tensor<1x16x4x4xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x16x4x4xui8>
  %ip = tensor.empty() : tensor<1x16x2x2xui8>
  %p = aicc_cpu.pool <max> ins(%a : tensor<1x16x4x4xui8>) outs(%ip : tensor<1x16x2x2xui8>)
      {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>,
       pads_end = array<i64: 0, 0>, data_type = #aicc_cpu.data_type<u8>} -> tensor<1x16x2x2xui8>
  %i2 = tensor.empty() : tensor<1x16x2x2xf32>
  %b = aicc_cpu.quantized_conv ins(%p, %w2 : tensor<1x16x2x2xui8>, tensor<16x16x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i2 : tensor<1x16x2x2xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<f32>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x16x2x2xf32>
  return %b : tensor<1x16x2x2xf32>
}
