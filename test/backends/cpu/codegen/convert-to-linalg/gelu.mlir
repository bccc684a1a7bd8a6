// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// aicc.Gelu outside a kernel's post-ops: one generic with Gelu-20's formula, 0.5 · x · (1 + erf(x/√2)).
// CHECK-LABEL: func.func @gelu_erf
// CHECK: linalg.generic
// CHECK: %[[S:.*]] = arith.mulf %in, %{{.*}} : f32
// CHECK: %[[E:.*]] = math.erf %[[S]] : f32
// CHECK: %[[P:.*]] = arith.addf %{{.*}}, %[[E]] : f32
// CHECK: %[[H:.*]] = arith.mulf %{{.*}}, %in : f32
// CHECK: arith.mulf %[[H]], %[[P]] : f32
func.func @gelu_erf(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = "aicc.Gelu"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// The tanh form, 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))), over a symbolic dim.
// CHECK-LABEL: func.func @gelu_tanh
// CHECK: linalg.generic
// CHECK: %[[SQ:.*]] = arith.mulf %in, %in : f32
// CHECK: %[[CUBE:.*]] = arith.mulf %in, %[[SQ]] : f32
// CHECK: arith.constant 4.471500e-02 : f32
// CHECK: arith.constant 0.797884583 : f32
// CHECK: math.tanh
func.func @gelu_tanh(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = "aicc.Gelu"(%x) <{approximate = "tanh"}> : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
