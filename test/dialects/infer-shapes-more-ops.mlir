// Shape rules of the ops an old or computed-shape export puts after a Pad or Reshape whose size
// only constants give (PRelu with per-channel slopes, Softsign, ConvTranspose, ArgMax, the other
// reductions, GatherElements, Dropout), and the quantization ops of a quantized export: without them
// everything after stays unranked or symbolic.
// RUN: aicc-opt %s -aicc-infer-shapes -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func @unary_and_prelu
// CHECK: "aicc.PRelu"{{.*}} -> tensor<1x8x6x6xf32>
// CHECK: "aicc.Softsign"{{.*}} -> tensor<1x8x6x6xf32>
// CHECK: "aicc.InstanceNormalization"{{.*}} -> tensor<1x8x6x6xf32>
// CHECK: "aicc.Dropout"{{.*}} -> (tensor<1x8x6x6xf32>, tensor<1x8x6x6xi1>)
// CHECK: "aicc.GreaterOrEqual"{{.*}} -> tensor<1x8x6x6xi1>
func.func @unary_and_prelu(%x: tensor<1x8x6x6xf32>, %slope: tensor<8x1x1xf32>, %s: tensor<8xf32>) -> (tensor<?x8x?x?xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>, tensor<*xi1>) {
  %p = "aicc.PRelu"(%x, %slope) : (tensor<1x8x6x6xf32>, tensor<8x1x1xf32>) -> tensor<?x8x?x?xf32>
  %q = "aicc.Softsign"(%p) : (tensor<?x8x?x?xf32>) -> tensor<*xf32>
  %n = "aicc.InstanceNormalization"(%x, %s, %s) <{epsilon = 1.0E-5 : f32}> : (tensor<1x8x6x6xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<*xf32>
  %none = aicc.none
  %d, %mask = "aicc.Dropout"(%x, %none, %none) <{seed = 0 : i64}> : (tensor<1x8x6x6xf32>, none, none) -> (tensor<*xf32>, tensor<*xi1>)
  %ge = "aicc.GreaterOrEqual"(%x, %slope) : (tensor<1x8x6x6xf32>, tensor<8x1x1xf32>) -> tensor<*xi1>
  return %p, %q, %n, %d, %mask, %ge : tensor<?x8x?x?xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>, tensor<*xi1>
}

// -----

// ConvTranspose-11: (in - 1) * stride + output_padding + dilation * (k - 1) + 1 - pads; SAME_*:
// in * stride; output_shape when given. Channels: W's dim 1 times group.
// CHECK-LABEL: func @conv_transpose
// CHECK: "aicc.ConvTranspose"{{.*}} -> tensor<2x6x11x8xf32>
// CHECK: "aicc.ConvTranspose"{{.*}} -> tensor<2x6x10x12xf32>
// CHECK: "aicc.ConvTranspose"{{.*}} -> tensor<2x6x11x13xf32>
func.func @conv_transpose(%x: tensor<2x4x5x6xf32>, %w: tensor<4x3x3x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %none = aicc.none
  %a = "aicc.ConvTranspose"(%x, %w, %none) <{auto_pad = "NOTSET", group = 2 : i64, strides = array<i64: 2, 1>, pads = array<i64: 0, 0, 1, 0>, output_padding = array<i64: 1, 0>}> : (tensor<2x4x5x6xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  %b = "aicc.ConvTranspose"(%x, %w, %none) <{auto_pad = "SAME_UPPER", group = 2 : i64, strides = array<i64: 2, 2>}> : (tensor<2x4x5x6xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  %c = "aicc.ConvTranspose"(%x, %w, %none) <{auto_pad = "NOTSET", group = 2 : i64, strides = array<i64: 2, 2>, output_shape = array<i64: 11, 13>}> : (tensor<2x4x5x6xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return %a, %b, %c : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @reductions
// CHECK: "aicc.ArgMax"{{.*}} -> tensor<2x1x4xi64>
// CHECK: "aicc.ArgMin"{{.*}} -> tensor<2x3xi64>
// CHECK: "aicc.ReduceL2"{{.*}} -> tensor<1x3x1xf32>
// CHECK: "aicc.ReduceProd"{{.*}} -> tensor<2x4xf32>
// CHECK: "aicc.GatherElements"{{.*}} -> tensor<2x3x1xf32>
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3x1xi64>) -> (tensor<*xi64>, tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %a = "aicc.ArgMax"(%x) <{axis = 1 : i64, keepdims = 1 : i64, select_last_index = 0 : i64}> : (tensor<2x3x4xf32>) -> tensor<*xi64>
  %b = "aicc.ArgMin"(%x) <{axis = -1 : i64, keepdims = 0 : i64, select_last_index = 0 : i64}> : (tensor<2x3x4xf32>) -> tensor<*xi64>
  %c = "aicc.ReduceL2"(%x) <{axes = array<i64: 0, 2>, keepdims = 1 : i64}> : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %d = "aicc.ReduceProd"(%x) <{axes = array<i64: 1>, keepdims = 0 : i64}> : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %g = "aicc.GatherElements"(%x, %i) <{axis = 2 : i64}> : (tensor<2x3x4xf32>, tensor<2x3x1xi64>) -> tensor<*xf32>
  return %a, %b, %c, %d, %g : tensor<*xi64>, tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// QuantizeLinear and DequantizeLinear keep the input's shape; DynamicQuantizeLinear's scale and
// zero point are scalars; MatMulInteger and QLinearMatMul follow numpy.matmul.
// CHECK-LABEL: func @quantization
// CHECK: "aicc.QuantizeLinear"{{.*}} -> tensor<2x3x4xui8>
// CHECK: "aicc.DequantizeLinear"{{.*}} -> tensor<2x3x4xf32>
// CHECK: "aicc.DynamicQuantizeLinear"{{.*}} -> (tensor<2x3x4xui8>, tensor<f32>, tensor<ui8>)
// CHECK: "aicc.MatMulInteger"{{.*}} -> tensor<2x3x5xi32>
// CHECK: "aicc.QLinearMatMul"{{.*}} -> tensor<2x3x5xui8>
func.func @quantization(%x: tensor<2x3x4xf32>, %s: tensor<f32>, %z: tensor<ui8>, %w: tensor<4x5xui8>)
    -> (tensor<*xf32>, tensor<*xui8>, tensor<*xf32>, tensor<*xui8>, tensor<*xi32>, tensor<*xui8>) {
  %q = "aicc.QuantizeLinear"(%x, %s, %z) : (tensor<2x3x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<*xui8>
  %d = "aicc.DequantizeLinear"(%q, %s, %z) : (tensor<*xui8>, tensor<f32>, tensor<ui8>) -> tensor<*xf32>
  %y, %ys, %yz = "aicc.DynamicQuantizeLinear"(%d) : (tensor<*xf32>) -> (tensor<*xui8>, tensor<*xf32>, tensor<*xui8>)
  %m = "aicc.MatMulInteger"(%y, %w, %yz, %z) : (tensor<*xui8>, tensor<4x5xui8>, tensor<*xui8>, tensor<ui8>) -> tensor<*xi32>
  %l = "aicc.QLinearMatMul"(%y, %s, %z, %w, %s, %z, %s, %z) : (tensor<*xui8>, tensor<f32>, tensor<ui8>, tensor<4x5xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> tensor<*xui8>
  return %d, %y, %ys, %yz, %m, %l : tensor<*xf32>, tensor<*xui8>, tensor<*xf32>, tensor<*xui8>, tensor<*xi32>, tensor<*xui8>
}
