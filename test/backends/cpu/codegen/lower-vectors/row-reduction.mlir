// RUN: aicc-opt %s --aicc-cpu-lower-vectors | FileCheck %s

// A tile's unit dims go, its contiguous read becomes one 1-D load, and the row reduction a
// 1-D vector.reduction: nothing n-D is left for the LLVM conversion.
// CHECK-LABEL: func.func @row_max
// CHECK: vector.load {{.*}} : memref<128xf32, strided<[1]>>, vector<128xf32>
// CHECK: vector.reduction <maximumf>, {{.*}} : vector<128xf32> into f32
// CHECK-NOT: vector.multi_reduction
// CHECK-NOT: vector.transfer
func.func @row_max(%x: memref<1x1x128xf32>, %out: memref<1x1xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %init = arith.constant dense<0xFF800000> : vector<1x1xf32>
  %v = vector.transfer_read %x[%c0, %c0, %c0], %pad {in_bounds = [true, true, true]} : memref<1x1x128xf32>, vector<1x1x128xf32>
  %m = vector.multi_reduction <maximumf>, %v, %init [2] : vector<1x1x128xf32> to vector<1x1xf32>
  vector.transfer_write %m, %out[%c0, %c0] {in_bounds = [true, true]} : vector<1x1xf32>, memref<1x1xf32>
  return
}

// Already 1-D vector code is left as it is.
// CHECK-LABEL: func.func @one_d
// CHECK: %[[V:.*]] = vector.load %arg0[%{{.*}}] : memref<16xf32>, vector<16xf32>
// CHECK: %[[N:.*]] = arith.negf %[[V]] : vector<16xf32>
// CHECK: vector.store %[[N]], %arg0[%{{.*}}] : memref<16xf32>, vector<16xf32>
func.func @one_d(%x: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %v = vector.load %x[%c0] : memref<16xf32>, vector<16xf32>
  %n = arith.negf %v : vector<16xf32>
  vector.store %n, %x[%c0] : memref<16xf32>, vector<16xf32>
  return
}
