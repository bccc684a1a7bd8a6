// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// QLinearConv with per-channel w_scale and a bias: scales = x_scale * w_scale / y_scale, the zero
// points as attributes, the int32 bias passed as it is.
// CHECK-LABEL: func.func @qlinear_conv
// CHECK: %[[S:.*]] = "aicc.Constant"() <{value = dense<[0.0200000014, 0.0400000028]> : tensor<2xf32>}>
// CHECK: aicc_cpu.quantized_conv ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<1x3x5x5xui8>, tensor<2x3x3x3xi8>, tensor<2xi32>)
// CHECK-SAME: scales(%[[S]] : tensor<2xf32>) outs(%{{.*}} : tensor<1x2x5x5xui8>)
// CHECK-SAME: dst_type = #aicc_cpu.data_type<u8>, dst_zero_point = 7 : i64
// CHECK-SAME: pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>
// CHECK-SAME: src_type = #aicc_cpu.data_type<u8>, src_zero_point = 128 : i64
// CHECK-NOT: aicc.QLinearConv
func.func @qlinear_conv(%x: tensor<1x3x5x5xui8>, %b: tensor<2xi32>) -> tensor<1x2x5x5xui8> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %xz = "aicc.Constant"() <{value = dense<128> : tensor<ui8>}> : () -> tensor<ui8>
  %w = "aicc.Constant"() <{value = dense<1> : tensor<2x3x3x3xi8>}> : () -> tensor<2x3x3x3xi8>
  %ws = "aicc.Constant"() <{value = dense<[0.1, 0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %wz = "aicc.Constant"() <{value = dense<0> : tensor<2xi8>}> : () -> tensor<2xi8>
  %ys = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<7> : tensor<ui8>}> : () -> tensor<ui8>
  %y = "aicc.QLinearConv"(%x, %xs, %xz, %w, %ws, %wz, %ys, %yz, %b) <{pads = array<i64: 1, 1, 1, 1>}>
      : (tensor<1x3x5x5xui8>, tensor<f32>, tensor<ui8>, tensor<2x3x3x3xi8>, tensor<2xf32>, tensor<2xi8>, tensor<f32>,
         tensor<ui8>, tensor<2xi32>) -> tensor<1x2x5x5xui8>
  return %y : tensor<1x2x5x5xui8>
}

// -----

// A non-zero weight zero point is not what oneDNN's int8 kernels take: the generated loops keep it.
// CHECK-LABEL: func.func @weight_zero_point_stays
// CHECK: "aicc.QLinearConv"
// CHECK-NOT: aicc_cpu.quantized_conv
func.func @weight_zero_point_stays(%x: tensor<1x3x5x5xui8>) -> tensor<1x2x3x3xui8> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %xz = "aicc.Constant"() <{value = dense<128> : tensor<ui8>}> : () -> tensor<ui8>
  %w = "aicc.Constant"() <{value = dense<1> : tensor<2x3x3x3xi8>}> : () -> tensor<2x3x3x3xi8>
  %ws = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %wz = "aicc.Constant"() <{value = dense<3> : tensor<i8>}> : () -> tensor<i8>
  %none = aicc.none
  %y = "aicc.QLinearConv"(%x, %xs, %xz, %w, %ws, %wz, %xs, %xz, %none)
      : (tensor<1x3x5x5xui8>, tensor<f32>, tensor<ui8>, tensor<2x3x3x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>,
         tensor<ui8>, none) -> tensor<1x2x3x3xui8>
  return %y : tensor<1x2x3x3xui8>
}

// -----

// A scale the run computes is not: oneDNN 2.6 takes output scales when the kernel is created.
// CHECK-LABEL: func.func @run_time_scale_stays
// CHECK: "aicc.QLinearConv"
// CHECK-NOT: aicc_cpu.quantized_conv
func.func @run_time_scale_stays(%x: tensor<1x3x5x5xui8>, %xs: tensor<f32>) -> tensor<1x2x3x3xui8> {
  %xz = "aicc.Constant"() <{value = dense<128> : tensor<ui8>}> : () -> tensor<ui8>
  %w = "aicc.Constant"() <{value = dense<1> : tensor<2x3x3x3xi8>}> : () -> tensor<2x3x3x3xi8>
  %wz = "aicc.Constant"() <{value = dense<0> : tensor<i8>}> : () -> tensor<i8>
  %none = aicc.none
  %y = "aicc.QLinearConv"(%x, %xs, %xz, %w, %xs, %wz, %xs, %xz, %none)
      : (tensor<1x3x5x5xui8>, tensor<f32>, tensor<ui8>, tensor<2x3x3x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>,
         tensor<ui8>, none) -> tensor<1x2x3x3xui8>
  return %y : tensor<1x2x3x3xui8>
}

// -----

