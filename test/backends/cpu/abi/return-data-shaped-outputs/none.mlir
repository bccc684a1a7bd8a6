// RUN: aicc-opt %s --aicc-cpu-return-data-shaped-outputs | FileCheck %s

// Without data dims (only symbolic ones the inputs give), results stay results.
// CHECK-LABEL: func.func @main
// CHECK-SAME: -> memref<?xf32>
// CHECK-NOT: aicc.data_shaped_outputs
// CHECK-NOT: aicc_cpu.output_buffer
func.func @main(%x: memref<?xf32>) -> memref<?xf32>
    attributes {aicc.output_data_dims = [array<i64>]} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %y = memref.alloc(%n) : memref<?xf32>
  return %y : memref<?xf32>
}
