// RUN: aicc-opt %s --aicc-cpu-lower-vectors -split-input-file | FileCheck %s

// A broadcast that prepends a dim, read back without the source's trailing unit dim, repeats the
// source as rows: [12, 13] becomes [12, 12, 13, 13] after the transpose, never [12, 13, 12, 13]
// (upstream's ShapeCastBroadcastFolder would make it a broadcast of vector<2x1> to vector<2x2>).
// CHECK-LABEL: func.func @expand_of_a_column
// CHECK: %[[V:.*]] = vector.load
// CHECK: %[[A:.*]] = vector.extract %[[V]][0]
// CHECK: %[[R0:.*]] = vector.insert %[[A]], %{{.*}} [0]
// CHECK: %[[B:.*]] = vector.extract %[[V]][1]
// CHECK: %[[R1:.*]] = vector.insert %[[B]], %[[R0]] [1]
// CHECK: %[[C:.*]] = vector.extract %[[V]][0]
// CHECK: %[[R2:.*]] = vector.insert %[[C]], %[[R1]] [2]
// CHECK: %[[D:.*]] = vector.extract %[[V]][1]
// CHECK: %[[R3:.*]] = vector.insert %[[D]], %[[R2]] [3]
// CHECK: vector.shuffle %[[R3]], %[[R3]] [0, 2, 1, 3]
// CHECK: vector.store
#map = affine_map<(d0, d1, d2) -> (d0, d1, 0, d2)>
func.func @expand_of_a_column(%m: memref<1x2x1xi64>, %out: memref<1x2x2x1xi64>) {
  %pad = arith.constant 0 : i64
  %c0 = arith.constant 0 : index
  %v = vector.transfer_read %m[%c0, %c0, %c0], %pad {in_bounds = [true, true, true, true], permutation_map = #map} : memref<1x2x1xi64>, vector<1x2x2x1xi64>
  vector.transfer_write %v, %out[%c0, %c0, %c0, %c0] {in_bounds = [true, true, true, true]} : vector<1x2x2x1xi64>, memref<1x2x2x1xi64>
  return
}

// -----

// Where the broadcast only prepends dims to the source's shape, and the shape_cast only reshapes
// those, the two are one broadcast.
// CHECK-LABEL: func.func @prepending_broadcast
// CHECK-NOT: vector.shape_cast
// CHECK-COUNT-6: vector.insert %{{.*}} : vector<4xf32> into vector<6x4xf32>
// CHECK-NOT: vector.shape_cast
func.func @prepending_broadcast(%x: vector<4xf32>) -> vector<6x4xf32> {
  %b = vector.broadcast %x : vector<4xf32> to vector<2x3x4xf32>
  %c = vector.shape_cast %b : vector<2x3x4xf32> to vector<6x4xf32>
  return %c : vector<6x4xf32>
}
