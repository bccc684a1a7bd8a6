// QuantizeStatically where a convolution's X is a MaxPool's or a Concat's result: the op reads its
// inputs quantized as X is ([0, 2.55]: scale 0.01, zero point 0), so that it can move the u8
// values; the ops before it keep their f32 results for their other readers.
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

// Through a Concat of a MaxPool and a Relu: each quantized as the Concat's result, the MaxPool's
// input too.
// CHECK-LABEL: func @concatenated
// CHECK: %[[AQ:.*]] = "aicc.QuantizeLinear"(%arg0, {{.*}}) {{.*}} -> tensor<1x2x4x4xui8>
// CHECK: %[[ADQ:.*]] = "aicc.DequantizeLinear"(%[[AQ]],
// CHECK: %[[R:.*]] = "aicc.Relu"
// CHECK: %[[RQ:.*]] = "aicc.QuantizeLinear"(%[[R]], {{.*}}) {{.*}} -> tensor<1x2x2x2xui8>
// CHECK: %[[RDQ:.*]] = "aicc.DequantizeLinear"(%[[RQ]],
// CHECK: %[[P:.*]], %{{.*}} = "aicc.MaxPool"(%[[ADQ]])
// CHECK: %[[PQ:.*]] = "aicc.QuantizeLinear"(%[[P]], {{.*}}) {{.*}} -> tensor<1x2x2x2xui8>
// CHECK: %[[PDQ:.*]] = "aicc.DequantizeLinear"(%[[PQ]],
// CHECK: %[[C:.*]] = "aicc.Concat"(%[[PDQ]], %[[RDQ]])
// CHECK: "aicc.QuantizeLinear"(%[[C]], {{.*}}) {{.*}} -> tensor<1x4x2x2xui8>
func.func @concatenated(%arg: tensor<1x2x4x4xf32>, %s: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x4x1x1xf32>}> : () -> tensor<2x4x1x1xf32>
  %none = aicc.none
  %r = "aicc.Relu"(%s) : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %p, %i = "aicc.MaxPool"(%arg) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none)
  %c = "aicc.Concat"(%p, %r) <{axis = 1 : i64}> : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %y = "aicc.Conv"(%c, %w, %none) {aicc.x_range = array<f64: 0.0, 5.1>} : (tensor<1x4x2x2xf32>, tensor<2x4x1x1xf32>, none) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
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

// A MaxPool whose result is returned as well: the function's result must stay exact, so the
// MaxPool reads its input as it is; a MaxPool of a shared value: that value's other reader (the
// Relu) keeps it exact, and the MaxPool's result its own quantization.
// CHECK-LABEL: func @exact_readers
// CHECK: %[[P:.*]], %{{.*}} = "aicc.MaxPool"(%arg0)
// CHECK: "aicc.QuantizeLinear"(%[[P]],
// CHECK: %[[Q:.*]], %{{.*}} = "aicc.MaxPool"(%[[QDQ:.*]])
// CHECK: "aicc.Relu"(%arg1)
// CHECK: return %{{.*}}, %[[P]], %{{.*}}
func.func @exact_readers(%arg: tensor<1x2x4x4xf32>, %shared: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>) {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x1x1xf32>}> : () -> tensor<2x2x1x1xf32>
  %none = aicc.none
  %p, %i = "aicc.MaxPool"(%arg) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none)
  %c = "aicc.Conv"(%p, %w, %none) {aicc.x_range = array<f64: 0.0, 1.0>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x2x2xf32>
  %q, %j = "aicc.MaxPool"(%shared) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none)
  %d = "aicc.Conv"(%q, %w, %none) {aicc.x_range = array<f64: 0.0, 1.0>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x2x2xf32>
  %r = "aicc.Relu"(%shared) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %c, %p, %d, %r : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>
}
