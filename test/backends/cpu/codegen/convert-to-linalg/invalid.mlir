// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file -verify-diagnostics -o /dev/null

// Every lowering needs ranked tensors.
func.func @unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @below {{cannot lower aicc.Relu: operand #0 has type 'tensor<*xf32>', static shapes are needed}}
  // expected-error @below {{failed to legalize operation 'aicc.Relu' that was explicitly marked illegal}}
  %y = "aicc.Relu"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// An op without a lowering is reported at its location (the ONNX node name, after import).
func.func @no_lowering(%x: tensor<3x3xf32>, %t: tensor<3xi64>) -> tensor<f32> {
  %none = aicc.none
  // expected-error @below {{failed to legalize operation 'aicc.NegativeLogLikelihoodLoss' that was explicitly marked illegal}}
  %y = "aicc.NegativeLogLikelihoodLoss"(%x, %t, %none) : (tensor<3x3xf32>, tensor<3xi64>, none) -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @mod_float_fmod0(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{fmod must be 1 for floating-point inputs (ONNX Mod-13)}}
  // expected-error @below {{failed to legalize operation 'aicc.Mod'}}
  %c = "aicc.Mod"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

func.func @pad_wrap(%x: tensor<3xf32>, %pads: tensor<2xi64>) -> tensor<5xf32> {
  %none = aicc.none
  // expected-error @below {{mode must be constant, edge or reflect, got "wrap"}}
  // expected-error @below {{failed to legalize operation 'aicc.Pad'}}
  %0 = "aicc.Pad"(%x, %pads, %none) {mode = "wrap"} : (tensor<3xf32>, tensor<2xi64>, none) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Run-time axes of a ReduceSum without keepdims: [3, 2, 2] → [3, 2] may reduce dim 1 or dim 2.
func.func @reduce_sum_ambiguous_axes(%x: tensor<3x2x2xf32>, %axes: tensor<1xi64>) -> tensor<3x2xf32> {
  // expected-error @below {{axes must be a constant, or follow from the input and result shapes}}
  // expected-error @below {{failed to legalize operation 'aicc.ReduceSum'}}
  %0 = "aicc.ReduceSum"(%x, %axes) {keepdims = 0 : i64} : (tensor<3x2x2xf32>, tensor<1xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @string_cast(%x: tensor<2x!aicc.string>) -> tensor<2xf32> {
  // expected-error @below {{cannot lower aicc.Cast: operand #0 has element type '!aicc.string', which the CPU backend does not support}}
  // expected-error @below {{failed to legalize operation 'aicc.Cast'}}
  %0 = "aicc.Cast"(%x) {to = 1 : i64} : (tensor<2x!aicc.string>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x6x4x4xf32>) -> tensor<1x1x8x8xf32> {
  // expected-error @below {{blocksize 2: the channels (6) must be a multiple of its square}}
  // expected-error @below {{failed to legalize operation 'aicc.DepthToSpace'}}
  %y = "aicc.DepthToSpace"(%x) <{blocksize = 2 : i64}> : (tensor<1x6x4x4xf32>) -> tensor<1x1x8x8xf32>
  return %y : tensor<1x1x8x8xf32>
}

// -----

func.func @space_to_depth_height(%x: tensor<1x2x5x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @below {{blocksize 2 must divide the height (5) and width (4)}}
  // expected-error @below {{failed to legalize operation 'aicc.SpaceToDepth'}}
  %y = "aicc.SpaceToDepth"(%x) <{blocksize = 2 : i64}> : (tensor<1x2x5x4xf32>) -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

func.func @cumsum_runtime_axis(%x: tensor<4x5xf32>, %axis: tensor<i64>) -> tensor<4x5xf32> {
  // expected-error @below {{axis must be a constant scalar}}
  // expected-error @below {{failed to legalize operation 'aicc.CumSum'}}
  %y = "aicc.CumSum"(%x, %axis) : (tensor<4x5xf32>, tensor<i64>) -> tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}

// -----

// Unique names an axis outside the input's rank.
func.func @unique_bad_axis(%x: tensor<3x4xf32>) -> tensor<?x4xf32> {
  // expected-error @below {{'aicc.Unique' op axis 2 is out of range for rank 2}}
  // expected-error @below {{failed to legalize operation 'aicc.Unique'}}
  %y, %i, %v, %c = "aicc.Unique"(%x) <{axis = 2 : i64}> : (tensor<3x4xf32>) -> (tensor<?x4xf32>, none, none, none)
  return %y : tensor<?x4xf32>
}

// -----

// A per-axis scale must lie along the axis: 4 values cannot for a dim of 3.
func.func @quantize_scale_off_axis(%x: tensor<2x3xf32>, %s: tensor<4xf32>) -> tensor<2x3xi8> {
  %none = aicc.none
  // expected-error @below {{scale has 4 values but axis 1 of the input has 3}}
  // expected-error @below {{failed to legalize operation 'aicc.QuantizeLinear'}}
  %y = "aicc.QuantizeLinear"(%x, %s, %none) <{axis = 1 : i64}> : (tensor<2x3xf32>, tensor<4xf32>, none) -> tensor<2x3xi8>
  return %y : tensor<2x3xi8>
}

// -----

// ConvInteger's group must split the channels.
func.func @conv_integer_bad_group(%x: tensor<1x4x5x5xui8>, %w: tensor<3x2x3x3xi8>) -> tensor<1x3x3x3xi32> {
  %none = aicc.none
  // expected-error @below {{group 3 does not split 4 input and 3 output channels}}
  // expected-error @below {{failed to legalize operation 'aicc.ConvInteger'}}
  %y = "aicc.ConvInteger"(%x, %w, %none, %none) <{group = 3 : i64}> : (tensor<1x4x5x5xui8>, tensor<3x2x3x3xi8>, none, none) -> tensor<1x3x3x3xi32>
  return %y : tensor<1x3x3x3xi32>
}
