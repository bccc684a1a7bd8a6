// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-activations --split-input-file | FileCheck %s

// aicc.Gelu (which aicc-recognize-gelu makes from the exported formula) after a matmul: a
// gelu_erf post-op; after a conv with a sum post-op, the tanh form: gelu_tanh after the sum.
// CHECK-LABEL: func.func @matmul_gelu
// CHECK: %[[K:.*]] = aicc_cpu.matmul
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<gelu_erf>]
// CHECK-NOT: aicc.Gelu
// CHECK: return %[[K]]
func.func @matmul_gelu(%a: tensor<1x4x8xf32>, %b: tensor<1x8x16xf32>) -> tensor<1x4x16xf32> {
  %init = tensor.empty() : tensor<1x4x16xf32>
  %x = aicc_cpu.matmul ins(%a, %b : tensor<1x4x8xf32>, tensor<1x8x16xf32>) outs(%init : tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
  %y = "aicc.Gelu"(%x) : (tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
  return %y : tensor<1x4x16xf32>
}

// -----

// CHECK-LABEL: func.func @conv_gelu_tanh
// CHECK: aicc_cpu.conv
// CHECK-SAME: post_ops = [#aicc_cpu.sum, #aicc_cpu.eltwise<gelu_tanh>]
// CHECK-NOT: aicc.Gelu
func.func @conv_gelu_tanh(%in: tensor<1x1x3xf32>, %w: tensor<1x1x1xf32>, %r: tensor<1x1x3xf32>) -> tensor<1x1x3xf32> {
  %x = aicc_cpu.conv ins(%in, %w : tensor<1x1x3xf32>, tensor<1x1x1xf32>) outs(%r : tensor<1x1x3xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1>, pads_begin = array<i64: 0>, pads_end = array<i64: 0>, groups = 1 : i64,
       post_ops = [#aicc_cpu.sum]} -> tensor<1x1x3xf32>
  %y = "aicc.Gelu"(%x) <{approximate = "tanh"}> : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// The kernel's result is also returned (the kernel must keep writing plain x): no post-op.
// CHECK-LABEL: func.func @x_used_elsewhere
// CHECK: aicc_cpu.matmul
// CHECK-NOT: gelu_erf
// CHECK: "aicc.Gelu"
func.func @x_used_elsewhere(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %init = tensor.empty() : tensor<2x2xf32>
  %x = aicc_cpu.matmul ins(%a, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = "aicc.Gelu"(%x) : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y, %x : tensor<2x2xf32>, tensor<2x2xf32>
}
