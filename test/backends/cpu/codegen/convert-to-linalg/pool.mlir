// RUN: aicc-opt %s --aicc-cpu-convert-to-linalg --split-input-file | FileCheck %s

// MaxPool with its Indices output (which oneDNN does not give): loops [N, C, H', W', kh, kw], the
// window extent from a kernel-shaped operand; padding (pads 1) never wins; the index starts at -1
// so that the window's first element is always taken.
// CHECK-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @maxpool_indices
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[Y:.*]] = linalg.fill ins(%[[LOWEST]] : f32)
// CHECK: %[[NONE:.*]] = arith.constant -1 : i64
// CHECK: %[[I:.*]] = linalg.fill ins(%[[NONE]] : i64)
// CHECK: %[[W:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[WINDOW]], #[[OUT]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[W]] : tensor<3x3xf32>) outs(%[[Y]], %[[I]] : tensor<1x2x4x4xf32>, tensor<1x2x4x4xi64>)
// CHECK: tensor.extract %arg0
// CHECK: arith.cmpf ogt
// CHECK: arith.index_cast %{{.*}} : index to i64
func.func @maxpool_indices(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xi64>) {
  %y:2 = "aicc.MaxPool"(%x) {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xi64>)
  return %y#0, %y#1 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xi64>
}

// -----

// uint8 (no oneDNN kernel): the init is 0, comparisons unsigned.
// CHECK-LABEL: func.func @maxpool_uint8
// CHECK: arith.constant 0 : i8
// CHECK: arith.cmpi ugt
func.func @maxpool_uint8(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8> {
  %y:2 = "aicc.MaxPool"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : (tensor<1x1x4x4xui8>) -> (tensor<1x1x2x2xui8>, none)
  return %y#0 : tensor<1x1x2x2xui8>
}
