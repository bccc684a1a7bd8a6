// RUN: aicc-opt %s --aicc-cpu-write-concat-in-place --split-input-file | FileCheck %s

// Both convs of a batch-1 channel Concat write into their slice of its buffer; the Concat is gone.
// CHECK-LABEL: func.func @two_kernels
// CHECK: %[[D:.*]] = bufferization.alloc_tensor() : tensor<1x16x4x4xf32>
// CHECK: %[[S0:.*]] = tensor.extract_slice %[[D]][0, 0, 0, 0] [1, 8, 4, 4] [1, 1, 1, 1]
// CHECK: %[[A:.*]] = aicc_cpu.conv {{.*}} outs(%[[S0]] : tensor<1x8x4x4xf32>)
// CHECK: %[[D1:.*]] = tensor.insert_slice %[[A]] into %[[D]][0, 0, 0, 0] [1, 8, 4, 4] [1, 1, 1, 1]
// CHECK: %[[S1:.*]] = tensor.extract_slice %[[D1]][0, 8, 0, 0] [1, 8, 4, 4] [1, 1, 1, 1]
// CHECK: %[[B:.*]] = aicc_cpu.conv {{.*}} outs(%[[S1]] : tensor<1x8x4x4xf32>)
// CHECK: %[[D2:.*]] = tensor.insert_slice %[[B]] into %[[D1]][0, 8, 0, 0] [1, 8, 4, 4] [1, 1, 1, 1]
// CHECK-NOT: aicc.Concat
// CHECK: return %[[D2]]
func.func @two_kernels(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %j = tensor.empty() : tensor<1x8x4x4xf32>
  %b = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%j : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %c = "aicc.Concat"(%a, %b) <{axis = 1 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %c : tensor<1x16x4x4xf32>
}

// -----

// An input no kernel writes (a function argument) is copied into its slice, after the kernels.
// CHECK-LABEL: func.func @kernel_and_argument
// CHECK: aicc_cpu.conv {{.*}} outs(%{{.*}} : tensor<1x8x4x4xf32>)
// CHECK: %[[D1:.*]] = tensor.insert_slice
// CHECK: tensor.insert_slice %arg2 into %[[D1]][0, 0, 0, 0] [1, 8, 4, 4]
func.func @kernel_and_argument(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>, %y: tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %c = "aicc.Concat"(%y, %a) <{axis = 1 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %c : tensor<1x16x4x4xf32>
}

// -----

// Batch 2: a channel slice is not contiguous, so the Concat stays (it copies).
// CHECK-LABEL: func.func @batch_two
// CHECK-NOT: tensor.extract_slice
// CHECK: "aicc.Concat"
func.func @batch_two(%x: tensor<2x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<2x16x4x4xf32> {
  %i = tensor.empty() : tensor<2x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<2x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<2x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<2x8x4x4xf32>
  %c = "aicc.Concat"(%a, %x) <{axis = 1 : i64}> : (tensor<2x8x4x4xf32>, tensor<2x8x4x4xf32>) -> tensor<2x16x4x4xf32>
  return %c : tensor<2x16x4x4xf32>
}
