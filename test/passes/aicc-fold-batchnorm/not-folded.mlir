// FoldBatchNormIntoConv leaves the BatchNormalization alone when folding would change what some
// value computes or needs values it cannot see: one case per function.
// RUN: aicc-opt %s -aicc-fold-batchnorm -split-input-file | FileCheck %s

// The convolution's unnormalized result is also returned.
// CHECK-LABEL: func @conv_has_other_users
// CHECK: %[[C:.*]] = "aicc.Conv"(%arg0,
// CHECK: "aicc.BatchNormalization"(%[[C]],
// CHECK: return %{{.*}}, %[[C]]
func.func @conv_has_other_users(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = "aicc.Constant"() <{value = dense<[[[[3.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %none = aicc.none
  %p = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%c, %p, %p, %p, %p) : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, none, none)
  return %y, %c : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// Training mode normalizes with the batch's own statistics.
// CHECK-LABEL: func @training_mode
// CHECK: aicc.BatchNormalization
func.func @training_mode(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = "aicc.Constant"() <{value = dense<[[[[3.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %none = aicc.none
  %p = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%c, %p, %p, %p, %p) <{training_mode = 1 : i64}> : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, none, none)
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The scale is a model input, not a constant.
// CHECK-LABEL: func @scale_not_constant
// CHECK: aicc.BatchNormalization
func.func @scale_not_constant(%x: tensor<1x1x4x4xf32>, %scale: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = "aicc.Constant"() <{value = dense<[[[[3.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %none = aicc.none
  %p = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%c, %scale, %p, %p, %p) : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, none, none)
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The weights are a model input.
// CHECK-LABEL: func @weights_not_constant
// CHECK: aicc.BatchNormalization
func.func @weights_not_constant(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %none = aicc.none
  %p = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%c, %p, %p, %p, %p) : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, none, none)
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Only f32 is folded.
// CHECK-LABEL: func @f64
// CHECK: aicc.BatchNormalization
func.func @f64(%x: tensor<1x1x4x4xf64>) -> tensor<1x2x4x4xf64> {
  %w = "aicc.Constant"() <{value = dense<[[[[3.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf64>}> : () -> tensor<2x1x1x1xf64>
  %none = aicc.none
  %p = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf64>}> : () -> tensor<2xf64>
  %c = "aicc.Conv"(%x, %w, %none) : (tensor<1x1x4x4xf64>, tensor<2x1x1x1xf64>, none) -> tensor<1x2x4x4xf64>
  %y, %rm, %rv = "aicc.BatchNormalization"(%c, %p, %p, %p, %p) : (tensor<1x2x4x4xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> (tensor<1x2x4x4xf64>, none, none)
  return %y : tensor<1x2x4x4xf64>
}

// -----

// BatchNormalization of something else (here a Relu) is not folded.
// CHECK-LABEL: func @not_after_conv
// CHECK: aicc.BatchNormalization
func.func @not_after_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %p = "aicc.Constant"() <{value = dense<[2.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %r = "aicc.Relu"(%x) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %y, %rm, %rv = "aicc.BatchNormalization"(%r, %p, %p, %p, %p) : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, none, none)
  return %y : tensor<1x2x4x4xf32>
}
