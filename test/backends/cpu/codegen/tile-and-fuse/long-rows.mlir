// RUN: aicc-opt %s --aicc-cpu-tile-and-fuse --canonicalize --cse | FileCheck %s

// Rows longer than a thread tile (8191 > 4096). A softmax keeps each row whole in its thread
// tile (8 rows are enough to share between threads): one scf.forall whose tile computes the row's
// max, then its sum, each in chunks of 128 into partial results with the last 127 peeled, then
// the division; no row is cut between threads, so no reduction is a nest of its own.
// CHECK-LABEL: func.func @softmax_long_rows
// CHECK: scf.forall (%{{.*}}) in (8)
// CHECK: scf.for {{.*}} to %c8064 step %c128 {{.*}} -> (tensor<1x128xf32>)
// CHECK: arith.maximumf
// CHECK: tensor<1x127xf32>
// CHECK: %[[MAX:.*]] = linalg.reduce
// CHECK: scf.for {{.*}} to %c8064 step %c128 {{.*}} -> (tensor<1x128xf32>)
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: %[[SUM:.*]] = linalg.reduce
// CHECK: scf.for {{.*}} to %c8064 step %c128 {{.*}} -> (tensor<1x8191xf32>)
// CHECK: arith.divf
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.generic
// CHECK: return
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0)>
func.func @softmax_long_rows(%arg0: tensor<8x8191xf32>) -> tensor<8x8191xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<8xf32>
  %1 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<8xf32>) -> tensor<8xf32>
  %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<8x8191xf32>) outs(%1 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %8 = arith.maximumf %out, %in : f32
    linalg.yield %8 : f32
  } -> tensor<8xf32>
  %3 = tensor.empty() : tensor<8x8191xf32>
  %4 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %2 : tensor<8x8191xf32>, tensor<8xf32>) outs(%3 : tensor<8x8191xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %8 = arith.subf %in, %in_1 : f32
    %9 = math.exp %8 : f32
    linalg.yield %9 : f32
  } -> tensor<8x8191xf32>
  %5 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8xf32>) -> tensor<8xf32>
  %6 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%4 : tensor<8x8191xf32>) outs(%5 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %8 = arith.addf %out, %in : f32
    linalg.yield %8 : f32
  } -> tensor<8xf32>
  %7 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%4, %6 : tensor<8x8191xf32>, tensor<8xf32>) outs(%3 : tensor<8x8191xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %8 = arith.divf %in, %in_1 : f32
    linalg.yield %8 : f32
  } -> tensor<8x8191xf32>
  return %7 : tensor<8x8191xf32>
}

// A mean: the sum's consumer (the division) is too small to tile, so the sum is not fused into
// it but has row tiles of its own, chunked into partial results. A sum is cheap (a load and an
// add per element): 8x8191 of it is less work than threads cost (min-parallel-work), so the row
// tiles run in sequence.
// CHECK-LABEL: func.func @mean_of_long_rows
// CHECK-NOT: scf.forall
// CHECK: scf.for {{.*}} to %c8 step %c1
// CHECK: scf.for {{.*}} to %c8064 step %c128 {{.*}} -> (tensor<1x128xf32>)
// CHECK: arith.addf
// CHECK: linalg.reduce
// CHECK: scf.yield
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<8xf32>)
// CHECK: arith.divf
#map2 = affine_map<(d0) -> (d0)>
func.func @mean_of_long_rows(%arg0: tensor<8x8191xf32>) -> tensor<8xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %n = arith.constant 8.191000e+03 : f32
  %0 = tensor.empty() : tensor<8xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8xf32>) -> tensor<8xf32>
  %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<8x8191xf32>) outs(%1 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %4 = arith.addf %out, %in : f32
    linalg.yield %4 : f32
  } -> tensor<8xf32>
  %3 = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel"]} ins(%2 : tensor<8xf32>) outs(%0 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %4 = arith.divf %in, %n : f32
    linalg.yield %4 : f32
  } -> tensor<8xf32>
  return %3 : tensor<8xf32>
}
