// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-adds --split-input-file | FileCheck %s

// Not fused: the conv's output is used twice, so neither a bias nor a sum may change it.
// CHECK-LABEL: func.func @two_uses
// CHECK: aicc_cpu.conv
// CHECK-NOT: post_ops
// CHECK: "aicc.Add"
func.func @two_uses(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %r: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %init = tensor.empty() : tensor<1x2x3x3xf32>
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x2x3x3xf32>
  %y = "aicc.Add"(%r, %k) : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %k, %y : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// Not fused: the Add broadcasts the kernel's output up to a larger shape.
// CHECK-LABEL: func.func @broadcasting
// CHECK: "aicc.Add"
func.func @broadcasting(%a: tensor<1x4xf32>, %b: tensor<4x3xf32>, %r: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<1x3xf32>
  %k = aicc_cpu.matmul ins(%a, %b : tensor<1x4xf32>, tensor<4x3xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  %y = "aicc.Add"(%k, %r) : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Not fused: the residual is computed after the conv, so it cannot be the conv's destination.
// CHECK-LABEL: func.func @residual_after_kernel
// CHECK: aicc_cpu.conv
// CHECK-NOT: post_ops
// CHECK: "aicc.Add"
func.func @residual_after_kernel(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %init = tensor.empty() : tensor<1x2x3x3xf32>
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x2x3x3xf32>
  %r = "aicc.Exp"(%x) : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %y = "aicc.Add"(%k, %r) : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Not fused: the conv already has a bias, and a kernel takes one.
// CHECK-LABEL: func.func @already_biased
// CHECK: aicc_cpu.conv ins(%arg0, %arg1, %arg2 : tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>)
// CHECK: "aicc.Add"
func.func @already_biased(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>, %b0: tensor<4xf32>) -> tensor<1x4x3x3xf32> {
  %init = tensor.empty() : tensor<1x4x3x3xf32>
  %k = aicc_cpu.conv ins(%x, %w, %b0 : tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) outs(%init : tensor<1x4x3x3xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x4x3x3xf32>
  %b = "aicc.Constant"() <{value = dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf32>}> : () -> tensor<4x1x1xf32>
  %y = "aicc.Add"(%k, %b) : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// Not fused: a bias is added before the post-ops, so a constant added after a fused Relu stays.
// CHECK-LABEL: func.func @after_post_op
// CHECK: aicc_cpu.conv ins(%arg0, %arg1 : {{.*}}) {{.*}}post_ops = [#aicc_cpu.eltwise<relu>]
// CHECK: "aicc.Add"
func.func @after_post_op(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %init = tensor.empty() : tensor<1x4x3x3xf32>
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>) outs(%init : tensor<1x4x3x3xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64,
       post_ops = [#aicc_cpu.eltwise<relu>]} -> tensor<1x4x3x3xf32>
  %b = "aicc.Constant"() <{value = dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf32>}> : () -> tensor<4x1x1xf32>
  %y = "aicc.Add"(%k, %b) : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// Not fused: a constant [4] aligns with the last dim (W), not the channels, even where W = OC.
// CHECK-LABEL: func.func @per_width
// CHECK: aicc_cpu.conv ins(%arg0, %arg1 : tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>)
// CHECK: "aicc.Add"
func.func @per_width(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32> {
  %init = tensor.empty() : tensor<1x4x4x4xf32>
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) outs(%init : tensor<1x4x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x4x4x4xf32>
  %b = "aicc.Constant"() <{value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %y = "aicc.Add"(%k, %b) : (tensor<1x4x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
