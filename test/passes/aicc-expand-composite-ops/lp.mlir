// RUN: aicc-opt %s -aicc-expand-composite-ops -split-input-file -verify-diagnostics | FileCheck %s

// LpNormalization with p = 1 divides by ReduceL1 along the axis; GlobalLpPool with p = 3 is
// (ReduceSum over the spatial dims of |x|³)^(1/3); LpPool with p = 2 is the square root of an
// AveragePool of x·x that counts the padding, times the window's 4 elements.
// CHECK-LABEL: func.func @lp_family
// CHECK-DAG: %[[WINDOW:.*]] = "aicc.Constant"() <{value = dense<4.000000e+00> : tensor<f32>}>
// CHECK-DAG: %[[THIRD:.*]] = "aicc.Constant"() <{value = dense<0.333333343> : tensor<f32>}>
// CHECK-DAG: %[[SPATIAL:.*]] = "aicc.Constant"() <{value = dense<[2, 3]> : tensor<2xi64>}>
// CHECK-DAG: %[[THREE:.*]] = "aicc.Constant"() <{value = dense<3.000000e+00> : tensor<f32>}>
// CHECK: %[[L1:.*]] = "aicc.ReduceL1"(%arg0) <{axes = array<i64: 2>, keepdims = 1 : i64}> : (tensor<2x3x8x8xf32>) -> tensor<2x3x1x8xf32>
// CHECK: %[[NORM:.*]] = "aicc.Div"(%arg0, %[[L1]])
// CHECK: %[[ABS:.*]] = "aicc.Abs"(%arg0)
// CHECK: %[[CUBE:.*]] = "aicc.Pow"(%[[ABS]], %[[THREE]])
// CHECK: %[[SUM:.*]] = "aicc.ReduceSum"(%[[CUBE]], %[[SPATIAL]]) <{keepdims = 1 : i64, noop_with_empty_axes = 0 : i64}> {{.*}} -> tensor<2x3x1x1xf32>
// CHECK: %[[GLOBAL:.*]] = "aicc.Pow"(%[[SUM]], %[[THIRD]])
// CHECK: %[[SQ:.*]] = "aicc.Mul"(%arg0, %arg0)
// CHECK: %[[AVG:.*]] = "aicc.AveragePool"(%[[SQ]]) <{auto_pad = "NOTSET", ceil_mode = 0 : i64, count_include_pad = 1 : i64, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}> : (tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32>
// CHECK: %[[TOTAL:.*]] = "aicc.Mul"(%[[AVG]], %[[WINDOW]])
// CHECK: %[[POOL:.*]] = "aicc.Sqrt"(%[[TOTAL]])
// CHECK: return %[[NORM]], %[[GLOBAL]], %[[POOL]]
func.func @lp_family(%x: tensor<2x3x8x8xf32>) -> (tensor<2x3x8x8xf32>, tensor<2x3x1x1xf32>, tensor<2x3x4x4xf32>) {
  %a = "aicc.LpNormalization"(%x) <{axis = 2 : i64, p = 1 : i64}> : (tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %g = "aicc.GlobalLpPool"(%x) <{p = 3 : i64}> : (tensor<2x3x8x8xf32>) -> tensor<2x3x1x1xf32>
  %p = "aicc.LpPool"(%x) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}> : (tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32>
  return %a, %g, %p : tensor<2x3x8x8xf32>, tensor<2x3x1x1xf32>, tensor<2x3x4x4xf32>
}

// -----

func.func @lp_normalization_p3(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @below {{p must be 1 or 2, got 3}}
  %a = "aicc.LpNormalization"(%x) <{axis = -1 : i64, p = 3 : i64}> : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %a : tensor<2x8xf32>
}

// -----

func.func @lp_pool_p0(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @below {{p must be at least 1, got 0}}
  %p = "aicc.LpPool"(%x) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, p = 0 : i64}> : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %p : tensor<1x1x2x2xf32>
}
