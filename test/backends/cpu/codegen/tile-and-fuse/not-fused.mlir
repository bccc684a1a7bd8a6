// RUN: aicc-opt %s --aicc-cpu-tile-and-fuse --split-input-file | FileCheck %s

// A producer with a user outside the chain (here: returned) is not fused; it is tiled on its own.
// CHECK-LABEL: func.func @shared_producer
// CHECK: %[[P:.*]] = scf.forall
// CHECK: math.exp
// CHECK: %[[C:.*]] = scf.forall
// CHECK: arith.addf
// CHECK: return %[[P]], %[[C]]
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @shared_producer(%x: tensor<512x512xf32>) -> (tensor<512x512xf32>, tensor<512x512xf32>) {
  %e = tensor.empty() : tensor<512x512xf32>
  %p = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<512x512xf32>) outs(%e : tensor<512x512xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.exp %in : f32
    linalg.yield %0 : f32
  } -> tensor<512x512xf32>
  %c = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%p : tensor<512x512xf32>) outs(%e : tensor<512x512xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %in, %in : f32
    linalg.yield %0 : f32
  } -> tensor<512x512xf32>
  return %p, %c : tensor<512x512xf32>, tensor<512x512xf32>
}

// -----

// A small op (64x64 iterations of a load and a negation: less than min-parallel-work) gets
// sequential thread tiles.
// CHECK-LABEL: func.func @small
// CHECK-NOT: scf.forall
// CHECK: scf.for
func.func @small(%x: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %e = tensor.empty() : tensor<64x64xf32>
  %a = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<64x64xf32>) outs(%e : tensor<64x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.negf %in : f32
    linalg.yield %0 : f32
  } -> tensor<64x64xf32>
  return %a : tensor<64x64xf32>
}

// -----

// A symbolic parallel dim is cut into 1s across the threads, so every tile is static (1x64, then
// vector tiles of it); a symbolic reduction is left alone.
// CHECK-LABEL: func.func @symbolic
// CHECK: scf.forall (%{{.*}}) in (%{{.*}})
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x64xf32>)
// CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<?xf32>)
#map1 = affine_map<(d0) -> (d0)>
func.func @symbolic(%x: tensor<?x64xf32>, %y: tensor<?xf32>) -> (tensor<?x64xf32>, tensor<f32>) {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x64xf32>
  %e = tensor.empty(%m) : tensor<?x64xf32>
  %a = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x64xf32>) outs(%e : tensor<?x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.negf %in : f32
    linalg.yield %0 : f32
  } -> tensor<?x64xf32>
  %f = tensor.empty() : tensor<f32>
  %b = linalg.generic {indexing_maps = [#map1, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%y : tensor<?xf32>) outs(%f : tensor<f32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %in, %out : f32
    linalg.yield %0 : f32
  } -> tensor<f32>
  return %a, %b : tensor<?x64xf32>, tensor<f32>
}
