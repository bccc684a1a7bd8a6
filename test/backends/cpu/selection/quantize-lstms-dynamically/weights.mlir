// RUN: aicc-opt %s --aicc-cpu-quantize-lstms-dynamically | FileCheck %s

// An LSTM's constant W and R become s8 with one scale per row (one gate's unit: max |row| / 127):
// W's rows hold 1.27 (scale 0.01: 127, -50), only zeros (scale 1), 2.54 (scale 0.02) and 0.127
// (scale 0.001: 127, -25); R's rows 1.0, -2.0, 0 and 0.5. The bias stays f32.
// CHECK-LABEL: func.func @lstm
// CHECK-DAG: %[[W:.*]] = "aicc.Constant"() <{value = dense<{{\[}}{{\[}}[127, -50], [0, 0], [127, 50], [127, -25]]]> : tensor<1x4x2xi8>}>
// CHECK-DAG: %[[WS:.*]] = "aicc.Constant"() <{value = dense<{{\[}}[0.00999999977, 1.000000e+00, 2.000000e-02, 1.000000e-03]]> : tensor<1x4xf32>}>
// CHECK-DAG: %[[R:.*]] = "aicc.Constant"() <{value = dense<{{\[}}{{\[}}[127], [-127], [0], [127]]]> : tensor<1x4x1xi8>}>
// CHECK-DAG: %[[RS:.*]] = "aicc.Constant"() <{value = dense<{{\[}}[0.00787401571, 0.0157480314, 1.000000e+00, 0.00393700786]]> : tensor<1x4xf32>}>
// CHECK: aicc_cpu.rnn <lstm> ins(%arg0, %[[W]], %[[R]] : tensor<3x1x2xf32>, tensor<1x4x2xi8>, tensor<1x4x1xi8>)
// CHECK-SAME: bias(%arg1 : tensor<1x8xf32>) w_scales(%[[WS]] : tensor<1x4xf32>) r_scales(%[[RS]] : tensor<1x4xf32>)
func.func @lstm(%x: tensor<3x1x2xf32>, %b: tensor<1x8xf32>) -> tensor<3x1x1x1xf32> {
  %w = "aicc.Constant"() <{value = dense<[[[1.27, -0.5], [0.0, 0.0], [2.54, 1.0], [0.127, -0.0254]]]> : tensor<1x4x2xf32>}> : () -> tensor<1x4x2xf32>
  %r = "aicc.Constant"() <{value = dense<[[[1.0], [-2.0], [0.0], [0.5]]]> : tensor<1x4x1xf32>}> : () -> tensor<1x4x1xf32>
  %y0 = tensor.empty() : tensor<3x1x1x1xf32>
  %h0 = tensor.empty() : tensor<1x1x1xf32>
  %c0 = tensor.empty() : tensor<1x1x1xf32>
  %y, %h, %c = aicc_cpu.rnn <lstm> ins(%x, %w, %r : tensor<3x1x2xf32>, tensor<1x4x2xf32>, tensor<1x4x1xf32>)
      bias(%b : tensor<1x8xf32>) outs(%y0, %h0, %c0 : tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>)
      {direction = #aicc_cpu.rnn_direction<forward>, hidden_size = 1 : i64,
       activations = [#aicc_cpu.rnn_activation<sigmoid>, #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
      -> tensor<3x1x1x1xf32>, tensor<1x1x1xf32>, tensor<1x1x1xf32>
  return %y : tensor<3x1x1x1xf32>
}
