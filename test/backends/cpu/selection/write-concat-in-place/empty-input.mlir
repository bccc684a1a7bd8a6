// RUN: aicc-opt %s --aicc-cpu-write-concat-in-place | FileCheck %s

// An input empty along the axis adds nothing and gets no slice (one at offset 8 of 8 channels
// would be out of bounds); the kernel writes the whole buffer.
// CHECK-LABEL: func.func @empty_input
// CHECK: %[[D:.*]] = bufferization.alloc_tensor() : tensor<1x8x4x4xf32>
// CHECK: %[[C:.*]] = aicc_cpu.conv {{.*}} outs(%[[D]] : tensor<1x8x4x4xf32>)
// CHECK-NOT: tensor.insert_slice
// CHECK: return %[[C]]
// CHECK-NOT: aicc.Concat
func.func @empty_input(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>, %empty: tensor<1x0x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %i = tensor.empty() : tensor<1x8x4x4xf32>
  %a = aicc_cpu.conv ins(%x, %w : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x4x4xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x4x4xf32>
  %c = "aicc.Concat"(%a, %empty) <{axis = 1 : i64}> : (tensor<1x8x4x4xf32>, tensor<1x0x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %c : tensor<1x8x4x4xf32>
}
