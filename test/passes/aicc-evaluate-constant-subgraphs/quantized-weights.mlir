// The weights of a QDQ Conv stay int8 for the int8 kernel that reads them: their DequantizeLinear
// is not computed, and a QuantizeLinear that makes them from f32 weights (a quantization-aware
// training export) is computed even above max-elements. Elsewhere a DequantizeLinear of constants
// is computed as any op is.
// RUN: aicc-opt %s -aicc-evaluate-constant-subgraphs=max-elements=16 -split-input-file | FileCheck %s

// CHECK-LABEL: func @qat_weights
// CHECK: %[[WQ:.*]] = "aicc.Constant"() <{value = dense<[{{\[\[\[}}127, 64], [-127, 0]]], {{\[\[\[}}127, 127], [127, 127]]]]> : tensor<2x1x2x2xi8>}>
// CHECK-NOT: "aicc.QuantizeLinear"
// CHECK: "aicc.DequantizeLinear"(%[[WQ]],
// CHECK: "aicc.Conv"
func.func @qat_weights(%xq: tensor<1x1x3x3xui8>) -> tensor<1x2x2x2xf32> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %w = "aicc.Constant"() <{value = dense<[[[[1.0, 0.5], [-1.0, 0.0]]], [[[2.0, 2.0], [2.0, 2.0]]]]> : tensor<2x1x2x2xf32>}> : () -> tensor<2x1x2x2xf32>
  %ws = "aicc.Constant"() <{value = dense<[0.007874016, 0.015748031]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %wz = "aicc.Constant"() <{value = dense<0> : tensor<2xi8>}> : () -> tensor<2xi8>
  %none = aicc.none
  %x = "aicc.DequantizeLinear"(%xq, %xs, %none) : (tensor<1x1x3x3xui8>, tensor<f32>, none) -> tensor<1x1x3x3xf32>
  %wq = "aicc.QuantizeLinear"(%w, %ws, %wz) <{axis = 0 : i64}> : (tensor<2x1x2x2xf32>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x1x2x2xi8>
  %wd = "aicc.DequantizeLinear"(%wq, %ws, %wz) <{axis = 0 : i64}> : (tensor<2x1x2x2xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x1x2x2xf32>
  %y = "aicc.Conv"(%x, %wd, %none) : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>, none) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// X is not dequantized: no int8 kernel reads W, whose DequantizeLinear is computed.
// CHECK-LABEL: func @f32_conv_weights
// CHECK: "aicc.Constant"() <{value = dense<[{{\[\[\[}}2.000000e-01, 4.000000e-01], [-2.000000e-01, 0.000000e+00]]]]> : tensor<1x1x2x2xf32>}>
// CHECK-NOT: "aicc.DequantizeLinear"
func.func @f32_conv_weights(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  %wq = "aicc.Constant"() <{value = dense<[[[[2, 4], [-2, 0]]]]> : tensor<1x1x2x2xi8>}> : () -> tensor<1x1x2x2xi8>
  %ws = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %none = aicc.none
  %wd = "aicc.DequantizeLinear"(%wq, %ws, %none) : (tensor<1x1x2x2xi8>, tensor<f32>, none) -> tensor<1x1x2x2xf32>
  %y = "aicc.Conv"(%x, %wd, %none) : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, none) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// u8 weights with zero point 128 (ONNX Runtime's U8U8 form) are not what the int8 kernel takes:
// their DequantizeLinear is computed, and the f32 conv reads constant weights.
// CHECK-LABEL: func @u8_weights
// CHECK: "aicc.Constant"() <{value = dense<[{{\[\[\[}}1.000000e-01, -1.000000e-01], [0.000000e+00, 2.000000e-01]]]]> : tensor<1x1x2x2xf32>}>
// CHECK: "aicc.DequantizeLinear"(%arg0,
// CHECK-NOT: "aicc.DequantizeLinear"
func.func @u8_weights(%xq: tensor<1x1x3x3xui8>) -> tensor<1x1x2x2xf32> {
  %xs = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %wq = "aicc.Constant"() <{value = dense<[[[[129, 127], [128, 130]]]]> : tensor<1x1x2x2xui8>}> : () -> tensor<1x1x2x2xui8>
  %wz = "aicc.Constant"() <{value = dense<128> : tensor<ui8>}> : () -> tensor<ui8>
  %none = aicc.none
  %x = "aicc.DequantizeLinear"(%xq, %xs, %none) : (tensor<1x1x3x3xui8>, tensor<f32>, none) -> tensor<1x1x3x3xf32>
  %wd = "aicc.DequantizeLinear"(%wq, %xs, %wz) : (tensor<1x1x2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x1x2x2xf32>
  %y = "aicc.Conv"(%x, %wd, %none) : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, none) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
