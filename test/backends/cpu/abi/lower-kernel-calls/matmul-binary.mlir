// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// Binary post-op tensors follow Y in the kernel's args (slots 4, 5, ...): the call stores six
// slots (the absent bias one 0), and each binary post-op records its binary, its slot and its
// dims at Y's rank.
// CHECK: #aicc_cpu.kernel<kind = matmul, name = "aicc_cpu.matmul", num_args = 6
// CHECK-SAME: alpha = 1.000000e+00, post_ops = [#aicc_cpu.binary_post_op<mul, arg = 4, dims = [1, 4]>,
// CHECK-SAME: #aicc_cpu.binary_post_op<add, arg = 5, dims = [2, 1]>]>
// CHECK-LABEL: func.func @main
// CHECK: %[[ARGS:.*]] = memref.alloca() : memref<6xindex>
// CHECK-COUNT-6: memref.store %{{.*}}, %[[ARGS]]
// CHECK: call @aicc_kernel_run
func.func @main(%a: memref<2x3xf32>, %b: memref<3x4xf32>, %col: memref<1x4xf32>, %row: memref<2x1xf32>, %y: memref<2x4xf32>) {
  aicc_cpu.matmul ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) post_op_inputs(%col, %row : memref<1x4xf32>, memref<2x1xf32>)
      outs(%y : memref<2x4xf32>) {post_ops = [#aicc_cpu.binary<mul>, #aicc_cpu.binary<add>]}
  return
}
