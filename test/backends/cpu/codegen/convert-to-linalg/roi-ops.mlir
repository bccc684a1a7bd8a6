// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// MaxUnpool of 2x2 maxima with a 2x2 kernel and stride 2 into a 5x5 output_shape: the positions
// index the 4x4 unpooled shape (each checked against its 16 elements), written into zeros, which
// are then padded at the end of each spatial dim.
// CHECK-LABEL: func.func @unpool_padded
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<16xf32>)
// CHECK: %[[POS:.*]], %[[OK:.*]] = aicc_cpu.check_index %{{.*}} for axis 0 of size %c16 "MaxUnpool" : i64
// CHECK: scf.if %[[OK]]
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%[[POS]]] : tensor<16xf32>
// CHECK: tensor.expand_shape %{{.*}} output_shape [1, 1, 4, 4] : tensor<16xf32> into tensor<1x1x4x4xf32>
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
func.func @unpool_padded(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<1x1x5x5xf32> {
  %none = aicc.none
  %y = "aicc.MaxUnpool"(%x, %i, %none) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}> : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>, none) -> tensor<1x1x5x5xf32>
  return %y : tensor<1x1x5x5xf32>
}

// -----

// RoiAlign, half_pixel, adaptive sampling: each output element computes its region (scaled and
// shifted by half a pixel), the samples per bin side (ceil(region / bins)), the batch index
// (checked), then sums bilinear samples over the sample grid and divides by their count.
// CHECK-LABEL: func.func @roi_align_avg
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x2x2x2xf32>)
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: math.ceil
// CHECK: aicc_cpu.check_index %{{.*}} for axis 0 of size %c1 "RoiAlign" : i64
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract %arg0[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : tensor<1x2x8x8xf32>
// CHECK: arith.addf
// CHECK: arith.maxui
// CHECK: arith.divf
func.func @roi_align_avg(%x: tensor<1x2x8x8xf32>, %r: tensor<3x4xf32>, %b: tensor<3xi64>) -> tensor<3x2x2x2xf32> {
  %y = "aicc.RoiAlign"(%x, %r, %b) <{output_height = 2 : i64, output_width = 2 : i64, spatial_scale = 0.5 : f32}> : (tensor<1x2x8x8xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x2x2x2xf32>
  return %y : tensor<3x2x2x2xf32>
}

// -----

// MaxRoiPool: per output bin, the roi's corners rounded to pixels, the bin's pixel range clipped
// to the image, the batch index checked, and the max over the range (0 when it is empty); the
// roi count comes from the rois at run time.
// CHECK-LABEL: func.func @max_roi_pool
// CHECK: %[[COUNT:.*]] = tensor.dim %arg1, %c0
// CHECK: tensor.empty(%[[COUNT]]) : tensor<?x3x2x2xf32>
// CHECK: linalg.generic
// CHECK: math.round
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: aicc_cpu.check_index
// CHECK: scf.for
// CHECK: scf.for
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpi sle
func.func @max_roi_pool(%x: tensor<2x3x8x8xf32>, %rois: tensor<?x5xf32>) -> tensor<?x3x2x2xf32> {
  %0 = "aicc.MaxRoiPool"(%x, %rois) <{pooled_shape = array<i64: 2, 2>, spatial_scale = 0.5 : f32}> : (tensor<2x3x8x8xf32>, tensor<?x5xf32>) -> tensor<?x3x2x2xf32>
  return %0 : tensor<?x3x2x2xf32>
}
