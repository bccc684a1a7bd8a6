// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// An RNN with w_scales and r_scales is a quantized_rnn entry: the RNN's params and slots, then the
// scales in slots 11 and 12, all four weights constants.
// CHECK: aicc.kernels = [#aicc_cpu.kernel<kind = quantized_rnn, name = "/lstm/LSTM", num_args = 13,
// CHECK-SAME: params = #aicc_cpu.rnn_params<cell = lstm, direction = forward, layout = 0, seq_length = 5, batch = 2,
// CHECK-SAME: constants = [unit, @__constant_w, @__constant_r, unit, unit, unit, unit, unit, unit, unit, unit,
// CHECK-SAME: @__constant_ws, @__constant_rs]>]
memref.global "private" constant @__constant_w : memref<1x64x8xi8> = dense<1>
memref.global "private" constant @__constant_r : memref<1x64x16xi8> = dense<1>
memref.global "private" constant @__constant_ws : memref<1x64xf32> = dense<1.000000e-02>
memref.global "private" constant @__constant_rs : memref<1x64xf32> = dense<2.000000e-02>

// CHECK-LABEL: func.func @main(
// CHECK: %[[ARGS:.*]] = memref.alloca() : memref<13xindex>
// CHECK-COUNT-13: memref.store %{{.*}}, %[[ARGS]][%{{.*}}] : memref<13xindex>
// CHECK: call @aicc_kernel_run
// CHECK-NOT: aicc_cpu.rnn
func.func @main(%x: memref<5x2x8xf32>, %y: memref<5x1x2x16xf32>, %yh: memref<1x2x16xf32>, %yc: memref<1x2x16xf32>) {
  %w = memref.get_global @__constant_w : memref<1x64x8xi8>
  %r = memref.get_global @__constant_r : memref<1x64x16xi8>
  %ws = memref.get_global @__constant_ws : memref<1x64xf32>
  %rs = memref.get_global @__constant_rs : memref<1x64xf32>
  aicc_cpu.rnn <lstm> ins(%x, %w, %r : memref<5x2x8xf32>, memref<1x64x8xi8>, memref<1x64x16xi8>)
      w_scales(%ws : memref<1x64xf32>) r_scales(%rs : memref<1x64xf32>)
      outs(%y, %yh, %yc : memref<5x1x2x16xf32>, memref<1x2x16xf32>, memref<1x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]} loc("/lstm/LSTM")
  return
}
