// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// Softmax along axis 1: max, exp(x - max), sum, divide. The max is maxnumf: it only shifts exp's
// argument, and a NaN reaches the result through x - max anyway.
// CHECK-LABEL: func.func @softmax
// CHECK: arith.maxnumf %out, %in
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf %out, %in
// CHECK: arith.divf
func.func @softmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "aicc.Softmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Opset-13 Softmax normalizes the single dim `axis`, here the first of three.
// CHECK-LABEL: func.func @softmax_axis0
// CHECK: iterator_types = ["reduction", "parallel", "parallel"]
func.func @softmax_axis0(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = "aicc.Softmax"(%x) {axis = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// LogSoftmax: (x - max) - log(sum(exp(x - max))).
// CHECK-LABEL: func.func @log_softmax
// CHECK: math.exp
// CHECK: %[[LOG:.*]] = math.log %in_{{.*}} : f32
// CHECK: arith.subf %in, %[[LOG]] : f32
func.func @log_softmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "aicc.LogSoftmax"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Hardmax: 1 where the axis index equals the first argmax.
// CHECK-LABEL: func.func @hardmax
// CHECK: arith.minsi
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %[[I64]], %in : i64
// CHECK: arith.select %[[HIT]]
func.func @hardmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "aicc.Hardmax"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
