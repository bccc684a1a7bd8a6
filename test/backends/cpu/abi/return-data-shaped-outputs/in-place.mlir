// RUN: aicc-opt %s --aicc-cpu-return-data-shaped-outputs | FileCheck %s

// An output computed in a top-level alloc is computed in the runtime's buffer instead: the alloc
// becomes the request and the output stops being a result. Other outputs stay results.
// CHECK-LABEL: func.func @main
// CHECK-SAME: -> memref<4xf32>
// CHECK-SAME: aicc.data_shaped_outputs = array<i64: 0>
// CHECK: %[[COUNT:.*]] = memref.load
// CHECK: %[[BUF:.*]] = aicc_cpu.output_buffer 0(%[[COUNT]]) : memref<2x?xi64>
// CHECK-NOT: memref.alloc(
// CHECK: memref.store %{{.*}}, %[[BUF]]
// CHECK: return %{{.*}} : memref<4xf32>
func.func @main(%n: memref<index>) -> (memref<2x?xi64>, memref<4xf32>)
    attributes {aicc.output_data_dims = [array<i64: 1>, array<i64>]} {
  %count = memref.load %n[] : memref<index>
  %y = memref.alloc(%count) : memref<2x?xi64>
  %c0 = arith.constant 0 : index
  %v = arith.constant 7 : i64
  memref.store %v, %y[%c0, %c0] : memref<2x?xi64>
  %z = memref.alloc() : memref<4xf32>
  return %y, %z : memref<2x?xi64>, memref<4xf32>
}
