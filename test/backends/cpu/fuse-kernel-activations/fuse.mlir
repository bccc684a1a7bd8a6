// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-activations --split-input-file | FileCheck %s

// Relu after a conv becomes the conv's post-op (activation = 1 at index 5 + 7*S + 1 = 13).
// CHECK-LABEL: func.func @conv_relu
// CHECK: %[[K:.*]] = aicc_cpu.kernel conv [1, 1, 1, 1, 1, 3, 3, 1, 1, 1, 0, 0, 1, 1, 0, 0]
// CHECK-NOT: aicc.Relu
// CHECK: return %[[K]]
func.func @conv_relu(%x: tensor<1x1x3xf32>, %w: tensor<1x1x1xf32>, %b: tensor<1xf32>) -> tensor<1x1x3xf32> {
  %init = tensor.empty() : tensor<1x1x3xf32>
  %k = aicc_cpu.kernel conv [1, 1, 1, 1, 1, 3, 3, 1, 1, 1, 0, 0, 1, 0, 0, 0] slots [0, 1, 2, 3] of 4
      ins(%x, %w, %b : tensor<1x1x3xf32>, tensor<1x1x1xf32>, tensor<1xf32>) outs(%init : tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %y = "aicc.Relu"(%k) : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// Clip(0, 6) after a matmul: activation 5 with the bounds as doubles (6.0 = 4618441417868443648).
// CHECK-LABEL: func.func @matmul_clip
// CHECK: aicc_cpu.kernel matmul [2, 1, 2, 2, 3, 1, 3, 0, 0, 0, 1, 1, 4607182418800017408, 5, 0, 4618441417868443648]
// CHECK-NOT: aicc.Clip
func.func @matmul_clip(%a: tensor<1x2xf32>, %b: tensor<2x3xf32>) -> tensor<1x3xf32> {
  %init = tensor.empty() : tensor<1x3xf32>
  %k = aicc_cpu.kernel matmul [2, 1, 2, 2, 3, 1, 3, 0, 0, 0, 1, 1, 4607182418800017408, 0, 0, 0] slots [0, 1, 3] of 4
      ins(%a, %b : tensor<1x2xf32>, tensor<2x3xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  %lo = "aicc.Constant"() <{value = dense<0.0> : tensor<f32>}> : () -> tensor<f32>
  %hi = "aicc.Constant"() <{value = dense<6.0> : tensor<f32>}> : () -> tensor<f32>
  %y = "aicc.Clip"(%k, %lo, %hi) : (tensor<1x3xf32>, tensor<f32>, tensor<f32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// The kernel's result is also returned: fusing would change that value, so nothing fuses.
// CHECK-LABEL: func.func @two_uses
// CHECK: aicc_cpu.kernel conv [1, 1, 1, 1, 1, 3, 3, 1, 1, 1, 0, 0, 0, 0, 0, 0]
// CHECK: "aicc.Relu"
func.func @two_uses(%x: tensor<1x1x3xf32>, %w: tensor<1x1x1xf32>) -> (tensor<1x1x3xf32>, tensor<1x1x3xf32>) {
  %init = tensor.empty() : tensor<1x1x3xf32>
  %k = aicc_cpu.kernel conv [1, 1, 1, 1, 1, 3, 3, 1, 1, 1, 0, 0, 0, 0, 0, 0] slots [0, 1, 3] of 4
      ins(%x, %w : tensor<1x1x3xf32>, tensor<1x1x1xf32>) outs(%init : tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %y = "aicc.Relu"(%k) : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %k, %y : tensor<1x1x3xf32>, tensor<1x1x3xf32>
}

// -----

// Pooling kernels take no post-op.
// CHECK-LABEL: func.func @pool_relu
// CHECK: "aicc.Relu"
func.func @pool_relu(%x: tensor<1x1x4xf32>) -> tensor<1x1x2xf32> {
  %init = tensor.empty() : tensor<1x1x2xf32>
  %k = aicc_cpu.kernel pool [1, 1, 1, 0, 4, 2, 2, 2, 1, 0, 0] slots [0, 1] of 2
      ins(%x : tensor<1x1x4xf32>) outs(%init : tensor<1x1x2xf32>) -> tensor<1x1x2xf32>
  %y = "aicc.Relu"(%k) : (tensor<1x1x2xf32>) -> tensor<1x1x2xf32>
  return %y : tensor<1x1x2xf32>
}
