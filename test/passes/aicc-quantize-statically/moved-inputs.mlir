// QuantizeStatically where a convolution's X is a MaxPool's result: the MaxPool reads its input
// quantized as X is ([0, 2.55]: scale 0.01, zero point 0), so that the pooling can run on the u8
// values; the op before it (the Relu) keeps its f32 result for its other readers.
// RUN: aicc-opt %s -aicc-quantize-statically | FileCheck %s

// CHECK-LABEL: func @pooled
// CHECK: %[[R:.*]] = "aicc.Relu"
// CHECK: %[[S:.*]] = "aicc.Constant"() <{value = dense<0.00999999977> : tensor<f32>}>
// CHECK: %[[Z:.*]] = "aicc.Constant"() <{value = dense<0> : tensor<ui8>}>
// CHECK: %[[RQ:.*]] = "aicc.QuantizeLinear"(%[[R]], %[[S]], %[[Z]])
// CHECK: %[[RDQ:.*]] = "aicc.DequantizeLinear"(%[[RQ]], %[[S]], %[[Z]])
// CHECK: %[[P:.*]], %{{.*}} = "aicc.MaxPool"(%[[RDQ]])
// CHECK: "aicc.Constant"() <{value = dense<0.00999999977> : tensor<f32>}>
// CHECK: %[[PQ:.*]] = "aicc.QuantizeLinear"(%[[P]], %[[S2:.*]], %[[Z2:.*]]) {{.*}} -> tensor<1x2x2x2xui8>
// CHECK: %[[PDQ:.*]] = "aicc.DequantizeLinear"(%[[PQ]], %[[S2]], %[[Z2]])
// CHECK: "aicc.Conv"(%[[PDQ]],
// CHECK: return %{{.*}}, %[[R]]
func.func @pooled(%arg: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>) {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  %r = "aicc.Relu"(%arg) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p, %i = "aicc.MaxPool"(%r) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none)
  %c = "aicc.Conv"(%p, %w, %none) {aicc.x_range = array<f64: 0.5, 2.55>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x2x2xf32>
  return %c, %r : tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>
}

// Not for an AveragePool (the mean of quantized values is not the quantized mean), a MaxPool kept
// in f32, or a MaxPool whose input is a convolution's X itself (quantized as that one's X is):
// one QuantizeLinear per convolution input, none more.
// CHECK-LABEL: func @not_pooled
// CHECK-COUNT-4: "aicc.QuantizeLinear"
// CHECK-NOT: "aicc.QuantizeLinear"
// CHECK: return
func.func @not_pooled(%arg: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>) {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  %r = "aicc.Relu"(%arg) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %a = "aicc.AveragePool"(%r) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}> : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %ca = "aicc.Conv"(%a, %w, %none) {aicc.x_range = array<f64: 0.0, 1.0>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x2x2xf32>
  %k, %i = "aicc.MaxPool"(%r) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}> {aicc.keep_fp32}
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none)
  %ck = "aicc.Conv"(%k, %w, %none) {aicc.x_range = array<f64: 0.0, 2.0>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x2x2xf32>
  %m, %j = "aicc.MaxPool"(%arg) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none)
  %cm = "aicc.Conv"(%m, %w, %none) {aicc.x_range = array<f64: 0.0, 3.0>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x2x2xf32>
  %c2 = "aicc.Conv"(%arg, %w, %none) {aicc.x_range = array<f64: 0.0, 4.0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  return %ca, %ck, %cm, %c2 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>
}
