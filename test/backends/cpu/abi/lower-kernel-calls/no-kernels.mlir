// RUN: aicc-opt %s --aicc-cpu-lower-kernel-calls | FileCheck %s

// Without kernels the entry still takes the state first, and the table is empty.
// CHECK: module attributes {aicc.kernels = []}
// CHECK-LABEL: func.func @main(%arg0: !llvm.ptr, %arg1: memref<4xf32>, %arg2: memref<4xf32>)
// CHECK-NOT: aicc_kernel_run
func.func @main(%in: memref<4xf32>, %out: memref<4xf32>) {
  memref.copy %in, %out : memref<4xf32> to memref<4xf32>
  return
}
