// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// CumSum along axis 1: a row-major loop nest carrying the result; the first position along the
// axis starts the sum with x, the others add x to the result one position before.
// CHECK-LABEL: func.func @inclusive
// CHECK: scf.for %[[I:.*]] = {{.*}} iter_args(
// CHECK: scf.for %[[J:.*]] = {{.*}} iter_args(%[[Y:.*]] = {{.*}}) -> (tensor<3x4xf32>)
// CHECK: %[[BEFORE:.*]] = arith.subi %[[J]], %{{.*}} : index
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[J]], %{{.*}} : index
// CHECK: scf.if %[[FIRST]] -> (f32)
// CHECK: tensor.extract %arg0[%[[I]], %[[J]]]
// CHECK: } else {
// CHECK: %[[RUNNING:.*]] = tensor.extract %[[Y]][%[[I]], %[[BEFORE]]]
// CHECK: %[[X:.*]] = tensor.extract %arg0[%[[I]], %[[J]]]
// CHECK: arith.addf %[[RUNNING]], %[[X]] : f32
// CHECK: tensor.insert %{{.*}} into %[[Y]][%[[I]], %[[J]]]
func.func @inclusive(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %axis = "aicc.Constant"() <{value = dense<-1> : tensor<i64>}> : () -> tensor<i64>
  %y = "aicc.CumSum"(%x, %axis) : (tensor<3x4xf32>, tensor<i64>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// Reverse and exclusive along axis 0 of int64 (a mask's cumulative count): position j = n-1-i,
// the one before it j + 1; the first is 0 and each adds x one position before.
// CHECK-LABEL: func.func @reverse_exclusive
// CHECK: scf.for %[[I:.*]] = {{.*}} iter_args(
// CHECK: scf.for %[[K:.*]] = {{.*}} iter_args(%[[Y:.*]] = {{.*}}) -> (tensor<5x2xi64>)
// CHECK: %[[J:.*]] = arith.subi %{{.*}}, %[[I]] : index
// CHECK: %[[BEFORE:.*]] = arith.addi %[[J]], %{{.*}} : index
// CHECK: scf.if
// CHECK: scf.yield %c0_i64
// CHECK: tensor.extract %arg0[%[[BEFORE]], %[[K]]]
// CHECK: arith.addi
func.func @reverse_exclusive(%x: tensor<5x2xi64>) -> tensor<5x2xi64> {
  %axis = "aicc.Constant"() <{value = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %y = "aicc.CumSum"(%x, %axis) <{exclusive = 1 : i64, reverse = 1 : i64}> : (tensor<5x2xi64>, tensor<1xi32>) -> tensor<5x2xi64>
  return %y : tensor<5x2xi64>
}
