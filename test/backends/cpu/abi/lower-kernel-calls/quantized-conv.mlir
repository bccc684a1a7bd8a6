// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// An int8 conv's entry: aicc_quantized_conv_params holds the geometry as a conv's, the data types,
// the zero points and how many scales there are; the constant weights and scales are read from
// their globals (slots 1 and 4), the bias slot (2) is empty.
// CHECK: module attributes {aicc.kernels = [#aicc_cpu.kernel<kind = quantized_conv, name = "/conv/QLinearConv", num_args = 5,
// CHECK-SAME: params = #aicc_cpu.quantized_conv_params<conv = <batch = 1, channels = 2, out_channels = 8, groups = 1, in = [5, 5], out = [3, 3],
// CHECK-SAME: kernel = [3, 3], strides = [2, 2], dilations = [1, 1], pads_begin = [1, 1], pads_end = [1, 1], has_bias = false,
// CHECK-SAME: src_layout = plain, dst_layout = plain, post_ops = [#aicc_cpu.eltwise<relu>]>, src_type = u8, dst_type = s8,
// CHECK-SAME: scale_count = 8, src_zero_point = 128, dst_zero_point = -1>,
// CHECK-SAME: constants = [unit, @__constant_w, unit, unit, @__constant_s]>]}
memref.global "private" constant @__constant_w : memref<8x2x3x3xi8> = dense<1>
memref.global "private" constant @__constant_s : memref<8xf32> = dense<1.000000e-01>

// CHECK-LABEL: func.func @main(
// CHECK: call @aicc_kernel_run
// CHECK-NOT: aicc_cpu.quantized_conv
func.func @main(%x: memref<1x2x5x5xi8>, %y: memref<1x8x3x3xi8>) {
  %w = memref.get_global @__constant_w : memref<8x2x3x3xi8>
  %s = memref.get_global @__constant_s : memref<8xf32>
  aicc_cpu.quantized_conv ins(%x, %w : memref<1x2x5x5xi8>, memref<8x2x3x3xi8>) scales(%s : memref<8xf32>)
      outs(%y : memref<1x8x3x3xi8>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>,
       groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<s8>,
       src_zero_point = 128 : i64, dst_zero_point = -1 : i64, post_ops = [#aicc_cpu.eltwise<relu>]} loc("/conv/QLinearConv")
  return
}
