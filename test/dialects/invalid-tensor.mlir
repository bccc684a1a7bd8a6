// Verifiers of Gather, Reshape, Transpose, Concat, Flatten, Squeeze and Unsqueeze
// (dialects/ops/Tensor.cpp).
// RUN: aicc-opt %s -split-input-file -verify-diagnostics

func.func @gather_axis(%data: tensor<2x3xf32>, %indices: tensor<4xi64>) {
  // expected-error @+1 {{attribute 'axis' (-3) is out of range [-2, 1] for input 'data' of rank 2}}
  %y = "aicc.Gather"(%data, %indices) <{axis = -3 : i64}> : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @gather_scalar_data(%data: tensor<f32>, %indices: tensor<4xi64>) {
  // expected-error @+1 {{input 'data' must have rank >= 1}}
  %y = "aicc.Gather"(%data, %indices) : (tensor<f32>, tensor<4xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @reshape_shape_rank(%data: tensor<6xf32>, %shape: tensor<1x2xi64>) {
  // expected-error @+1 {{input 'shape' must be a 1-D tensor, got rank 2}}
  %y = "aicc.Reshape"(%data, %shape) : (tensor<6xf32>, tensor<1x2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @reshape_result_rank(%data: tensor<6xf32>, %shape: tensor<2xi64>) {
  // expected-error @+1 {{result has rank 3 but input 'shape' has 2 entries}}
  %y = "aicc.Reshape"(%data, %shape) : (tensor<6xf32>, tensor<2xi64>) -> tensor<1x2x3xf32>
  return
}

// -----

func.func @reshape_element_count(%data: tensor<6xf32>, %shape: tensor<2xi64>) {
  // expected-error @+1 {{input 'data' has 6 elements but the result has 8}}
  %y = "aicc.Reshape"(%data, %shape) : (tensor<6xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  return
}

// -----

func.func @transpose_perm_length(%data: tensor<2x3x4xf32>) {
  // expected-error @+1 {{attribute 'perm' has 2 entries but input 'data' has rank 3}}
  %y = "aicc.Transpose"(%data) <{perm = array<i64: 1, 0>}> : (tensor<2x3x4xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @transpose_not_a_permutation(%data: tensor<2x3x4xf32>) {
  // expected-error @+1 {{attribute 'perm' is not a permutation of [0, 3)}}
  %y = "aicc.Transpose"(%data) <{perm = array<i64: 0, 2, 2>}> : (tensor<2x3x4xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+1 {{needs at least one input}}
  %y = "aicc.Concat"() <{axis = 0 : i64}> : () -> tensor<*xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{attribute 'axis' (2) is out of range [-2, 1] for input 'inputs' of rank 2}}
  %y = "aicc.Concat"(%a, %b) <{axis = 2 : i64}> : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @concat_ranks(%a: tensor<2x3xf32>, %b: tensor<*xf32>, %c: tensor<2x3x1xf32>) {
  // expected-error @+1 {{input #2 has rank 3 but an earlier input has rank 2}}
  %y = "aicc.Concat"(%a, %b, %c) <{axis = 0 : i64}> : (tensor<2x3xf32>, tensor<*xf32>, tensor<2x3x1xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @concat_off_axis_sizes(%a: tensor<2x?xf32>, %b: tensor<5x3xf32>, %c: tensor<1x4xf32>) {
  // expected-error @+1 {{input #2 has size 4 in dimension 1 but input #1 has 3}}
  %y = "aicc.Concat"(%a, %b, %c) <{axis = 0 : i64}> : (tensor<2x?xf32>, tensor<5x3xf32>, tensor<1x4xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{attribute 'axis' (3) is out of range [-2, 2] for input 'input' of rank 2}}
  %y = "aicc.Flatten"(%x) <{axis = 3 : i64}> : (tensor<2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @squeeze_axes_rank(%x: tensor<1x3xf32>, %axes: tensor<1x1xi64>) {
  // expected-error @+1 {{input 'axes' must be a scalar or 1-D tensor, got rank 2}}
  %y = "aicc.Squeeze"(%x, %axes) : (tensor<1x3xf32>, tensor<1x1xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @squeeze_result_rank(%x: tensor<1x3x1xf32>, %axes: tensor<2xi64>) {
  // expected-error @+1 {{result has rank 2, expected 1 from input 'data' of rank 3 and 2 entries in input 'axes'}}
  %y = "aicc.Squeeze"(%x, %axes) : (tensor<1x3x1xf32>, tensor<2xi64>) -> tensor<3x1xf32>
  return
}

// -----

func.func @squeeze_all_grows(%x: tensor<1x3xf32>, %none: none) {
  // expected-error @+1 {{result rank 3 exceeds the rank of input 'data' (2)}}
  %y = "aicc.Squeeze"(%x, %none) : (tensor<1x3xf32>, none) -> tensor<1x3x1xf32>
  return
}

// -----

func.func @unsqueeze_result_rank(%x: tensor<3xf32>, %axes: tensor<i64>) {
  // expected-error @+1 {{result has rank 3, expected 2 from input 'data' of rank 1 and 1 entries in input 'axes'}}
  %y = "aicc.Unsqueeze"(%x, %axes) : (tensor<3xf32>, tensor<i64>) -> tensor<1x3x1xf32>
  return
}
