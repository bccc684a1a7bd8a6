// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// An LSTM's slots are ONNX's: X, W, R, B, sequence_lens, initial_h, initial_c, P, then Y, Y_h,
// Y_c; the absent ones (B, sequence_lens, initial_c, P) stay 0 and the constant weights are
// recorded by global. aicc_rnn_params by field, the activations those of one direction.
// CHECK: aicc.kernels = [#aicc_cpu.kernel<kind = rnn, name = "/lstm/LSTM", num_args = 11,
// CHECK-SAME: params = #aicc_cpu.rnn_params<cell = lstm, direction = forward, layout = 0, seq_length = 5, batch = 2,
// CHECK-SAME: input_size = 8, hidden_size = 16, has_bias = false, has_sequence_lens = false, has_initial_h = true,
// CHECK-SAME: has_initial_c = false, has_peepholes = false, linear_before_reset = false, input_forget = false,
// CHECK-SAME: clip = 0.000000e+00, activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>,
// CHECK-SAME: #aicc_cpu.rnn_activation<tanh>]>,
// CHECK-SAME: constants = [unit, @__constant_w, @__constant_r, unit, unit, unit, unit, unit, unit, unit, unit]>]
memref.global "private" constant @__constant_w : memref<1x64x8xf32> = dense<1.000000e+00>
memref.global "private" constant @__constant_r : memref<1x64x16xf32> = dense<1.000000e+00>

// CHECK-LABEL: func.func @main(
// CHECK: %[[ARGS:.*]] = memref.alloca() : memref<11xindex>
// CHECK-COUNT-11: memref.store %{{.*}}, %[[ARGS]][%{{.*}}] : memref<11xindex>
// CHECK: call @aicc_kernel_run
// CHECK-NOT: aicc_cpu.rnn
func.func @main(%x: memref<5x2x8xf32>, %h0: memref<1x2x16xf32>, %y: memref<5x1x2x16xf32>, %yh: memref<1x2x16xf32>,
                %yc: memref<1x2x16xf32>) {
  %w = memref.get_global @__constant_w : memref<1x64x8xf32>
  %r = memref.get_global @__constant_r : memref<1x64x16xf32>
  aicc_cpu.rnn <lstm> ins(%x, %w, %r : memref<5x2x8xf32>, memref<1x64x8xf32>, memref<1x64x16xf32>) initial_h(%h0 : memref<1x2x16xf32>)
      outs(%y, %yh, %yc : memref<5x1x2x16xf32>, memref<1x2x16xf32>, memref<1x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]} loc("/lstm/LSTM")
  return
}
