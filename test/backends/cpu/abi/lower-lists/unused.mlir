// RUN: aicc-opt %s --aicc-cpu-lower-lists | FileCheck %s

// A module without lists is left as it is: no runtime functions are declared.
// CHECK-LABEL: func.func @main
// CHECK-NOT: aicc_kernels_list
func.func @main(%state: !llvm.ptr, %x: memref<3xf32>) -> memref<3xf32> {
  return %x : memref<3xf32>
}
