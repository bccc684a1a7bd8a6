// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// Binary post-op tensors follow Y in the kernel's args (slots 4, 5, ...): the call stores six
// slots (the absent bias one 0), and each post-op entry (kind 3) records its binary (2: mul, 1: add), its arg and its
// dims at Y's rank. An entry is 9 words: kind, activation, alpha, beta, binary, arg, dims[5];
// after alpha (1.0, as its bits) come the count (2) and the entries.
// CHECK: kind = 2 : i64, name = "aicc_cpu.matmul", num_args = 6 : i64
// CHECK-SAME: 4607182418800017408, 2, 3, 0, 0, 0, 2, 4, 1, 4, 0, 0, 0, 3, 0, 0, 0, 1, 5, 2, 1, 0, 0, 0,
// CHECK-LABEL: func.func @main
// CHECK: %[[ARGS:.*]] = memref.alloca() : memref<6xindex>
// CHECK-COUNT-6: memref.store %{{.*}}, %[[ARGS]]
// CHECK: call @aicc_kernel_run
func.func @main(%a: memref<2x3xf32>, %b: memref<3x4xf32>, %col: memref<1x4xf32>, %row: memref<2x1xf32>, %y: memref<2x4xf32>) {
  aicc_cpu.matmul ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) post_op_inputs(%col, %row : memref<1x4xf32>, memref<2x1xf32>)
      outs(%y : memref<2x4xf32>) {post_ops = [#aicc_cpu.binary<mul>, #aicc_cpu.binary<add>]}
  return
}
