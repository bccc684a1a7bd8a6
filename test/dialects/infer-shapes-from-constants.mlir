// Shape rules that read shape-valued inputs (ConstantOfShape, Expand, Range, Squeeze, Unsqueeze,
// Tile; dialects/ShapeInferenceTensor.cpp): a constant input gives static dims, an unknown one at
// most the rank.
// RUN: aicc-opt %s -aicc-infer-shapes -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func @constant_inputs
// CHECK: "aicc.ConstantOfShape"{{.*}} -> tensor<2x3xf32>
// CHECK: "aicc.Expand"{{.*}} -> tensor<4x2x3xf32>
// CHECK: "aicc.Range"{{.*}} -> tensor<4xi64>
// CHECK: "aicc.Unsqueeze"{{.*}} -> tensor<1x2x1x3xf32>
// CHECK: "aicc.Squeeze"{{.*}} -> tensor<2x3xf32>
// CHECK: "aicc.Tile"{{.*}} -> tensor<4x9xf32>
func.func @constant_inputs(%x: tensor<2x1xf32>, %y: tensor<2x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %shape = "aicc.Constant"() <{value = dense<[2, 3]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %c = "aicc.ConstantOfShape"(%shape) : (tensor<2xi64>) -> tensor<*xf32>
  %big = "aicc.Constant"() <{value = dense<[4, 1, 3]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %e = "aicc.Expand"(%x, %big) : (tensor<2x1xf32>, tensor<3xi64>) -> tensor<*xf32>
  %start = "aicc.Constant"() <{value = dense<1> : tensor<i64>}> : () -> tensor<i64>
  %limit = "aicc.Constant"() <{value = dense<9> : tensor<i64>}> : () -> tensor<i64>
  %delta = "aicc.Constant"() <{value = dense<2> : tensor<i64>}> : () -> tensor<i64>
  %r = "aicc.Range"(%start, %limit, %delta) : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<*xi64>
  %axes = "aicc.Constant"() <{value = dense<[0, -2]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %u = "aicc.Unsqueeze"(%y, %axes) : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  %s = "aicc.Squeeze"(%u, %axes) : (tensor<*xf32>, tensor<2xi64>) -> tensor<*xf32>
  %reps = "aicc.Constant"() <{value = dense<[2, 3]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %t = "aicc.Tile"(%y, %reps) : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %c, %e, %r, %u, %s, %t : tensor<*xf32>, tensor<*xf32>, tensor<*xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Shape inputs known only by type: the rank follows from their length, the dims stay unknown.
// CHECK-LABEL: func @unknown_inputs
// CHECK: "aicc.ConstantOfShape"{{.*}} -> tensor<?x?xf32>
// CHECK: "aicc.Expand"{{.*}} -> tensor<?x?x?xf32>
// CHECK: "aicc.Range"{{.*}} -> tensor<?xi64>
// CHECK: "aicc.Unsqueeze"{{.*}} -> tensor<*xf32>
func.func @unknown_inputs(%x: tensor<2x1xf32>, %shape: tensor<2xi64>, %big: tensor<3xi64>, %n: tensor<i64>, %axes: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi64>, tensor<*xf32>) {
  %c = "aicc.ConstantOfShape"(%shape) : (tensor<2xi64>) -> tensor<*xf32>
  %e = "aicc.Expand"(%x, %big) : (tensor<2x1xf32>, tensor<3xi64>) -> tensor<*xf32>
  %r = "aicc.Range"(%n, %n, %n) : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<*xi64>
  %u = "aicc.Unsqueeze"(%x, %axes) : (tensor<2x1xf32>, tensor<1xi64>) -> tensor<*xf32>
  return %c, %e, %r, %u : tensor<*xf32>, tensor<*xf32>, tensor<*xi64>, tensor<*xf32>
}

// -----

func.func @squeeze_non_one(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %axes = "aicc.Constant"() <{value = dense<[0]> : tensor<1xi64>}> : () -> tensor<1xi64>
  // expected-error @+1 {{cannot squeeze dimension 0 of size 2}}
  %s = "aicc.Squeeze"(%x, %axes) : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return %s : tensor<*xf32>
}

// -----

// Pad: constant pads (begins, then ends) grow each static dim, negative ones crop; unknown pads
// give the rank only.
// CHECK-LABEL: func @pad
// CHECK: "aicc.Pad"{{.*}} -> tensor<1x3x8x5xf32>
// CHECK: "aicc.Pad"{{.*}} -> tensor<?x?x?x?xf32>
func.func @pad(%x: tensor<1x3x6x6xf32>, %p: tensor<8xi64>) -> (tensor<*xf32>, tensor<*xf32>) {
  %pads = "aicc.Constant"() <{value = dense<[0, 0, 1, 1, 0, 0, 1, -2]> : tensor<8xi64>}> : () -> tensor<8xi64>
  %none = aicc.none
  %a = "aicc.Pad"(%x, %pads, %none) <{mode = "reflect"}> : (tensor<1x3x6x6xf32>, tensor<8xi64>, none) -> tensor<*xf32>
  %b = "aicc.Pad"(%x, %p, %none) <{mode = "constant"}> : (tensor<1x3x6x6xf32>, tensor<8xi64>, none) -> tensor<*xf32>
  return %a, %b : tensor<*xf32>, tensor<*xf32>
}

// -----

func.func @pad_wrong_length(%x: tensor<1x3xf32>) -> tensor<*xf32> {
  %pads = "aicc.Constant"() <{value = dense<[0, 1]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %none = aicc.none
  // expected-error @+1 {{input 'pads' has 2 entries but input 'data' has rank 2 (2 per dim needed)}}
  %a = "aicc.Pad"(%x, %pads, %none) <{mode = "constant"}> : (tensor<1x3xf32>, tensor<2xi64>, none) -> tensor<*xf32>
  return %a : tensor<*xf32>
}
