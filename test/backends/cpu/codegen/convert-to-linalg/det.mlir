// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg | FileCheck %s

// Det of a batch of 3x3 matrices: each is copied into an f64 workspace and eliminated with partial
// pivoting (the largest magnitude in the column); a row swap negates the product of the pivots, and
// a zero pivot makes the elimination ratio 0 instead of dividing by it.
// CHECK-LABEL: func.func @det
// CHECK: tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf64>
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: math.absf %{{.*}} : f64
// CHECK: arith.cmpf ogt
// CHECK: arith.constant -1.000000e+00 : f64
// CHECK: %[[SINGULAR:.*]] = arith.cmpf oeq
// CHECK: arith.divf
// CHECK: arith.select %[[SINGULAR]]
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @det(%x: tensor<2x3x3xf32>) -> tensor<2xf32> {
  %r = "aicc.Det"(%x) : (tensor<2x3x3xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}
