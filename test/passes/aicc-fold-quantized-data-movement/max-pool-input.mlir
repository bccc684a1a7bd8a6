// FoldQuantizedDataMovement where a MaxPool's result is quantized and its input is an int8
// convolution's (through a Relu): the MaxPool reads the input quantized alike, which the
// convolution can write; not where the input has another reader or is no int8 convolution's.
// RUN: aicc-opt %s -aicc-fold-quantized-data-movement | FileCheck %s

// CHECK-LABEL: func @after_int8_conv
// CHECK: %[[C:.*]] = "aicc.Conv"
// CHECK: %[[R:.*]] = "aicc.Relu"(%[[C]])
// CHECK-DAG: %[[S:.*]] = "aicc.Constant"() <{value = dense<5.000000e-02> : tensor<f32>}>
// CHECK-DAG: %[[Z:.*]] = "aicc.Constant"() <{value = dense<0> : tensor<ui8>}>
// CHECK: %[[RQ:.*]] = "aicc.QuantizeLinear"(%[[R]], %[[S]], %[[Z]]) {{.*}} -> tensor<1x2x4x4xui8>
// CHECK: %[[RDQ:.*]] = "aicc.DequantizeLinear"(%[[RQ]], %[[S]], %[[Z]]) {{.*}} -> tensor<1x2x4x4xf32>
// CHECK: %[[P:.*]], %{{.*}} = "aicc.MaxPool"(%[[RDQ]])
// CHECK: "aicc.QuantizeLinear"(%[[P]],
func.func @after_int8_conv(%xq: tensor<1x2x4x4xui8>, %wq: tensor<2x2x1x1xi8>) -> tensor<1x2x2x2xui8> {
  %s = "aicc.Constant"() <{value = dense<0.05> : tensor<f32>}> : () -> tensor<f32>
  %none = aicc.none
  %x = "aicc.DequantizeLinear"(%xq, %s, %none) : (tensor<1x2x4x4xui8>, tensor<f32>, none) -> tensor<1x2x4x4xf32>
  %w = "aicc.DequantizeLinear"(%wq, %s, %none) : (tensor<2x2x1x1xi8>, tensor<f32>, none) -> tensor<2x2x1x1xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %r = "aicc.Relu"(%c) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p, %i = "aicc.MaxPool"(%r) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none)
  %ys = "aicc.Constant"() <{value = dense<0.05> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<0> : tensor<ui8>}> : () -> tensor<ui8>
  %q = "aicc.QuantizeLinear"(%p, %ys, %yz) : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xui8>
  return %q : tensor<1x2x2x2xui8>
}

// The Relu's result read in f32 too, and a MaxPool of an f32 convolution (its X not dequantized):
// one QuantizeLinear each, the MaxPools' own.
// CHECK-LABEL: func @not_hoisted
// CHECK-COUNT-2: "aicc.QuantizeLinear"
// CHECK-NOT: "aicc.QuantizeLinear"
// CHECK: return
func.func @not_hoisted(%xq: tensor<1x2x4x4xui8>, %wq: tensor<2x2x1x1xi8>, %f: tensor<1x2x4x4xf32>)
    -> (tensor<1x2x2x2xui8>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xui8>) {
  %s = "aicc.Constant"() <{value = dense<0.05> : tensor<f32>}> : () -> tensor<f32>
  %none = aicc.none
  %x = "aicc.DequantizeLinear"(%xq, %s, %none) : (tensor<1x2x4x4xui8>, tensor<f32>, none) -> tensor<1x2x4x4xf32>
  %w = "aicc.DequantizeLinear"(%wq, %s, %none) : (tensor<2x2x1x1xi8>, tensor<f32>, none) -> tensor<2x2x1x1xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %r = "aicc.Relu"(%c) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p, %i = "aicc.MaxPool"(%r) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none)
  %q = "aicc.QuantizeLinear"(%p, %s, %none) : (tensor<1x2x2x2xf32>, tensor<f32>, none) -> tensor<1x2x2x2xui8>
  %c2 = "aicc.Conv"(%f, %w, %none) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %p2, %i2 = "aicc.MaxPool"(%c2) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none)
  %q2 = "aicc.QuantizeLinear"(%p2, %s, %none) : (tensor<1x2x2x2xf32>, tensor<f32>, none) -> tensor<1x2x2x2xui8>
  return %q, %r, %q2 : tensor<1x2x2x2xui8>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xui8>
}
