// QuantizeStatically on a convolution's weights: s8, symmetric, one scale per output channel
// (max |W[oc]| / 127), and a DequantizeLinear on axis 0 without a zero point. Channel 0's largest
// magnitude is 2 (scale 2 / 127: 1 → 64, -2 → -127), channel 1's 0.5; a channel of zeros gets
// scale 1. Convolutions sharing W share one quantized copy, each with a DequantizeLinear of its
// own (the int8 kernel takes a W only it reads). The bias stays f32.
// RUN: aicc-opt %s -aicc-quantize-statically | FileCheck %s

// CHECK-LABEL: func @per_channel
// CHECK-DAG: %[[B:.*]] = "aicc.Constant"() <{value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>}>
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[\[\[\[}}64]], {{\[\[}}-127]]], {{\[\[\[}}127]], {{\[\[}}-64]]], {{\[\[\[}}0]], {{\[\[}}0]]]]> : tensor<3x2x1x1xi8>}>
// CHECK-DAG: %[[S:.*]] = "aicc.Constant"() <{value = dense<[0.0157480314, 0.00393700786, 1.000000e+00]> : tensor<3xf32>}>
// CHECK: %[[DQ1:.*]] = "aicc.DequantizeLinear"(%[[W]], %[[S]], %{{.*}}) <{axis = 0 : i64}> : (tensor<3x2x1x1xi8>, tensor<3xf32>, none) -> tensor<3x2x1x1xf32>
// CHECK: "aicc.Conv"(%{{.*}}, %[[DQ1]], %[[B]])
// CHECK: %[[DQ2:.*]] = "aicc.DequantizeLinear"(%[[W]], %[[S]], %{{.*}}) <{axis = 0 : i64}>
// CHECK: "aicc.Conv"(%{{.*}}, %[[DQ2]], %[[B]])
func.func @per_channel(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x4xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) {
  %w = "aicc.Constant"() <{value = dense<[[[[1.0]], [[-2.0]]], [[[0.5]], [[-0.25]]], [[[0.0]], [[0.0]]]]> : tensor<3x2x1x1xf32>}> : () -> tensor<3x2x1x1xf32>
  %b = "aicc.Constant"() <{value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %c = "aicc.Conv"(%x, %w, %b) {aicc.x_range = array<f64: -1.0, 1.0>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %d = "aicc.Conv"(%y, %w, %b) {aicc.x_range = array<f64: -1.0, 1.0>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %c, %d : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>
}
