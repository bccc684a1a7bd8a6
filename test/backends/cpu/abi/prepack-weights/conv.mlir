// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls --aicc-cpu-prepack-weights=isa=avx2 | FileCheck %s

// The conv's weights are reordered at compile time into the blocked layout its AVX2 primitive
// reads: a new i8 global holds the bytes, the table points at it and records the layout as an
// aicc_packed_format (dims [8, 2, 3, 3], padded dims and strides, then one inner block of 8
// output channels, dim 0, and 576 bytes); the ONNX original, read by nothing else, is gone. The
// bias is read as it is and stays.
// CHECK: module attributes {aicc.kernels = [#aicc_cpu.kernel<kind = conv,
// CHECK-SAME: constants = [unit, @__constant_w_packed, @__constant_b, unit],
// CHECK-SAME: formats = [unit, #aicc_cpu.packed_format<dims = [8, 2, 3, 3], padded_dims = [8, 2, 3, 3], strides = [{{[0-9, ]+}}],
// CHECK-SAME: block_sizes = [8], block_dims = [0], bytes = 576>, unit, unit]>
// CHECK-NOT: @__constant_w :
// CHECK-DAG: memref.global "private" constant @__constant_b : memref<8xf32>
// CHECK-DAG: memref.global "private" constant @__constant_w_packed : memref<{{[0-9]+}}xi8> = dense_resource<__constant_w_packed> {alignment = 64 : i64}
// CHECK-LABEL: func.func @main(
// CHECK-NOT: memref.get_global
// CHECK: call @aicc_kernel_run
memref.global "private" constant @__constant_w : memref<8x2x3x3xf32> = dense<1.000000e+00>
memref.global "private" constant @__constant_b : memref<8xf32> = dense<5.000000e-01>

func.func @main(%x: memref<1x2x5x5xf32>, %y: memref<1x8x3x3xf32>) {
  %w = memref.get_global @__constant_w : memref<8x2x3x3xf32>
  %b = memref.get_global @__constant_b : memref<8xf32>
  aicc_cpu.conv ins(%x, %w, %b : memref<1x2x5x5xf32>, memref<8x2x3x3xf32>, memref<8xf32>) outs(%y : memref<1x8x3x3xf32>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>,
       groups = 1 : i64}
  return
}
