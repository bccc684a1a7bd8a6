// FoldQuantizedDataMovement leaves the QuantizeLinear where moving the quantized values would not
// give its result: each function keeps its one QuantizeLinear.
// RUN: aicc-opt %s -aicc-fold-quantized-data-movement | FileCheck %s

// The moved f32 result read by another op too.
// CHECK-LABEL: func @read_in_f32
// CHECK: "aicc.QuantizeLinear"
func.func @read_in_f32(%a: tensor<6x4xui8>) -> (tensor<24xui8>, tensor<24xf32>) {
  %s = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %shape = "aicc.Constant"() <{value = dense<24> : tensor<1xi64>}> : () -> tensor<1xi64>
  %none = aicc.none
  %da = "aicc.DequantizeLinear"(%a, %s, %none) : (tensor<6x4xui8>, tensor<f32>, none) -> tensor<6x4xf32>
  %r = "aicc.Reshape"(%da, %shape) : (tensor<6x4xf32>, tensor<1xi64>) -> tensor<24xf32>
  %q = "aicc.QuantizeLinear"(%r, %s, %none) : (tensor<24xf32>, tensor<f32>, none) -> tensor<24xui8>
  return %q, %r : tensor<24xui8>, tensor<24xf32>
}

// Requantized into another type (u8 → s8), and a per-channel QuantizeLinear.
// CHECK-LABEL: func @other_type
// CHECK: "aicc.QuantizeLinear"
func.func @other_type(%a: tensor<6x4xui8>) -> tensor<6x4xi8> {
  %s = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %z = "aicc.Constant"() <{value = dense<0> : tensor<i8>}> : () -> tensor<i8>
  %none = aicc.none
  %da = "aicc.DequantizeLinear"(%a, %s, %none) : (tensor<6x4xui8>, tensor<f32>, none) -> tensor<6x4xf32>
  %q = "aicc.QuantizeLinear"(%da, %s, %z) : (tensor<6x4xf32>, tensor<f32>, tensor<i8>) -> tensor<6x4xi8>
  return %q : tensor<6x4xi8>
}

// CHECK-LABEL: func @per_channel
// CHECK: "aicc.QuantizeLinear"
func.func @per_channel(%a: tensor<6x4xui8>) -> tensor<6x4xui8> {
  %s = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %sc = "aicc.Constant"() <{value = dense<[0.02, 0.02, 0.02, 0.02]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %none = aicc.none
  %da = "aicc.DequantizeLinear"(%a, %s, %none) : (tensor<6x4xui8>, tensor<f32>, none) -> tensor<6x4xf32>
  %q = "aicc.QuantizeLinear"(%da, %sc, %none) <{axis = 1 : i64}> : (tensor<6x4xf32>, tensor<4xf32>, none) -> tensor<6x4xui8>
  return %q : tensor<6x4xui8>
}

// A Concat kept in f32 (aicc --keep-fp32).
// CHECK-LABEL: func @kept
// CHECK: "aicc.QuantizeLinear"
func.func @kept(%a: tensor<1x2x2x2xui8>) -> tensor<1x4x2x2xui8> {
  %s = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %none = aicc.none
  %da = "aicc.DequantizeLinear"(%a, %s, %none) : (tensor<1x2x2x2xui8>, tensor<f32>, none) -> tensor<1x2x2x2xf32>
  %c = "aicc.Concat"(%da, %da) <{axis = 1 : i64}> {aicc.keep_fp32} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %q = "aicc.QuantizeLinear"(%c, %s, %none) : (tensor<1x4x2x2xf32>, tensor<f32>, none) -> tensor<1x4x2x2xui8>
  return %q : tensor<1x4x2x2xui8>
}
