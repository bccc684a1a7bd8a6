// RUN: aicc-opt %s --aicc-cpu-read-only-inputs --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" | FileCheck %s

// A matmul whose residual (sum post-op destination) is the model input: the kernel writes into a
// copy of the input, never into the caller's buffer.
// CHECK-LABEL: func.func @residual_of_input
// CHECK-SAME: (%[[X:.*]]: memref<2x4xf32
// CHECK: %[[COPY:.*]] = memref.alloc() {{.*}} : memref<2x4xf32>
// CHECK: memref.copy %[[X]], %[[COPY]]
// CHECK: aicc_cpu.matmul ins(%[[X]], {{.*}}) outs(%[[COPY]] : memref<2x4xf32>) {post_ops = [#aicc_cpu.sum]}
func.func @residual_of_input(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %k = aicc_cpu.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x4xf32>) outs(%x : tensor<2x4xf32>) {post_ops = [#aicc_cpu.sum]} -> tensor<2x4xf32>
  return %k : tensor<2x4xf32>
}
