// RUN: aicc-opt %s --aicc-cpu-vectorize --canonicalize --split-input-file | FileCheck %s

// The last tile of a loop that its tile size does not divide has a dynamic shape, bounded by the
// tile (here at most 127 elements, as peeling leaves it): it is vectorized at that bound under a
// mask of its run-time size, not left a scalar loop. The mask is an operand of the read and the
// write (not a vector.mask region), so bufferization may copy where it cannot write in place.
// CHECK-LABEL: func.func @partial_tile
// CHECK: %[[MASK:.*]] = vector.create_mask %{{.*}} : vector<127xi1>
// CHECK: vector.transfer_read {{.*}}, %[[MASK]] {{.*}} : tensor<?xf32>, vector<127xf32>
// CHECK: math.tanh {{.*}} : vector<127xf32>
// CHECK: vector.transfer_write {{.*}}, %[[MASK]]
// CHECK-NOT: vector.mask
#map = affine_map<(d0) -> (d0)>
func.func @partial_tile(%arg0: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %c1 step %c1 iter_args(%acc = %arg0) -> (tensor<?xf32>) {
    %size = affine.min affine_map<(d0) -> (d0, 127)>(%n)
    %in = tensor.extract_slice %arg0[0] [%size] [1] : tensor<?xf32> to tensor<?xf32>
    %init = tensor.empty(%size) : tensor<?xf32>
    %0 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%in : tensor<?xf32>) outs(%init : tensor<?xf32>) {
    ^bb0(%x: f32, %out: f32):
      %1 = math.tanh %x : f32
      linalg.yield %1 : f32
    } -> tensor<?xf32>
    %2 = tensor.insert_slice %0 into %acc[0] [%size] [1] : tensor<?xf32> into tensor<?xf32>
    scf.yield %2 : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}

// -----

// A symbolic dim with no bound (a model's run-time size) stays a loop.
// CHECK-LABEL: func.func @unbounded
// CHECK-NOT: vector.
// CHECK: linalg.generic
func.func @unbounded(%arg0: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %c1 step %c1 iter_args(%acc = %arg0) -> (tensor<?xf32>) {
    %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%acc : tensor<?xf32>) outs(%acc : tensor<?xf32>) {
    ^bb0(%x: f32, %out: f32):
      %1 = math.tanh %x : f32
      linalg.yield %1 : f32
    } -> tensor<?xf32>
    scf.yield %0 : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}
