// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// DepthToSpace, DCR (the default): channels split as [b, b, C/b²], permuted to
// [N, C/b², H, b, W, b] and merged.
// CHECK-LABEL: func.func @depth_to_space_dcr
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2, 3], [4], [5]] output_shape [1, 2, 2, 3, 4, 5]
// CHECK: linalg.transpose ins(%{{.*}} : tensor<1x2x2x3x4x5xf32>) outs(%{{.*}} : tensor<1x3x4x2x5x2xf32>) permutation = [0, 3, 4, 1, 5, 2]
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1], [2, 3], [4, 5]] : tensor<1x3x4x2x5x2xf32> into tensor<1x3x8x10xf32>
func.func @depth_to_space_dcr(%x: tensor<1x12x4x5xf32>) -> tensor<1x3x8x10xf32> {
  %y = "aicc.DepthToSpace"(%x) <{blocksize = 2 : i64}> : (tensor<1x12x4x5xf32>) -> tensor<1x3x8x10xf32>
  return %y : tensor<1x3x8x10xf32>
}

// -----

// CRD (PyTorch's PixelShuffle): channels split as [C/b², b, b].
// CHECK-LABEL: func.func @depth_to_space_crd
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2, 3], [4], [5]] output_shape [1, 3, 2, 2, 4, 5]
// CHECK: permutation = [0, 1, 4, 2, 5, 3]
func.func @depth_to_space_crd(%x: tensor<1x12x4x5xf32>) -> tensor<1x3x8x10xf32> {
  %y = "aicc.DepthToSpace"(%x) <{blocksize = 2 : i64, mode = "CRD"}> : (tensor<1x12x4x5xf32>) -> tensor<1x3x8x10xf32>
  return %y : tensor<1x3x8x10xf32>
}

// -----

// SpaceToDepth: height and width split by the block, the block offsets moved before the channels.
// CHECK-LABEL: func.func @space_to_depth
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1], [2, 3], [4, 5]] output_shape [2, 3, 2, 2, 3, 2]
// CHECK: permutation = [0, 3, 5, 1, 2, 4]
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3], [4], [5]] : tensor<2x2x2x3x2x3xf32> into tensor<2x12x2x3xf32>
func.func @space_to_depth(%x: tensor<2x3x4x6xf32>) -> tensor<2x12x2x3xf32> {
  %y = "aicc.SpaceToDepth"(%x) <{blocksize = 2 : i64}> : (tensor<2x3x4x6xf32>) -> tensor<2x12x2x3xf32>
  return %y : tensor<2x12x2x3xf32>
}
