// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// The kernel becomes a call with the operands' addresses in their slots (slot 2, the absent bias,
// stays 0); the table records the constant weight by its global, so init can reorder it once, and
// the conv's geometry, layouts and post-ops as aicc_conv_params' fields. The entry is named after
// the ONNX node (the op's NameLoc), for errors and the profile.
// CHECK: module attributes {aicc.kernels = [#aicc_cpu.kernel<kind = conv, name = "/stem/Conv", num_args = 4,
// CHECK-SAME: params = #aicc_cpu.conv_params<batch = 1, channels = 2, out_channels = 8, groups = 1, in = [5, 5], out = [3, 3],
// CHECK-SAME: kernel = [3, 3], strides = [2, 2], dilations = [1, 1], pads_begin = [1, 1], pads_end = [1, 1], has_bias = false,
// CHECK-SAME: src_layout = plain, dst_layout = blocked8, post_ops = [#aicc_cpu.eltwise<relu>]>,
// CHECK-SAME: constants = [unit, @__constant_w, unit, unit]>]}
memref.global "private" constant @__constant_w : memref<8x2x3x3xf32> = dense<1.000000e+00>

// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[STATE:.*]]: !llvm.ptr, %{{.*}}: memref<1x2x5x5xf32>, %{{.*}}: memref<1x1x3x3x8xf32>)
// CHECK: %[[ARGS:.*]] = memref.alloca() : memref<4xindex>
// CHECK-COUNT-4: memref.store %{{.*}}, %[[ARGS]][%{{.*}}] : memref<4xindex>
// CHECK: %[[PTR:.*]] = llvm.inttoptr %{{.*}} : i64 to !llvm.ptr
// CHECK: call @aicc_kernel_run(%[[STATE]], %{{.*}}, %[[PTR]]) : (!llvm.ptr, i64, !llvm.ptr) -> ()
// CHECK-NOT: aicc_cpu.conv
// CHECK: func.func private @aicc_kernel_run(!llvm.ptr, i64, !llvm.ptr)
func.func @main(%x: memref<1x2x5x5xf32>, %y: memref<1x1x3x3x8xf32>) {
  %w = memref.get_global @__constant_w : memref<8x2x3x3xf32>
  aicc_cpu.conv ins(%x, %w : memref<1x2x5x5xf32>, memref<8x2x3x3xf32>) outs(%y : memref<1x1x3x3x8xf32>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>,
       groups = 1 : i64, post_ops = [#aicc_cpu.eltwise<relu>], dst_layout = #aicc_cpu.layout<blocked8>} loc("/stem/Conv")
  return
}
