// RUN: aicc-opt %s --aicc-cpu-propagate-layouts=block=16 | FileCheck %s

// A symbolic batch keeps the blocked layout between conv and pool: the batch is dim 0 in every
// layout, so the pool's destination reads it from the blocked conv result, without a reorder.
// CHECK-LABEL: func.func @conv_pool
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[CONV:.*]] = aicc_cpu.conv {{.*}} outs(%{{.*}} : tensor<?x1x6x6x16xf32>) {{.*}}dst_layout = #aicc_cpu.layout<blocked16>
// CHECK: tensor.dim %[[CONV]], %c0
// CHECK: aicc_cpu.pool <max> ins(%[[CONV]] : tensor<?x1x6x6x16xf32>) outs(%{{.*}} : tensor<?x1x3x3x16xf32>)
// CHECK: aicc_cpu.reorder <blocked16> to <plain>
// CHECK-NOT: aicc_cpu.reorder
// CHECK: return
func.func @conv_pool(%x: tensor<?x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<?x16x3x3xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x3x8x8xf32>
  %e = tensor.empty(%n) : tensor<?x16x6x6xf32>
  %y = aicc_cpu.conv ins(%x, %w : tensor<?x3x8x8xf32>, tensor<16x3x3x3xf32>) outs(%e : tensor<?x16x6x6xf32>)
      {dilations = array<i64: 1, 1>, groups = 1 : i64, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       strides = array<i64: 1, 1>} -> tensor<?x16x6x6xf32>
  %m = tensor.dim %y, %c0 : tensor<?x16x6x6xf32>
  %p0 = tensor.empty(%m) : tensor<?x16x3x3xf32>
  %p = aicc_cpu.pool <max> ins(%y : tensor<?x16x6x6xf32>) outs(%p0 : tensor<?x16x3x3xf32>)
      {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
       strides = array<i64: 2, 2>} -> tensor<?x16x3x3xf32>
  return %p : tensor<?x16x3x3xf32>
}
