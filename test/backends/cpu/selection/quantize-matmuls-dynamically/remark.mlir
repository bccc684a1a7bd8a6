// RUN: aicc-opt %s --aicc-cpu-quantize-matmuls-dynamically 2>&1 | FileCheck %s

// What aicc -v says of a function: how many of its matmul kernels run in int8 (here the weights'
// one, not the product of two activations).
// CHECK: remark: dynamic quantization: 1 of 2 matmul kernels in int8
func.func @two_matmuls(%a: tensor<4x2xf32>, %b: tensor<3x3xf32>) -> tensor<4x3xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %i0 = tensor.empty() : tensor<4x3xf32>
  %x = aicc_cpu.matmul ins(%a, %w : tensor<4x2xf32>, tensor<2x3xf32>) outs(%i0 : tensor<4x3xf32>) -> tensor<4x3xf32>
  %i1 = tensor.empty() : tensor<4x3xf32>
  %y = aicc_cpu.matmul ins(%x, %b : tensor<4x3xf32>, tensor<3x3xf32>) outs(%i1 : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}
