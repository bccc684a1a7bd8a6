// Resize's shape rule (dialects/ShapeInferenceTensor.cpp): constant sizes give the dims, constant
// scales floor(input * scale); unknown inputs leave the dims unknown but keep the rank, and dims the
// result type already has are kept.
// RUN: aicc-opt %s -aicc-infer-shapes -split-input-file | FileCheck %s

// CHECK-LABEL: func @constant_inputs
// CHECK: "aicc.Resize"{{.*}} -> tensor<1x3x13x11xf32>
// CHECK: "aicc.Resize"{{.*}} -> tensor<1x3x16x4xf32>
func.func @constant_inputs(%x: tensor<1x3x8x8xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %none = aicc.none
  %sizes = "aicc.Constant"() <{value = dense<[1, 3, 13, 11]> : tensor<4xi64>}> : () -> tensor<4xi64>
  %a = "aicc.Resize"(%x, %none, %none, %sizes) : (tensor<1x3x8x8xf32>, none, none, tensor<4xi64>) -> tensor<*xf32>
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 2.0, 0.6]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %empty = "aicc.Constant"() <{value = dense<> : tensor<0xi64>}> : () -> tensor<0xi64>
  %b = "aicc.Resize"(%x, %none, %scales, %empty) : (tensor<1x3x8x8xf32>, none, tensor<4xf32>, tensor<0xi64>) -> tensor<*xf32>
  return %a, %b : tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @unknown_sizes
// CHECK: "aicc.Resize"{{.*}} -> tensor<?x?x?x?xf32>
// CHECK: "aicc.Resize"{{.*}} -> tensor<1x3x?x?xf32>
func.func @unknown_sizes(%x: tensor<1x3x8x8xf32>, %sizes: tensor<4xi64>) -> (tensor<*xf32>, tensor<1x3x?x?xf32>) {
  %none = aicc.none
  %a = "aicc.Resize"(%x, %none, %none, %sizes) : (tensor<1x3x8x8xf32>, none, none, tensor<4xi64>) -> tensor<*xf32>
  %b = "aicc.Resize"(%x, %none, %none, %sizes) : (tensor<1x3x8x8xf32>, none, none, tensor<4xi64>) -> tensor<1x3x?x?xf32>
  return %a, %b : tensor<*xf32>, tensor<1x3x?x?xf32>
}
