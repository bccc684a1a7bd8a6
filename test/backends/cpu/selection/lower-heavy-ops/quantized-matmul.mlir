// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// QDQ MatMul: A dequantized per tensor (u8, zero point 128), B a constant s8 matrix dequantized per
// column (axis 1) → one int8 matmul reading A as it is: b_scales from B's, a_scale and
// a_zero_point from A's.
// CHECK-LABEL: func.func @qdq_matmul
// CHECK: %[[S:.*]] = "aicc.Constant"() <{value = dense<[5.000000e-01, 2.500000e-01, 1.250000e-01]> : tensor<3xf32>}>
// CHECK: aicc_cpu.matmul ins(%arg0, %{{.*}} : tensor<4x2xui8>, tensor<2x3xi8>) b_scales(%[[S]] : tensor<3xf32>)
// CHECK-SAME: {a_scale = 0.1{{[0-9]*}} : f64, a_type = #aicc_cpu.data_type<u8>, a_zero_point = 128 : i64}
// CHECK-NOT: aicc.DequantizeLinear
func.func @qdq_matmul(%aq: tensor<4x2xui8>) -> tensor<4x3xf32> {
  %as = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %az = "aicc.Constant"() <{value = dense<128> : tensor<ui8>}> : () -> tensor<ui8>
  %bq = "aicc.Constant"() <{value = dense<[[1, -2, 3], [4, 5, -6]]> : tensor<2x3xi8>}> : () -> tensor<2x3xi8>
  %bs = "aicc.Constant"() <{value = dense<[0.5, 0.25, 0.125]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %none = aicc.none
  %a = "aicc.DequantizeLinear"(%aq, %as, %az) : (tensor<4x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<4x2xf32>
  %b = "aicc.DequantizeLinear"(%bq, %bs, %none) <{axis = 1 : i64}> : (tensor<2x3xi8>, tensor<3xf32>, none) -> tensor<2x3xf32>
  %y = "aicc.MatMul"(%a, %b) : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// QDQ Gemm with transB (B [N, K] per row, axis 0), s8 A and an f32 C: the bias, trans_b and alpha
// stay on the kernel.
// CHECK-LABEL: func.func @qdq_gemm
// CHECK: aicc_cpu.matmul ins(%arg0, %{{.*}}, %{{.*}} : tensor<4x2xi8>, tensor<3x2xi8>, tensor<1x3xf32>) b_scales(%{{.*}} : tensor<3xf32>)
// CHECK-SAME: a_scale = 0.2{{[0-9]*}} : f64, a_type = #aicc_cpu.data_type<s8>, a_zero_point = -3 : i64, alpha = 5.000000e-01 : f64, trans_b = true
func.func @qdq_gemm(%aq: tensor<4x2xi8>) -> tensor<4x3xf32> {
  %as = "aicc.Constant"() <{value = dense<0.2> : tensor<f32>}> : () -> tensor<f32>
  %az = "aicc.Constant"() <{value = dense<-3> : tensor<i8>}> : () -> tensor<i8>
  %bq = "aicc.Constant"() <{value = dense<1> : tensor<3x2xi8>}> : () -> tensor<3x2xi8>
  %bs = "aicc.Constant"() <{value = dense<[0.5, 0.25, 0.125]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %c = "aicc.Constant"() <{value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %none = aicc.none
  %a = "aicc.DequantizeLinear"(%aq, %as, %az) : (tensor<4x2xi8>, tensor<f32>, tensor<i8>) -> tensor<4x2xf32>
  %b = "aicc.DequantizeLinear"(%bq, %bs, %none) <{axis = 0 : i64}> : (tensor<3x2xi8>, tensor<3xf32>, none) -> tensor<3x2xf32>
  %y = "aicc.Gemm"(%a, %b, %c) <{alpha = 0.5 : f32, transB = 1 : i64}> : (tensor<4x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// QLinearMatMul: the kernel's f32 result, quantized at y_scale and y_zero_point.
// CHECK-LABEL: func.func @qlinear_matmul
// CHECK: %[[P:.*]] = aicc_cpu.matmul ins(%arg0, %{{.*}} : tensor<2x4x2xui8>, tensor<1x2x3xi8>)
// CHECK-SAME: a_scale = 0.1{{[0-9]*}} : f64, a_type = #aicc_cpu.data_type<u8>, a_zero_point = 10 : i64
// CHECK: "aicc.QuantizeLinear"(%[[P]], %{{.*}}, %{{.*}}) {{.*}} -> tensor<2x4x3xui8>
// CHECK-NOT: aicc.QLinearMatMul
func.func @qlinear_matmul(%aq: tensor<2x4x2xui8>) -> tensor<2x4x3xui8> {
  %as = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %az = "aicc.Constant"() <{value = dense<10> : tensor<ui8>}> : () -> tensor<ui8>
  %bq = "aicc.Constant"() <{value = dense<1> : tensor<2x3xi8>}> : () -> tensor<2x3xi8>
  %bs = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %bz = "aicc.Constant"() <{value = dense<0> : tensor<i8>}> : () -> tensor<i8>
  %ys = "aicc.Constant"() <{value = dense<0.3> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<7> : tensor<ui8>}> : () -> tensor<ui8>
  %y = "aicc.QLinearMatMul"(%aq, %as, %az, %bq, %bs, %bz, %ys, %yz)
      : (tensor<2x4x2xui8>, tensor<f32>, tensor<ui8>, tensor<2x3xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<ui8>) -> tensor<2x4x3xui8>
  return %y : tensor<2x4x3xui8>
}

// -----

// What the int8 kernel does not take stays as it was: B with a zero point (the f32 matmul of the
// dequantized values), A per axis, and QLinearMatMul with u8 B (the generated loops).
// CHECK-LABEL: func.func @weight_zero_point
// CHECK: aicc_cpu.matmul ins(%{{.*}}, %{{.*}} : tensor<4x2xf32>, tensor<2x3xf32>)
// CHECK-NOT: b_scales
func.func @weight_zero_point(%aq: tensor<4x2xui8>) -> tensor<4x3xf32> {
  %as = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %bq = "aicc.Constant"() <{value = dense<1> : tensor<2x3xi8>}> : () -> tensor<2x3xi8>
  %bs = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %bz = "aicc.Constant"() <{value = dense<1> : tensor<i8>}> : () -> tensor<i8>
  %none = aicc.none
  %a = "aicc.DequantizeLinear"(%aq, %as, %none) : (tensor<4x2xui8>, tensor<f32>, none) -> tensor<4x2xf32>
  %b = "aicc.DequantizeLinear"(%bq, %bs, %bz) : (tensor<2x3xi8>, tensor<f32>, tensor<i8>) -> tensor<2x3xf32>
  %y = "aicc.MatMul"(%a, %b) : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// CHECK-LABEL: func.func @a_per_axis
// CHECK-NOT: b_scales
func.func @a_per_axis(%aq: tensor<4x2xui8>) -> tensor<4x3xf32> {
  %as = "aicc.Constant"() <{value = dense<[0.1, 0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %bq = "aicc.Constant"() <{value = dense<1> : tensor<2x3xi8>}> : () -> tensor<2x3xi8>
  %bs = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %none = aicc.none
  %a = "aicc.DequantizeLinear"(%aq, %as, %none) : (tensor<4x2xui8>, tensor<2xf32>, none) -> tensor<4x2xf32>
  %b = "aicc.DequantizeLinear"(%bq, %bs, %none) : (tensor<2x3xi8>, tensor<f32>, none) -> tensor<2x3xf32>
  %y = "aicc.MatMul"(%a, %b) : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// CHECK-LABEL: func.func @qlinear_u8_weights
// CHECK: "aicc.QLinearMatMul"
func.func @qlinear_u8_weights(%aq: tensor<4x2xui8>) -> tensor<4x3xui8> {
  %as = "aicc.Constant"() <{value = dense<0.1> : tensor<f32>}> : () -> tensor<f32>
  %az = "aicc.Constant"() <{value = dense<10> : tensor<ui8>}> : () -> tensor<ui8>
  %bq = "aicc.Constant"() <{value = dense<1> : tensor<2x3xui8>}> : () -> tensor<2x3xui8>
  %bs = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %bz = "aicc.Constant"() <{value = dense<0> : tensor<ui8>}> : () -> tensor<ui8>
  %ys = "aicc.Constant"() <{value = dense<0.3> : tensor<f32>}> : () -> tensor<f32>
  %yz = "aicc.Constant"() <{value = dense<7> : tensor<ui8>}> : () -> tensor<ui8>
  %y = "aicc.QLinearMatMul"(%aq, %as, %az, %bq, %bs, %bz, %ys, %yz)
      : (tensor<4x2xui8>, tensor<f32>, tensor<ui8>, tensor<2x3xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> tensor<4x3xui8>
  return %y : tensor<4x3xui8>
}
