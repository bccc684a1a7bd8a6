// RUN: aicc-opt %s | aicc-opt | FileCheck %s

// The recurrent kernel prints as it parses: tensors with every optional operand, and memrefs.
// CHECK-LABEL: func.func @lstm_all_operands
// CHECK: aicc_cpu.rnn <lstm> ins(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : tensor<5x2x8xf32>, tensor<2x64x8xf32>, tensor<2x64x16xf32>)
// CHECK-SAME: bias(%{{[a-z0-9_]+}} : tensor<2x128xf32>) sequence_lens(%{{[a-z0-9_]+}} : tensor<2xi32>) initial_h(%{{[a-z0-9_]+}} : tensor<2x2x16xf32>)
// CHECK-SAME: initial_c(%{{[a-z0-9_]+}} : tensor<2x2x16xf32>) peepholes(%{{[a-z0-9_]+}} : tensor<2x48xf32>)
// CHECK-SAME: outs(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : tensor<5x2x2x16xf32>, tensor<2x2x16xf32>, tensor<2x2x16xf32>)
// CHECK-SAME: activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>,
// CHECK-SAME: #aicc_cpu.rnn_activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]
// CHECK-SAME: clip = 3.000000e+00 : f64, direction = #aicc_cpu.rnn_direction<bidirectional>, hidden_size = 16 : i64
// CHECK-SAME: -> tensor<5x2x2x16xf32>, tensor<2x2x16xf32>, tensor<2x2x16xf32>
func.func @lstm_all_operands(%x: tensor<5x2x8xf32>, %w: tensor<2x64x8xf32>, %r: tensor<2x64x16xf32>, %b: tensor<2x128xf32>,
                             %lens: tensor<2xi32>, %h0: tensor<2x2x16xf32>, %c0: tensor<2x2x16xf32>, %p: tensor<2x48xf32>) {
  %y0 = tensor.empty() : tensor<5x2x2x16xf32>
  %s0 = tensor.empty() : tensor<2x2x16xf32>
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<5x2x8xf32>, tensor<2x64x8xf32>, tensor<2x64x16xf32>)
      bias(%b : tensor<2x128xf32>) sequence_lens(%lens : tensor<2xi32>) initial_h(%h0 : tensor<2x2x16xf32>)
      initial_c(%c0 : tensor<2x2x16xf32>) peepholes(%p : tensor<2x48xf32>)
      outs(%y0, %s0, %s0 : tensor<5x2x2x16xf32>, tensor<2x2x16xf32>, tensor<2x2x16xf32>)
      {direction = #aicc_cpu.rnn_direction<bidirectional>, hidden_size = 16 : i64, clip = 3.0 : f64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>,
                      #aicc_cpu.rnn_activation<hard_sigmoid, alpha = 0.2, beta = 0.5>, #aicc_cpu.rnn_activation<tanh>,
                      #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<5x2x2x16xf32>, tensor<2x2x16xf32>, tensor<2x2x16xf32>
  return
}

// CHECK-LABEL: func.func @gru_on_memrefs
// CHECK: aicc_cpu.rnn <gru> ins(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : memref<2x5x8xf32>, memref<1x48x8xf32>, memref<1x48x16xf32>)
// CHECK-SAME: outs(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : memref<2x5x1x16xf32>, memref<2x1x16xf32>)
// CHECK-SAME: layout = 1 : i64, linear_before_reset = true
// CHECK-NOT: ->
func.func @gru_on_memrefs(%x: memref<2x5x8xf32>, %w: memref<1x48x8xf32>, %r: memref<1x48x16xf32>, %y: memref<2x5x1x16xf32>,
                          %h: memref<2x1x16xf32>) {
  aicc_cpu.rnn <gru> ins(%x, %w, %r : memref<2x5x8xf32>, memref<1x48x8xf32>, memref<1x48x16xf32>)
      outs(%y, %h : memref<2x5x1x16xf32>, memref<2x1x16xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 16 : i64, layout = 1 : i64, linear_before_reset = true,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>]}
  return
}
