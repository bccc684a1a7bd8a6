// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// Trilu, upper with a run-time k: element [b, i, j] is kept where j - i >= k, zero elsewhere.
// CHECK-LABEL: func.func @upper_runtime_k
// CHECK: %[[K:.*]] = tensor.extract %arg1[] : tensor<i64>
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<2x4x5xf32>) outs(%{{.*}} : tensor<2x4x5xf32>)
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: %[[D:.*]] = arith.subi
// CHECK: %[[KEEP:.*]] = arith.cmpi sge, %[[D]], %[[K]] : i64
// CHECK: arith.select %[[KEEP]], %{{.*}}, %{{.*}} : f32
func.func @upper_runtime_k(%x: tensor<2x4x5xf32>, %k: tensor<i64>) -> tensor<2x4x5xf32> {
  %y = "aicc.Trilu"(%x, %k) : (tensor<2x4x5xf32>, tensor<i64>) -> tensor<2x4x5xf32>
  return %y : tensor<2x4x5xf32>
}

// -----

// Lower without k (0): kept where j - i <= 0; a symbolic dim is sized from the input.
// CHECK-LABEL: func.func @lower_default_k
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: tensor.dim %arg0
// CHECK: arith.cmpi sle, %{{.*}}, %[[ZERO]] : i64
func.func @lower_default_k(%x: tensor<?x6xi64>) -> tensor<?x6xi64> {
  %none = aicc.none
  %y = "aicc.Trilu"(%x, %none) <{upper = 0 : i64}> : (tensor<?x6xi64>, none) -> tensor<?x6xi64>
  return %y : tensor<?x6xi64>
}
