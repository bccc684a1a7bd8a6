// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-activations --split-input-file | FileCheck %s

// Gelu as PyTorch exports it before opset 20, x * (1 + erf(x / sqrt(2))) then * 0.5, after a
// matmul: one gelu_erf post-op, and none of the five ops is left.
// CHECK-LABEL: func.func @matmul_gelu
// CHECK: %[[K:.*]] = aicc_cpu.matmul
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<gelu_erf>]
// CHECK-NOT: aicc.
// CHECK: return %[[K]]
func.func @matmul_gelu(%a: tensor<1x4x8xf32>, %b: tensor<1x8x16xf32>) -> tensor<1x4x16xf32> {
  %init = tensor.empty() : tensor<1x4x16xf32>
  %x = aicc_cpu.matmul ins(%a, %b : tensor<1x4x8xf32>, tensor<1x8x16xf32>) outs(%init : tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
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
// 1/sqrt(2) and the 1 on the left of the Add, after the conv's existing post-op.
// CHECK-LABEL: func.func @conv_gelu_reordered
// CHECK: aicc_cpu.conv
// CHECK-SAME: post_ops = [#aicc_cpu.sum, #aicc_cpu.eltwise<gelu_erf>]
// CHECK-NOT: aicc.Erf
func.func @conv_gelu_reordered(%in: tensor<1x1x3xf32>, %w: tensor<1x1x1xf32>, %r: tensor<1x1x3xf32>) -> tensor<1x1x3xf32> {
  %x = aicc_cpu.conv ins(%in, %w : tensor<1x1x3xf32>, tensor<1x1x1xf32>) outs(%r : tensor<1x1x3xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1>, pads_begin = array<i64: 0>, pads_end = array<i64: 0>, groups = 1 : i64,
       post_ops = [#aicc_cpu.sum]} -> tensor<1x1x3xf32>
  %rsqrt2 = "aicc.Constant"() <{value = dense<0.707106769> : tensor<1xf32>}> : () -> tensor<1xf32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %h = "aicc.Mul"(%half, %x) : (tensor<f32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %d = "aicc.Mul"(%x, %rsqrt2) : (tensor<1x1x3xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  %e = "aicc.Erf"(%d) : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %p = "aicc.Add"(%one, %e) : (tensor<f32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %y = "aicc.Mul"(%h, %p) : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// Not Gelu: the kernel's result is also returned (the kernel must keep writing plain x), and in
// the second function the erf's argument is scaled by 0.5 instead of 1/sqrt(2).
// CHECK-LABEL: func.func @x_used_elsewhere
// CHECK: aicc_cpu.matmul
// CHECK-NOT: gelu_erf
// CHECK: aicc.Erf
// CHECK-LABEL: func.func @wrong_constant
// CHECK-NOT: gelu_erf
// CHECK: aicc.Erf
func.func @x_used_elsewhere(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %init = tensor.empty() : tensor<2x2xf32>
  %x = aicc_cpu.matmul ins(%a, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  %sqrt2 = "aicc.Constant"() <{value = dense<1.41421354> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %d = "aicc.Div"(%x, %sqrt2) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %e = "aicc.Erf"(%d) : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %p = "aicc.Add"(%e, %one) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = "aicc.Mul"(%m, %half) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %y, %x : tensor<2x2xf32>, tensor<2x2xf32>
}
func.func @wrong_constant(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %init = tensor.empty() : tensor<2x2xf32>
  %x = aicc_cpu.matmul ins(%a, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  %c = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %one = "aicc.Constant"() <{value = dense<1.0> : tensor<f32>}> : () -> tensor<f32>
  %d = "aicc.Mul"(%x, %c) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %e = "aicc.Erf"(%d) : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %p = "aicc.Add"(%e, %one) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %m = "aicc.Mul"(%x, %p) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = "aicc.Mul"(%m, %c) : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
