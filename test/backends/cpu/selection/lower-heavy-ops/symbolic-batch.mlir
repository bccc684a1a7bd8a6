// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// Kernels take a symbolic batch: the destination's size comes from the input's dim.
// CHECK-LABEL: func.func @conv
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?x4x6x6xf32>
// CHECK: aicc_cpu.conv ins(%arg0, %{{.*}} : tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<?x4x6x6xf32>)
func.func @conv(%x: tensor<?x3x8x8xf32>) -> tensor<?x4x6x6xf32> {
  %w = "aicc.Constant"() <{value = dense<1.0> : tensor<4x3x3x3xf32>}> : () -> tensor<4x3x3x3xf32>
  %none = aicc.none
  %y = "aicc.Conv"(%x, %w, %none) <{kernel_shape = array<i64: 3, 3>}>
      : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<?x4x6x6xf32>
  return %y : tensor<?x4x6x6xf32>
}

// -----

// CHECK-LABEL: func.func @pool
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: tensor.empty(%[[N]]) : tensor<?x3x4x4xf32>
// CHECK: aicc_cpu.pool <max>
func.func @pool(%x: tensor<?x3x8x8xf32>) -> tensor<?x3x4x4xf32> {
  %y, %i = "aicc.MaxPool"(%x) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<?x3x8x8xf32>) -> (tensor<?x3x4x4xf32>, none)
  return %y : tensor<?x3x4x4xf32>
}

// -----

// Gemm: M from A, with transA from A's second dim.
// CHECK-LABEL: func.func @gemm
// CHECK: %[[M:.*]] = tensor.dim %arg0, %c1
// CHECK: tensor.empty(%[[M]]) : tensor<?x4xf32>
// CHECK: aicc_cpu.matmul ins(%arg0, %{{.*}} : tensor<10x?xf32>, tensor<4x10xf32>)
// CHECK-SAME: trans_a
func.func @gemm(%a: tensor<10x?xf32>) -> tensor<?x4xf32> {
  %b = "aicc.Constant"() <{value = dense<1.0> : tensor<4x10xf32>}> : () -> tensor<4x10xf32>
  %none = aicc.none
  %y = "aicc.Gemm"(%a, %b, %none) <{transA = 1 : i64, transB = 1 : i64}>
      : (tensor<10x?xf32>, tensor<4x10xf32>, none) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// MatMul with a symbolic batch and sequence: both from A; B gains a leading 1.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[B:.*]] = tensor.dim %arg0, %c0
// CHECK-DAG: %[[S:.*]] = tensor.dim %arg0, %c1
// CHECK: tensor.empty(%[[B]], %[[S]]) : tensor<?x?x4xf32>
// CHECK: aicc_cpu.matmul ins(%arg0, %{{.*}} : tensor<?x?x8xf32>, tensor<1x8x4xf32>)
func.func @matmul(%a: tensor<?x?x8xf32>) -> tensor<?x?x4xf32> {
  %b = "aicc.Constant"() <{value = dense<1.0> : tensor<8x4xf32>}> : () -> tensor<8x4xf32>
  %y = "aicc.MatMul"(%a, %b) : (tensor<?x?x8xf32>, tensor<8x4xf32>) -> tensor<?x?x4xf32>
  return %y : tensor<?x?x4xf32>
}
