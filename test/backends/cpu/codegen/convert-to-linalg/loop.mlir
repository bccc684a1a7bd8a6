// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// A Loop with a trip count and a condition: the while runs while both allow, carries the tensor
// first and the counter and condition after it, writes the carried value back in place, and
// appends the scan row before that write (the row here is the value's old contents).
// CHECK-LABEL: func.func @loop
// CHECK: %[[M:.*]] = tensor.extract %arg0[] : tensor<i64>
// CHECK: %[[GO:.*]] = tensor.extract %arg1[] : tensor<i1>
// CHECK: %[[W:.*]]:2 = scf.while (%[[ACC:.*]] = %arg2, %[[I:.*]] = %c0_i64, %[[C:.*]] = %[[GO]]) : (tensor<4xf32>, i64, i1) -> (tensor<4xf32>, i64) {
// CHECK:   %[[BELOW:.*]] = arith.cmpi slt, %[[I]], %[[M]] : i64
// CHECK:   %[[ONWARD:.*]] = arith.andi %[[C]], %[[BELOW]] : i1
// CHECK:   scf.condition(%[[ONWARD]]) %[[ACC]], %[[I]] : tensor<4xf32>, i64
// CHECK: } do {
// CHECK: ^bb0(%[[ACC2:.*]]: tensor<4xf32>, %[[I2:.*]]: i64):
// CHECK:   %[[SUM:.*]] = linalg.generic
// CHECK:   %[[KEPT:.*]] = aicc_cpu.scan_append %[[ACC2]] to slot 0 at %[[I2]] : tensor<4xf32>
// CHECK:   %[[OK:.*]] = arith.andi %{{.*}}, %[[KEPT]] : i1
// CHECK:   %[[BACK:.*]] = bufferization.materialize_in_destination %[[SUM]] in %[[ACC2]]
// CHECK:   %[[NEXT:.*]] = arith.addi %[[I2]], %{{.*}} : i64
// CHECK:   arith.select %[[OK]], %[[NEXT]], %[[I2]] : i64
// CHECK:   scf.yield %[[BACK]], %{{.*}}, %{{.*}} : tensor<4xf32>, i64, i1
// CHECK: %[[STACK:.*]] = aicc_cpu.scan_rows slot 0 count %[[W]]#1 : tensor<?x4xf32>
// CHECK: return %[[W]]#0, %[[STACK]]
func.func @loop(%n: tensor<i64>, %go: tensor<i1>, %x: tensor<4xf32>) -> (tensor<4xf32>, tensor<?x4xf32>) {
  %r:2 = "aicc.Loop"(%n, %go, %x) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %acc: tensor<4xf32>):
    %y = "aicc.Add"(%acc, %acc) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    aicc.Yield %c, %y, %acc : tensor<i1>, tensor<4xf32>, tensor<4xf32>
  }) : (tensor<i64>, tensor<i1>, tensor<4xf32>) -> (tensor<4xf32>, tensor<?x4xf32>)
  return %r#0, %r#1 : tensor<4xf32>, tensor<?x4xf32>
}

// -----

// No trip count and no condition input: the body's condition decides alone; the iteration
// number reaches the body as a tensor<i64>.
// CHECK-LABEL: func.func @while_loop
// CHECK: scf.while (%{{.*}} = %arg0, %{{.*}} = %c0_i64, %[[C:.*]] = %true)
// CHECK-NOT: arith.cmpi slt
// CHECK: scf.condition(%[[C]])
// CHECK: tensor.from_elements %{{.*}} : tensor<i64>
func.func @while_loop(%x: tensor<f32>) -> tensor<f32> {
  %none = aicc.none
  %r = "aicc.Loop"(%none, %none, %x) ({
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<f32>):
    %f = "aicc.Cast"(%i) <{to = 1 : i64}> : (tensor<i64>) -> tensor<f32>
    %y = "aicc.Add"(%v, %f) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %ten = "aicc.Constant"() <{value = dense<10.0> : tensor<f32>}> : () -> tensor<f32>
    %more = "aicc.Less"(%y, %ten) : (tensor<f32>, tensor<f32>) -> tensor<i1>
    aicc.Yield %more, %y : tensor<i1>, tensor<f32>
  }) : (none, none, tensor<f32>) -> tensor<f32>
  return %r : tensor<f32>
}
