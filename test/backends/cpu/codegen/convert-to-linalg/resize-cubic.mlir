// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --canonicalize --split-input-file | FileCheck %s

// Cubic with A = -0.5 and exclude_outside: four taps per resized dim, in its table; taps
// outside the input get weight 0 and the rest are divided by their sum. W is resized first (four
// reads of the input), then H (four rows of that).
// CHECK-LABEL: func.func @cubic_exclude_outside
// CHECK: linalg.generic {{.*}} outs({{.*}} : tensor<8xi64>, tensor<8xi64>, tensor<8xi64>, tensor<8xi64>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
// CHECK: arith.cmpf oge
// CHECK: arith.cmpf ole
// CHECK: arith.andi
// CHECK: arith.select
// CHECK: arith.divf
// CHECK: %[[ROWS:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x8xf32>)
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK-NOT: tensor.extract %arg0
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x8x8xf32>)
// CHECK-COUNT-4: tensor.extract %[[ROWS]]
// CHECK-NOT: tensor.extract %[[ROWS]]
// CHECK: linalg.yield
func.func @cubic_exclude_outside(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x8x8xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %y = "aicc.Resize"(%x, %none, %scales, %none) {cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = 1 : i64, mode = "cubic"} : (tensor<1x1x4x4xf32>, none, tensor<4xf32>, none) -> tensor<1x1x8x8xf32>
  return %y : tensor<1x1x8x8xf32>
}

// -----

// tf_crop_and_resize: the roi (run-time here) places the samples, and an output element whose
// coordinate leaves [0, in - 1] on any dim is extrapolation_value.
// CHECK-LABEL: func.func @crop_and_resize
// CHECK-DAG: %[[TEN:.*]] = arith.constant 1.000000e+01 : f32
// CHECK: linalg.generic
// CHECK: tensor.extract %arg1
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ogt
// CHECK: arith.ori
// CHECK: %[[RESULT:.*]] = arith.select %{{.*}}, %[[TEN]], %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[RESULT]]
func.func @crop_and_resize(%x: tensor<1x1x4x4xf32>, %roi: tensor<8xf32>) -> tensor<1x1x3x3xf32> {
  %none = aicc.none
  %sizes = "aicc.Constant"() <{value = dense<[1, 1, 3, 3]> : tensor<4xi64>}> : () -> tensor<4xi64>
  %y = "aicc.Resize"(%x, %roi, %none, %sizes) {coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 1.000000e+01 : f32, mode = "linear"} : (tensor<1x1x4x4xf32>, tensor<8xf32>, none, tensor<4xi64>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}
