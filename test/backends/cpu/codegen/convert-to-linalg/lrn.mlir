// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg | FileCheck %s

// LRN with size 3: the squares are zero-padded by one channel each side and summed over a window
// by a reduction dim that offsets the channel; y = x / (bias + alpha / size · sum)^beta.
// CHECK-DAG: #[[READ:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d4, d2, d3)>
// CHECK-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d4)>
// CHECK-LABEL: func.func @lrn
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: tensor.pad %{{.*}} low[0, 1, 0, 0] high[0, 1, 0, 0]
// CHECK: linalg.generic {indexing_maps = [#[[READ]], #[[WINDOW]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<1x7x2x2xf32>, tensor<3xf32>)
// CHECK: arith.constant 6.66666674E-5 : f32
// CHECK: math.powf
// CHECK: arith.divf
func.func @lrn(%x: tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32> {
  %r = "aicc.LRN"(%x) <{size = 3 : i64, alpha = 2.0e-4 : f32, beta = 0.75 : f32, bias = 2.0 : f32}> : (tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32>
  return %r : tensor<1x5x2x2xf32>
}
