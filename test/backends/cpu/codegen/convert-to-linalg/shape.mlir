// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// Reshapes keep row-major order: the static result type is all they need, the shape input is unused.
// CHECK-LABEL: func.func @reshape
// CHECK: %[[R:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: return %[[R]]
func.func @reshape(%x: tensor<2x3x4xf32>, %shape: tensor<2xi64>) -> tensor<6x4xf32> {
  %0 = "aicc.Reshape"(%x, %shape) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// Without a dim-group correspondence the reshape goes through 1-D.
// CHECK-LABEL: func.func @reshape_regroup
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
func.func @reshape_regroup(%x: tensor<2x3xf32>, %shape: tensor<2xi64>) -> tensor<3x2xf32> {
  %0 = "aicc.Reshape"(%x, %shape) : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_unsqueeze_squeeze
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<2x3x4xf32> into tensor<2x12xf32>
// CHECK: tensor.expand_shape %arg0 {{\[}}[0], [1], [2, 3]] output_shape [2, 3, 4, 1]
// CHECK: tensor.collapse_shape %arg1 {{\[}}[0, 1]] : tensor<1x5xf32> into tensor<5xf32>
func.func @flatten_unsqueeze_squeeze(%x: tensor<2x3x4xf32>, %y: tensor<1x5xf32>) -> (tensor<2x12xf32>, tensor<2x3x4x1xf32>, tensor<5xf32>) {
  %0 = "aicc.Flatten"(%x) {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  %axes = "aicc.Constant"() {value = dense<[3]> : tensor<1xi64>} : () -> tensor<1xi64>
  %1 = "aicc.Unsqueeze"(%x, %axes) : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x3x4x1xf32>
  %none = aicc.none
  %2 = "aicc.Squeeze"(%y, %none) : (tensor<1x5xf32>, none) -> tensor<5xf32>
  return %0, %1, %2 : tensor<2x12xf32>, tensor<2x3x4x1xf32>, tensor<5xf32>
}

// -----

// Transpose without perm reverses the dims.
// CHECK-LABEL: func.func @transpose
// CHECK: linalg.transpose ins(%arg0 : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x3x2xf32>) permutation = [2, 1, 0]
// CHECK: linalg.transpose ins(%arg0 : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<2x4x3xf32>) permutation = [0, 2, 1]
func.func @transpose(%x: tensor<2x3x4xf32>) -> (tensor<4x3x2xf32>, tensor<2x4x3xf32>) {
  %0 = "aicc.Transpose"(%x) : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  %1 = "aicc.Transpose"(%x) {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  return %0, %1 : tensor<4x3x2xf32>, tensor<2x4x3xf32>
}

// -----

// Tile: broadcast to [r0, a0, r1, a1, ...], then collapse each pair.
// CHECK-LABEL: func.func @tile
// CHECK: %[[B:.*]] = linalg.broadcast ins(%arg0 : tensor<2x3xf32>) outs(%{{.*}} : tensor<2x2x1x3xf32>) dimensions = [0, 2]
// CHECK: tensor.collapse_shape %[[B]] {{\[}}[0, 1], [2, 3]] : tensor<2x2x1x3xf32> into tensor<4x3xf32>
func.func @tile(%x: tensor<2x3xf32>, %repeats: tensor<2xi64>) -> tensor<4x3xf32> {
  %0 = "aicc.Tile"(%x, %repeats) : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @expand
// CHECK: linalg.generic {indexing_maps = [#[[ROW]], #{{.*}}]
// CHECK-SAME: ins(%arg0 : tensor<4xf32>) outs(%{{.*}} : tensor<2x3x4xf32>)
func.func @expand(%x: tensor<4xf32>, %shape: tensor<3xi64>) -> tensor<2x3x4xf32> {
  %0 = "aicc.Expand"(%x, %shape) : (tensor<4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @identity
// CHECK-NEXT: return %arg0
func.func @identity(%x: tensor<2x3xi64>) -> tensor<2x3xi64> {
  %0 = "aicc.Identity"(%x) : (tensor<2x3xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}
