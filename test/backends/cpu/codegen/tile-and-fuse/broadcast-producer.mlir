// RUN: aicc-opt %s --aicc-cpu-tile-and-fuse --canonicalize --cse | FileCheck %s

// A table over the columns (a Resize's taps over W), read by every row of a 64x256 nest: the
// rows are cut into tiles, so fused into them the table would be computed again per row. It stays
// a nest of its own, computed once, and the row tiles read it. An elementwise producer of the
// consumer's own shape is still fused.
// CHECK-LABEL: func.func @table_read_by_every_row
// CHECK: scf.for {{.*}} -> (tensor<256xf32>)
// CHECK: math.exp {{.*}} : f32
// CHECK: scf.for {{.*}} -> (tensor<64x256xf32>)
// CHECK-NOT: math.exp
// CHECK: math.sqrt
// CHECK: arith.mulf
// CHECK-NOT: math.exp
#row = affine_map<(d0, d1) -> (d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#id1 = affine_map<(d0) -> (d0)>
func.func @table_read_by_every_row(%x: tensor<64x256xf32>) -> tensor<64x256xf32> {
  %e1 = tensor.empty() : tensor<256xf32>
  %table = linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel"]} outs(%e1 : tensor<256xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i64
    %f = arith.sitofp %ii : i64 to f32
    %v = math.exp %f : f32
    linalg.yield %v : f32
  } -> tensor<256xf32>
  %e2 = tensor.empty() : tensor<64x256xf32>
  %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<64x256xf32>) outs(%e2 : tensor<64x256xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.sqrt %in : f32
    linalg.yield %r : f32
  } -> tensor<64x256xf32>
  %y = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%s, %table : tensor<64x256xf32>, tensor<256xf32>) outs(%e2 : tensor<64x256xf32>) {
  ^bb0(%a: f32, %t: f32, %out: f32):
    %p = arith.mulf %a, %t : f32
    linalg.yield %p : f32
  } -> tensor<64x256xf32>
  return %y : tensor<64x256xf32>
}
