// RUN: aicc-opt %s --aicc-cpu-lower-heavy-ops --split-input-file | FileCheck %s

// ceil_mode: the second window needs one more cell of end padding than `pads` gives.
// CHECK-LABEL: func.func @max_ceil_mode
// CHECK: aicc_cpu.pool <max> ins(%{{.*}} : tensor<1x1x4x4xf32>) outs(%{{.*}} : tensor<1x1x2x2xf32>)
// CHECK-SAME: kernel = array<i64: 3, 3>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 1, 1>, strides = array<i64: 2, 2>
func.func @max_ceil_mode(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %y, %i = "aicc.MaxPool"(%x) <{ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>}>
      : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, none)
  return %y : tensor<1x1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @average_exclude_pad
// CHECK: aicc_cpu.pool <average_exclude_pad>
// CHECK-SAME: kernel = array<i64: 3, 3>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, strides = array<i64: 1, 1>
func.func @average_exclude_pad(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %y = "aicc.AveragePool"(%x) <{kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}>
      : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @global_average
// CHECK: aicc_cpu.pool <average_exclude_pad> ins(%{{.*}} : tensor<2x8x7x7xf32>) outs(%{{.*}} : tensor<2x8x1x1xf32>)
// CHECK-SAME: kernel = array<i64: 7, 7>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>
func.func @global_average(%x: tensor<2x8x7x7xf32>) -> tensor<2x8x1x1xf32> {
  %y = "aicc.GlobalAveragePool"(%x) : (tensor<2x8x7x7xf32>) -> tensor<2x8x1x1xf32>
  return %y : tensor<2x8x1x1xf32>
}

// -----

// The Indices output is not something oneDNN computes: MaxPool stays for the generic lowering.
// CHECK-LABEL: func.func @max_with_indices
// CHECK: "aicc.MaxPool"
// CHECK-NOT: aicc_cpu.pool
func.func @max_with_indices(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) {
  %y, %i = "aicc.MaxPool"(%x) <{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}>
      : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>)
  return %y, %i : tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>
}
