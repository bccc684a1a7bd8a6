// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg | FileCheck %s

// Shrink of integers: computed in f64 (x + bias below -lambd, x - bias above lambd, 0 between) and
// converted back as Cast converts.
// CHECK-LABEL: func.func @shrink_ints
// CHECK: %[[X:.*]] = arith.sitofp %in : i32 to f64
// CHECK: %[[BELOW:.*]] = arith.cmpf olt, %[[X]], %cst{{.*}} : f64
// CHECK: %[[ABOVE:.*]] = arith.cmpf ogt, %[[X]], %cst{{.*}} : f64
// CHECK: %[[DOWN:.*]] = arith.subf %[[X]]
// CHECK: %[[MID:.*]] = arith.select %[[ABOVE]], %[[DOWN]]
// CHECK: %[[UP:.*]] = arith.addf %[[X]]
// CHECK: %[[Y:.*]] = arith.select %[[BELOW]], %[[UP]], %[[MID]] : f64
// CHECK: arith.fptosi %[[Y]] : f64 to i32
func.func @shrink_ints(%x: tensor<4xi32>) -> tensor<4xi32> {
  %r = "aicc.Shrink"(%x) <{lambd = 1.5 : f32, bias = 1.0 : f32}> : (tensor<4xi32>) -> tensor<4xi32>
  return %r : tensor<4xi32>
}
