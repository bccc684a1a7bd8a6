// RUN: aicc-opt %s --aicc-cpu-vectorize --canonicalize --split-input-file | FileCheck %s

// A vector tile of a softmax-like chain becomes vector ops on the whole 128-wide row; the
// intermediate written by one op and read by the next folds into the vector itself.
// CHECK-LABEL: func.func @row
// CHECK: %[[X:.*]] = vector.transfer_read {{.*}} : tensor<1x128xf32>, vector<1x128xf32>
// CHECK: %[[M:.*]] = vector.multi_reduction <maximumf>, %[[X]]
// CHECK: %[[E:.*]] = math.exp {{.*}} : vector<1x128xf32>
// CHECK-NOT: vector.transfer_read
// CHECK: vector.transfer_write %[[E]]
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0)>
func.func @row(%x: tensor<1x128xf32>, %acc: tensor<1xf32>, %out: tensor<1x128xf32>) -> tensor<1x128xf32> {
  %m = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<1x128xf32>) outs(%acc : tensor<1xf32>) {
  ^bb0(%in: f32, %o: f32):
    %0 = arith.maximumf %o, %in : f32
    linalg.yield %0 : f32
  } -> tensor<1xf32>
  %e = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%x, %m : tensor<1x128xf32>, tensor<1xf32>) outs(%out : tensor<1x128xf32>) {
  ^bb0(%in: f32, %mx: f32, %o: f32):
    %0 = arith.subf %in, %mx : f32
    %1 = math.exp %0 : f32
    linalg.yield %1 : f32
  } -> tensor<1x128xf32>
  return %e : tensor<1x128xf32>
}

// -----

// Too large (more than max-iterations), or boolean (a vector of i1 is packed bits, a tensor of i1
// is bytes): left as linalg.
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-2: linalg.generic
// CHECK-NOT: vector.
#id = affine_map<(d0) -> (d0)>
func.func @left_alone(%x: tensor<8192xf32>, %b: tensor<16xi1>) -> (tensor<8192xf32>, tensor<16xi1>) {
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<8192xf32>) outs(%x : tensor<8192xf32>) {
  ^bb0(%in: f32, %o: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<8192xf32>
  %1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%b : tensor<16xi1>) outs(%b : tensor<16xi1>) {
  ^bb0(%in: i1, %o: i1):
    %t = arith.constant true
    %n = arith.xori %in, %t : i1
    linalg.yield %n : i1
  } -> tensor<16xi1>
  return %0, %1 : tensor<8192xf32>, tensor<16xi1>
}
