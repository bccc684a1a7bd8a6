// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// A symbolic dim is a run value in the parameters: ?0 (AICC_RUN_VALUE(0)) for op(A)'s first dim,
// ?1 for Y's; the call passes them after the kernel's four pointers.
// CHECK: #aicc_cpu.matmul_params<a_dims = [?0, 10], b_dims = [10, 4], y_dims = [?1, 4],
// CHECK-LABEL: func.func @main
// CHECK: %[[ARGS:.*]] = memref.alloca() : memref<6xindex>
// CHECK: %[[M:.*]] = memref.dim %arg1, %c0
// CHECK: %[[N:.*]] = memref.dim %arg3, %c0
// CHECK: memref.store %[[M]], %[[ARGS]][%c4{{.*}}]
// CHECK: memref.store %[[N]], %[[ARGS]][%c5{{.*}}]
// CHECK: call @aicc_kernel_run
func.func @main(%a: memref<?x10xf32>, %b: memref<10x4xf32>, %y: memref<?x4xf32>) {
  aicc_cpu.matmul ins(%a, %b : memref<?x10xf32>, memref<10x4xf32>) outs(%y : memref<?x4xf32>)
  return
}
