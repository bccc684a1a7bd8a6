// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-binary-ops --split-input-file | FileCheck %s

// Attention scores: a Div by a scalar then an Add of a [B,1,S] mask both become binary post-ops,
// in order; the rank-0 scalar is reshaped to the result's rank (here folded into the constant).
// CHECK-LABEL: func.func @scores
// CHECK-SAME: (%{{.*}}: tensor<2x4x8xf32>, %{{.*}}: tensor<2x8x4xf32>, %[[MASK:.*]]: tensor<2x1x4xf32>)
// CHECK: %[[SCALE:.*]] = arith.constant dense<2.828000e+00> : tensor<1x1x1xf32>
// CHECK: %[[K:.*]] = aicc_cpu.matmul ins(%{{.*}}, %{{.*}} : tensor<2x4x8xf32>, tensor<2x8x4xf32>)
// CHECK-SAME: post_op_inputs(%[[SCALE]], %[[MASK]] : tensor<1x1x1xf32>, tensor<2x1x4xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.binary<div>, #aicc_cpu.binary<add>]
// CHECK-NOT: aicc.Div
// CHECK-NOT: aicc.Add
// CHECK: return %[[K]]
func.func @scores(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>, %mask: tensor<2x1x4xf32>) -> tensor<2x4x4xf32> {
  %scale = "aicc.Constant"() <{value = dense<2.828> : tensor<f32>}> : () -> tensor<f32>
  %i = tensor.empty() : tensor<2x4x4xf32>
  %s = aicc_cpu.matmul ins(%q, %k : tensor<2x4x8xf32>, tensor<2x8x4xf32>) outs(%i : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %d = "aicc.Div"(%s, %scale) : (tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  %y = "aicc.Add"(%mask, %d) : (tensor<2x1x4xf32>, tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  return %y : tensor<2x4x4xf32>
}

// -----

// A gate of the result's own shape, on the left of a Mul, after the kernel's activation.
// CHECK-LABEL: func.func @gate
// CHECK: aicc_cpu.matmul
// CHECK-SAME: post_op_inputs(%arg2 : tensor<3x5xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.eltwise<relu>, #aicc_cpu.binary<mul>]
// CHECK-NOT: aicc.Mul
func.func @gate(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %g: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %i = tensor.empty() : tensor<3x5xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%i : tensor<3x5xf32>) {post_ops = [#aicc_cpu.eltwise<relu>]} -> tensor<3x5xf32>
  %y = "aicc.Mul"(%g, %m) : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

// Not folded: T - product (a Sub with the kernel second); a tensor that would enlarge the result;
// a product used twice; a conv with a T that varies over space.
// CHECK-LABEL: func.func @not_folded
// CHECK-NOT: binary
// CHECK: aicc.Sub
// CHECK: aicc.Add
// CHECK: aicc.Mul
// CHECK: aicc.Mul
func.func @not_folded(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %t: tensor<3x5xf32>, %wide: tensor<2x3x5xf32>,
                      %x: tensor<1x1x3xf32>, %w: tensor<1x1x1xf32>)
    -> (tensor<3x5xf32>, tensor<2x3x5xf32>, tensor<3x5xf32>, tensor<3x5xf32>, tensor<1x1x3xf32>) {
  %i0 = tensor.empty() : tensor<3x5xf32>
  %m0 = aicc_cpu.matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%i0 : tensor<3x5xf32>) -> tensor<3x5xf32>
  %r0 = "aicc.Sub"(%t, %m0) : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %i1 = tensor.empty() : tensor<3x5xf32>
  %m1 = aicc_cpu.matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%i1 : tensor<3x5xf32>) -> tensor<3x5xf32>
  %r1 = "aicc.Add"(%m1, %wide) : (tensor<3x5xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  %i2 = tensor.empty() : tensor<3x5xf32>
  %m2 = aicc_cpu.matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%i2 : tensor<3x5xf32>) -> tensor<3x5xf32>
  %r2 = "aicc.Mul"(%m2, %t) : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x1x3xf32>, tensor<1x1x1xf32>) outs(%x : tensor<1x1x3xf32>)
      {strides = array<i64: 1>, dilations = array<i64: 1>, pads_begin = array<i64: 0>, pads_end = array<i64: 0>, groups = 1 : i64} -> tensor<1x1x3xf32>
  %r4 = "aicc.Mul"(%c, %x) : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %r0, %r1, %m2, %r2, %r4 : tensor<3x5xf32>, tensor<2x3x5xf32>, tensor<3x5xf32>, tensor<3x5xf32>, tensor<1x1x3xf32>
}

// -----

// A constant defined after the kernel (next to its user, as exporters write it) is recreated
// before the kernel and folds.
// CHECK-LABEL: func.func @late_constant
// CHECK: %[[C:.*]] = "aicc.Constant"() <{value = dense<{{.*}}> : tensor<1x5xf32>}>
// CHECK: aicc_cpu.matmul
// CHECK-SAME: post_op_inputs(%[[C]] : tensor<1x5xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.binary<mul>]
func.func @late_constant(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %i = tensor.empty() : tensor<3x5xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<3x4xf32>, tensor<4x5xf32>) outs(%i : tensor<3x5xf32>) -> tensor<3x5xf32>
  %s = "aicc.Constant"() <{value = dense<[[1.0, 2.0, 3.0, 4.0, 5.0]]> : tensor<1x5xf32>}> : () -> tensor<1x5xf32>
  %y = "aicc.Mul"(%m, %s) : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}
