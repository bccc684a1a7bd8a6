// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --canonicalize --split-input-file | FileCheck %s

// Nearest as PyTorch exports F.interpolate(scale_factor=2): asymmetric, floor. H and W read
// floor(x / 2), clamped into the input, from a table per dim computed once over that dim's output
// coordinates; N and C keep their size at scale 1 and are read at the loop index (N's is the
// constant 0 after canonicalization). Nearest reads each element once, in one loop nest.
// CHECK-LABEL: func.func @nearest_asymmetric_floor
// CHECK: %[[H:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi64>)
// CHECK: arith.divf %{{.*}}, %[[TWO:.*]] : f64
// CHECK: math.floor
// CHECK: arith.fptosi
// CHECK: %[[W:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<6xi64>)
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<1x2x4x6xf32>)
// CHECK: %[[C:.*]] = linalg.index 1 : index
// CHECK: %[[Y:.*]] = linalg.index 2 : index
// CHECK: %[[X:.*]] = linalg.index 3 : index
// CHECK: tensor.extract %[[H]][%[[Y]]] : tensor<4xi64>
// CHECK: tensor.extract %[[W]][%[[X]]] : tensor<6xi64>
// CHECK: tensor.extract %arg0[%c0, %[[C]], %{{.*}}, %{{.*}}] : tensor<1x2x2x3xf32>
// CHECK-NOT: arith.mulf
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
func.func @nearest_asymmetric_floor(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x4x6xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %y = "aicc.Resize"(%x, %none, %scales, %none) {coordinate_transformation_mode = "asymmetric", mode = "nearest", nearest_mode = "floor"} : (tensor<1x2x2x3xf32>, none, tensor<4xf32>, none) -> tensor<1x2x4x6xf32>
  return %y : tensor<1x2x4x6xf32>
}

// -----

// Integer input, sizes known only at run time: the static result type gives the output size, so
// 'sizes' is never read; round_prefer_floor picks floor + 1 only above a fraction of 0.5.
// CHECK-LABEL: func.func @nearest_runtime_sizes_i64
// CHECK-NOT: tensor.extract %arg1
// CHECK: arith.cmpf ole
// CHECK: tensor.extract %arg0[{{.*}}] : tensor<1x1x2x2xi64>
// CHECK-NEXT: linalg.yield %{{.*}} : i64
func.func @nearest_runtime_sizes_i64(%x: tensor<1x1x2x2xi64>, %sizes: tensor<4xi64>) -> tensor<1x1x3x5xi64> {
  %none = aicc.none
  %y = "aicc.Resize"(%x, %none, %none, %sizes) : (tensor<1x1x2x2xi64>, none, none, tensor<4xi64>) -> tensor<1x1x3x5xi64>
  return %y : tensor<1x1x3x5xi64>
}

// -----

// Scales of 1 everywhere: the result is the input.
// CHECK-LABEL: func.func @identity
// CHECK-NOT: linalg.generic
// CHECK: return %arg0
func.func @identity(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %none = aicc.none
  %scales = "aicc.Constant"() <{value = dense<1.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %y = "aicc.Resize"(%x, %none, %scales, %none) {mode = "linear"} : (tensor<1x3x4x4xf32>, none, tensor<4xf32>, none) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}
