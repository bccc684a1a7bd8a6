// EvaluateConstantSubgraphs on elementwise ops: numpy broadcasting, integer Div truncating toward
// zero, comparisons to bool, Where, Cast, Neg, Pow.
// RUN: aicc-opt %s -aicc-evaluate-constant-subgraphs -split-input-file | FileCheck %s

// CHECK-LABEL: func @integers
// CHECK-DAG: "aicc.Constant"() <{value = dense<{{\[\[}}11, 12, 13], [21, 22, 23]]> : tensor<2x3xi64>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[-3, 3, 0]> : tensor<3xi64>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[10, 40, 90]> : tensor<3xi64>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[-1, -2, -3]> : tensor<3xi64>}>
// CHECK-NOT: "aicc.Add"
// CHECK-NOT: "aicc.Div"
// CHECK-NOT: "aicc.Mul"
// CHECK-NOT: "aicc.Neg"
func.func @integers() -> (tensor<2x3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>) {
  %col = "aicc.Constant"() <{value = dense<[[10], [20]]> : tensor<2x1xi64>}> : () -> tensor<2x1xi64>
  %row = "aicc.Constant"() <{value = dense<[1, 2, 3]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %sum = "aicc.Add"(%col, %row) : (tensor<2x1xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  %num = "aicc.Constant"() <{value = dense<[-7, 7, 2]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %den = "aicc.Constant"() <{value = dense<[2, 2, 3]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %quot = "aicc.Div"(%num, %den) : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %ten = "aicc.Constant"() <{value = dense<10> : tensor<i64>}> : () -> tensor<i64>
  %sq = "aicc.Mul"(%row, %row) : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %prod = "aicc.Mul"(%sq, %ten) : (tensor<3xi64>, tensor<i64>) -> tensor<3xi64>
  %neg = "aicc.Neg"(%row) : (tensor<3xi64>) -> tensor<3xi64>
  return %sum, %quot, %prod, %neg : tensor<2x3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>
}

// -----

// CHECK-LABEL: func @floats_and_casts
// CHECK-DAG: "aicc.Constant"() <{value = dense<[2.500000e+00, -1.000000e+00]> : tensor<2xf32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[2, -1]> : tensor<2xi32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[false, true]> : tensor<2xi1>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[7, 2]> : tensor<2xi64>}>
// CHECK-NOT: "aicc.Div"
// CHECK-NOT: "aicc.Cast"
// CHECK-NOT: "aicc.Equal"
// CHECK-NOT: "aicc.Where"
func.func @floats_and_casts() -> (tensor<2xf32>, tensor<2xi32>, tensor<2xi1>, tensor<2xi64>) {
  %a = "aicc.Constant"() <{value = dense<[5.0, -3.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %b = "aicc.Constant"() <{value = dense<[2.0, 3.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %q = "aicc.Div"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %i = "aicc.Cast"(%q) <{to = 6 : i64}> : (tensor<2xf32>) -> tensor<2xi32>
  %m1 = "aicc.Constant"() <{value = dense<-1> : tensor<i32>}> : () -> tensor<i32>
  %eq = "aicc.Equal"(%i, %m1) : (tensor<2xi32>, tensor<i32>) -> tensor<2xi1>
  %x = "aicc.Constant"() <{value = dense<[7, 8]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %y = "aicc.Constant"() <{value = dense<2> : tensor<i64>}> : () -> tensor<i64>
  %w = "aicc.Where"(%eq, %y, %x) : (tensor<2xi1>, tensor<i64>, tensor<2xi64>) -> tensor<2xi64>
  return %q, %i, %eq, %w : tensor<2xf32>, tensor<2xi32>, tensor<2xi1>, tensor<2xi64>
}

// -----

// Pow of floats, the exponent broadcast and of an integer type: the attention scale sqrt(64) that
// PyTorch exports as Pow(64, 0.5), and squares.
// CHECK-LABEL: func @power
// CHECK-DAG: "aicc.Constant"() <{value = dense<8.000000e+00> : tensor<f32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[1.000000e+00, 4.000000e+00, 2.250000e+00]> : tensor<3xf32>}>
// CHECK-NOT: "aicc.Pow"
func.func @power() -> (tensor<f32>, tensor<3xf32>) {
  %d = "aicc.Constant"() <{value = dense<64.0> : tensor<f32>}> : () -> tensor<f32>
  %half = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %scale = "aicc.Pow"(%d, %half) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %x = "aicc.Constant"() <{value = dense<[-1.0, 2.0, 1.5]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %two = "aicc.Constant"() <{value = dense<2> : tensor<i64>}> : () -> tensor<i64>
  %sq = "aicc.Pow"(%x, %two) : (tensor<3xf32>, tensor<i64>) -> tensor<3xf32>
  return %scale, %sq : tensor<f32>, tensor<3xf32>
}
