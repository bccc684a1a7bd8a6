// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// The kernel becomes a call with the operands' addresses in their slots (slot 2, the absent bias,
// stays 0); the table records the constant weight by its global, so init can reorder it once, and
// the conv's attributes as aicc_conv_params (8-byte words, by field: spatial_dims, batch, channels,
// out_channels, groups, in[3], out[3], kernel[3], strides[3], dilations[3], pads_begin[3],
// pads_end[3], has_bias, src_layout, dst_layout, then the post-op list: count, 4 x {kind,
// activation, alpha, beta, binary, arg, dims[5]}; relu is kind 1, activation 1). The entry is named after the ONNX node
// (the op's NameLoc), for errors and the profile.
// CHECK: module attributes {aicc.kernels = [{constants = [unit, @__constant_w, unit, unit], kind = 1 : i64, name = "/stem/Conv", num_args = 4 : i64,
// CHECK-SAME: params = array<i64: 2, 1, 2, 8, 1, 5, 5, 0, 3, 3, 0, 3, 3, 0, 2, 2, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>}]}
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
