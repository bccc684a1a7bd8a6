// RUN: aicc-opt %s --aicc-cpu-tile-and-fuse --cse | FileCheck %s

// A softmax as the linalg lowering writes it (max, exp(x - max), sum, divide) becomes one loop
// nest: thread tiles of 32 rows (scf.forall), vector tiles of one row (scf.for), and the max, the
// exp (once, after CSE) and the sum computed per row inside it. No full-size intermediate is left.
// CHECK-LABEL: func.func @softmax
// CHECK: scf.forall {{.*}} to (1, 12, 128) step (1, 1, 32)
// CHECK: scf.for
// CHECK: linalg.fill {{.*}} -> tensor<1x1x1xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x1x1x128xf32>) outs(%{{.*}} : tensor<1x1x1xf32>)
// CHECK: math.exp
// CHECK-NOT: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.generic
// CHECK: return
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map1 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @softmax(%arg0: tensor<1x12x128x128xf32>) -> tensor<1x12x128x128xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<1x12x128xf32>
  %1 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<1x12x128xf32>) -> tensor<1x12x128xf32>
  %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg0 : tensor<1x12x128x128xf32>) outs(%1 : tensor<1x12x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %8 = arith.maximumf %out, %in : f32
    linalg.yield %8 : f32
  } -> tensor<1x12x128xf32>
  %3 = tensor.empty() : tensor<1x12x128x128xf32>
  %4 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0, %2 : tensor<1x12x128x128xf32>, tensor<1x12x128xf32>) outs(%3 : tensor<1x12x128x128xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %8 = arith.subf %in, %in_1 : f32
    %9 = math.exp %8 : f32
    linalg.yield %9 : f32
  } -> tensor<1x12x128x128xf32>
  %5 = linalg.fill ins(%cst : f32) outs(%0 : tensor<1x12x128xf32>) -> tensor<1x12x128xf32>
  %6 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%4 : tensor<1x12x128x128xf32>) outs(%5 : tensor<1x12x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %8 = arith.addf %out, %in : f32
    linalg.yield %8 : f32
  } -> tensor<1x12x128xf32>
  %7 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%4, %6 : tensor<1x12x128x128xf32>, tensor<1x12x128xf32>) outs(%3 : tensor<1x12x128x128xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %8 = arith.divf %in, %in_1 : f32
    linalg.yield %8 : f32
  } -> tensor<1x12x128x128xf32>
  return %7 : tensor<1x12x128x128xf32>
}
