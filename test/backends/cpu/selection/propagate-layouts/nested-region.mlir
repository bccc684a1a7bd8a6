// RUN: aicc-opt %s --aicc-cpu-propagate-layouts="block=8" | FileCheck %s

// A blocked value captured by a region is read there in plain NCHW (via a reorder to plain,
// before the If or inside the branch): no branch yields the physical blocked type.
// CHECK-LABEL: func.func @if_branch
// CHECK: %[[C:.*]] = aicc_cpu.conv {{.*}} -> tensor<1x1x2x2x8xf32>
// CHECK: %[[P:.*]] = aicc_cpu.reorder <blocked8> to <plain> ins(%[[C]]
// CHECK: "aicc.If"
// CHECK-NEXT: aicc.Yield %[[P]] : tensor<1x8x2x2xf32>
func.func @if_branch(%x: tensor<1x8x2x2xf32>, %w: tensor<8x8x1x1xf32>, %cond: tensor<i1>) -> tensor<1x8x2x2xf32> {
  %i = tensor.empty() : tensor<1x8x2x2xf32>
  %c = aicc_cpu.conv ins(%x, %w : tensor<1x8x2x2xf32>, tensor<8x8x1x1xf32>) outs(%i : tensor<1x8x2x2xf32>)
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} -> tensor<1x8x2x2xf32>
  %r = "aicc.If"(%cond) ({
    aicc.Yield %c : tensor<1x8x2x2xf32>
  }, {
    aicc.Yield %x : tensor<1x8x2x2xf32>
  }) : (tensor<i1>) -> tensor<1x8x2x2xf32>
  return %r : tensor<1x8x2x2xf32>
}
