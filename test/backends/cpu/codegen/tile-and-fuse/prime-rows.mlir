// RUN: aicc-opt %s --aicc-cpu-tile-and-fuse --canonicalize --cse | FileCheck %s

// A softmax over rows of 197 (a prime: no tile size divides it). Vector tiles of at most 128 cut
// the row, so the row's max and sum are not fused into the tiles that read them (each tile would
// compute the whole reduction again): each is its own nest, computed once per row, in chunks of
// 128 accumulated into a vector of partial results and reduced once. Every nest's last tile is
// peeled: 128 + 69, both static for the vectorizer. exp(x - max) is computed once.
// CHECK-LABEL: func.func @softmax_prime_rows
// The row max: a chunk of 128, the peeled 69, then the 128 partial results reduced.
// CHECK: scf.for {{.*}} to %c8
// CHECK: linalg.fill {{.*}} -> tensor<1x128xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x128xf32>) outs(%{{.*}} : tensor<1x128xf32>)
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x69xf32>) outs(%{{.*}} : tensor<1x69xf32>)
// CHECK: linalg.reduce ins(%{{.*}} : tensor<1x128xf32>) outs(%{{.*}} : tensor<1xf32>) dimensions = [1]
// exp(x - max), once, into a row of its own.
// CHECK: scf.for {{.*}} to %c8
// CHECK: tensor<1x128xf32>
// CHECK: math.exp
// CHECK: tensor<1x69xf32>
// CHECK: math.exp
// The sum, the same way as the max.
// CHECK: scf.for {{.*}} to %c8
// CHECK: arith.addf
// CHECK: linalg.reduce ins(%{{.*}} : tensor<1x128xf32>)
// The division, reading the row's sum.
// CHECK: scf.for {{.*}} to %c8
// CHECK: arith.divf {{.*}} : f32
// CHECK: tensor<1x69xf32>
// CHECK-NOT: math.exp
// CHECK: return
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0)>
func.func @softmax_prime_rows(%arg0: tensor<8x197xf32>) -> tensor<8x197xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<8xf32>
  %1 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<8xf32>) -> tensor<8xf32>
  %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<8x197xf32>) outs(%1 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %8 = arith.maximumf %out, %in : f32
    linalg.yield %8 : f32
  } -> tensor<8xf32>
  %3 = tensor.empty() : tensor<8x197xf32>
  %4 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %2 : tensor<8x197xf32>, tensor<8xf32>) outs(%3 : tensor<8x197xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %8 = arith.subf %in, %in_1 : f32
    %9 = math.exp %8 : f32
    linalg.yield %9 : f32
  } -> tensor<8x197xf32>
  %5 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8xf32>) -> tensor<8xf32>
  %6 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%4 : tensor<8x197xf32>) outs(%5 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %8 = arith.addf %out, %in : f32
    linalg.yield %8 : f32
  } -> tensor<8xf32>
  %7 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%4, %6 : tensor<8x197xf32>, tensor<8xf32>) outs(%3 : tensor<8x197xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %8 = arith.divf %in, %in_1 : f32
    linalg.yield %8 : f32
  } -> tensor<8x197xf32>
  return %7 : tensor<8x197xf32>
}
