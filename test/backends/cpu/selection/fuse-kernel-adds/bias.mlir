// RUN: aicc-opt %s --aicc-cpu-fuse-kernel-adds --split-input-file | FileCheck %s

// A constant [OC, 1, 1] added to a conv's output becomes its bias ([OC]).
// CHECK-LABEL: func.func @conv_bias
// CHECK: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK: %[[K:.*]] = aicc_cpu.conv ins(%arg0, %arg1, %[[B]] : tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>)
// CHECK-NOT: aicc.Add
// CHECK: return %[[K]]
func.func @conv_bias(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %init = tensor.empty() : tensor<1x4x3x3xf32>
  %k = aicc_cpu.conv ins(%x, %w : tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>) outs(%init : tensor<1x4x3x3xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x4x3x3xf32>
  %b = "aicc.Constant"() <{value = dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf32>}> : () -> tensor<4x1x1xf32>
  %y = "aicc.Add"(%k, %b) : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// MatMul + Add of a constant [N] (how tf2onnx writes a dense layer) becomes a matmul with a bias.
// CHECK-LABEL: func.func @matmul_bias
// CHECK: %[[B:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00]]> : tensor<1x3xf32>
// CHECK: aicc_cpu.matmul ins(%arg0, %arg1, %[[B]] : tensor<2x4xf32>, tensor<4x3xf32>, tensor<1x3xf32>)
// CHECK-NOT: aicc.Add
func.func @matmul_bias(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %k = aicc_cpu.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = "aicc.Constant"() <{value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = "aicc.Add"(%c, %k) : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// A deconv takes a bias too; the constant here is written [1, OC, 1, 1].
// CHECK-LABEL: func.func @deconv_bias
// CHECK: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: aicc_cpu.deconv ins(%arg0, %arg1, %[[B]] : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>)
// CHECK-NOT: aicc.Add
func.func @deconv_bias(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %init = tensor.empty() : tensor<1x2x3x3xf32>
  %k = aicc_cpu.deconv ins(%x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x2x3x3xf32>
  %b = "aicc.Constant"() <{value = dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>}> : () -> tensor<1x2x1x1xf32>
  %y = "aicc.Add"(%k, %b) : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A bias that cannot be folded into a new constant (resource-backed weights, as the importer
// writes large initializers) is reshaped before the kernel that reads it, even when the Add and
// its constant come after the kernel (ConvNeXt's Linear layers).
// CHECK-LABEL: func.func @resource_bias_after_kernel
// CHECK: %[[C:.*]] = "aicc.Constant"() <{value = dense_resource<bias3>
// CHECK: %[[B:.*]] = tensor.expand_shape %[[C]]
// CHECK: aicc_cpu.matmul ins(%arg0, %arg1, %[[B]] : tensor<2x4xf32>, tensor<4x3xf32>, tensor<1x3xf32>)
// CHECK-NOT: aicc.Add
func.func @resource_bias_after_kernel(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %k = aicc_cpu.matmul ins(%a, %b : tensor<2x4xf32>, tensor<4x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = "aicc.Constant"() <{value = dense_resource<bias3> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = "aicc.Add"(%c, %k) : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

{-#
  dialect_resources: {
    builtin: {
      bias3: "0x040000000000803F0000004000004040"
    }
  }
#-}
