// RUN: aicc-opt %s --aicc-cpu-lower-index-checks | FileCheck %s

// A module without index checks is left alone: no runtime declaration, no node strings.
// CHECK-NOT: llvm.mlir.global
// CHECK-NOT: aicc_kernels_index_error
// CHECK-LABEL: func.func @no_checks
// CHECK-NOT: aicc_kernels_index_error
func.func @no_checks(%state: !llvm.ptr, %x: memref<4xf32>) {
  return
}
