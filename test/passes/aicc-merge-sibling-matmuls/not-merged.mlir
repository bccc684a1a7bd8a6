// RUN: aicc-opt %s -aicc-merge-sibling-matmuls -split-input-file | FileCheck %s

// One projection alone, a B that is not constant, and x as the second operand are left alone.
// CHECK-LABEL: func.func @no_siblings
// CHECK-COUNT-3: "aicc.MatMul"
// CHECK-NOT: "aicc.Split"
func.func @no_siblings(%x: tensor<3x2xf32>, %b: tensor<2x2xf32>, %c: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x2xf32>) {
  %w = "aicc.Constant"() <{value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %p = "aicc.MatMul"(%x, %w) : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %q = "aicc.MatMul"(%x, %b) : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %r = "aicc.MatMul"(%c, %x) : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  return %p, %q, %r : tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x2xf32>
}

// -----

// A batched B ([2, 2, 2], which broadcasts x to a batch of 2) is not a matrix to put beside the
// other: nothing merges.
// CHECK-LABEL: func.func @batched_weight
// CHECK-COUNT-2: "aicc.MatMul"
// CHECK-NOT: "aicc.Split"
func.func @batched_weight(%x: tensor<3x2xf32>) -> (tensor<3x2xf32>, tensor<2x3x2xf32>) {
  %w = "aicc.Constant"() <{value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %v = "aicc.Constant"() <{value = dense<1.0> : tensor<2x2x2xf32>}> : () -> tensor<2x2x2xf32>
  %p = "aicc.MatMul"(%x, %w) : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %q = "aicc.MatMul"(%x, %v) : (tensor<3x2xf32>, tensor<2x2x2xf32>) -> tensor<2x3x2xf32>
  return %p, %q : tensor<3x2xf32>, tensor<2x3x2xf32>
}

// -----

// A sibling whose B has unknown rank (its result is unranked) is skipped, not read as ranked.
// CHECK-LABEL: func.func @unranked_sibling
// CHECK-COUNT-2: "aicc.MatMul"
// CHECK-NOT: "aicc.Split"
func.func @unranked_sibling(%x: tensor<3x2xf32>, %y: tensor<*xf32>) -> (tensor<3x2xf32>, tensor<*xf32>) {
  %w = "aicc.Constant"() <{value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %p = "aicc.MatMul"(%x, %w) : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %q = "aicc.MatMul"(%x, %y) : (tensor<3x2xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %p, %q : tensor<3x2xf32>, tensor<*xf32>
}
