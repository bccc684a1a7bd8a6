// EvaluateConstantSubgraphs computes every op the target compiles, by compiling and running it:
// ops with several results (TopK), data-shaped results (NonZero, Unique), reductions along an axis
// (CumSum, Softmax), matrix products, and a chain through all of them in one evaluation.
// RUN: aicc-opt %s -aicc-evaluate-constant-subgraphs -split-input-file | FileCheck %s

// CHECK-LABEL: func @top_k
// CHECK-DAG: "aicc.Constant"() <{value = dense<{{\[\[}}4.000000e+00, 3.000000e+00], [9.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<{{\[\[}}2, 0], [1, 2]]> : tensor<2x2xi64>}>
// CHECK-NOT: "aicc.TopK"
func.func @top_k() -> (tensor<2x2xf32>, tensor<2x2xi64>) {
  %x = "aicc.Constant"() <{value = dense<[[3.0, 1.0, 4.0], [7.0, 9.0, 8.0]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %k = "aicc.Constant"() <{value = dense<2> : tensor<1xi64>}> : () -> tensor<1xi64>
  %values, %indices = "aicc.TopK"(%x, %k) <{axis = -1 : i64, largest = 1 : i64, sorted = 1 : i64}> : (tensor<2x3xf32>, tensor<1xi64>) -> (tensor<2x2xf32>, tensor<2x2xi64>)
  return %values, %indices : tensor<2x2xf32>, tensor<2x2xi64>
}

// -----

// NonZero's result is shaped by its data: the run gives the shape.
// CHECK-LABEL: func @non_zero
// CHECK: "aicc.Constant"() <{value = dense<{{\[\[}}0, 1, 1], [1, 0, 2]]> : tensor<2x3xi64>}>
// CHECK-NOT: "aicc.NonZero"
// CHECK: return {{.*}} : tensor<2x3xi64>
func.func @non_zero() -> tensor<2x?xi64> {
  %x = "aicc.Constant"() <{value = dense<[[0, 5, 0], [2, 0, 6]]> : tensor<2x3xi32>}> : () -> tensor<2x3xi32>
  %nz = "aicc.NonZero"(%x) : (tensor<2x3xi32>) -> tensor<2x?xi64>
  return %nz : tensor<2x?xi64>
}

// -----

// Unique, in order of first occurrence, with two of its optional results not asked for (none):
// Y is data-shaped, inverse_indices is not.
// CHECK-LABEL: func @unique
// CHECK-DAG: "aicc.Constant"() <{value = dense<[3, 1, 2]> : tensor<3xi64>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[0, 1, 0, 2, 1]> : tensor<5xi64>}>
// CHECK-NOT: "aicc.Unique"
// CHECK: return {{.*}} : tensor<3xi64>, tensor<5xi64>
func.func @unique() -> (tensor<?xi64>, tensor<5xi64>) {
  %x = "aicc.Constant"() <{value = dense<[3, 1, 3, 2, 1]> : tensor<5xi64>}> : () -> tensor<5xi64>
  %y, %i, %v, %c = "aicc.Unique"(%x) <{sorted = 0 : i64}> : (tensor<5xi64>) -> (tensor<?xi64>, none, tensor<5xi64>, none)
  return %y, %v : tensor<?xi64>, tensor<5xi64>
}

// -----

// A sinusoidal position table, as transformers build it in forward: Range, Cast, Mul, Sin, Cos,
// Concat, all computed in one evaluation.
// CHECK-LABEL: func @positions
// CHECK: "aicc.Constant"() <{value = dense<{{\[\[}}0.000000e+00, 1.000000e+00], [0.8414{{[0-9]+}}, 0.5403{{[0-9]+}}], [0.9092{{[0-9]+}}, -0.4161{{[0-9]+}}]]> : tensor<3x2xf32>}>
// CHECK-NOT: "aicc.Range"
// CHECK-NOT: "aicc.Sin"
func.func @positions() -> tensor<3x2xf32> {
  %start = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %limit = "aicc.Constant"() <{value = dense<3> : tensor<i64>}> : () -> tensor<i64>
  %delta = "aicc.Constant"() <{value = dense<1> : tensor<i64>}> : () -> tensor<i64>
  %r = "aicc.Range"(%start, %limit, %delta) : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  %f = "aicc.Cast"(%r) <{to = 1 : i64}> : (tensor<?xi64>) -> tensor<?xf32>
  %axes = "aicc.Constant"() <{value = dense<1> : tensor<1xi64>}> : () -> tensor<1xi64>
  %col = "aicc.Unsqueeze"(%f, %axes) : (tensor<?xf32>, tensor<1xi64>) -> tensor<?x1xf32>
  %s = "aicc.Sin"(%col) : (tensor<?x1xf32>) -> tensor<?x1xf32>
  %c = "aicc.Cos"(%col) : (tensor<?x1xf32>) -> tensor<?x1xf32>
  %t = "aicc.Concat"(%s, %c) <{axis = 1 : i64}> : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x2xf32>
  %out = "aicc.Cast"(%t) <{to = 1 : i64}> : (tensor<?x2xf32>) -> tensor<3x2xf32>
  return %out : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func @reductions_and_products
// CHECK-DAG: "aicc.Constant"() <{value = dense<[1.000000e+00, 3.000000e+00, 6.000000e+00]> : tensor<3xf32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<{{\[\[}}1.900000e+01, 2.200000e+01], [4.300000e+01, 5.000000e+01]]> : tensor<2x2xf32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<5.000000e-01> : tensor<2xf32>}>
// CHECK-NOT: "aicc.CumSum"
// CHECK-NOT: "aicc.MatMul"
// CHECK-NOT: "aicc.Softmax"
func.func @reductions_and_products() -> (tensor<3xf32>, tensor<2x2xf32>, tensor<2xf32>) {
  %x = "aicc.Constant"() <{value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %axis = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %cum = "aicc.CumSum"(%x, %axis) <{exclusive = 0 : i64, reverse = 0 : i64}> : (tensor<3xf32>, tensor<i64>) -> tensor<3xf32>
  %a = "aicc.Constant"() <{value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %b = "aicc.Constant"() <{value = dense<[[5.0, 6.0], [7.0, 8.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  %p = "aicc.MatMul"(%a, %b) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %z = "aicc.Constant"() <{value = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %sm = "aicc.Softmax"(%z) <{axis = -1 : i64}> : (tensor<2xf32>) -> tensor<2xf32>
  return %cum, %p, %sm : tensor<3xf32>, tensor<2x2xf32>, tensor<2xf32>
}
