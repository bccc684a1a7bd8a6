// RUN: aicc-opt %s --aicc-decompose-einsum --split-input-file -verify-diagnostics | FileCheck %s

// MaxViT's attention product, with spaces: b, g, h are batch dims, j is contracted. Both operands
// are already [batch, free, contracted] / [batch, contracted, free]: reshaped to 3-D, one MatMul,
// reshaped back.
// CHECK-LABEL: func.func @batched_matmul
// CHECK: %[[A:.*]] = "aicc.Reshape"(%arg0, %{{.*}}) {{.*}} -> tensor<24x5x7xf32>
// CHECK: %[[B:.*]] = "aicc.Reshape"(%arg1, %{{.*}}) {{.*}} -> tensor<24x7x3xf32>
// CHECK: %[[P:.*]] = "aicc.MatMul"(%[[A]], %[[B]]) : (tensor<24x5x7xf32>, tensor<24x7x3xf32>) -> tensor<24x5x3xf32>
// CHECK: %[[R:.*]] = "aicc.Reshape"(%[[P]], %{{.*}}) {{.*}} -> tensor<2x3x4x5x3xf32>
// CHECK: return %[[R]]
// CHECK-NOT: aicc.Einsum
func.func @batched_matmul(%a: tensor<2x3x4x5x7xf32>, %b: tensor<2x3x4x7x3xf32>) -> tensor<2x3x4x5x3xf32> {
  %y = "aicc.Einsum"(%a, %b) <{equation = "B G H I J, B G H J D -> B G H I D"}> : (tensor<2x3x4x5x7xf32>, tensor<2x3x4x7x3xf32>) -> tensor<2x3x4x5x3xf32>
  return %y : tensor<2x3x4x5x3xf32>
}

// -----

// q·kᵀ per head: k is transposed to [b, h, d, j] first.
// CHECK-LABEL: func.func @scores
// CHECK: %[[KT:.*]] = "aicc.Transpose"(%arg1) <{perm = array<i64: 0, 1, 3, 2>}> : (tensor<2x4x6x8xf32>) -> tensor<2x4x8x6xf32>
// CHECK: "aicc.MatMul"(%{{.*}}, %{{.*}}) : (tensor<8x5x8xf32>, tensor<8x8x6xf32>) -> tensor<8x5x6xf32>
func.func @scores(%q: tensor<2x4x5x8xf32>, %k: tensor<2x4x6x8xf32>) -> tensor<2x4x5x6xf32> {
  %y = "aicc.Einsum"(%q, %k) <{equation = "bhid,bhjd->bhij"}> : (tensor<2x4x5x8xf32>, tensor<2x4x6x8xf32>) -> tensor<2x4x5x6xf32>
  return %y : tensor<2x4x5x6xf32>
}

// -----

// Implicit output (the letters used once, alphabetically: "ik"), and an ellipsis of batch dims.
// CHECK-LABEL: func.func @implicit_and_ellipsis
// CHECK: "aicc.MatMul"{{.*}} -> tensor<1x3x5xf32>
// CHECK: "aicc.MatMul"{{.*}} -> tensor<6x3x5xf32>
// CHECK: "aicc.Reshape"{{.*}} -> tensor<2x3x3x5xf32>
func.func @implicit_and_ellipsis(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<2x3x3x4xf32>, %d: tensor<2x3x4x5xf32>)
    -> (tensor<3x5xf32>, tensor<2x3x3x5xf32>) {
  %y = "aicc.Einsum"(%a, %b) <{equation = "ij,jk"}> : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  %z = "aicc.Einsum"(%c, %d) <{equation = "...ij,...jk->...ik"}> : (tensor<2x3x3x4xf32>, tensor<2x3x4x5xf32>) -> tensor<2x3x3x5xf32>
  return %y, %z : tensor<3x5xf32>, tensor<2x3x3x5xf32>
}

// -----

// One operand: a label the output drops is summed, the rest transposed into the output's order.
// CHECK-LABEL: func.func @sum_and_transpose
// CHECK: %[[S:.*]] = "aicc.ReduceSum"(%arg0, %{{.*}}) <{keepdims = 0 : i64{{.*}}}> : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x4xf32>
// CHECK: "aicc.Transpose"(%[[S]]) <{perm = array<i64: 1, 0>}> : (tensor<2x4xf32>) -> tensor<4x2xf32>
func.func @sum_and_transpose(%x: tensor<2x3x4xf32>) -> tensor<?x?xf32> {
  %y = "aicc.Einsum"(%x) <{equation = "ijk->ki"}> : (tensor<2x3x4xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

func.func @diagonal(%x: tensor<3x3xf32>) -> tensor<3xf32> {
  // expected-error @below {{equation 'ii->i': a label repeated within one operand (a diagonal) is not supported}}
  %y = "aicc.Einsum"(%x) <{equation = "ii->i"}> : (tensor<3x3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @three_operands(%x: tensor<3xf32>) -> tensor<f32> {
  // expected-error @below {{of 3 operands: 1 or 2 are supported}}
  %y = "aicc.Einsum"(%x, %x, %x) <{equation = "i,i,i->"}> : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return %y : tensor<f32>
}
