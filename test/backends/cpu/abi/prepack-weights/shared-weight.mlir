// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls --aicc-cpu-prepack-weights=isa=avx2 | FileCheck %s

// Two convs reading one weight the same way share one packed global; the original stays because
// code outside the kernels still reads it (here: a copy to an output).
// CHECK: aicc.kernels = [#aicc_cpu.kernel<kind = conv,
// CHECK-SAME: constants = [unit, @__constant_w_packed, unit, unit], formats =
// CHECK-SAME: #aicc_cpu.kernel<kind = conv,
// CHECK-SAME: constants = [unit, @__constant_w_packed, unit, unit], formats =
// CHECK-DAG: memref.global "private" constant @__constant_w : memref<8x2x3x3xf32>
// CHECK-DAG: memref.global "private" constant @__constant_w_packed : memref<{{[0-9]+}}xi8>
// CHECK-NOT: @__constant_w_packed_
// CHECK-LABEL: func.func @main(
// CHECK: memref.get_global @__constant_w
// CHECK: memref.copy
memref.global "private" constant @__constant_w : memref<8x2x3x3xf32> = dense<1.000000e+00>

func.func @main(%x: memref<1x2x5x5xf32>, %y: memref<1x8x3x3xf32>, %z: memref<1x8x3x3xf32>, %v: memref<8x2x3x3xf32>) {
  %w = memref.get_global @__constant_w : memref<8x2x3x3xf32>
  aicc_cpu.conv ins(%x, %w : memref<1x2x5x5xf32>, memref<8x2x3x3xf32>) outs(%y : memref<1x8x3x3xf32>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>,
       groups = 1 : i64}
  aicc_cpu.conv ins(%x, %w : memref<1x2x5x5xf32>, memref<8x2x3x3xf32>) outs(%z : memref<1x8x3x3xf32>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>,
       groups = 1 : i64}
  memref.copy %w, %v : memref<8x2x3x3xf32> to memref<8x2x3x3xf32>
  return
}
