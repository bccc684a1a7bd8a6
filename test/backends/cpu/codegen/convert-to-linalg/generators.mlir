// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// EyeLike with k = 1 and an i32 dtype: 1 where column - row == 1.
// CHECK-LABEL: func.func @eye_like
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x4xi32>)
// CHECK: %[[D:.*]] = arith.subi
// CHECK: %[[ON:.*]] = arith.cmpi eq, %[[D]], %c1_i64{{.*}} : i64
// CHECK: arith.select %[[ON]], %c1_i32, %c0_i32 : i32
func.func @eye_like(%x: tensor<3x4xf32>) -> tensor<3x4xi32> {
  %e = "aicc.EyeLike"(%x) <{k = 1 : i64, dtype = 6 : i64}> : (tensor<3x4xf32>) -> tensor<3x4xi32>
  return %e : tensor<3x4xi32>
}

// -----

// A symmetric Hann window whose size only the run knows: the size (negative as empty) sizes the
// result, N = size - 1, w[n] = 0.5 - 0.5 cos(2πn / N) in f64.
// CHECK-LABEL: func.func @hann_runtime_size
// CHECK: %[[SIZE:.*]] = tensor.extract %arg0[] : tensor<i64>
// CHECK: %[[LEN:.*]] = arith.maxsi %[[SIZE]], %c0_i64 : i64
// CHECK: %[[N:.*]] = arith.subi %[[SIZE]], %c1_i64 : i64
// CHECK: %[[PERIOD:.*]] = arith.sitofp %[[N]] : i64 to f64
// CHECK: tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK: arith.divf %{{.*}}, %[[PERIOD]] : f64
// CHECK: math.cos
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @hann_runtime_size(%n: tensor<i64>) -> tensor<?xf32> {
  %w = "aicc.HannWindow"(%n) <{periodic = 0 : i64}> : (tensor<i64>) -> tensor<?xf32>
  return %w : tensor<?xf32>
}

// -----

// RandomNormal with a seed: element i is splitmix64 of (seed, i), made normal by Box-Muller.
// CHECK-LABEL: func.func @random_normal
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: arith.constant -7046029254386353131 : i64
// CHECK: arith.constant -4658895280553007687 : i64
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: math.cos
func.func @random_normal() -> tensor<2x3xf32> {
  %r = "aicc.RandomNormal"() <{shape = array<i64: 2, 3>, seed = 7.0 : f32, mean = 1.0 : f32, scale = 2.0 : f32}> : () -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// Bernoulli: 1 where the element's uniform draw is below the input's probability.
// CHECK-LABEL: func.func @bernoulli
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<3x4xf32>) outs(%{{.*}} : tensor<3x4xf32>)
// CHECK: %[[P:.*]] = arith.extf %in : f32 to f64
// CHECK: %[[HIT:.*]] = arith.cmpf olt, %{{.*}}, %[[P]] : f64
// CHECK: arith.select %[[HIT]]
func.func @bernoulli(%p: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %b = "aicc.Bernoulli"(%p) <{seed = 3.0 : f32}> : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %b : tensor<3x4xf32>
}

// -----

// Multinomial: per sample, the row's max and sum of exp(x - max), a uniform draw from the sample's
// position, then the first class whose running sum passes u * sum.
// CHECK-LABEL: func.func @multinomial
// CHECK: linalg.generic
// CHECK: scf.for
// CHECK: arith.cmpf ogt
// CHECK: scf.for
// CHECK: math.exp
// CHECK: arith.muli
// CHECK: scf.for
// CHECK: arith.select
// CHECK: arith.index_cast %{{.*}} : index to i64
func.func @multinomial(%x: tensor<2x4xf32>) -> tensor<2x8xi64> {
  %0 = "aicc.Multinomial"(%x) <{dtype = 7 : i64, sample_size = 8 : i64, seed = 1.0 : f32}> : (tensor<2x4xf32>) -> tensor<2x8xi64>
  return %0 : tensor<2x8xi64>
}

// -----

// MelWeightMatrix: every element from its position and the five scalars, in f64: the three filter
// edges through the mel scale (log10, then 10^x back), floored to frequency bins, and the rising or
// falling weight between them.
// CHECK-LABEL: func.func @mel_weight_matrix
// CHECK: math.log10
// CHECK: linalg.generic
// CHECK: math.powf
// CHECK: math.floor
// CHECK: arith.select
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @mel_weight_matrix(%bins: tensor<i64>, %dft: tensor<i64>, %rate: tensor<i64>, %low: tensor<f32>, %high: tensor<f32>) -> tensor<9x8xf32> {
  %0 = "aicc.MelWeightMatrix"(%bins, %dft, %rate, %low, %high) <{output_datatype = 1 : i64}> : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<9x8xf32>
  return %0 : tensor<9x8xf32>
}
