// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file -verify-diagnostics -o /dev/null

// Sizes known only at run time leave the result shape unknown, and the lowering needs it static.
func.func @runtime_sizes(%x: tensor<1x1x2x2xf32>, %sizes: tensor<4xi64>) -> tensor<1x1x?x?xf32> {
  %none = aicc.none
  // expected-error @below {{cannot lower aicc.Resize: result #0 has type 'tensor<1x1x?x?xf32>', static shapes are needed}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %none, %sizes) : (tensor<1x1x2x2xf32>, none, none, tensor<4xi64>) -> tensor<1x1x?x?xf32>
  return %y : tensor<1x1x?x?xf32>
}

// -----

func.func @scales_and_sizes(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %sizes = "aicc.Constant"() <{value = dense<[1, 1, 4, 4]> : tensor<4xi64>}> : () -> tensor<4xi64>
  // expected-error @below {{takes 'scales' or 'sizes', not both}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %scales, %sizes) : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, tensor<4xi64>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @neither(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %none = aicc.none
  %empty = "aicc.Constant"() <{value = dense<> : tensor<0xf32>}> : () -> tensor<0xf32>
  // expected-error @below {{needs one of 'scales' and 'sizes' (non-empty)}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %empty, %none) : (tensor<1x1x2x2xf32>, none, tensor<0xf32>, none) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @unknown_mode(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  // expected-error @below {{unknown mode "bilinear" (nearest, linear or cubic)}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %scales, %none) {mode = "bilinear"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @unknown_transform(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  // expected-error @below {{unknown coordinate_transformation_mode "half"}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %scales, %none) {coordinate_transformation_mode = "half"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @unknown_nearest_mode(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  // expected-error @below {{unknown nearest_mode "round"}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %scales, %none) {nearest_mode = "round"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @zero_scale(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x0x4xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 0.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  // expected-error @below {{scales must be positive and finite, scales[2] is 0}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %scales, %none) : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x0x4xf32>
  return %y : tensor<1x1x0x4xf32>
}

// -----

func.func @scales_length(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[2.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-error @below {{input 'scales' has 2 elements for an input of rank 4}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %scales, %none) : (tensor<1x1x2x2xf32>, none, tensor<2xf32>, none) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @result_disagrees_with_scales(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x5xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  // expected-error @below {{result dim 3 is 5 but floor(2 * 2) is 4}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %scales, %none) : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x4x5xf32>
  return %y : tensor<1x1x4x5xf32>
}

// -----

func.func @result_disagrees_with_sizes(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x5xf32> {
  %none = aicc.none
  %sizes = "aicc.Constant"() <{value = dense<[1, 1, 4, 4]> : tensor<4xi64>}> : () -> tensor<4xi64>
  // expected-error @below {{result dim 3 is 5 but 'sizes' gives 4}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %none, %sizes) : (tensor<1x1x2x2xf32>, none, none, tensor<4xi64>) -> tensor<1x1x4x5xf32>
  return %y : tensor<1x1x4x5xf32>
}

// -----

func.func @crop_without_roi(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32> {
  %none = aicc.none
  %sizes = "aicc.Constant"() <{value = dense<[1, 1, 3, 3]> : tensor<4xi64>}> : () -> tensor<4xi64>
  // expected-error @below {{coordinate_transformation_mode "tf_crop_and_resize" needs input 'roi'}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %none, %sizes) {coordinate_transformation_mode = "tf_crop_and_resize", mode = "linear"} : (tensor<1x1x2x2xf32>, none, none, tensor<4xi64>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

func.func @exclude_outside_two(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  // expected-error @below {{exclude_outside must be 0 or 1, got 2}}
  // expected-error @below {{failed to legalize operation 'aicc.Resize'}}
  %y = "aicc.Resize"(%x, %none, %scales, %none) {exclude_outside = 2 : i64, mode = "cubic"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}
