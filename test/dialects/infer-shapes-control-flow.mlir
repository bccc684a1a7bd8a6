// RUN: aicc-opt %s --aicc-infer-shapes --split-input-file | FileCheck %s

// A carried value's body argument takes its initial value's type where ONNX left it open; a scan
// output's height is the trip count (data: dynamic, whatever the export recorded), its rows what
// the body yields.
// CHECK-LABEL: func.func @loop_data_trips
// CHECK: ^bb0(%{{.*}}: tensor<i64>, %{{.*}}: tensor<i1>, %[[ACC:.*]]: tensor<3xf32>):
// CHECK: "aicc.Add"(%[[ACC]], %[[ACC]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK: -> (tensor<3xf32>, tensor<?x3xf32>)
func.func @loop_data_trips(%n: tensor<i64>, %go: tensor<i1>, %x: tensor<3xf32>) -> (tensor<*xf32>, tensor<5x3xf32>) {
  %r:2 = "aicc.Loop"(%n, %go, %x) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %acc: tensor<*xf32>):
    %y = "aicc.Add"(%acc, %acc) : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
    aicc.Yield %c, %y, %y : tensor<i1>, tensor<*xf32>, tensor<*xf32>
  }) : (tensor<i64>, tensor<i1>, tensor<3xf32>) -> (tensor<*xf32>, tensor<5x3xf32>)
  return %r#0, %r#1 : tensor<*xf32>, tensor<5x3xf32>
}

// -----

// A constant trip count and no condition: the height is known.
// CHECK-LABEL: func.func @loop_constant_trips
// CHECK: -> tensor<4x2xf32>
func.func @loop_constant_trips(%x: tensor<2xf32>) -> tensor<*xf32> {
  %n = "aicc.Constant"() <{value = dense<4> : tensor<i64>}> : () -> tensor<i64>
  %none = aicc.none
  %r = "aicc.Loop"(%n, %none) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>):
    %y = "aicc.Neg"(%x) : (tensor<2xf32>) -> tensor<2xf32>
    aicc.Yield %c, %y : tensor<i1>, tensor<2xf32>
  }) : (tensor<i64>, none) -> tensor<*xf32>
  return %r : tensor<*xf32>
}

// -----

// An If's result is what both branches agree on; a constant scalar in one branch (TorchScript's
// placeholder for what a `break` leaves undefined) takes the other branch's type.
// CHECK-LABEL: func.func @if_join
// CHECK: -> (tensor<?x4xf32>, tensor<2x8xf32>)
func.func @if_join(%c: tensor<i1>, %a: tensor<2x4xf32>, %b: tensor<3x4xf32>, %h: tensor<2x8xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %r:2 = "aicc.If"(%c) ({
    %zero = "aicc.Constant"() <{value = dense<0.0> : tensor<f32>}> : () -> tensor<f32>
    aicc.Yield %b, %zero : tensor<3x4xf32>, tensor<f32>
  }, {
    aicc.Yield %a, %h : tensor<2x4xf32>, tensor<2x8xf32>
  }) : (tensor<i1>) -> (tensor<*xf32>, tensor<*xf32>)
  return %r#0, %r#1 : tensor<*xf32>, tensor<*xf32>
}
