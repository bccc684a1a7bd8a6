// RUN: aicc-opt %s -aicc-recognize-gelu -split-input-file | FileCheck %s

// nn.GELU() as PyTorch exports it before opset 20, x * (1 + erf(x / sqrt(2))) then * 0.5: one
// aicc.Gelu, and none of the five ops is left.
// CHECK-LABEL: func.func @torch_erf
// CHECK: %[[Y:.*]] = "aicc.Gelu"(%arg0) <{approximate = "none"}> : (tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
// CHECK-NOT: "aicc.Erf"
// CHECK-NOT: "aicc.Mul"
// CHECK: return %[[Y]]
func.func @torch_erf(%x: tensor<1x4x16xf32>) -> tensor<1x4x16xf32> {
  %sqrt2 = "aicc.Constant"() <{value = dense<1.41421354> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %d = "aicc.Div"(%x, %sqrt2) : (tensor<1x4x16xf32>, tensor<f32>) -> tensor<1x4x16xf32>
  %e = "aicc.Erf"(%d) : (tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
  %p = "aicc.Add"(%e, %one) : (tensor<1x4x16xf32>, tensor<f32>) -> tensor<1x4x16xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<1x4x16xf32>, tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
  %y = "aicc.Mul"(%m, %half) : (tensor<1x4x16xf32>, tensor<f32>) -> tensor<1x4x16xf32>
  return %y : tensor<1x4x16xf32>
}

// -----

// The other order (0.5 * x first, then the erf term), the division written as a Mul by
// 1/sqrt(2), the 1 on the left of the Add. x has another reader (a residual), which stays.
// CHECK-LABEL: func.func @hf_erf_reordered
// CHECK: %[[Y:.*]] = "aicc.Gelu"(%arg0) <{approximate = "none"}>
// CHECK-NOT: "aicc.Erf"
// CHECK: return %[[Y]], %arg0
func.func @hf_erf_reordered(%x: tensor<1x1x3xf32>) -> (tensor<1x1x3xf32>, tensor<1x1x3xf32>) {
  %rsqrt2 = "aicc.Constant"() <{value = dense<0.707106769> : tensor<1xf32>}> : () -> tensor<1xf32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %h = "aicc.Mul"(%half, %x) : (tensor<f32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %d = "aicc.Mul"(%x, %rsqrt2) : (tensor<1x1x3xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  %e = "aicc.Erf"(%d) : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %p = "aicc.Add"(%one, %e) : (tensor<f32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %y = "aicc.Mul"(%h, %p) : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %y, %x : tensor<1x1x3xf32>, tensor<1x1x3xf32>
}
