// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --canonicalize --split-input-file | FileCheck %s

// pytorch_half_pixel from 'sizes' (ONNX's test_resize_downsample_sizes_linear_pytorch_half_pixel):
// H has two taps (scale 3/4 as 0.75), W shrinks to one element, which pytorch_half_pixel samples
// at -0.5, so its two taps are both clamped to 0 with weight 0.5 each (folded to constants).
// Weights are computed in f64 and truncated to f32 for the sums.
// CHECK-LABEL: func.func @linear_pytorch_half_pixel
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[SCALE:.*]] = arith.constant 7.500000e-01 : f64
// CHECK: linalg.generic
// CHECK: arith.divf %{{.*}}, %[[SCALE]] : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: %[[LOW:.*]] = tensor.extract %arg0[%[[C0]], %[[C0]], %[[H0:.*]], %[[C0]]] : tensor<1x1x4x4xf32>
// CHECK: arith.mulf %[[LOW]], %[[HALF]] : f32
// CHECK-COUNT-3: tensor.extract %arg0
// CHECK-NOT: tensor.extract
// CHECK: linalg.yield
func.func @linear_pytorch_half_pixel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x1xf32> {
  %none = aicc.none
  %sizes = "aicc.Constant"() <{value = dense<[1, 1, 3, 1]> : tensor<4xi64>}> : () -> tensor<4xi64>
  %y = "aicc.Resize"(%x, %none, %none, %sizes) {coordinate_transformation_mode = "pytorch_half_pixel", mode = "linear"} : (tensor<1x1x4x4xf32>, none, none, tensor<4xi64>) -> tensor<1x1x3x1xf32>
  return %y : tensor<1x1x3x1xf32>
}

// -----

// align_corners with scales given at run time: each resized dim reads its scale, the reference's
// output_width = scale * in, and x * (in - 1) / (output_width - 1) (0 when output_width is 1).
// N and C have one element and are read at index 0; H and W have two taps each.
// CHECK-LABEL: func.func @linear_align_corners_runtime_scales
// CHECK: linalg.generic
// CHECK: %[[S2:.*]] = tensor.extract %arg1[%c2] : tensor<4xf32>
// CHECK: %[[S2D:.*]] = arith.extf %[[S2]] : f32 to f64
// CHECK: %[[WIDTH:.*]] = arith.mulf %[[S2D]], %{{.*}} : f64
// CHECK: arith.cmpf oeq, %[[WIDTH]]
// CHECK: arith.subf %[[WIDTH]]
// CHECK: tensor.extract %arg1[%c3] : tensor<4xf32>
// CHECK-COUNT-4: tensor.extract %arg0[%c0, %c0, %{{.*}}, %{{.*}}] : tensor<1x1x2x2xf32>
// CHECK-NOT: tensor.extract
// CHECK: linalg.yield
func.func @linear_align_corners_runtime_scales(%x: tensor<1x1x2x2xf32>, %scales: tensor<4xf32>) -> tensor<1x1x4x4xf32> {
  %none = aicc.none
  %y = "aicc.Resize"(%x, %none, %scales, %none) {coordinate_transformation_mode = "align_corners", mode = "linear"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}
