// Folders of the data-movement ops: no-ops disappear, shape queries on static shapes become
// constants (dialects/ops/Tensor.cpp).
// RUN: aicc-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: %[[R:.*]] = "aicc.Identity"(%[[X]]) : (tensor<2xf32>) -> tensor<*xf32>
// CHECK-NEXT: return %[[X]], %[[R]]
func.func @identity(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<*xf32>) {
  %same = "aicc.Identity"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  // Not folded: replacing the result would change its users' operand type.
  %relaxed = "aicc.Identity"(%x) : (tensor<2xf32>) -> tensor<*xf32>
  return %same, %relaxed : tensor<2xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func @cast
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: %[[I:.*]] = "aicc.Cast"(%[[X]]) <{to = 6 : i64}> : (tensor<2xf32>) -> tensor<2xi32>
// CHECK-NEXT: return %[[X]], %[[I]]
func.func @cast(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xi32>) {
  %same = "aicc.Cast"(%x) <{to = 1 : i64}> : (tensor<2xf32>) -> tensor<2xf32>
  %int = "aicc.Cast"(%x) <{to = 6 : i64}> : (tensor<2xf32>) -> tensor<2xi32>
  return %same, %int : tensor<2xf32>, tensor<2xi32>
}

// -----

// Reshaping ops fold when the result has the input's static type; with unknown dims the same
// type proves nothing (?x? may become its transpose's extents).
// CHECK-LABEL: func @reshaping_noops
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[D:.*]]: tensor<?x?xf32>, %[[S:.*]]: tensor<2xi64>, %[[A:.*]]: tensor<0xi64>)
// CHECK-NEXT: %[[R:.*]] = "aicc.Reshape"(%[[D]], %[[S]])
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]], %[[X]], %[[R]]
func.func @reshaping_noops(%x: tensor<2x3xf32>, %d: tensor<?x?xf32>, %shape: tensor<2xi64>, %axes: tensor<0xi64>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<?x?xf32>) {
  %r = "aicc.Reshape"(%x, %shape) : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %none = aicc.none
  %s = "aicc.Squeeze"(%x, %none) : (tensor<2x3xf32>, none) -> tensor<2x3xf32>
  // Unsqueeze by no axes.
  %u = "aicc.Unsqueeze"(%x, %axes) : (tensor<2x3xf32>, tensor<0xi64>) -> tensor<2x3xf32>
  %f = "aicc.Flatten"(%x) <{axis = 1 : i64}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %dyn = "aicc.Reshape"(%d, %shape) : (tensor<?x?xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %r, %s, %u, %f, %dyn : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x2xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK-NEXT: %[[SWAP:.*]] = "aicc.Transpose"(%[[X]]) <{perm = array<i64: 1, 0>}>
// CHECK-NEXT: %[[REV:.*]] = "aicc.Transpose"(%[[X]]) : (tensor<2x2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: return %[[X]], %[[V]], %[[SWAP]], %[[REV]]
func.func @transpose(%x: tensor<2x2xf32>, %v: tensor<3xf32>) -> (tensor<2x2xf32>, tensor<3xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %id = "aicc.Transpose"(%x) <{perm = array<i64: 0, 1>}> : (tensor<2x2xf32>) -> tensor<2x2xf32>
  // Without perm the dims are reversed: the identity for rank 1.
  %vec = "aicc.Transpose"(%v) : (tensor<3xf32>) -> tensor<3xf32>
  %swap = "aicc.Transpose"(%x) <{perm = array<i64: 1, 0>}> : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %rev = "aicc.Transpose"(%x) : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %id, %vec, %swap, %rev : tensor<2x2xf32>, tensor<3xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func @shape
// CHECK-DAG: %[[ALL:.*]] = "aicc.Constant"() <{value = dense<[2, 3, 4]> : tensor<3xi64>}>
// CHECK-DAG: %[[LAST:.*]] = "aicc.Constant"() <{value = dense<4> : tensor<1xi64>}>
// CHECK-DAG: %[[KNOWN:.*]] = "aicc.Constant"() <{value = dense<5> : tensor<1xi64>}>
// CHECK-DAG: %[[UNKNOWN:.*]] = "aicc.Shape"(%{{.*}}) {{.*}}: (tensor<5x?xf32>) -> tensor<2xi64>
// CHECK: return %[[ALL]], %[[LAST]], %[[KNOWN]], %[[UNKNOWN]]
func.func @shape(%x: tensor<2x3x4xf32>, %d: tensor<5x?xf32>) -> (tensor<3xi64>, tensor<1xi64>, tensor<1xi64>, tensor<2xi64>) {
  %all = "aicc.Shape"(%x) : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %last = "aicc.Shape"(%x) <{start = -1 : i64}> : (tensor<2x3x4xf32>) -> tensor<1xi64>
  // Only the selected dims need to be static.
  %known = "aicc.Shape"(%d) <{start = 0 : i64, end = 1 : i64}> : (tensor<5x?xf32>) -> tensor<1xi64>
  %unknown = "aicc.Shape"(%d) : (tensor<5x?xf32>) -> tensor<2xi64>
  return %all, %last, %known, %unknown : tensor<3xi64>, tensor<1xi64>, tensor<1xi64>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func @size
// CHECK-DAG: %[[STATIC:.*]] = "aicc.Constant"() <{value = dense<24> : tensor<i64>}>
// CHECK-DAG: %[[DYNAMIC:.*]] = "aicc.Size"(%{{.*}}) : (tensor<?x4xf32>) -> tensor<i64>
// CHECK: return %[[STATIC]], %[[DYNAMIC]]
func.func @size(%x: tensor<2x3x4xf32>, %d: tensor<?x4xf32>) -> (tensor<i64>, tensor<i64>) {
  %static = "aicc.Size"(%x) : (tensor<2x3x4xf32>) -> tensor<i64>
  %dynamic = "aicc.Size"(%d) : (tensor<?x4xf32>) -> tensor<i64>
  return %static, %dynamic : tensor<i64>, tensor<i64>
}
