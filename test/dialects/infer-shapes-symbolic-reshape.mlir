// Reshape to a shape built from the data's own symbolic dims (x.view(x.size(0), -1) as PyTorch
// exports it): the -1 is the static element count over the static sizes around it, since the
// symbolic dims on both sides are the same dims of the data.
// RUN: aicc-opt %s -aicc-infer-shapes -split-input-file | FileCheck %s

// CHECK-LABEL: func @view_batch
// CHECK: "aicc.Reshape"{{.*}} -> tensor<?x400xf32>
func.func @view_batch(%x: tensor<?x16x5x5xf32>) -> tensor<*xf32> {
  %s = "aicc.Shape"(%x) : (tensor<?x16x5x5xf32>) -> tensor<4xi64>
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %n = "aicc.Gather"(%s, %zero) <{axis = 0 : i64}> : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %axes = "aicc.Constant"() <{value = dense<0> : tensor<1xi64>}> : () -> tensor<1xi64>
  %n1 = "aicc.Unsqueeze"(%n, %axes) : (tensor<i64>, tensor<1xi64>) -> tensor<1xi64>
  %rest = "aicc.Constant"() <{value = dense<-1> : tensor<1xi64>}> : () -> tensor<1xi64>
  %shape = "aicc.Concat"(%n1, %rest) <{axis = 0 : i64}> : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %y = "aicc.Reshape"(%x, %shape) : (tensor<?x16x5x5xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// Heads split by reshape(b, s, heads, d) of another tensor's dims: symbolic where they are.
// CHECK-LABEL: func @split_heads
// CHECK: "aicc.Reshape"{{.*}} -> tensor<?x?x2x64xf32>
func.func @split_heads(%x: tensor<?x?x128xf32>) -> tensor<*xf32> {
  %s = "aicc.Shape"(%x) <{end = 2 : i64}> : (tensor<?x?x128xf32>) -> tensor<2xi64>
  %heads = "aicc.Constant"() <{value = dense<[2, 64]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %shape = "aicc.Concat"(%s, %heads) <{axis = 0 : i64}> : (tensor<2xi64>, tensor<2xi64>) -> tensor<4xi64>
  %y = "aicc.Reshape"(%x, %shape) : (tensor<?x?x128xf32>, tensor<4xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// A -1 next to a symbolic dim of another tensor cannot be computed: it stays symbolic.
// CHECK-LABEL: func @other_tensor
// CHECK: "aicc.Reshape"{{.*}} -> tensor<?x?xf32>
func.func @other_tensor(%x: tensor<?x8xf32>, %y: tensor<?xf32>) -> tensor<*xf32> {
  %s = "aicc.Shape"(%y) : (tensor<?xf32>) -> tensor<1xi64>
  %rest = "aicc.Constant"() <{value = dense<-1> : tensor<1xi64>}> : () -> tensor<1xi64>
  %shape = "aicc.Concat"(%s, %rest) <{axis = 0 : i64}> : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %r = "aicc.Reshape"(%x, %shape) : (tensor<?x8xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %r : tensor<*xf32>
}

// -----

// A constant shape is the same rule: 0 copies the symbolic batch, so the -1 is computed too.
// CHECK-LABEL: func @constant_copy
// CHECK: "aicc.Reshape"{{.*}} -> tensor<?x400xf32>
func.func @constant_copy(%x: tensor<?x16x5x5xf32>) -> tensor<*xf32> {
  %shape = "aicc.Constant"() <{value = dense<[0, -1]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %y = "aicc.Reshape"(%x, %shape) : (tensor<?x16x5x5xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
