// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-activations --split-input-file | FileCheck %s

// Relu after a conv becomes the conv's eltwise post-op.
// CHECK-LABEL: func.func @conv_relu
// CHECK: %[[K:.*]] = aicc_cpu.conv
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<relu>]
// CHECK-NOT: aicc.Relu
// CHECK: return %[[K]]
func.func @conv_relu(%x: tensor<1x1x3xf32>, %w: tensor<1x1x1xf32>, %b: tensor<1xf32>) -> tensor<1x1x3xf32> {
  %init = tensor.empty() : tensor<1x1x3xf32>
  %k = aicc_cpu.conv ins(%x, %w, %b : tensor<1x1x3xf32>, tensor<1x1x1xf32>, tensor<1xf32>) outs(%init : tensor<1x1x3xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1>, pads_begin = array<i64: 0>, pads_end = array<i64: 0>, groups = 1 : i64} -> tensor<1x1x3xf32>
  %y = "aicc.Relu"(%k) : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// Clip(0, 6) after a matmul: a clip post-op with the bounds as alpha and beta.
// CHECK-LABEL: func.func @matmul_clip
// CHECK: aicc_cpu.matmul
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<clip, alpha = 0.000000e+00, beta = 6.000000e+00>]
// CHECK-NOT: aicc.Clip
func.func @matmul_clip(%a: tensor<1x2xf32>, %b: tensor<2x3xf32>) -> tensor<1x3xf32> {
  %init = tensor.empty() : tensor<1x3xf32>
  %k = aicc_cpu.matmul ins(%a, %b : tensor<1x2xf32>, tensor<2x3xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  %lo = "aicc.Constant"() <{value = dense<0.0> : tensor<f32>}> : () -> tensor<f32>
  %hi = "aicc.Constant"() <{value = dense<6.0> : tensor<f32>}> : () -> tensor<f32>
  %y = "aicc.Clip"(%k, %lo, %hi) : (tensor<1x3xf32>, tensor<f32>, tensor<f32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// Activations chain: LeakyRelu then Sigmoid are appended in order after the existing sum.
// CHECK-LABEL: func.func @chain_after_sum
// CHECK: aicc_cpu.conv
// CHECK-SAME: post_ops = [#aicc_cpu.sum, #aicc_cpu.eltwise<leaky_relu, alpha = 0.1{{[0-9]*}}>, #aicc_cpu.eltwise<sigmoid>]
// CHECK-NOT: aicc.LeakyRelu
// CHECK-NOT: aicc.Sigmoid
func.func @chain_after_sum(%x: tensor<1x1x3xf32>, %w: tensor<1x1x1xf32>, %r: tensor<1x1x3xf32>) -> tensor<1x1x3xf32> {
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x1x3xf32>, tensor<1x1x1xf32>) outs(%r : tensor<1x1x3xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1>, pads_begin = array<i64: 0>, pads_end = array<i64: 0>, groups = 1 : i64,
       post_ops = [#aicc_cpu.sum]} -> tensor<1x1x3xf32>
  %l = "aicc.LeakyRelu"(%k) <{alpha = 0.1 : f32}> : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %y = "aicc.Sigmoid"(%l) : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// The kernel's result is also returned: fusing would change that value, so nothing fuses.
// CHECK-LABEL: func.func @two_uses
// CHECK: aicc_cpu.conv
// CHECK-NOT: post_ops
// CHECK: "aicc.Relu"
func.func @two_uses(%x: tensor<1x1x3xf32>, %w: tensor<1x1x1xf32>) -> (tensor<1x1x3xf32>, tensor<1x1x3xf32>) {
  %init = tensor.empty() : tensor<1x1x3xf32>
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x1x3xf32>, tensor<1x1x1xf32>) outs(%init : tensor<1x1x3xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1>, pads_begin = array<i64: 0>, pads_end = array<i64: 0>, groups = 1 : i64} -> tensor<1x1x3xf32>
  %y = "aicc.Relu"(%k) : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %k, %y : tensor<1x1x3xf32>, tensor<1x1x3xf32>
}

// -----

// Pooling kernels take no post-op.
// CHECK-LABEL: func.func @pool_relu
// CHECK: "aicc.Relu"
func.func @pool_relu(%x: tensor<1x1x4xf32>) -> tensor<1x1x2xf32> {
  %init = tensor.empty() : tensor<1x1x2xf32>
  %k = aicc_cpu.pool <max> ins(%x : tensor<1x1x4xf32>) outs(%init : tensor<1x1x2xf32>)
      {kernel = array<i64: 2>, strides = array<i64: 2>, dilations = array<i64: 1>, pads_begin = array<i64: 0>, pads_end = array<i64: 0>} -> tensor<1x1x2xf32>
  %y = "aicc.Relu"(%k) : (tensor<1x1x2xf32>) -> tensor<1x1x2xf32>
  return %y : tensor<1x1x2xf32>
}
