// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-adds | FileCheck %s

// A kernel whose destination is a function argument (not a tensor.empty) still takes the
// residual as its destination; the argument is simply no longer used.
// CHECK-LABEL: func.func @init_is_argument
// CHECK: %[[K:.*]] = aicc_cpu.conv ins(%arg0, %arg1 : {{.*}}) outs(%arg3 : tensor<1x2x3x3xf32>)
// CHECK-SAME: post_ops = [#aicc_cpu.sum]
// CHECK: return %[[K]]
func.func @init_is_argument(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %d: tensor<1x2x3x3xf32>, %r: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) outs(%d : tensor<1x2x3x3xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x2x3x3xf32>
  %y = "aicc.Add"(%k, %r) : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
