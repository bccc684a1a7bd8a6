// EvaluateConstantSubgraphs on ScatterND and ScatterElements of constants: the shifted-window masks
// swin_t builds by slice assignment, with negative indices and the add reduction; an index out of
// range or an integer reduction is left to run time, which checks it.
// RUN: aicc-opt %s -aicc-evaluate-constant-subgraphs -split-input-file | FileCheck %s

// CHECK-LABEL: func @scatter_nd
// CHECK: "aicc.Constant"() <{value = dense<{{\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00], [2.000000e+00, 2.000000e+00, 4.000000e+00]]> : tensor<3x3xf32>}>
// CHECK-NOT: "aicc.ScatterND"
func.func @scatter_nd() -> tensor<3x3xf32> {
  %data = "aicc.Constant"() <{value = dense<0.0> : tensor<3x3xf32>}> : () -> tensor<3x3xf32>
  %rows = "aicc.Constant"() <{value = dense<[[1], [-1]]> : tensor<2x1xi64>}> : () -> tensor<2x1xi64>
  %fill = "aicc.Constant"() <{value = dense<[[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %a = "aicc.ScatterND"(%data, %rows, %fill) <{reduction = "none"}> : (tensor<3x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  %corner = "aicc.Constant"() <{value = dense<[[2, 2]]> : tensor<1x2xi64>}> : () -> tensor<1x2xi64>
  %two = "aicc.Constant"() <{value = dense<2.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "aicc.ScatterND"(%a, %corner, %two) <{reduction = "add"}> : (tensor<3x3xf32>, tensor<1x2xi64>, tensor<1xf32>) -> tensor<3x3xf32>
  return %b : tensor<3x3xf32>
}

// -----

// CHECK-LABEL: func @scatter_elements
// CHECK: "aicc.Constant"() <{value = dense<{{\[\[}}1.000000e+00, 5.000000e+00, 3.000000e+00, 7.000000e+00]]> : tensor<1x4xf32>}>
// CHECK-NOT: "aicc.ScatterElements"
func.func @scatter_elements() -> tensor<1x4xf32> {
  %data = "aicc.Constant"() <{value = dense<[[1.0, 2.0, 3.0, 4.0]]> : tensor<1x4xf32>}> : () -> tensor<1x4xf32>
  %indices = "aicc.Constant"() <{value = dense<[[1, -1]]> : tensor<1x2xi64>}> : () -> tensor<1x2xi64>
  %updates = "aicc.Constant"() <{value = dense<[[5.0, 7.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %r = "aicc.ScatterElements"(%data, %indices, %updates) <{axis = 1 : i64}> : (tensor<1x4xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// -----

// An index out of range fails the run that would compute it: left to run time, which reports it.
// CHECK-LABEL: func @left_to_run_time
// CHECK: "aicc.ScatterND"
func.func @left_to_run_time() -> tensor<3xi64> {
  %data = "aicc.Constant"() <{value = dense<0> : tensor<3xi64>}> : () -> tensor<3xi64>
  %outside = "aicc.Constant"() <{value = dense<[[3]]> : tensor<1x1xi64>}> : () -> tensor<1x1xi64>
  %one = "aicc.Constant"() <{value = dense<1> : tensor<1xi64>}> : () -> tensor<1xi64>
  %a = "aicc.ScatterND"(%data, %outside, %one) <{reduction = "none"}> : (tensor<3xi64>, tensor<1x1xi64>, tensor<1xi64>) -> tensor<3xi64>
  return %a : tensor<3xi64>
}

// -----

// CHECK-LABEL: func @reduction
// CHECK: "aicc.Constant"() <{value = dense<[8, 2, 2]> : tensor<3xi32>}>
// CHECK-NOT: "aicc.ScatterElements"
func.func @reduction() -> tensor<3xi32> {
  %idata = "aicc.Constant"() <{value = dense<1> : tensor<3xi32>}> : () -> tensor<3xi32>
  %at = "aicc.Constant"() <{value = dense<[0, 0]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %ione = "aicc.Constant"() <{value = dense<[1, 2]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %b = "aicc.ScatterElements"(%idata, %at, %ione) <{reduction = "add", axis = 0 : i64}> : (tensor<3xi32>, tensor<2xi64>, tensor<2xi32>) -> tensor<3xi32>
  %c = "aicc.ScatterElements"(%b, %at, %ione) <{reduction = "mul", axis = 0 : i64}> : (tensor<3xi32>, tensor<2xi64>, tensor<2xi32>) -> tensor<3xi32>
  %zero = "aicc.Constant"() <{value = dense<0> : tensor<2xi32>}> : () -> tensor<2xi32>
  %d = "aicc.ScatterElements"(%idata, %at, %zero) <{reduction = "none", axis = 0 : i64}> : (tensor<3xi32>, tensor<2xi64>, tensor<2xi32>) -> tensor<3xi32>
  %e = "aicc.Add"(%c, %d) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %e : tensor<3xi32>
}
