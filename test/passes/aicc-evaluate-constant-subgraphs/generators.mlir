// EvaluateConstantSubgraphs on ops that make tensors from shapes: Range, ConstantOfShape, Expand,
// and Slice with a negative step.
// RUN: aicc-opt %s -aicc-evaluate-constant-subgraphs -split-input-file | FileCheck %s

// CHECK-LABEL: func @generators
// CHECK-SAME: -> (tensor<4xi64>, tensor<3xf32>, tensor<2x3xi32>, tensor<2x3xi64>, tensor<3xi64>)
// CHECK-DAG: "aicc.Constant"() <{value = dense<[10, 7, 4, 1]> : tensor<4xi64>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[0.000000e+00, 5.000000e-01, 1.000000e+00]> : tensor<3xf32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<7> : tensor<2x3xi32>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<{{\[\[}}1, 2, 3], [1, 2, 3]]> : tensor<2x3xi64>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[3, 2, 1]> : tensor<3xi64>}>
// CHECK-NOT: "aicc.Range"
// CHECK-NOT: "aicc.ConstantOfShape"
// CHECK-NOT: "aicc.Expand"
// CHECK-NOT: "aicc.Slice"
func.func @generators() -> (tensor<?xi64>, tensor<?xf32>, tensor<?x?xi32>, tensor<?x?xi64>, tensor<?xi64>) {
  %start = "aicc.Constant"() <{value = dense<10> : tensor<i64>}> : () -> tensor<i64>
  %limit = "aicc.Constant"() <{value = dense<0> : tensor<i64>}> : () -> tensor<i64>
  %delta = "aicc.Constant"() <{value = dense<-3> : tensor<i64>}> : () -> tensor<i64>
  %r = "aicc.Range"(%start, %limit, %delta) : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  %fs = "aicc.Constant"() <{value = dense<0.0> : tensor<f32>}> : () -> tensor<f32>
  %fl = "aicc.Constant"() <{value = dense<1.2> : tensor<f32>}> : () -> tensor<f32>
  %fd = "aicc.Constant"() <{value = dense<0.5> : tensor<f32>}> : () -> tensor<f32>
  %rf = "aicc.Range"(%fs, %fl, %fd) : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<?xf32>
  %shape = "aicc.Constant"() <{value = dense<[2, 3]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %c = "aicc.ConstantOfShape"(%shape) <{value = dense<7> : tensor<1xi32>}> : (tensor<2xi64>) -> tensor<?x?xi32>
  %row = "aicc.Constant"() <{value = dense<[1, 2, 3]> : tensor<3xi64>}> : () -> tensor<3xi64>
  %e = "aicc.Expand"(%row, %shape) : (tensor<3xi64>, tensor<2xi64>) -> tensor<?x?xi64>
  %starts = "aicc.Constant"() <{value = dense<[-1]> : tensor<1xi64>}> : () -> tensor<1xi64>
  %ends = "aicc.Constant"() <{value = dense<[-9223372036854775807]> : tensor<1xi64>}> : () -> tensor<1xi64>
  %axes = "aicc.Constant"() <{value = dense<[0]> : tensor<1xi64>}> : () -> tensor<1xi64>
  %steps = "aicc.Constant"() <{value = dense<[-1]> : tensor<1xi64>}> : () -> tensor<1xi64>
  %rev = "aicc.Slice"(%row, %starts, %ends, %axes, %steps) : (tensor<3xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xi64>
  return %r, %rf, %c, %e, %rev : tensor<?xi64>, tensor<?xf32>, tensor<?x?xi32>, tensor<?x?xi64>, tensor<?xi64>
}

// -----

// A causal mask built in forward, torch.triu(torch.ones(T, T), diagonal=1), and the lower form with a
// negative k on a batch of matrices (Trilu-14).
// CHECK-LABEL: func @trilu
// CHECK-DAG: "aicc.Constant"() <{value = dense<{{\[\[}}false, true, true], [false, false, true], [false, false, false]]> : tensor<3x3xi1>}>
// CHECK-DAG: "aicc.Constant"() <{value = dense<{{\[\[\[}}0.000000e+00, 0.000000e+00], [3.000000e+00, 0.000000e+00], [5.000000e+00, 6.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00], [9.000000e+00, 0.000000e+00], [1.100000e+01, 1.200000e+01]]]> : tensor<2x3x2xf32>}>
// CHECK-NOT: "aicc.Trilu"
func.func @trilu() -> (tensor<3x3xi1>, tensor<2x3x2xf32>) {
  %ones = "aicc.Constant"() <{value = dense<true> : tensor<3x3xi1>}> : () -> tensor<3x3xi1>
  %one = "aicc.Constant"() <{value = dense<1> : tensor<i64>}> : () -> tensor<i64>
  %upper = "aicc.Trilu"(%ones, %one) <{upper = 1 : i64}> : (tensor<3x3xi1>, tensor<i64>) -> tensor<3x3xi1>
  %x = "aicc.Constant"() <{value = dense<[[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]]> : tensor<2x3x2xf32>}> : () -> tensor<2x3x2xf32>
  %minus = "aicc.Constant"() <{value = dense<-1> : tensor<i64>}> : () -> tensor<i64>
  %lower = "aicc.Trilu"(%x, %minus) <{upper = 0 : i64}> : (tensor<2x3x2xf32>, tensor<i64>) -> tensor<2x3x2xf32>
  return %upper, %lower : tensor<3x3xi1>, tensor<2x3x2xf32>
}
