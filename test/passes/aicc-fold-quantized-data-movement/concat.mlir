// FoldQuantizedDataMovement on a Concat of dequantized u8 values, requantized alike: the Concat
// moves the u8 values; the DequantizeLinear after it stays for its f32 reader.
// RUN: aicc-opt %s -aicc-fold-quantized-data-movement | FileCheck %s

// CHECK-LABEL: func @concat
// CHECK-NOT: aicc.QuantizeLinear
// CHECK: %[[C:.*]] = "aicc.Concat"(%arg0, %arg1) <{axis = 1 : i64}> : (tensor<1x2x4x4xui8>, tensor<1x3x4x4xui8>) -> tensor<1x5x4x4xui8>
// CHECK: %[[D:.*]] = "aicc.DequantizeLinear"(%[[C]],
// CHECK: return %[[D]]
func.func @concat(%a: tensor<1x2x4x4xui8>, %b: tensor<1x3x4x4xui8>) -> tensor<1x5x4x4xf32> {
  %s = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %s2 = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %z = "aicc.Constant"() <{value = dense<3> : tensor<ui8>}> : () -> tensor<ui8>
  %da = "aicc.DequantizeLinear"(%a, %s, %z) : (tensor<1x2x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x4x4xf32>
  %db = "aicc.DequantizeLinear"(%b, %s2, %z) : (tensor<1x3x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x3x4x4xf32>
  %c = "aicc.Concat"(%da, %db) <{axis = 1 : i64}> : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  %q = "aicc.QuantizeLinear"(%c, %s, %z) : (tensor<1x5x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x5x4x4xui8>
  %d = "aicc.DequantizeLinear"(%q, %s, %z) : (tensor<1x5x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x5x4x4xf32>
  return %d : tensor<1x5x4x4xf32>
}

// A Reshape then a Transpose of s8 values (zero points left out: 0), and a QuantizeLinear of a
// DequantizeLinear alike: the s8 values themselves.
// CHECK-LABEL: func @chain
// CHECK: %[[R:.*]] = "aicc.Reshape"(%arg0, %{{.*}}) {{.*}} -> tensor<2x3x4xi8>
// CHECK: %[[T:.*]] = "aicc.Transpose"(%[[R]]) {{.*}} -> tensor<2x4x3xi8>
// CHECK-NOT: aicc.QuantizeLinear
// CHECK: return %[[T]], %arg0
func.func @chain(%x: tensor<6x4xi8>) -> (tensor<2x4x3xi8>, tensor<6x4xi8>) {
  %s = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %zs = "aicc.Constant"() <{value = dense<0> : tensor<i8>}> : () -> tensor<i8>
  %shape = "aicc.Constant"() <{value = dense<[2, 3, 4]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %none = aicc.none
  %dx = "aicc.DequantizeLinear"(%x, %s, %none) : (tensor<6x4xi8>, tensor<f32>, none) -> tensor<6x4xf32>
  %r = "aicc.Reshape"(%dx, %shape) : (tensor<6x4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  %qr = "aicc.QuantizeLinear"(%r, %s, %zs) : (tensor<2x3x4xf32>, tensor<f32>, tensor<i8>) -> tensor<2x3x4xi8>
  %dr = "aicc.DequantizeLinear"(%qr, %s, %zs) : (tensor<2x3x4xi8>, tensor<f32>, tensor<i8>) -> tensor<2x3x4xf32>
  %t = "aicc.Transpose"(%dr) <{perm = array<i64: 0, 2, 1>}> : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  %qt = "aicc.QuantizeLinear"(%t, %s, %zs) : (tensor<2x4x3xf32>, tensor<f32>, tensor<i8>) -> tensor<2x4x3xi8>
  %qx = "aicc.QuantizeLinear"(%dx, %s, %zs) : (tensor<6x4xf32>, tensor<f32>, tensor<i8>) -> tensor<6x4xi8>
  return %qt, %qx : tensor<2x4x3xi8>, tensor<6x4xi8>
}

// Inputs quantized otherwise, or not at all: each is quantized as the result is, on its own (a
// requantization of the s8 input, a quantization of the f32 one), and the Concat moves u8 values.
// CHECK-LABEL: func @concat_requantized
// CHECK: %[[DB:.*]] = "aicc.DequantizeLinear"(%arg1,
// CHECK-DAG: %[[S:.*]] = "aicc.Constant"() <{value = dense<2.000000e-02> : tensor<f32>}>
// CHECK-DAG: %[[Z:.*]] = "aicc.Constant"() <{value = dense<3> : tensor<ui8>}>
// CHECK: %[[QB:.*]] = "aicc.QuantizeLinear"(%[[DB]], %[[S]], %[[Z]]) {{.*}} -> tensor<1x3x4x4xui8>
// CHECK: %[[QC:.*]] = "aicc.QuantizeLinear"(%arg2, %[[S]], %[[Z]]) {{.*}} -> tensor<1x1x4x4xui8>
// CHECK: %[[C:.*]] = "aicc.Concat"(%arg0, %[[QB]], %[[QC]]) {{.*}} -> tensor<1x6x4x4xui8>
// CHECK: return %[[C]]
func.func @concat_requantized(%a: tensor<1x2x4x4xui8>, %b: tensor<1x3x4x4xi8>, %f: tensor<1x1x4x4xf32>) -> tensor<1x6x4x4xui8> {
  %s = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %z = "aicc.Constant"() <{value = dense<3> : tensor<ui8>}> : () -> tensor<ui8>
  %sb = "aicc.Constant"() <{value = dense<0.05> : tensor<f32>}> : () -> tensor<f32>
  %none = aicc.none
  %da = "aicc.DequantizeLinear"(%a, %s, %z) : (tensor<1x2x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x4x4xf32>
  %db = "aicc.DequantizeLinear"(%b, %sb, %none) : (tensor<1x3x4x4xi8>, tensor<f32>, none) -> tensor<1x3x4x4xf32>
  %c = "aicc.Concat"(%da, %db, %f) <{axis = 1 : i64}> : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x6x4x4xf32>
  %q = "aicc.QuantizeLinear"(%c, %s, %z) : (tensor<1x6x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x6x4x4xui8>
  return %q : tensor<1x6x4x4xui8>
}
