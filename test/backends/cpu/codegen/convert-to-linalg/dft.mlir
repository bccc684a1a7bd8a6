// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg | FileCheck %s

// DFT of a real signal along axis 1, onesided, dft_length 16 over 10 samples: one reduction over
// the 10 samples that exist (zero padding adds nothing), reading the real part at the constant
// last index 0; the phase k·t is reduced modulo 16 in integers before the angle; 16 / 2 + 1 = 9
// frequencies; a second generic interleaves the real and imaginary parts.
// CHECK-DAG: #[[READ:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2, 0)>
// CHECK-LABEL: func.func @dft_onesided
// CHECK: linalg.generic {indexing_maps = [#[[READ]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg0 : tensor<2x10x3x1xf32>) outs(%{{.*}}, %{{.*}} : tensor<2x9x3xf32>, tensor<2x9x3xf32>)
// CHECK: %[[KT:.*]] = arith.muli
// CHECK: arith.remui %[[KT]], %c16{{.*}} : i64
// CHECK: math.cos
// CHECK: math.sin
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x9x3xf32>, tensor<2x9x3xf32>) outs(%{{.*}} : tensor<2x9x3x2xf32>)
func.func @dft_onesided(%x: tensor<2x10x3x1xf32>) -> tensor<2x9x3x2xf32> {
  %n = "aicc.Constant"() <{value = dense<16> : tensor<i64>}> : () -> tensor<i64>
  %y = "aicc.DFT"(%x, %n) <{axis = 1 : i64, onesided = 1 : i64}> : (tensor<2x10x3x1xf32>, tensor<i64>) -> tensor<2x9x3x2xf32>
  return %y : tensor<2x9x3x2xf32>
}

// -----

// STFT with the step and frame length known only at run time: each output element sums its frame
// in a loop, in f64, every sample's position checked against the signal (a step that contradicts
// the result shape fails the run), the phase kn taken modulo the frame length in integers.
// CHECK-LABEL: func.func @stft
// CHECK: %[[LEN:.*]] = tensor.dim %arg2, %c0
// CHECK: linalg.generic
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[LEN]]
// CHECK: aicc_cpu.check_index
// CHECK: arith.mulf
// CHECK: arith.remui
// CHECK: math.cos
// CHECK: math.sin
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @stft(%signal: tensor<1x128x1xf32>, %step: tensor<i64>, %window: tensor<16xf32>) -> tensor<1x15x9x2xf32> {
  %none = aicc.none
  %0 = "aicc.STFT"(%signal, %step, %window, %none) <{onesided = 1 : i64}> : (tensor<1x128x1xf32>, tensor<i64>, tensor<16xf32>, none) -> tensor<1x15x9x2xf32>
  return %0 : tensor<1x15x9x2xf32>
}
