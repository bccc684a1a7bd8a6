// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file --verify-diagnostics | FileCheck %s

// Elementwise ops take the sizes of their symbolic dims from an operand that has them.
// CHECK-LABEL: func.func @add
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK: linalg.generic
func.func @add(%x: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = "aicc.Add"(%x, %b) : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Softmax: the reductions keep the symbolic dim they do not reduce.
// CHECK-LABEL: func.func @softmax
// CHECK: tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK: math.exp
// CHECK: arith.divf
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = "aicc.Softmax"(%x) {axis = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

// Flatten merges the static dims after the symbolic batch.
// CHECK-LABEL: func.func @flatten
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0], [1, 2, 3]] : tensor<?x16x5x5xf32> into tensor<?x400xf32>
func.func @flatten(%x: tensor<?x16x5x5xf32>) -> tensor<?x400xf32> {
  %0 = "aicc.Flatten"(%x) {axis = 1 : i64} : (tensor<?x16x5x5xf32>) -> tensor<?x400xf32>
  return %0 : tensor<?x400xf32>
}

// -----

// A reshape that would merge a symbolic dim with a static one is refused, naming the op.
func.func @merge(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  %s = "aicc.Constant"() <{value = dense<[-1, 4]> : tensor<2xi64>}> : () -> tensor<2xi64>
  // expected-error @+2 {{cannot reshape 'tensor<?x8xf32>' to 'tensor<?x4xf32>': a symbolic dim would be split or merged}}
  // expected-error @+1 {{failed to legalize operation 'aicc.Reshape'}}
  %0 = "aicc.Reshape"(%x, %s) : (tensor<?x8xf32>, tensor<2xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// What has no symbolic-dim lowering yet says so, with the fix.
func.func @reduce(%x: tensor<?x8xf32>) -> tensor<?xf32> {
  // expected-error @+2 {{cannot lower aicc.ReduceMean: operand #0 has type 'tensor<?x8xf32>', static shapes are needed (fix symbolic dims with --input-shape)}}
  // expected-error @+1 {{failed to legalize operation 'aicc.ReduceMean'}}
  %0 = "aicc.ReduceMean"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<?x8xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// An embedding lookup: the symbolic dims are the ids'.
// CHECK-LABEL: func.func @embedding
// CHECK-DAG: %[[B:.*]] = tensor.dim %arg1, %c0
// CHECK-DAG: %[[S:.*]] = tensor.dim %arg1, %c1
// CHECK: tensor.empty(%[[B]], %[[S]]) : tensor<?x?x8xf32>
func.func @embedding(%table: tensor<100x8xf32>, %ids: tensor<?x?xi64>) -> tensor<?x?x8xf32> {
  %0 = "aicc.Gather"(%table, %ids) {axis = 0 : i64} : (tensor<100x8xf32>, tensor<?x?xi64>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// Gathering along a symbolic axis cannot clamp its indices at compile time: refused.
func.func @gather_symbolic_axis(%x: tensor<?x8xf32>, %i: tensor<2xi64>) -> tensor<2x8xf32> {
  // expected-error @+2 {{'aicc.Gather' op the gathered axis must be static}}
  // expected-error @+1 {{failed to legalize operation 'aicc.Gather'}}
  %0 = "aicc.Gather"(%x, %i) {axis = 0 : i64} : (tensor<?x8xf32>, tensor<2xi64>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Shape of a tensor with a symbolic dim: its elements from tensor.dim.
// CHECK-LABEL: func.func @shape
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[I:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: tensor.from_elements %[[I]], %{{.*}} : tensor<2xi64>
func.func @shape(%x: tensor<?x16xf32>) -> tensor<2xi64> {
  %0 = "aicc.Shape"(%x) : (tensor<?x16xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}
