// RUN: aicc-opt %s --aicc-cpu-tile-and-fuse --canonicalize --cse --split-input-file | FileCheck %s

// A mean over 2048 rows of 64: the root (the division) has one iteration per row, but each fuses
// a sum of 64. The vector tile's budget (128 iterations) counts the sums too, so a tile takes 2
// rows (2x64 = 128 elements to vectorize), not 128 rows (8192 elements, left scalar).
// CHECK-LABEL: func.func @mean_of_short_rows
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c2
// CHECK: tensor.extract_slice {{.*}} to tensor<2x64xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%{{.*}} : tensor<2x64xf32>)
// CHECK: arith.divf
#id = affine_map<(d0, d1) -> (d0, d1)>
#rows = affine_map<(d0, d1) -> (d0)>
#id1 = affine_map<(d0) -> (d0)>
func.func @mean_of_short_rows(%x: tensor<2048x64xf32>) -> tensor<2048xf32> {
  %zero = arith.constant 0.0 : f32
  %n = arith.constant 64.0 : f32
  %e = tensor.empty() : tensor<2048xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2048xf32>) -> tensor<2048xf32>
  %sum = linalg.generic {indexing_maps = [#id, #rows], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<2048x64xf32>) outs(%init : tensor<2048xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  } -> tensor<2048xf32>
  %mean = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%sum : tensor<2048xf32>) outs(%e : tensor<2048xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.divf %in, %n : f32
    linalg.yield %m : f32
  } -> tensor<2048xf32>
  return %mean : tensor<2048xf32>
}

// -----

// 256 rows of 200: the division takes 128 rows per vector tile, and a sum of 200 per row is longer
// than a vector tile (128 iterations). Fused, each tile would reduce whole rows of 200 in one op;
// it stays a nest of its own whose rows are cut into chunks of 128 and a remainder of 72.
// CHECK-LABEL: func.func @mean_of_long_rows
// CHECK: scf.for {{.*}} -> (tensor<256xf32>)
// CHECK: tensor.extract_slice {{.*}} to tensor<1x128xf32>
// CHECK: tensor.extract_slice {{.*}} to tensor<1x72xf32>
// CHECK: linalg.reduce
// CHECK: scf.for {{.*}} step %c128 {{.*}} -> (tensor<256xf32>)
// CHECK-NOT: iterator_types = ["parallel", "reduction"]
// CHECK: arith.divf
#id = affine_map<(d0, d1) -> (d0, d1)>
#rows = affine_map<(d0, d1) -> (d0)>
#id1 = affine_map<(d0) -> (d0)>
func.func @mean_of_long_rows(%x: tensor<256x200xf32>) -> tensor<256xf32> {
  %zero = arith.constant 0.0 : f32
  %n = arith.constant 200.0 : f32
  %e = tensor.empty() : tensor<256xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<256xf32>) -> tensor<256xf32>
  %sum = linalg.generic {indexing_maps = [#id, #rows], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<256x200xf32>) outs(%init : tensor<256xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %mean = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%sum : tensor<256xf32>) outs(%e : tensor<256xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.divf %in, %n : f32
    linalg.yield %m : f32
  } -> tensor<256xf32>
  return %mean : tensor<256xf32>
}
