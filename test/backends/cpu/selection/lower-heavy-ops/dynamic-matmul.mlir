// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// ONNX Runtime's quantize_dynamic form of a MatMul (DynamicQuantizeLinear, MatMulInteger with s8
// weights of zero point 0, Cast to f32, Mul by x_scale * w_scale) is one quantized matmul of the
// f32 input: W gains the kernel's rank (a reshaped constant, folded), its scale becomes b_scales.
// CHECK-LABEL: func.func @ort_dynamic_matmul
// CHECK-DAG: %[[S:.*]] = "aicc.Constant"() <{value = dense<2.000000e-02> : tensor<1xf32>}>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<3> : tensor<1x64x32xi8>
// CHECK: aicc_cpu.matmul ins(%arg0, %[[W]] : tensor<2x4x64xf32>, tensor<1x64x32xi8>) b_scales(%[[S]] : tensor<1xf32>)
// CHECK-NOT: aicc.MatMulInteger
func.func @ort_dynamic_matmul(%x: tensor<2x4x64xf32>) -> tensor<2x4x32xf32> {
  %w = "aicc.Constant"() <{value = dense<3> : tensor<64x32xi8>}> : () -> tensor<64x32xi8>
  %wz = "aicc.Constant"() <{value = dense<0> : tensor<i8>}> : () -> tensor<i8>
  %ws = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %q, %qs, %qz = "aicc.DynamicQuantizeLinear"(%x) : (tensor<2x4x64xf32>) -> (tensor<2x4x64xui8>, tensor<f32>, tensor<ui8>)
  %m = "aicc.MatMulInteger"(%q, %w, %qz, %wz) : (tensor<2x4x64xui8>, tensor<64x32xi8>, tensor<ui8>, tensor<i8>) -> tensor<2x4x32xi32>
  %c = "aicc.Cast"(%m) <{to = 1 : i64}> : (tensor<2x4x32xi32>) -> tensor<2x4x32xf32>
  %s = "aicc.Mul"(%qs, %ws) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %y = "aicc.Mul"(%c, %s) : (tensor<2x4x32xf32>, tensor<f32>) -> tensor<2x4x32xf32>
  return %y : tensor<2x4x32xf32>
}

// -----

// Per-column scales (quantize_dynamic with per_channel), the products in the other order.
// CHECK-LABEL: func.func @per_column_scales
// CHECK: aicc_cpu.matmul ins(%arg0, %{{.*}} : tensor<4x64xf32>, tensor<64x2xi8>) b_scales(%{{.*}} : tensor<2xf32>)
func.func @per_column_scales(%x: tensor<4x64xf32>) -> tensor<4x2xf32> {
  %w = "aicc.Constant"() <{value = dense<3> : tensor<64x2xi8>}> : () -> tensor<64x2xi8>
  %ws = "aicc.Constant"() <{value = dense<[0.02, 0.03]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %none = aicc.none
  %q, %qs, %qz = "aicc.DynamicQuantizeLinear"(%x) : (tensor<4x64xf32>) -> (tensor<4x64xui8>, tensor<f32>, tensor<ui8>)
  %m = "aicc.MatMulInteger"(%q, %w, %qz, %none) : (tensor<4x64xui8>, tensor<64x2xi8>, tensor<ui8>, none) -> tensor<4x2xi32>
  %c = "aicc.Cast"(%m) <{to = 1 : i64}> : (tensor<4x2xi32>) -> tensor<4x2xf32>
  %s = "aicc.Mul"(%ws, %qs) : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %y = "aicc.Mul"(%s, %c) : (tensor<2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// Left to the generic lowering: u8 weights (quantize_dynamic's QUInt8) with their zero point, a
// scale that is not x_scale times a constant, and an integer product used twice.
// CHECK-LABEL: func.func @u8_weights
// CHECK: "aicc.MatMulInteger"
// CHECK-NOT: b_scales
func.func @u8_weights(%x: tensor<4x64xf32>) -> tensor<4x2xf32> {
  %w = "aicc.Constant"() <{value = dense<3> : tensor<64x2xui8>}> : () -> tensor<64x2xui8>
  %wz = "aicc.Constant"() <{value = dense<128> : tensor<ui8>}> : () -> tensor<ui8>
  %ws = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %q, %qs, %qz = "aicc.DynamicQuantizeLinear"(%x) : (tensor<4x64xf32>) -> (tensor<4x64xui8>, tensor<f32>, tensor<ui8>)
  %m = "aicc.MatMulInteger"(%q, %w, %qz, %wz) : (tensor<4x64xui8>, tensor<64x2xui8>, tensor<ui8>, tensor<ui8>) -> tensor<4x2xi32>
  %c = "aicc.Cast"(%m) <{to = 1 : i64}> : (tensor<4x2xi32>) -> tensor<4x2xf32>
  %s = "aicc.Mul"(%qs, %ws) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %y = "aicc.Mul"(%c, %s) : (tensor<4x2xf32>, tensor<f32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// CHECK-LABEL: func.func @other_scale
// CHECK: "aicc.MatMulInteger"
// CHECK-NOT: b_scales
func.func @other_scale(%x: tensor<4x64xf32>, %other: tensor<f32>) -> tensor<4x2xf32> {
  %w = "aicc.Constant"() <{value = dense<3> : tensor<64x2xi8>}> : () -> tensor<64x2xi8>
  %none = aicc.none
  %q, %qs, %qz = "aicc.DynamicQuantizeLinear"(%x) : (tensor<4x64xf32>) -> (tensor<4x64xui8>, tensor<f32>, tensor<ui8>)
  %m = "aicc.MatMulInteger"(%q, %w, %qz, %none) : (tensor<4x64xui8>, tensor<64x2xi8>, tensor<ui8>, none) -> tensor<4x2xi32>
  %c = "aicc.Cast"(%m) <{to = 1 : i64}> : (tensor<4x2xi32>) -> tensor<4x2xf32>
  %s = "aicc.Mul"(%other, %other) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %y = "aicc.Mul"(%c, %s) : (tensor<4x2xf32>, tensor<f32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// CHECK-LABEL: func.func @product_used_twice
// CHECK: "aicc.MatMulInteger"
// CHECK-NOT: b_scales
func.func @product_used_twice(%x: tensor<4x64xf32>) -> (tensor<4x2xf32>, tensor<4x2xi32>) {
  %w = "aicc.Constant"() <{value = dense<3> : tensor<64x2xi8>}> : () -> tensor<64x2xi8>
  %ws = "aicc.Constant"() <{value = dense<0.02> : tensor<f32>}> : () -> tensor<f32>
  %none = aicc.none
  %q, %qs, %qz = "aicc.DynamicQuantizeLinear"(%x) : (tensor<4x64xf32>) -> (tensor<4x64xui8>, tensor<f32>, tensor<ui8>)
  %m = "aicc.MatMulInteger"(%q, %w, %qz, %none) : (tensor<4x64xui8>, tensor<64x2xi8>, tensor<ui8>, none) -> tensor<4x2xi32>
  %c = "aicc.Cast"(%m) <{to = 1 : i64}> : (tensor<4x2xi32>) -> tensor<4x2xf32>
  %s = "aicc.Mul"(%qs, %ws) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %y = "aicc.Mul"(%c, %s) : (tensor<4x2xf32>, tensor<f32>) -> tensor<4x2xf32>
  return %y, %m : tensor<4x2xf32>, tensor<4x2xi32>
}
