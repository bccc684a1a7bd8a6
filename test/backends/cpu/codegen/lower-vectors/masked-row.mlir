// RUN: aicc-opt %s --aicc-cpu-lower-vectors --canonicalize | FileCheck %s

// A partial tile's masked row (aicc-cpu-vectorize of a dynamic tile) becomes one masked load and
// one masked store of the row, the mask applied by the hardware.
// CHECK-LABEL: func.func @masked_row
// CHECK: %[[MASK:.*]] = vector.create_mask %{{.*}} : vector<127xi1>
// CHECK: %[[ROW:.*]] = vector.maskedload %{{.*}}, %[[MASK]], %{{.*}} : memref<1x?xf32>, vector<127xi1>, vector<127xf32> into vector<127xf32>
// CHECK: vector.maskedstore %{{.*}}, %[[MASK]], %[[ROW]]
func.func @masked_row(%src: memref<1x?xf32>, %dst: memref<1x?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pad = arith.constant 0.0 : f32
  %mask = vector.create_mask %c1, %n : vector<1x127xi1>
  %v = vector.transfer_read %src[%c0, %c0], %pad, %mask {in_bounds = [true, true]} : memref<1x?xf32>, vector<1x127xf32>
  vector.transfer_write %v, %dst[%c0, %c0], %mask {in_bounds = [true, true]} : vector<1x127xf32>, memref<1x?xf32>
  return
}
