// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file --verify-diagnostics -o /dev/null

func.func @unknown_reduction(%data: tensor<4xf32>, %indices: tensor<1x1xi64>, %updates: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @below {{reduction 'sum' is not one of none, add, mul, max, min}}
  // expected-error @below {{failed to legalize operation 'aicc.ScatterND' that was explicitly marked illegal}}
  %y = "aicc.ScatterND"(%data, %indices, %updates) <{reduction = "sum"}> : (tensor<4xf32>, tensor<1x1xi64>, tensor<1xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @tuple_longer_than_rank(%data: tensor<4xf32>, %indices: tensor<1x2xi64>, %updates: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @below {{indices' last dim 2 is not in [1, 1]}}
  // expected-error @below {{failed to legalize operation 'aicc.ScatterND' that was explicitly marked illegal}}
  %y = "aicc.ScatterND"(%data, %indices, %updates) : (tensor<4xf32>, tensor<1x2xi64>, tensor<1xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @updates_of_wrong_shape(%data: tensor<4x3xf32>, %indices: tensor<2x1xi64>, %updates: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error @below {{updates dim 1 is 4, not 3}}
  // expected-error @below {{failed to legalize operation 'aicc.ScatterND' that was explicitly marked illegal}}
  %y = "aicc.ScatterND"(%data, %indices, %updates) : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @symbolic_tuple_length(%data: tensor<4xf32>, %indices: tensor<1x?xi64>, %updates: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @below {{the last dim of indices must be static}}
  // expected-error @below {{failed to legalize operation 'aicc.ScatterND' that was explicitly marked illegal}}
  %y = "aicc.ScatterND"(%data, %indices, %updates) : (tensor<4xf32>, tensor<1x?xi64>, tensor<1xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @indices_past_data(%data: tensor<2x3xf32>, %indices: tensor<3x1xi64>, %updates: tensor<3x1xf32>) -> tensor<2x3xf32> {
  // expected-error @below {{indices dim 0 is 3, more than 2}}
  // expected-error @below {{failed to legalize operation 'aicc.ScatterElements' that was explicitly marked illegal}}
  %y = "aicc.ScatterElements"(%data, %indices, %updates) <{axis = 1 : i64}> : (tensor<2x3xf32>, tensor<3x1xi64>, tensor<3x1xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @bool_add(%data: tensor<4xi1>, %indices: tensor<1xi64>, %updates: tensor<1xi1>) -> tensor<4xi1> {
  // expected-error @below {{reduction 'add' on booleans is not supported}}
  // expected-error @below {{failed to legalize operation 'aicc.ScatterElements' that was explicitly marked illegal}}
  %y = "aicc.ScatterElements"(%data, %indices, %updates) <{reduction = "add"}> : (tensor<4xi1>, tensor<1xi64>, tensor<1xi1>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}