// QDQ: DequantizeLinear of X and W, Conv with an f32 bias, Relu, QuantizeLinear → one kernel with a
// relu post-op; the bias is requantized at x_scale * w_scale (0.5 / (0.1 * 0.5) = 10).
// CHECK-LABEL: func.func @qdq_conv_relu
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<[10, -20]> : tensor<2xi32>}>
// CHECK-DAG: %[[S:.*]] = "aicc.Constant"() <{value = dense<2.500000e-01> : tensor<1xf32>}>
// CHECK: %[[Y:.*]] = aicc_cpu.quantized_conv ins(%{{.*}}, %{{.*}}, %[[B]] : tensor<1x3x5x5xui8>, tensor<2x3x3x3xi8>, tensor<2xi32>)
// CHECK-SAME: scales(%[[S]] : tensor<1xf32>)
// CHECK-SAME: dst_type = #aicc_cpu.data_type<s8>, dst_zero_point = -3 : i64
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<relu>]
// CHECK-SAME: src_type = #aicc_cpu.data_type<u8>, src_zero_point = 128 : i64
// CHECK-NOT: aicc.Conv
// CHECK-NOT: aicc.Relu
// CHECK-NOT: aicc.QuantizeLinear
// CHECK: return %[[Y]]
func.func @qdq_conv_relu(%xq: tensor<1x3x5x5xui8>) -> tensor<1x2x3x3xi8> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %xz = "aicc.Constant"() <{value = dense<128> : tensor<ui8>}> : () -> tensor<ui8>
  %wq = "aicc.Constant"() <{value = dense<1> : tensor<2x3x3x3xi8>}> : () -> tensor<2x3x3x3xi8>
  %ws = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %b = "aicc.Constant"() <{value = dense<[0.5, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %ys = "aicc.Constant"() <{value = dense<0.2> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<-3> : tensor<i8>}> : () -> tensor<i8>
  %none = aicc.none
  %x = "aicc.DequantizeLinear"(%xq, %xs, %xz) : (tensor<1x3x5x5xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x3x5x5xf32>
  %w = "aicc.DequantizeLinear"(%wq, %ws, %none) : (tensor<2x3x3x3xi8>, tensor<f32>, none) -> tensor<2x3x3x3xf32>
  %c = "aicc.Conv"(%x, %w, %b) : (tensor<1x3x5x5xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = "aicc.Relu"(%c) : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %y = "aicc.QuantizeLinear"(%r, %ys, %yz) : (tensor<1x2x3x3xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2x3x3xi8>
  return %y : tensor<1x2x3x3xi8>
}

// -----

// QDQ without a QuantizeLinear after the Conv (a model's last layer): the kernel writes f32,
// scaled by x_scale * w_scale per output channel (W quantized along axis 0).
// CHECK-LABEL: func.func @qdq_conv_f32_result
// CHECK: %[[S:.*]] = "aicc.Constant"() <{value = dense<[5.000000e-02, 1.000000e-01]> : tensor<2xf32>}>
// CHECK: aicc_cpu.quantized_conv ins(%{{.*}}, %{{.*}} : tensor<1x3x5x5xi8>, tensor<2x3x3x3xi8>)
// CHECK-SAME: scales(%[[S]] : tensor<2xf32>) outs(%{{.*}} : tensor<1x2x3x3xf32>)
// CHECK-SAME: dst_type = #aicc_cpu.data_type<f32>, dst_zero_point = 0 : i64
// CHECK-SAME: src_type = #aicc_cpu.data_type<s8>, src_zero_point = 0 : i64
func.func @qdq_conv_f32_result(%xq: tensor<1x3x5x5xi8>) -> tensor<1x2x3x3xf32> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %wq = "aicc.Constant"() <{value = dense<1> : tensor<2x3x3x3xi8>}> : () -> tensor<2x3x3x3xi8>
  %ws = "aicc.Constant"() <{value = dense<[0.5, 1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %wz = "aicc.Constant"() <{value = dense<0> : tensor<2xi8>}> : () -> tensor<2xi8>
  %none = aicc.none
  %x = "aicc.DequantizeLinear"(%xq, %xs, %none) : (tensor<1x3x5x5xi8>, tensor<f32>, none) -> tensor<1x3x5x5xf32>
  %w = "aicc.DequantizeLinear"(%wq, %ws, %wz) <{axis = 0 : i64}>
      : (tensor<2x3x3x3xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x3x3x3xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x3x5x5xf32>, tensor<2x3x3x3xf32>, none) -> tensor<1x2x3x3xf32>
  return %c : tensor<1x2x3x3xf32>
}

// -----

// Without a QuantizeLinear, the activations after the Conv still fold: post-ops on the f32
// result, Clip's bounds in its own units.
// CHECK-LABEL: func.func @qdq_conv_f32_result_relu6
// CHECK: %[[Y:.*]] = aicc_cpu.quantized_conv
// CHECK-SAME: outs(%{{.*}} : tensor<1x2x3x3xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<clip, alpha = 0.000000e+00, beta = 6.000000e+00>]
// CHECK-NOT: aicc.Relu
// CHECK-NOT: aicc.Clip
// CHECK: return %[[Y]]
func.func @qdq_conv_f32_result_relu6(%xq: tensor<1x3x5x5xi8>) -> tensor<1x2x3x3xf32> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %wq = "aicc.Constant"() <{value = dense<1> : tensor<2x3x3x3xi8>}> : () -> tensor<2x3x3x3xi8>
  %ws = "aicc.Constant"() <{value = dense<[0.5, 1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %lo = "aicc.Constant"() <{value = dense<0.0> : tensor<f32>}> : () -> tensor<f32>
  %hi = "aicc.Constant"() <{value = dense<6.0> : tensor<f32>}> : () -> tensor<f32>
  %none = aicc.none
  %x = "aicc.DequantizeLinear"(%xq, %xs, %none) : (tensor<1x3x5x5xi8>, tensor<f32>, none) -> tensor<1x3x5x5xf32>
  %w = "aicc.DequantizeLinear"(%wq, %ws, %none) <{axis = 0 : i64}>
      : (tensor<2x3x3x3xi8>, tensor<2xf32>, none) -> tensor<2x3x3x3xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x3x5x5xf32>, tensor<2x3x3x3xf32>, none) -> tensor<1x2x3x3xf32>
  %r = "aicc.Relu"(%c) : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %y = "aicc.Clip"(%r, %lo, %hi) : (tensor<1x2x3x3xf32>, tensor<f32>, tensor<f32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Per-channel weights quantized along another axis are not per output channel: the f32 conv of
// the dequantized values runs instead.
// CHECK-LABEL: func.func @qdq_weights_along_input_channels
// CHECK: aicc_cpu.conv
// CHECK-NOT: aicc_cpu.quantized_conv
func.func @qdq_weights_along_input_channels(%xq: tensor<1x2x5x5xi8>) -> tensor<1x2x3x3xf32> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %wq = "aicc.Constant"() <{value = dense<1> : tensor<2x2x3x3xi8>}> : () -> tensor<2x2x3x3xi8>
  %ws = "aicc.Constant"() <{value = dense<[0.5, 1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %none = aicc.none
  %x = "aicc.DequantizeLinear"(%xq, %xs, %none) : (tensor<1x2x5x5xi8>, tensor<f32>, none) -> tensor<1x2x5x5xf32>
  %w = "aicc.DequantizeLinear"(%wq, %ws, %none) <{axis = 1 : i64}>
      : (tensor<2x2x3x3xi8>, tensor<2xf32>, none) -> tensor<2x2x3x3xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x2x5x5xf32>, tensor<2x2x3x3xf32>, none) -> tensor<1x2x3x3xf32>
  return %c : tensor<1x2x3x3xf32>
}

// -----

// ReLU6 as PyTorch writes it, Relu then Clip(0, 6): the kernel applies both in y_scale's units,
// so the bounds are 0 and 6 / 0.2 = 30 (0.2 as f32).
// CHECK-LABEL: func.func @qdq_conv_relu6
// CHECK: aicc_cpu.quantized_conv
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.eltwise<clip, alpha = 0.000000e+00, beta = 29.99999{{[0-9]*}}>]
// CHECK-NOT: aicc.Relu
// CHECK-NOT: aicc.Clip
func.func @qdq_conv_relu6(%xq: tensor<1x3x5x5xui8>) -> tensor<1x2x3x3xui8> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %wq = "aicc.Constant"() <{value = dense<1> : tensor<2x3x3x3xi8>}> : () -> tensor<2x3x3x3xi8>
  %ws = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %lo = "aicc.Constant"() <{value = dense<0.0> : tensor<f32>}> : () -> tensor<f32>
  %hi = "aicc.Constant"() <{value = dense<6.0> : tensor<f32>}> : () -> tensor<f32>
  %ys = "aicc.Constant"() <{value = dense<0.2> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<0> : tensor<ui8>}> : () -> tensor<ui8>
  %none = aicc.none
  %x = "aicc.DequantizeLinear"(%xq, %xs, %none) : (tensor<1x3x5x5xui8>, tensor<f32>, none) -> tensor<1x3x5x5xf32>
  %w = "aicc.DequantizeLinear"(%wq, %ws, %none) : (tensor<2x3x3x3xi8>, tensor<f32>, none) -> tensor<2x3x3x3xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x3x5x5xf32>, tensor<2x3x3x3xf32>, none) -> tensor<1x2x3x3xf32>
  %relu = "aicc.Relu"(%c) : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %r = "aicc.Clip"(%relu, %lo, %hi) : (tensor<1x2x3x3xf32>, tensor<f32>, tensor<f32>) -> tensor<1x2x3x3xf32>
  %y = "aicc.QuantizeLinear"(%r, %ys, %yz) : (tensor<1x2x3x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x3x3xui8>
  return %y : tensor<1x2x3x3xui8>
}
