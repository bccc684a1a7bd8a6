// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// BatchNormalization folds its statistics per channel: a = scale * rsqrt(var + eps),
// c = B - mean * a, then y = x * a + c with a and c read through the channel dim.
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK: %[[A:.*]] = linalg.generic
// CHECK-SAME: ins(%arg1, %arg4 : tensor<3xf32>, tensor<3xf32>)
// CHECK: math.rsqrt
// CHECK: %[[C:.*]] = linalg.generic
// CHECK-SAME: ins(%arg2, %arg3, %[[A]] : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CHANNEL]], #[[CHANNEL]], #{{.*}}]
// CHECK-SAME: ins(%arg0, %{{.*}}, %{{.*}} : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[M:.*]] = arith.mulf %in, %in_{{.*}} : f32
// CHECK: arith.addf %[[M]], %in_{{.*}} : f32
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %0:3 = "aicc.BatchNormalization"(%x, %s, %b, %m, %v) {epsilon = 1.0e-5 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, none, none)
  return %0#0 : tensor<2x3x4x4xf32>
}

// -----

// InstanceNormalization reduces the spatial dims of each (n, c).
// CHECK-LABEL: func.func @instance_norm
// CHECK: iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.subf
// CHECK: iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: math.rsqrt
func.func @instance_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %0 = "aicc.InstanceNormalization"(%x, %s, %b) : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// LayerNormalization of f16 computes its statistics in f32 (stash_type 1) and returns Mean with
// the normalized dims kept as size 1.
// CHECK-LABEL: func.func @layer_norm_f16
// CHECK: arith.extf %in : f16 to f32
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: math.rsqrt
// CHECK: arith.truncf %in : f32 to f16
// CHECK: return %{{.*}}, %{{.*}} : tensor<2x5xf16>, tensor<2x1xf32>
func.func @layer_norm_f16(%x: tensor<2x5xf16>, %s: tensor<5xf16>, %b: tensor<5xf16>) -> (tensor<2x5xf16>, tensor<2x1xf32>) {
  %0:3 = "aicc.LayerNormalization"(%x, %s, %b) : (tensor<2x5xf16>, tensor<5xf16>, tensor<5xf16>) -> (tensor<2x5xf16>, tensor<2x1xf32>, none)
  return %0#0, %0#1 : tensor<2x5xf16>, tensor<2x1xf32>
}

// -----

// Training mode normalizes with the batch statistics (over N and the spatial dims) and updates the
// running ones: input * momentum + batch * (1 - momentum).
// CHECK-LABEL: func.func @batch_norm_training
// CHECK: iterator_types = ["reduction", "parallel", "reduction"]
// CHECK: math.rsqrt
// CHECK: %[[KEPT:.*]] = arith.mulf %in, %cst{{.*}} : f32
// CHECK: %[[ADDED:.*]] = arith.mulf %in_{{.*}}, %cst{{.*}} : f32
// CHECK: arith.addf %[[KEPT]], %[[ADDED]] : f32
// CHECK: return %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>
func.func @batch_norm_training(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0:3 = "aicc.BatchNormalization"(%x, %s, %b, %m, %v) {training_mode = 1 : i64} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %0#0, %0#1, %0#2 : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>
}
