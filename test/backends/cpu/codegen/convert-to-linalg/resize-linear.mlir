// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --canonicalize --split-input-file | FileCheck %s

// pytorch_half_pixel from 'sizes' (ONNX's test_resize_downsample_sizes_linear_pytorch_half_pixel):
// H has two taps (scale 3/4 as 0.75), W shrinks to one element, which pytorch_half_pixel samples
// at -0.5, so its two taps are both clamped to 0 with weight 0.5 each (folded to constants).
// Weights are computed in f64, once per output coordinate into a table, and truncated to f32.
// Linear resizes one dim per loop nest, innermost first as ONNX's reference sums: W into
// 1x1x4x1, then H into the result, whose taps read whole rows at the table's indices.
// CHECK-LABEL: func.func @linear_pytorch_half_pixel
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[SCALE:.*]] = arith.constant 7.500000e-01 : f64
// CHECK: %[[H:.*]]:4 = linalg.generic {{.*}} outs(%{{.*}} : tensor<3xi64>, tensor<3xi64>, tensor<3xf32>, tensor<3xf32>)
// CHECK: arith.divf %{{.*}}, %[[SCALE]] : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: linalg.yield
// CHECK: linalg.yield %{{.*}}, %{{.*}}, %[[HALF]], %[[HALF]] : i64, i64, f32, f32
// CHECK: %[[ROWS:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x1xf32>)
// CHECK-COUNT-2: tensor.extract %arg0[%[[C0]], %[[C0]], %{{.*}}, %{{.*}}] : tensor<1x1x4x4xf32>
// CHECK: linalg.yield
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x3x1xf32>)
// CHECK: %[[Y:.*]] = linalg.index 2 : index
// CHECK: tensor.extract %[[H]]#0[%[[Y]]] : tensor<3xi64>
// CHECK: %[[W0:.*]] = tensor.extract %[[H]]#2[%[[Y]]] : tensor<3xf32>
// CHECK: %[[LOW:.*]] = tensor.extract %[[ROWS]][%[[C0]], %[[C0]], %{{.*}}, %[[C0]]] : tensor<1x1x4x1xf32>
// CHECK: arith.mulf %[[W0]], %[[LOW]] : f32
// CHECK: tensor.extract %[[ROWS]]
// CHECK-NOT: tensor.extract
// CHECK: linalg.yield
func.func @linear_pytorch_half_pixel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x1xf32> {
  %none = aicc.none
  %sizes = "aicc.Constant"() <{value = dense<[1, 1, 3, 1]> : tensor<4xi64>}> : () -> tensor<4xi64>
  %y = "aicc.Resize"(%x, %none, %none, %sizes) {coordinate_transformation_mode = "pytorch_half_pixel", mode = "linear"} : (tensor<1x1x4x4xf32>, none, none, tensor<4xi64>) -> tensor<1x1x3x1xf32>
  return %y : tensor<1x1x3x1xf32>
}

// -----

// align_corners with scales given at run time: each resized dim's table reads its scale, the
// reference's output_width = scale * in, and x * (in - 1) / (output_width - 1) (0 when
// output_width is 1). N and C have one element and are read at index 0; H and W have two taps
// each, W's gathered from the input into 1x1x2x4, then H's rows of that.
// CHECK-LABEL: func.func @linear_align_corners_runtime_scales
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi64>, tensor<4xi64>, tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[S2:.*]] = tensor.extract %arg1[%c2] : tensor<4xf32>
// CHECK: %[[S2D:.*]] = arith.extf %[[S2]] : f32 to f64
// CHECK: %[[WIDTH:.*]] = arith.mulf %[[S2D]], %{{.*}} : f64
// CHECK: arith.cmpf oeq, %[[WIDTH]]
// CHECK: arith.subf %[[WIDTH]]
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi64>, tensor<4xi64>, tensor<4xf32>, tensor<4xf32>)
// CHECK: tensor.extract %arg1[%c3] : tensor<4xf32>
// CHECK: %[[ROWS:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x2x4xf32>)
// CHECK-COUNT-2: tensor.extract %arg0[%c0, %c0, %{{.*}}, %{{.*}}] : tensor<1x1x2x2xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x4xf32>)
// CHECK-COUNT-2: tensor.extract %[[ROWS]][%c0, %c0, %{{.*}}, %{{.*}}] : tensor<1x1x2x4xf32>
// CHECK-NOT: tensor.extract
// CHECK: linalg.yield
func.func @linear_align_corners_runtime_scales(%x: tensor<1x1x2x2xf32>, %scales: tensor<4xf32>) -> tensor<1x1x4x4xf32> {
  %none = aicc.none
  %y = "aicc.Resize"(%x, %none, %scales, %none) {coordinate_transformation_mode = "align_corners", mode = "linear"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}
