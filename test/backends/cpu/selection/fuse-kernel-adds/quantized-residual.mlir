// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-adds --aicc-cpu-fuse-kernel-activations --split-input-file | FileCheck %s

// Static quantization's residual block ends in an int8 convolution with an f32 result, an Add of
// the block's input and a Relu: the convolution writes into the residual and adds to it (sum
// post-op), then applies the Relu.
// CHECK-LABEL: func.func @int8_residual_relu
// CHECK: %[[K:.*]] = aicc_cpu.quantized_conv {{.*}} outs(%arg2 : tensor<1x16x4x4xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.sum, #aicc_cpu.eltwise<relu>]
// CHECK-NOT: aicc.Add
// CHECK-NOT: aicc.Relu
// CHECK: return %[[K]]
func.func @int8_residual_relu(%x: tensor<1x8x4x4xui8>, %w: tensor<16x8x1x1xi8>, %r: tensor<1x16x4x4xf32>,
                              %s: tensor<1xf32>) -> tensor<1x16x4x4xf32> {
  %init = tensor.empty() : tensor<1x16x4x4xf32>
  %k = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%init : tensor<1x16x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<f32>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x16x4x4xf32>
  %y = "aicc.Add"(%k, %r) : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %z = "aicc.Relu"(%y) : (tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %z : tensor<1x16x4x4xf32>
}

// -----

// An int8 convolution writing u8 takes neither: its result is in Y's quantized units, and the
// Add and the Relu here read the f32 values of a DequantizeLinear.
// CHECK-LABEL: func.func @int8_result
// CHECK: aicc_cpu.quantized_conv
// CHECK-NOT: post_ops
// CHECK: "aicc.Add"
// CHECK: "aicc.Relu"
func.func @int8_result(%x: tensor<1x8x4x4xui8>, %w: tensor<16x8x1x1xi8>, %r: tensor<1x16x4x4xf32>,
                       %s: tensor<1xf32>, %ys: tensor<f32>, %yz: tensor<ui8>) -> tensor<1x16x4x4xf32> {
  %init = tensor.empty() : tensor<1x16x4x4xui8>
  %k = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%init : tensor<1x16x4x4xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x16x4x4xui8>
  %d = "aicc.DequantizeLinear"(%k, %ys, %yz) : (tensor<1x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xf32>
  %y = "aicc.Add"(%d, %r) : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %z = "aicc.Relu"(%y) : (tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %z : tensor<1x16x4x4xf32>
}

// -----

// An Add and a Relu kept in f32 (aicc --keep-fp32) stay out of the int8 kernel, though it writes f32.
// CHECK-LABEL: func.func @kept
// CHECK: aicc_cpu.quantized_conv
// CHECK-NOT: post_ops
// CHECK: "aicc.Add"
// CHECK: "aicc.Relu"
func.func @kept(%x: tensor<1x8x4x4xui8>, %w: tensor<16x8x1x1xi8>, %r: tensor<1x16x4x4xf32>,
                %s: tensor<1xf32>) -> tensor<1x16x4x4xf32> {
  %init = tensor.empty() : tensor<1x16x4x4xf32>
  %k = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%init : tensor<1x16x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<f32>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x16x4x4xf32>
  %y = "aicc.Add"(%k, %r) {aicc.keep_fp32} : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %k2 = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%init : tensor<1x16x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<f32>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64} -> tensor<1x16x4x4xf32>
  %z = "aicc.Relu"(%k2) {aicc.keep_fp32} : (tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %sum = "aicc.Add"(%y, %z) {aicc.keep_fp32} : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %sum : tensor<1x16x4x4xf32>
}

// -----

// Conv → Relu → Add: the int8 lowering fused the Relu; a sum after it is not where oneDNN's kernels
// take one, so the Add stays.
// CHECK-LABEL: func.func @after_activation
// CHECK: aicc_cpu.quantized_conv {{.*}}post_ops = [#aicc_cpu.eltwise<relu>]
// CHECK: "aicc.Add"
func.func @after_activation(%x: tensor<1x8x4x4xui8>, %w: tensor<16x8x1x1xi8>, %r: tensor<1x16x4x4xf32>,
                            %s: tensor<1xf32>) -> tensor<1x16x4x4xf32> {
  %init = tensor.empty() : tensor<1x16x4x4xf32>
  %k = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%init : tensor<1x16x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<f32>,
       src_zero_point = 0 : i64, dst_zero_point = 0 : i64, post_ops = [#aicc_cpu.eltwise<relu>]} -> tensor<1x16x4x4xf32>
  %y = "aicc.Add"(%k, %r) : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}
