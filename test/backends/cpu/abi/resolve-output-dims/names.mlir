// RUN: aicc-opt %s --aicc-cpu-resolve-output-dims | FileCheck %s

// The result's dim 0 is the size of input 0's dim 0 (through the buffer that holds it); its name
// is that dim's, and static dims get "".
// CHECK-LABEL: func.func @main
// CHECK-SAME: aicc.output_dim_names = {{\[}}["batch", ""]]
func.func @main(%x: memref<?x10xf32>) -> memref<?x4xf32>
    attributes {aicc.input_dim_names = [["batch", ""]], aicc.output_names = ["y"]} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x10xf32>
  %y = memref.alloc(%n) : memref<?x4xf32>
  return %y : memref<?x4xf32>
}
