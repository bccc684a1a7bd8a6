// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// A kernel's compute_type goes into its params (aicc_conv_params.compute_type,
// aicc_matmul_params.compute_type, aicc_rnn_params.compute_type); f32, the default, is not shown.
// CHECK: #aicc_cpu.conv_params<
// CHECK-SAME: post_ops = [], compute_type = bf16>
// CHECK: #aicc_cpu.matmul_params<
// CHECK-SAME: post_ops = []>
// CHECK: #aicc_cpu.matmul_params<
// CHECK-SAME: post_ops = [], compute_type = bf16>
// CHECK: #aicc_cpu.rnn_params<cell = lstm
// CHECK-SAME: compute_type = bf16>
func.func @main(%x: memref<1x2x5x5xf32>, %w: memref<8x2x3x3xf32>, %y: memref<1x8x3x3xf32>,
                %a: memref<4x2xf32>, %b: memref<2x3xf32>, %c0: memref<4x3xf32>, %c1: memref<4x3xf32>,
                %lx: memref<5x1x8xf32>, %lw: memref<1x128x8xf32>, %lr: memref<1x128x32xf32>, %ly: memref<5x1x1x32xf32>,
                %lh: memref<1x1x32xf32>, %lc: memref<1x1x32xf32>) {
  aicc_cpu.conv ins(%x, %w : memref<1x2x5x5xf32>, memref<8x2x3x3xf32>) outs(%y : memref<1x8x3x3xf32>)
      {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>,
       groups = 1 : i64, compute_type = #aicc_cpu.data_type<bf16>}
  aicc_cpu.matmul ins(%a, %b : memref<4x2xf32>, memref<2x3xf32>) outs(%c0 : memref<4x3xf32>)
  aicc_cpu.matmul ins(%a, %b : memref<4x2xf32>, memref<2x3xf32>) outs(%c1 : memref<4x3xf32>)
      {compute_type = #aicc_cpu.data_type<bf16>}
  aicc_cpu.rnn <lstm> ins(%lx, %lw, %lr : memref<5x1x8xf32>, memref<1x128x8xf32>, memref<1x128x32xf32>)
      outs(%ly, %lh, %lc : memref<5x1x1x32xf32>, memref<1x1x32xf32>, memref<1x1x32xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 32 : i64, compute_type = #aicc_cpu.data_type<bf16>,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
  return
}
