// RUN: aicc-opt %s --aicc-cpu-compute-in-bf16=keep-fp32=kept 2>&1 | FileCheck %s

// What aicc -v says of a function: how many of its conv, deconv, matmul and LSTM kernels compute in bf16.
// CHECK: remark: bf16: 1 of 2 conv, deconv, matmul and LSTM kernels compute in bf16
func.func @two_matmuls(%a: tensor<4x256xf32>) -> (tensor<4x256xf32>, tensor<4x256xf32>) {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<256x256xf32>}> : () -> tensor<256x256xf32>
  %i0 = tensor.empty() : tensor<4x256xf32>
  %x = aicc_cpu.matmul ins(%a, %w : tensor<4x256xf32>, tensor<256x256xf32>) outs(%i0 : tensor<4x256xf32>) -> tensor<4x256xf32> loc("kept")
  %i1 = tensor.empty() : tensor<4x256xf32>
  %y = aicc_cpu.matmul ins(%a, %w : tensor<4x256xf32>, tensor<256x256xf32>) outs(%i1 : tensor<4x256xf32>) -> tensor<4x256xf32>
  return %x, %y : tensor<4x256xf32>, tensor<4x256xf32>
}
