// RUN: aicc-opt %s --aicc-cpu-lower-vectors | FileCheck %s

// A maxnumf row reduction (softmax's shift, where NaN needs no care) is marked nnan, so LLVM
// reduces it with a vector max tree rather than lane by lane.
// CHECK-LABEL: func.func @shift_max
// CHECK: vector.reduction <maxnumf>, {{.*}} fastmath<nnan> : vector<64xf32> into f32
func.func @shift_max(%x: memref<1x64xf32>, %out: memref<1xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %init = arith.constant dense<0xFF800000> : vector<1xf32>
  %v = vector.transfer_read %x[%c0, %c0], %pad {in_bounds = [true, true]} : memref<1x64xf32>, vector<1x64xf32>
  %m = vector.multi_reduction <maxnumf>, %v, %init [1] : vector<1x64xf32> to vector<1xf32>
  vector.transfer_write %m, %out[%c0] {in_bounds = [true]} : vector<1xf32>, memref<1xf32>
  return
}

// ReduceMax's maximumf must propagate NaN: no flag.
// CHECK-LABEL: func.func @reduce_max
// CHECK: vector.reduction <maximumf>, %{{[^ ]*}}, %{{[^ ]*}} : vector<64xf32> into f32
func.func @reduce_max(%x: memref<1x64xf32>, %out: memref<1xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %init = arith.constant dense<0xFF800000> : vector<1xf32>
  %v = vector.transfer_read %x[%c0, %c0], %pad {in_bounds = [true, true]} : memref<1x64xf32>, vector<1x64xf32>
  %m = vector.multi_reduction <maximumf>, %v, %init [1] : vector<1x64xf32> to vector<1xf32>
  vector.transfer_write %m, %out[%c0] {in_bounds = [true]} : vector<1xf32>, memref<1xf32>
  return
}
