// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// ReduceMean over axes [1, -1] with keepdims: sum, divide by 12, reinsert the unit dims.
// CHECK-DAG: #[[KEEP0:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @reduce_mean
// CHECK: %[[COUNT:.*]] = arith.constant 1.200000e+01 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[KEEP0]]], iterator_types = ["parallel", "reduction", "reduction"]}
// CHECK-SAME: outs(%[[INIT]] : tensor<2xf32>)
// CHECK: arith.addf %out, %in : f32
// CHECK: %[[MEAN:.*]] = linalg.generic
// CHECK-SAME: ins(%[[SUM]] : tensor<2xf32>)
// CHECK: arith.divf %in, %[[COUNT]]
// CHECK: tensor.expand_shape %[[MEAN]] {{\[}}[0, 1, 2]] output_shape [2, 1, 1]
func.func @reduce_mean(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  %0 = "aicc.ReduceMean"(%x) {axes = array<i64: 1, -1>} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// -----

// No axes: every dim is reduced. Max starts from -inf and propagates NaN.
// CHECK-LABEL: func.func @reduce_max_all
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: iterator_types = ["reduction", "reduction"]
// CHECK: arith.maximumf
// CHECK: return %{{.*}} : tensor<f32>
func.func @reduce_max_all(%x: tensor<2x3xf32>) -> tensor<f32> {
  %0 = "aicc.ReduceMax"(%x) {keepdims = 0 : i64} : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Unsigned Min starts from the largest value and compares unsigned.
// CHECK-LABEL: func.func @reduce_min_uint
// CHECK: arith.constant -1 : i32
// CHECK: arith.minui
func.func @reduce_min_uint(%x: tensor<2x3xui32>) -> tensor<2xui32> {
  %0 = "aicc.ReduceMin"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xui32>) -> tensor<2xui32>
  return %0 : tensor<2xui32>
}

// -----

// ReduceSum with empty axes and noop_with_empty_axes is the identity.
// CHECK-LABEL: func.func @reduce_sum_noop
// CHECK-NOT: linalg.generic
// CHECK: return %arg0
func.func @reduce_sum_noop(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %none = aicc.none
  %0 = "aicc.ReduceSum"(%x, %none) {noop_with_empty_axes = 1 : i64} : (tensor<2x3xf32>, none) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Run-time ReduceSum axes with keepdims follow from the shapes: the dims that became 1.
// CHECK-LABEL: func.func @reduce_sum_runtime_axes
// CHECK: iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: tensor.expand_shape
func.func @reduce_sum_runtime_axes(%x: tensor<2x3x4xf32>, %axes: tensor<1xi64>) -> tensor<2x1x4xf32> {
  %0 = "aicc.ReduceSum"(%x, %axes) : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

// ReduceLogSumExp subtracts the max before exp: m + log(sum(exp(x - m))), the max a maxnumf as
// softmax's.
// CHECK-LABEL: func.func @reduce_log_sum_exp
// CHECK: arith.maxnumf
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf %out, %in
// CHECK: %[[LOG:.*]] = math.log %in : f32
// CHECK: arith.addf %[[LOG]], %in_{{.*}} : f32
func.func @reduce_log_sum_exp(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = "aicc.ReduceLogSumExp"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Integer ReduceL2 is computed in f64 and truncated back, like ONNX's reference.
// CHECK-LABEL: func.func @reduce_l2_int
// CHECK: arith.sitofp %in : i32 to f64
// CHECK: math.sqrt %in : f64
// CHECK: arith.fptosi %in : f64 to i32
func.func @reduce_l2_int(%x: tensor<2x3xi32>) -> tensor<2x1xi32> {
  %0 = "aicc.ReduceL2"(%x) {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

// ArgMax is two reductions, neither a chain of selects, so both vectorize: the maximum (maximumf
// propagates NaN, so the first NaN wins as in numpy), then the first index holding it, read
// against the maximum kept as a unit dim.
// CHECK-LABEL: func.func @argmax
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<2x3xf32>) outs(%{{.*}} : tensor<2xf32>)
// CHECK: arith.maximumf %in, %out : f32
// CHECK: %[[KEPT:.*]] = tensor.expand_shape %[[MAX]] {{\[\[}}0, 1]] output_shape [2, 1]
// CHECK: linalg.generic {{.*}} ins(%arg0, %[[KEPT]] : tensor<2x3xf32>, tensor<2x1xf32>) outs(%{{.*}} : tensor<2xi64>)
// CHECK: arith.cmpf oeq, %in, %in_{{.*}} : f32
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: arith.minsi
func.func @argmax(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  %0 = "aicc.ArgMax"(%x) {axis = -1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

// select_last_index keeps the last index holding the extremum.
// CHECK-LABEL: func.func @argmin_last
// CHECK: arith.minsi %in, %out : i32
// CHECK: arith.cmpi eq
// CHECK: arith.maxsi
func.func @argmin_last(%x: tensor<2x3xi32>) -> tensor<3xi64> {
  %0 = "aicc.ArgMin"(%x) {axis = 0 : i64, keepdims = 0 : i64, select_last_index = 1 : i64} : (tensor<2x3xi32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}
