// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// Inference Dropout is the identity; a requested mask is all true.
// CHECK-LABEL: func.func @dropout
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: %[[MASK:.*]] = linalg.fill ins(%[[TRUE]] : i1)
// CHECK: return %arg0, %[[MASK]]
func.func @dropout(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  %none = aicc.none
  %0:2 = "aicc.Dropout"(%x, %none, %none) : (tensor<2x3xf32>, none, none) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi1>
}

// -----

// Training mode with ratio 0 keeps every element.
// CHECK-LABEL: func.func @dropout_training_zero_ratio
// CHECK-NOT: aicc.
// CHECK: return %arg0
func.func @dropout_training_zero_ratio(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %ratio = "aicc.Constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %training = "aicc.Constant"() {value = dense<true> : tensor<i1>} : () -> tensor<i1>
  %0:2 = "aicc.Dropout"(%x, %ratio, %training) : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, none)
  return %0#0 : tensor<2x3xf32>
}


// -----

// Run-time training flag and ratio: elements are kept where u >= ratio (u from splitmix64 of the
// seed and the flat index) and scaled by 1 / (1 - ratio) in training; the mask repeats the test.
// CHECK-LABEL: func.func @dropout_runtime
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0, %arg1, %arg2 : tensor<2x3xf32>, tensor<f32>, tensor<i1>)
// CHECK: %[[NOT_TRAINING:.*]] = arith.xori %in_1, %true : i1
// CHECK: arith.shrui %{{.*}}, %c30_i64
// CHECK: %[[U:.*]] = arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK: %[[DRAWN:.*]] = arith.cmpf oge, %[[U]], %{{.*}} : f64
// CHECK: %[[KEEP:.*]] = arith.ori %[[NOT_TRAINING]], %[[DRAWN]] : i1
// CHECK: %[[SCALE:.*]] = arith.divf
// CHECK: %[[TRAINING_SCALE:.*]] = arith.select %in_1, %[[SCALE]]
// CHECK: %[[SCALED:.*]] = arith.mulf %in, %[[TRAINING_SCALE]] : f32
// CHECK: arith.select %[[KEEP]], %[[SCALED]]
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg1, %arg2 : tensor<f32>, tensor<i1>) outs(%{{.*}} : tensor<2x3xi1>)
func.func @dropout_runtime(%x: tensor<2x3xf32>, %ratio: tensor<f32>, %training: tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  %0:2 = "aicc.Dropout"(%x, %ratio, %training) : (tensor<2x3xf32>, tensor<f32>, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi1>
}
