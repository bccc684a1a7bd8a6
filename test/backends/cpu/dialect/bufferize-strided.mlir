// RUN: aicc-opt %s --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --split-input-file | FileCheck %s

// A slice feeding a matmul's A stays a view: the kernel reads it through its strides.
// CHECK-LABEL: func.func @matmul_reads_slice
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK-NOT: memref.copy
// CHECK: aicc_cpu.matmul ins(%[[VIEW]], %{{.*}} : memref<4x8xf32, strided<[24, 1], offset: 8>>, memref<8x2xf32>)
func.func @matmul_reads_slice(%x: tensor<4x24xf32>, %b: tensor<8x2xf32>) -> tensor<4x2xf32> {
  %a = tensor.extract_slice %x[0, 8] [4, 8] [1, 1] : tensor<4x24xf32> to tensor<4x8xf32>
  %i = tensor.empty() : tensor<4x2xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x2xf32>) outs(%i : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %m : tensor<4x2xf32>
}

// -----

// A column slice (its innermost stride is not 1) is copied first.
// CHECK-LABEL: func.func @matmul_copies_columns
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK: %[[DENSE:.*]] = memref.alloc() : memref<4x8xf32>
// CHECK: memref.copy %[[VIEW]], %[[DENSE]]
// CHECK: aicc_cpu.matmul ins(%[[DENSE]],
func.func @matmul_copies_columns(%x: tensor<4x16xf32>, %b: tensor<8x2xf32>) -> tensor<4x2xf32> {
  %a = tensor.extract_slice %x[0, 0] [4, 8] [1, 2] : tensor<4x16xf32> to tensor<4x8xf32>
  %i = tensor.empty() : tensor<4x2xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x2xf32>) outs(%i : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %m : tensor<4x2xf32>
}

// -----

// The same slice as A and as a binary post-op's tensor: A is read in place, the post-op tensor
// (read dense) gets a copy.
// CHECK-LABEL: func.func @slice_also_post_op_input
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK: %[[DENSE:.*]] = memref.alloc() : memref<4x8xf32>
// CHECK: memref.copy %[[VIEW]], %[[DENSE]]
// CHECK: aicc_cpu.matmul ins(%[[VIEW]], %{{.*}} : memref<4x8xf32, strided<[24, 1], offset: 8>>, memref<8x8xf32>) post_op_inputs(%[[DENSE]] : memref<4x8xf32>)
func.func @slice_also_post_op_input(%x: tensor<4x24xf32>, %b: tensor<8x8xf32>) -> tensor<4x8xf32> {
  %a = tensor.extract_slice %x[0, 8] [4, 8] [1, 1] : tensor<4x24xf32> to tensor<4x8xf32>
  %i = tensor.empty() : tensor<4x8xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x8xf32>) post_op_inputs(%a : tensor<4x8xf32>) outs(%i : tensor<4x8xf32>)
      {post_ops = [#aicc_cpu.binary<mul>]} -> tensor<4x8xf32>
  return %m : tensor<4x8xf32>
}

// -----

// With a symbolic row count the slice's row stride is the run's: still read in place (the stride
// becomes a run value of the kernel).
// CHECK-LABEL: func.func @matmul_reads_symbolic_slice
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK-NOT: memref.copy
// CHECK: aicc_cpu.matmul ins(%[[VIEW]], %{{.*}} : memref<?x8xf32, strided<[24, 1], offset: 8>>, memref<8x2xf32>)
func.func @matmul_reads_symbolic_slice(%x: tensor<?x24xf32>, %b: tensor<8x2xf32>, %n: index) -> tensor<?x2xf32> {
  %a = tensor.extract_slice %x[0, 8] [%n, 8] [1, 1] : tensor<?x24xf32> to tensor<?x8xf32>
  %i = tensor.empty(%n) : tensor<?x2xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<?x8xf32>, tensor<8x2xf32>) outs(%i : tensor<?x2xf32>) -> tensor<?x2xf32>
  return %m : tensor<?x2xf32>
}

// -----

// A column slice with symbolic rows is copied into a buffer of the run's size.
// CHECK-LABEL: func.func @matmul_copies_symbolic_columns
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK: %[[ROWS:.*]] = memref.dim %[[VIEW]], %c0
// CHECK: %[[DENSE:.*]] = memref.alloc(%[[ROWS]]) : memref<?x8xf32>
// CHECK: memref.copy %[[VIEW]], %[[DENSE]]
func.func @matmul_copies_symbolic_columns(%x: tensor<?x16xf32>, %b: tensor<8x2xf32>, %n: index) -> tensor<?x2xf32> {
  %a = tensor.extract_slice %x[0, 0] [%n, 8] [1, 2] : tensor<?x16xf32> to tensor<?x8xf32>
  %i = tensor.empty(%n) : tensor<?x2xf32>
  %m = aicc_cpu.matmul ins(%a, %b : tensor<?x8xf32>, tensor<8x2xf32>) outs(%i : tensor<?x2xf32>) -> tensor<?x2xf32>
  return %m : tensor<?x2xf32>
}
