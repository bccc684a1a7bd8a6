// RUN: aicc-opt %s --aicc-cpu-tile-and-fuse --canonicalize --cse | FileCheck %s

// An elementwise op on rows of 4097 = 17 x 241: the only divisors under the thread tile (4096)
// are small, so thread tiles are two equal shares of the row (2049, the last one shorter:
// dynamic), and vector tiles of 128 inside them with the remainder peeled into its own loop.
// CHECK-LABEL: func.func @odd_rows
// CHECK: scf.forall (%[[ROW:.*]], %[[COL:.*]]) = (0, 0) to (16, 4097) step (1, 2049)
// CHECK: %[[SIZE:.*]] = affine.min
// The full vector tiles: a static shape.
// CHECK: scf.for
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x128xf32>)
// CHECK: math.tanh
// The partial tile after them.
// CHECK: scf.for
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x?xf32>)
// CHECK: math.tanh
// CHECK: scf.forall.in_parallel
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @odd_rows(%arg0: tensor<16x4097xf32>) -> tensor<16x4097xf32> {
  %0 = tensor.empty() : tensor<16x4097xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<16x4097xf32>) outs(%0 : tensor<16x4097xf32>) {
  ^bb0(%in: f32, %out: f32):
    %2 = math.tanh %in : f32
    linalg.yield %2 : f32
  } -> tensor<16x4097xf32>
  return %1 : tensor<16x4097xf32>
}
