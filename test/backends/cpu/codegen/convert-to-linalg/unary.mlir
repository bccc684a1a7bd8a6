// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @relu
// CHECK: linalg.generic
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %in, %[[ZERO]] : f32
func.func @relu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = "aicc.Relu"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Sigmoid as 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[NEG:.*]] = arith.negf %in : f32
// CHECK: %[[EXP:.*]] = math.exp %[[NEG]] : f32
// CHECK: %[[DEN:.*]] = arith.addf %[[ONE]], %[[EXP]] : f32
// CHECK: arith.divf %[[ONE]], %[[DEN]] : f32
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = "aicc.Sigmoid"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// ONNX Round rounds halves to even.
// CHECK-LABEL: func.func @round
// CHECK: math.roundeven
func.func @round(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = "aicc.Round"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Abs of an unsigned integer is the identity; of a signed one, math.absi.
// CHECK-LABEL: func.func @abs_int
// CHECK-NOT: math.absi
// CHECK: linalg.yield %in : i8
// CHECK: math.absi %in : i32
func.func @abs_int(%u: tensor<4xui8>, %s: tensor<4xi32>) -> (tensor<4xui8>, tensor<4xi32>) {
  %a = "aicc.Abs"(%u) : (tensor<4xui8>) -> tensor<4xui8>
  %b = "aicc.Abs"(%s) : (tensor<4xi32>) -> tensor<4xi32>
  return %a, %b : tensor<4xui8>, tensor<4xi32>
}

// -----

// Clip with both bounds: max then min, the bounds read as rank-0 tensors.
// CHECK-LABEL: func.func @clip
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0, %arg1, %arg2 : tensor<4xf32>, tensor<f32>, tensor<f32>)
// CHECK: %[[LO:.*]] = arith.maximumf %in, %in_0 : f32
// CHECK: arith.minimumf %[[LO]], %in_1 : f32
func.func @clip(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<4xf32> {
  %y = "aicc.Clip"(%x, %lo, %hi) : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// An absent bound does not clip; aicc.none disappears.
// CHECK-LABEL: func.func @clip_max_only_uint
// CHECK-NOT: aicc.none
// CHECK: ins(%arg0, %arg1 : tensor<4xi16>, tensor<i16>)
// CHECK-NOT: arith.maxui
// CHECK: arith.minui %in, %in_0 : i16
func.func @clip_max_only_uint(%x: tensor<4xui16>, %hi: tensor<ui16>) -> tensor<4xui16> {
  %none = aicc.none
  %y = "aicc.Clip"(%x, %none, %hi) : (tensor<4xui16>, none, tensor<ui16>) -> tensor<4xui16>
  return %y : tensor<4xui16>
}

// -----

// LeakyRelu: x < 0 ? alpha * x : x, alpha from the attribute.
// CHECK-LABEL: func.func @leaky_relu
// CHECK: %[[SCALED:.*]] = arith.mulf %in, %cst : f32
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %in, %{{.*}} : f32
// CHECK: arith.select %[[NEG]], %[[SCALED]], %in : f32
func.func @leaky_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = "aicc.LeakyRelu"(%x) {alpha = 0.1 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Softplus in its overflow-free form max(x, 0) + log1p(exp(-|x|)).
// CHECK-LABEL: func.func @softplus
// CHECK: math.absf
// CHECK: math.exp
// CHECK: math.log1p
func.func @softplus(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = "aicc.Softplus"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// IsInf with detect_negative=0 only compares with +inf.
// CHECK-LABEL: func.func @isinf_positive
// CHECK: arith.cmpf oeq, %in, %cst{{.*}} : f32
// CHECK-NOT: arith.cmpf
// CHECK: linalg.yield
func.func @isinf_positive(%x: tensor<4xf32>) -> tensor<4xi1> {
  %y = "aicc.IsInf"(%x) {detect_negative = 0 : i64} : (tensor<4xf32>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}
