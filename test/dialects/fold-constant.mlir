// Constant and none fold to their values, so the folder uniques them; every Constant form folds
// (dialects/ops/Constant.cpp).
// RUN: aicc-opt %s -canonicalize -split-input-file | FileCheck %s

// The scalar and list forms fold to the same tensor as the equivalent 'value'.
// CHECK-LABEL: func @forms
// CHECK-COUNT-3: "aicc.Constant"
// CHECK-NOT: "aicc.Constant"
// CHECK: return %[[F:[0-9]+]], %[[F]], %[[I:[0-9]+]], %[[I]], %[[S:[0-9]+]], %[[S]]
func.func @forms() -> (tensor<f32>, tensor<f32>, tensor<2xi64>, tensor<2xi64>, tensor<2x!aicc.string>, tensor<2x!aicc.string>) {
  %f0 = "aicc.Constant"() <{value_float = 1.5 : f32}> : () -> tensor<f32>
  %f1 = "aicc.Constant"() <{value = dense<1.5> : tensor<f32>}> : () -> tensor<f32>
  %i0 = "aicc.Constant"() <{value_ints = array<i64: 3, 4>}> : () -> tensor<2xi64>
  %i1 = "aicc.Constant"() <{value = dense<[3, 4]> : tensor<2xi64>}> : () -> tensor<2xi64>
  %s0 = "aicc.Constant"() <{value_strings = ["a", "b"]}> : () -> tensor<2x!aicc.string>
  %s1 = "aicc.Constant"() <{value = dense<["a", "b"]> : tensor<2x!aicc.string>}> : () -> tensor<2x!aicc.string>
  return %f0, %f1, %i0, %i1, %s0, %s1 : tensor<f32>, tensor<f32>, tensor<2xi64>, tensor<2xi64>, tensor<2x!aicc.string>, tensor<2x!aicc.string>
}

// -----

// Equal values of different types stay apart: a quantized constant keeps its type.
// CHECK-LABEL: func @quantized
// CHECK-DAG: "aicc.Constant"() <{value = dense<[1, 2]> : tensor<2xi8>}> : () -> tensor<2xi8>
// CHECK-DAG: "aicc.Constant"() <{value = dense<[1, 2]> : tensor<2xi8>}> : () -> tensor<2x!quant.uniform<i8:f32, 5.000000e-01>>
func.func @quantized() -> (tensor<2xi8>, tensor<2x!quant.uniform<i8:f32, 0.5>>) {
  %raw = "aicc.Constant"() <{value = dense<[1, 2]> : tensor<2xi8>}> : () -> tensor<2xi8>
  %q = "aicc.Constant"() <{value = dense<[1, 2]> : tensor<2xi8>}> : () -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  return %raw, %q : tensor<2xi8>, tensor<2x!quant.uniform<i8:f32, 0.5>>
}

// -----

// aicc.none is a constant too: one per function, hoisted to the entry block.
// CHECK-LABEL: func @none
// CHECK-NEXT: %[[NONE:.*]] = aicc.none
// CHECK-NOT: aicc.none
// CHECK: "aicc.Conv"(%{{.*}}, %{{.*}}, %[[NONE]])
// CHECK: "aicc.Conv"(%{{.*}}, %{{.*}}, %[[NONE]])
func.func @none(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32> {
  %n0 = aicc.none
  %y0 = "aicc.Conv"(%x, %w, %n0) : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>, none) -> tensor<1x1x4x4xf32>
  %n1 = aicc.none
  %y1 = "aicc.Conv"(%y0, %w, %n1) : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>, none) -> tensor<1x1x4x4xf32>
  return %y1 : tensor<1x1x4x4xf32>
}
