// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// QDQ MaxPool with X and Y quantized alike: the kernel pools the u8 values, in place of the
// QuantizeLinear; the DequantizeLinear after it stays for the f32 reader.
// CHECK-LABEL: func.func @max
// CHECK-NOT: aicc.QuantizeLinear
// CHECK: %[[P:.*]] = aicc_cpu.pool <max> ins(%arg0 : tensor<1x8x6x6xui8>) outs(%{{.*}} : tensor<1x8x3x3xui8>)
// CHECK-SAME: data_type = #aicc_cpu.data_type<u8>
// CHECK-NOT: output_scale
// CHECK: "aicc.DequantizeLinear"(%[[P]],
func.func @max(%xq: tensor<1x8x6x6xui8>) -> tensor<1x8x3x3xf32> {
  %s = "aicc.Constant"() <{value = dense<0.05> : tensor<f32>}> : () -> tensor<f32>
  %z = "aicc.Constant"() <{value = dense<12> : tensor<ui8>}> : () -> tensor<ui8>
  %x = "aicc.DequantizeLinear"(%xq, %s, %z) : (tensor<1x8x6x6xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x8x6x6xf32>
  %y, %i = "aicc.MaxPool"(%x) <{kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>}>
      : (tensor<1x8x6x6xf32>) -> (tensor<1x8x3x3xf32>, none)
  %yq = "aicc.QuantizeLinear"(%y, %s, %z) : (tensor<1x8x3x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x8x3x3xui8>
  %r = "aicc.DequantizeLinear"(%yq, %s, %z) : (tensor<1x8x3x3xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x8x3x3xf32>
  return %r : tensor<1x8x3x3xf32>
}

// -----

// Global average pooling from s8 at 0.1 (zero point -4) to s8 at 0.05 (zero point 3): the mean is
// requantized, Y = 2 * mean + (3 - 2 * -4) = 2 * mean + 11.
// CHECK-LABEL: func.func @global_average_requantized
// CHECK: aicc_cpu.pool <average_exclude_pad> ins(%arg0 : tensor<1x16x7x7xi8>) outs(%{{.*}} : tensor<1x16x1x1xi8>)
// CHECK-SAME: data_type = #aicc_cpu.data_type<s8>
// CHECK-SAME: output_scale = 2.0{{0*}}e+00 : f64, output_shift = 1.1{{0*}}e+01 : f64
// CHECK-NOT: aicc.QuantizeLinear
func.func @global_average_requantized(%xq: tensor<1x16x7x7xi8>) -> tensor<1x16x1x1xi8> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %xz = "aicc.Constant"() <{value = dense<-4> : tensor<i8>}> : () -> tensor<i8>
  %ys = "aicc.Constant"() <{value = dense<0.05> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<3> : tensor<i8>}> : () -> tensor<i8>
  %x = "aicc.DequantizeLinear"(%xq, %xs, %xz) : (tensor<1x16x7x7xi8>, tensor<f32>, tensor<i8>) -> tensor<1x16x7x7xf32>
  %y = "aicc.GlobalAveragePool"(%x) : (tensor<1x16x7x7xf32>) -> tensor<1x16x1x1xf32>
  %yq = "aicc.QuantizeLinear"(%y, %ys, %yz) : (tensor<1x16x1x1xf32>, tensor<f32>, tensor<i8>) -> tensor<1x16x1x1xi8>
  return %yq : tensor<1x16x1x1xi8>
}

// -----

// An average counting padded cells from u8 with zero point 0: the kernel's padded 0 is the real 0.
// CHECK-LABEL: func.func @average_include_pad
// CHECK: aicc_cpu.pool <average_include_pad> ins(%arg0 : tensor<1x8x4x4xui8>)
// CHECK-SAME: data_type = #aicc_cpu.data_type<u8>
func.func @average_include_pad(%xq: tensor<1x8x4x4xui8>) -> tensor<1x8x4x4xui8> {
  %s = "aicc.Constant"() <{value = dense<0.05> : tensor<f32>}> : () -> tensor<f32>
  %z = "aicc.Constant"() <{value = dense<0> : tensor<ui8>}> : () -> tensor<ui8>
  %x = "aicc.DequantizeLinear"(%xq, %s, %z) : (tensor<1x8x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x8x4x4xf32>
  %y = "aicc.AveragePool"(%x) <{kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = 1 : i64}>
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %yq = "aicc.QuantizeLinear"(%y, %s, %z) : (tensor<1x8x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x8x4x4xui8>
  return %yq : tensor<1x8x4x4xui8>
}

// -----

// Not folded, each pooled in f32 between the DequantizeLinear and the QuantizeLinear:
// - max pooling into another scale (requantizing would round the max);
// - counted padding where X's zero point is not 0 (the real 0 is not the value 0);
// - Y of another type than X (oneDNN's int8 pooling keeps the type);
// - the pooled value read in f32 as well as quantized;
// - a pool kept in f32 (--keep-fp32).
// CHECK-LABEL: func.func @not_folded
// CHECK-NOT: data_type = #aicc_cpu.data_type<u8>
// CHECK-COUNT-5: aicc.QuantizeLinear
func.func @not_folded(%xq: tensor<1x8x4x4xui8>) -> (tensor<1x8x2x2xui8>, tensor<1x8x4x4xui8>, tensor<1x8x1x1xi8>,
                                                    tensor<1x8x1x1xui8>, tensor<1x8x1x1xf32>, tensor<1x8x1x1xui8>) {
  %s = "aicc.Constant"() <{value = dense<0.05> : tensor<f32>}> : () -> tensor<f32>
  %s2 = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %z = "aicc.Constant"() <{value = dense<7> : tensor<ui8>}> : () -> tensor<ui8>
  %zs = "aicc.Constant"() <{value = dense<0> : tensor<i8>}> : () -> tensor<i8>
  %x = "aicc.DequantizeLinear"(%xq, %s, %z) : (tensor<1x8x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x8x4x4xf32>
  %m, %i = "aicc.MaxPool"(%x) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x8x4x4xf32>) -> (tensor<1x8x2x2xf32>, none)
  %mq = "aicc.QuantizeLinear"(%m, %s2, %z) : (tensor<1x8x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x8x2x2xui8>
  %a = "aicc.AveragePool"(%x) <{kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = 1 : i64}>
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %aq = "aicc.QuantizeLinear"(%a, %s, %z) : (tensor<1x8x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x8x4x4xui8>
  %g = "aicc.GlobalAveragePool"(%x) : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %gq = "aicc.QuantizeLinear"(%g, %s, %zs) : (tensor<1x8x1x1xf32>, tensor<f32>, tensor<i8>) -> tensor<1x8x1x1xi8>
  %h = "aicc.GlobalMaxPool"(%x) : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %hq = "aicc.QuantizeLinear"(%h, %s, %z) : (tensor<1x8x1x1xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x8x1x1xui8>
  %k = "aicc.GlobalMaxPool"(%x) {aicc.keep_fp32} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %kq = "aicc.QuantizeLinear"(%k, %s, %z) : (tensor<1x8x1x1xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x8x1x1xui8>
  return %mq, %aq, %gq, %hq, %h, %kq : tensor<1x8x2x2xui8>, tensor<1x8x4x4xui8>, tensor<1x8x1x1xi8>, tensor<1x8x1x1xui8>,
      tensor<1x8x1x1xf32>, tensor<1x8x1x1xui8>
}
