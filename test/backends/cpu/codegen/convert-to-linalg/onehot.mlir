// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// OneHot along the last axis: the indices are read without the axis, a negative index counts
// from depth, and the element is on_value where the wrapped index equals the axis position.
// CHECK-DAG: #[[INDICES:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[RESULT:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @onehot_last_axis
// CHECK: %[[OFF:.*]] = tensor.extract %arg1[%{{.*}}] : tensor<2xf32>
// CHECK: %[[ON:.*]] = tensor.extract %arg1[%{{.*}}] : tensor<2xf32>
// CHECK: linalg.generic {indexing_maps = [#[[INDICES]], #[[RESULT]]], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<3xi64>) outs(%{{.*}} : tensor<3x10xf32>)
// CHECK: %[[WRAPPED:.*]] = arith.select
// CHECK: %[[K:.*]] = linalg.index 1 : index
// CHECK: arith.cmpi eq, %[[WRAPPED]]
// CHECK: arith.select %{{.*}}, %[[ON]], %[[OFF]] : f32
func.func @onehot_last_axis(%indices: tensor<3xi64>, %values: tensor<2xf32>) -> tensor<3x10xf32> {
  %depth = "aicc.Constant"() <{value = dense<10> : tensor<i64>}> : () -> tensor<i64>
  %y = "aicc.OneHot"(%indices, %depth, %values) : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x10xf32>
  return %y : tensor<3x10xf32>
}

// -----

// OneHot at axis 0 of float indices (truncated to integers), with a symbolic batch.
// CHECK-DAG: #[[INDICES:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @onehot_first_axis_symbolic
// CHECK: %[[N:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?xf32>
// CHECK: tensor.empty(%[[N]]) : tensor<4x?xi64>
// CHECK: arith.fptosi
// CHECK: linalg.index 0 : index
func.func @onehot_first_axis_symbolic(%indices: tensor<?xf32>, %values: tensor<2xi64>) -> tensor<4x?xi64> {
  %depth = "aicc.Constant"() <{value = dense<4.0> : tensor<f32>}> : () -> tensor<f32>
  %y = "aicc.OneHot"(%indices, %depth, %values) {axis = 0 : i64} : (tensor<?xf32>, tensor<f32>, tensor<2xi64>) -> tensor<4x?xi64>
  return %y : tensor<4x?xi64>
}
