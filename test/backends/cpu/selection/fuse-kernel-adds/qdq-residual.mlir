// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-adds --split-input-file | FileCheck %s

// A QDQ residual block as ONNX Runtime's quantizer writes it: the int8 convolution writes the
// QuantizeLinear's result into the residual. In k's units (scale 0.5, zero point 10): k rounded,
// saturated to [-10, 245], plus r (scale 0.25, zero point 3: 0.5 of k's steps), then scaled by
// 0.5 / 0.125 into the result's (zero point 7).
// CHECK-LABEL: func.func @qdq_residual
// CHECK: %[[K:.*]] = aicc_cpu.quantized_conv ins(%arg0, %arg1 : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%arg3 : tensor<1xf32>)
// CHECK-SAME: outs(%arg2 : tensor<1x16x4x4xui8>)
// CHECK-SAME: dst_type = #aicc_cpu.data_type<u8>, dst_zero_point = 7 : i64
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<round>, #aicc_cpu.eltwise<clip, alpha = -1.000000e+01, beta = 2.450000e+02>,
// CHECK-SAME: #aicc_cpu.sum<scale = 5.000000e-01, zero_point = 3>, #aicc_cpu.eltwise<linear, alpha = 4.000000e+00>]
// CHECK-NOT: aicc.Add
// CHECK-NOT: aicc.QuantizeLinear
// CHECK: return %[[K]]
func.func @qdq_residual(%x: tensor<1x8x4x4xui8>, %w: tensor<16x8x1x1xi8>, %r: tensor<1x16x4x4xui8>,
                        %s: tensor<1xf32>) -> tensor<1x16x4x4xui8> {
  %ks = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %kz = "aicc.Constant"() <{value = dense<10> : tensor<ui8>}> : () -> tensor<ui8>
  %rs = "aicc.Constant"() <{value = dense<0.25> : tensor<f32>}> : () -> tensor<f32>
  %rz = "aicc.Constant"() <{value = dense<3> : tensor<ui8>}> : () -> tensor<ui8>
  %ys = "aicc.Constant"() <{value = dense<0.125> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<7> : tensor<ui8>}> : () -> tensor<ui8>
  %init = tensor.empty() : tensor<1x16x4x4xui8>
  %k = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%init : tensor<1x16x4x4xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 10 : i64} -> tensor<1x16x4x4xui8>
  %kd = "aicc.DequantizeLinear"(%k, %ks, %kz) : (tensor<1x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xf32>
  %rd = "aicc.DequantizeLinear"(%r, %rs, %rz) : (tensor<1x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xf32>
  %a = "aicc.Add"(%rd, %kd) : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %y = "aicc.QuantizeLinear"(%a, %ys, %yz) : (tensor<1x16x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xui8>
  return %y : tensor<1x16x4x4xui8>
}

// -----

// A Relu before a u8 result of zero point 0 is the result's saturation: it fuses too.
// CHECK-LABEL: func.func @relu_into_zero_point_0
// CHECK: aicc_cpu.quantized_conv
// CHECK-SAME: #aicc_cpu.sum
// CHECK-NOT: aicc.Relu
func.func @relu_into_zero_point_0(%x: tensor<1x8x4x4xui8>, %w: tensor<16x8x1x1xi8>, %r: tensor<1x16x4x4xui8>,
                                  %s: tensor<1xf32>) -> tensor<1x16x4x4xui8> {
  %ks = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %kz = "aicc.Constant"() <{value = dense<10> : tensor<ui8>}> : () -> tensor<ui8>
  %ys = "aicc.Constant"() <{value = dense<0.2> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<0> : tensor<ui8>}> : () -> tensor<ui8>
  %init = tensor.empty() : tensor<1x16x4x4xui8>
  %k = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%init : tensor<1x16x4x4xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 10 : i64} -> tensor<1x16x4x4xui8>
  %kd = "aicc.DequantizeLinear"(%k, %ks, %kz) : (tensor<1x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xf32>
  %rd = "aicc.DequantizeLinear"(%r, %ys, %yz) : (tensor<1x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xf32>
  %a = "aicc.Add"(%kd, %rd) : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %z = "aicc.Relu"(%a) : (tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %y = "aicc.QuantizeLinear"(%z, %ys, %yz) : (tensor<1x16x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xui8>
  return %y : tensor<1x16x4x4xui8>
}

// -----

// What stays: a Relu before a result of zero point 5 (five post-ops would not fit); a
// convolution whose result something else reads too; one with a post-op already.
// CHECK-LABEL: func.func @not_fused
// CHECK-NOT: #aicc_cpu.sum
// CHECK-COUNT-3: aicc.QuantizeLinear
func.func @not_fused(%x: tensor<1x8x4x4xui8>, %w: tensor<16x8x1x1xi8>, %r: tensor<1x16x4x4xui8>, %s: tensor<1xf32>)
    -> (tensor<1x16x4x4xui8>, tensor<1x16x4x4xui8>, tensor<1x16x4x4xui8>, tensor<1x16x4x4xui8>) {
  %ks = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %kz = "aicc.Constant"() <{value = dense<10> : tensor<ui8>}> : () -> tensor<ui8>
  %ys = "aicc.Constant"() <{value = dense<0.2> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<5> : tensor<ui8>}> : () -> tensor<ui8>
  %i0 = tensor.empty() : tensor<1x16x4x4xui8>
  %k0 = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i0 : tensor<1x16x4x4xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 10 : i64} -> tensor<1x16x4x4xui8>
  %rd = "aicc.DequantizeLinear"(%r, %ys, %yz) : (tensor<1x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xf32>
  %kd0 = "aicc.DequantizeLinear"(%k0, %ks, %kz) : (tensor<1x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xf32>
  %a0 = "aicc.Add"(%kd0, %rd) : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %z0 = "aicc.Relu"(%a0) : (tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %y0 = "aicc.QuantizeLinear"(%z0, %ys, %yz) : (tensor<1x16x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xui8>
  %i1 = tensor.empty() : tensor<1x16x4x4xui8>
  %k1 = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i1 : tensor<1x16x4x4xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 10 : i64} -> tensor<1x16x4x4xui8>
  %kd1 = "aicc.DequantizeLinear"(%k1, %ks, %kz) : (tensor<1x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xf32>
  %a1 = "aicc.Add"(%kd1, %rd) : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %y1 = "aicc.QuantizeLinear"(%a1, %ys, %yz) : (tensor<1x16x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xui8>
  %i2 = tensor.empty() : tensor<1x16x4x4xui8>
  %k2 = aicc_cpu.quantized_conv ins(%x, %w : tensor<1x8x4x4xui8>, tensor<16x8x1x1xi8>) scales(%s : tensor<1xf32>)
      outs(%i2 : tensor<1x16x4x4xui8>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
       src_zero_point = 0 : i64, dst_zero_point = 10 : i64, post_ops = [#aicc_cpu.eltwise<relu>]} -> tensor<1x16x4x4xui8>
  %kd2 = "aicc.DequantizeLinear"(%k2, %ks, %kz) : (tensor<1x16x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xf32>
  %a2 = "aicc.Add"(%kd2, %rd) : (tensor<1x16x4x4xf32>, tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %y2 = "aicc.QuantizeLinear"(%a2, %ys, %yz) : (tensor<1x16x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x16x4x4xui8>
  return %y0, %y1, %y2, %k1 : tensor<1x16x4x4xui8>, tensor<1x16x4x4xui8>, tensor<1x16x4x4xui8>, tensor<1x16x4x4xui8>
}
