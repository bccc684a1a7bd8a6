// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// numpy broadcasting: the rank-1 operand is read through a map of the trailing dim.
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[LAST:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[LAST]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<3xf32>) outs(%[[E]] : tensor<2x3xf32>)
// CHECK: arith.addf
// CHECK-NOT: aicc.
func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %c = "aicc.Add"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %c : tensor<2x3xf32>
}

// -----

// A broadcast size-1 dim is collapsed away, so every indexing map is a projected permutation.
// CHECK-DAG: #[[SKIP:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @mul_unit_dim
// CHECK: %[[C:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<2x1x4xf32> into tensor<2x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[SKIP]], {{.*}}]
// CHECK-SAME: ins(%[[C]], %arg1 : tensor<2x4xf32>, tensor<2x3x4xf32>)
// CHECK: arith.mulf
func.func @mul_unit_dim(%a: tensor<2x1x4xf32>, %b: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %c = "aicc.Mul"(%a, %b) : (tensor<2x1x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %c : tensor<2x3x4xf32>
}

// -----

// Integer Div truncates; division by zero gives 0 instead of trapping. uint8 becomes i8 in the
// signature and divides unsigned.
// CHECK-LABEL: func.func @div_ui8
// CHECK-SAME: (%arg0: tensor<4xi8>, %arg1: tensor<4xi8>) -> tensor<4xi8>
// CHECK: %[[ZERO:.*]] = arith.cmpi eq, %in_0, %c0_i8 : i8
// CHECK: %[[SAFE:.*]] = arith.select %[[ZERO]], %c1_i8, %in_0 : i8
// CHECK: %[[Q:.*]] = arith.divui %in, %[[SAFE]] : i8
// CHECK: arith.select %[[ZERO]], %c0_i8, %[[Q]] : i8
func.func @div_ui8(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %c = "aicc.Div"(%a, %b) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %c : tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @div_i32
// CHECK: arith.divsi
func.func @div_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %c = "aicc.Div"(%a, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %c : tensor<4xi32>
}

// -----

// Comparisons of unsigned integers use unsigned predicates; floats use ordered ones.
// CHECK-LABEL: func.func @less
// CHECK: arith.cmpi ult
// CHECK: arith.cmpf olt
func.func @less(%a: tensor<4xui16>, %b: tensor<4xui16>, %x: tensor<4xf32>, %y: tensor<f32>) -> (tensor<4xi1>, tensor<4xi1>) {
  %c = "aicc.Less"(%a, %b) : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xi1>
  %d = "aicc.Less"(%x, %y) : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  return %c, %d : tensor<4xi1>, tensor<4xi1>
}

// -----

// Mod with fmod=0 takes the divisor's sign: the C remainder is corrected when the signs differ.
// CHECK-LABEL: func.func @mod_python
// CHECK: %[[R:.*]] = arith.remsi
// CHECK: arith.xori
// CHECK: arith.addi %[[R]]
func.func @mod_python(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %c = "aicc.Mod"(%a, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %c : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @mod_fmod_float
// CHECK: arith.remf
func.func @mod_fmod_float(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %c = "aicc.Mod"(%a, %b) {fmod = 1 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// Where broadcasts all three operands.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @where
// CHECK: %[[C:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<2x1xi1> into tensor<2xi1>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}, #{{.*}}]
// CHECK-SAME: ins(%[[C]], %arg1, %arg2 : tensor<2xi1>, tensor<f32>, tensor<3xf32>)
// CHECK: arith.select %in, %in_0, %in_1 : f32
func.func @where(%c: tensor<2x1xi1>, %x: tensor<f32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = "aicc.Where"(%c, %x, %y) : (tensor<2x1xi1>, tensor<f32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// Variadic Max folds its inputs; NaN propagates (maximumf).
// CHECK-LABEL: func.func @max3
// CHECK: %[[M:.*]] = arith.maximumf %in, %in_0 : f32
// CHECK: arith.maximumf %[[M]], %in_1 : f32
func.func @max3(%a: tensor<3xf32>, %b: tensor<3xf32>, %c: tensor<1xf32>) -> tensor<3xf32> {
  %r = "aicc.Max"(%a, %b, %c) : (tensor<3xf32>, tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// Pow with an integer base is computed in f64 and truncated back.
// CHECK-LABEL: func.func @pow_int
// CHECK: arith.sitofp %in : i32 to f64
// CHECK: math.powf
// CHECK: arith.fptosi {{.*}} : f64 to i32
func.func @pow_int(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi32> {
  %r = "aicc.Pow"(%a, %b) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %r : tensor<3xi32>
}

// -----

// Shifting by the bit width or more gives 0.
// CHECK-LABEL: func.func @bitshift_left
// CHECK: arith.cmpi uge, %in_0, %c8_i8
// CHECK: arith.shli
func.func @bitshift_left(%a: tensor<3xui8>, %b: tensor<3xui8>) -> tensor<3xui8> {
  %r = "aicc.BitShift"(%a, %b) {direction = "LEFT"} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  return %r : tensor<3xui8>
}
