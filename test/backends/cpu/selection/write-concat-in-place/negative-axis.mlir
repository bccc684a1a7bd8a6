// RUN: aicc-opt %s --aicc-cpu-write-concat-in-place | FileCheck %s

// A Concat's axis may count from the back (ONNX: -3 of a rank-4 result is the channel axis): its
// kernels write into their slices just the same.
// CHECK-LABEL: func.func @channel_axis_from_the_back
// CHECK: %[[D:.*]] = bufferization.alloc_tensor() : tensor<1x16x4x4xf32>
// CHECK: tensor.extract_slice %[[D]][0, 0, 0, 0] [1, 8, 4, 4] [1, 1, 1, 1]
// CHECK: tensor.extract_slice %{{.*}}[0, 8, 0, 0] [1, 8, 4, 4] [1, 1, 1, 1]
// CHECK-NOT: aicc.Concat
func.func @channel_axis_from_the_back(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %j = tensor.empty() : tensor<1x8x4x4xf32>
  %b = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%j : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %c = "aicc.Concat"(%a, %b) <{axis = -3 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %c : tensor<1x16x4x4xf32>
}
