// QuantizeStatically on a convolution's input: u8 per tensor over the calibrated range widened to
// hold 0. [-1, 3]: scale 4 / 255, zero point round(1 / (4 / 255)) = 64. One QuantizeLinear per
// value however many convolutions read it, and every other user (the Add) reads the dequantized
// value, so the producer's QuantizeLinear can fold into it; the function's result stays exact.
// RUN: aicc-opt %s -aicc-quantize-statically | FileCheck %s

// CHECK-LABEL: func @shared
// CHECK-DAG: %[[S:.*]] = "aicc.Constant"() <{value = dense<0.0156862754> : tensor<f32>}>
// CHECK-DAG: %[[Z:.*]] = "aicc.Constant"() <{value = dense<64> : tensor<ui8>}>
// CHECK: %[[Q:.*]] = "aicc.QuantizeLinear"(%[[X:.*]], %[[S]], %[[Z]]) {{.*}} -> tensor<1x2x4x4xui8>
// CHECK: %[[DQ:.*]] = "aicc.DequantizeLinear"(%[[Q]], %[[S]], %[[Z]]) {{.*}} -> tensor<1x2x4x4xf32>
// CHECK-NOT: aicc.QuantizeLinear
// CHECK: "aicc.Conv"(%[[DQ]],
// CHECK-NOT: aicc.x_range
// CHECK: "aicc.Conv"(%[[DQ]],
// CHECK: "aicc.Add"(%{{.*}}, %[[DQ]])
// CHECK: return %{{.*}}, %[[X]]
func.func @shared(%arg: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  %x = "aicc.Relu"(%arg) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %c = "aicc.Conv"(%x, %w, %none) {aicc.x_range = array<f64: -1.0, 3.0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %d = "aicc.Conv"(%x, %w, %none) {aicc.x_range = array<f64: -1.0, 3.0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %e = "aicc.Add"(%c, %x) : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %s = "aicc.Add"(%e, %d) : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %s, %x : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// A range above 0 is widened down to it: [0.5, 2.55] → [0, 2.55], scale 0.01, zero point 0. A
// model input is quantized at the function's start. An op kept in f32 reads X as it is.
// CHECK-LABEL: func @positive
// CHECK-DAG: %[[S:.*]] = "aicc.Constant"() <{value = dense<0.00999999977> : tensor<f32>}>
// CHECK-DAG: %[[Z:.*]] = "aicc.Constant"() <{value = dense<0> : tensor<ui8>}>
// CHECK: %[[Q:.*]] = "aicc.QuantizeLinear"(%arg0, %[[S]], %[[Z]])
// CHECK: %[[DQ:.*]] = "aicc.DequantizeLinear"(%[[Q]]
// CHECK: "aicc.Conv"(%[[DQ]],
// CHECK: "aicc.Conv"(%arg0, {{.*}}aicc.keep_fp32
func.func @positive(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  %c = "aicc.Conv"(%x, %w, %none) {aicc.x_range = array<f64: 0.5, 2.55>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %k = "aicc.Conv"(%x, %w, %none) {aicc.keep_fp32} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  return %c, %k : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// A range of zeros gets scale 1, zero point 0.
// CHECK-LABEL: func @zeros
// CHECK-DAG: "aicc.Constant"() <{value = dense<1.000000e+00> : tensor<f32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<0> : tensor<ui8>}>
func.func @zeros(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  %c = "aicc.Conv"(%x, %w, %none) {aicc.x_range = array<f64: 0.0, 0.0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}
