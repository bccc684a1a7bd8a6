// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// Bilinear, zeros padding, align_corners = 0: the grid's x and y become pixel coordinates
// ((g + 1) * size - 1) / 2, and four taps are weighted by their distances; a tap outside the image
// reads 0 (its index clamped first, so nothing outside X is read).
// CHECK-LABEL: func.func @bilinear_zeros
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x3x4xf32>)
// CHECK: tensor.extract %arg1[%{{.*}}, %{{.*}}, %{{.*}}, %c0{{.*}}] : tensor<1x3x4x2xf32>
// CHECK: math.floor
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK-NOT: math.absf
// CHECK: linalg.yield
func.func @bilinear_zeros(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  %y = "aicc.GridSample"(%x, %g) : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

// Bicubic with reflection: 16 taps, each coordinate reflected (|v - low| folded by the span) and
// clipped before it is read.
// CHECK-LABEL: func.func @bicubic_reflection
// CHECK: math.absf
// CHECK: arith.remf
// CHECK-COUNT-16: tensor.extract %arg0
// CHECK: linalg.yield
func.func @bicubic_reflection(%x: tensor<1x1x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x1x3x4xf32> {
  %y = "aicc.GridSample"(%x, %g) <{mode = "bicubic", padding_mode = "reflection", align_corners = 1 : i64}> : (tensor<1x1x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x1x3x4xf32>
  return %y : tensor<1x1x3x4xf32>
}

// -----

// Nearest with border padding: the clamped coordinate rounded half to even, one tap.
// CHECK-LABEL: func.func @nearest_border
// CHECK: math.roundeven
// CHECK: math.roundeven
// CHECK-COUNT-1: tensor.extract %arg0
// CHECK-NOT: tensor.extract %arg0
func.func @nearest_border(%x: tensor<1x1x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x1x3x4xf32> {
  %y = "aicc.GridSample"(%x, %g) <{mode = "nearest", padding_mode = "border"}> : (tensor<1x1x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x1x3x4xf32>
  return %y : tensor<1x1x3x4xf32>
}
