// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls --aicc-cpu-prepack-weights=isa=avx2 | FileCheck %s

// Weights passed at run time and kernels without weights (pooling) have nothing to prepack: the
// table is left as it was, with no formats. Ops without an ONNX node's location are named after
// the op.
// CHECK: aicc.kernels = [#aicc_cpu.kernel<kind = conv, name = "aicc_cpu.conv", num_args = 4, params = {{.*}}, constants = [unit, unit, unit, unit]>,
// CHECK-SAME: #aicc_cpu.kernel<kind = pool, name = "aicc_cpu.pool", num_args = 2, params = {{.*}}, constants = [unit, unit]>]
// CHECK-NOT: formats
// CHECK-NOT: memref.global
func.func @main(%x: memref<1x2x5x5xf32>, %w: memref<8x2x3x3xf32>, %y: memref<1x8x3x3xf32>, %p: memref<1x8x1x1xf32>) {
  aicc_cpu.conv ins(%x, %w : memref<1x2x5x5xf32>, memref<8x2x3x3xf32>) outs(%y : memref<1x8x3x3xf32>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>,
       groups = 1 : i64}
  aicc_cpu.pool <max> ins(%y : memref<1x8x3x3xf32>) outs(%p : memref<1x8x1x1xf32>)
      {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
       pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>}
  return
}
