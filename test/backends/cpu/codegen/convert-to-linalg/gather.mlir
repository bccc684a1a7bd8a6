// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// Gather on axis 1: the indices are read through the result dims they cover (d1, d2); the data
// index is wrapped when negative, then clamped into [0, 3].
// CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-LABEL: func.func @gather_axis1
// CHECK: linalg.generic {indexing_maps = [#[[IDX]], #{{.*}}]
// CHECK-SAME: ins(%arg1 : tensor<2x2xi32>) outs(%{{.*}} : tensor<3x2x2x5xf32>)
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[D3:.*]] = linalg.index 3 : index
// CHECK: %[[I:.*]] = arith.index_cast %in : i32 to index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[I]], %c0 : index
// CHECK: %[[WRAP:.*]] = arith.addi %[[I]], %c4 : index
// CHECK: %[[SEL:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[I]] : index
// CHECK: %[[LOW:.*]] = arith.maxsi %[[SEL]], %c0 : index
// CHECK: %[[CLAMPED:.*]] = arith.minsi %[[LOW]], %c3 : index
// CHECK: tensor.extract %arg0[%[[D0]], %[[CLAMPED]], %[[D3]]] : tensor<3x4x5xf32>
func.func @gather_axis1(%x: tensor<3x4x5xf32>, %i: tensor<2x2xi32>) -> tensor<3x2x2x5xf32> {
  %0 = "aicc.Gather"(%x, %i) {axis = 1 : i64} : (tensor<3x4x5xf32>, tensor<2x2xi32>) -> tensor<3x2x2x5xf32>
  return %0 : tensor<3x2x2x5xf32>
}

// -----

// A scalar index drops the axis.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @gather_scalar_index
// CHECK: linalg.generic {indexing_maps = [#[[SCALAR]], #{{.*}}]
// CHECK: tensor.extract %arg0[%{{.*}}, %{{.*}}] : tensor<3x4xf32>
func.func @gather_scalar_index(%x: tensor<3x4xf32>, %i: tensor<i64>) -> tensor<4xf32> {
  %0 = "aicc.Gather"(%x, %i) : (tensor<3x4xf32>, tensor<i64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// GatherElements replaces the axis coordinate of each result element by its index.
// CHECK-LABEL: func.func @gather_elements
// CHECK: ins(%arg1 : tensor<3x2xi64>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[COL:.*]] = arith.minsi
// CHECK: tensor.extract %arg0[%[[ROW]], %[[COL]]] : tensor<3x4xf32>
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>) -> tensor<3x2xf32> {
  %0 = "aicc.GatherElements"(%x, %i) {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// GatherND with indices whose count only the run knows (NonZero's, transposed) and a symbolic
// data dim: each index is wrapped and clamped by the data dim's size at run time.
// CHECK-LABEL: func.func @gathernd_symbolic
// CHECK: %[[COUNT:.*]] = tensor.dim %arg1, %c0
// CHECK: %[[ROWS:.*]] = tensor.dim %arg0, %c0
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]} outs(%{{.*}} : tensor<?xf32>)
// CHECK: %[[R:.*]] = linalg.index 0
// CHECK: tensor.extract %arg1[%[[R]], %c0{{.*}}] : tensor<?x2xi64>
// CHECK: arith.addi %{{.*}}, %[[ROWS]]
// CHECK: tensor.extract %arg1[%[[R]], %c1{{.*}}] : tensor<?x2xi64>
// CHECK: tensor.extract %arg0[%{{.*}}, %{{.*}}] : tensor<?x4xf32>
func.func @gathernd_symbolic(%x: tensor<?x4xf32>, %i: tensor<?x2xi64>) -> tensor<?xf32> {
  %0 = "aicc.GatherND"(%x, %i) <{batch_dims = 0 : i64}> : (tensor<?x4xf32>, tensor<?x2xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// batch_dims = 1: the leading result dim indexes data's first dim directly.
// CHECK-LABEL: func.func @gathernd_batch
// CHECK: %[[B:.*]] = linalg.index 0
// CHECK: %[[C:.*]] = linalg.index 1
// CHECK: tensor.extract %arg1[%[[B]], %c0{{.*}}] : tensor<2x1xi64>
// CHECK: tensor.extract %arg0[%[[B]], %{{.*}}, %[[C]]] : tensor<2x3x4xf32>
func.func @gathernd_batch(%x: tensor<2x3x4xf32>, %i: tensor<2x1xi64>) -> tensor<2x4xf32> {
  %0 = "aicc.GatherND"(%x, %i) <{batch_dims = 1 : i64}> : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
