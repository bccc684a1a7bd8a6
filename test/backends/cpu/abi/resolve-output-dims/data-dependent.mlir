// RUN: aicc-opt %s --aicc-cpu-resolve-output-dims | FileCheck %s

// A result dim that is no input dim's size (here, twice one; NonZero's count likewise) is one only
// the run computes: named after the output and listed in aicc.output_data_dims.
// CHECK-LABEL: func.func @main
// CHECK-SAME: aicc.output_data_dims = [array<i64: 0>, array<i64>]
// CHECK-SAME: aicc.output_dim_names = {{\[}}["y.0"], ["n"]]
func.func @main(%x: memref<?xf32>) -> (memref<?xf32>, memref<?xf32>)
    attributes {aicc.input_dim_names = [["n"]], aicc.output_names = ["y", "z"]} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %twice = arith.addi %n, %n : index
  %y = memref.alloc(%twice) : memref<?xf32>
  %z = memref.alloc(%n) : memref<?xf32>
  return %y, %z : memref<?xf32>, memref<?xf32>
}
