// RUN: aicc-opt %s --aicc-cpu-lower-output-buffers | FileCheck %s

// A request becomes aicc_kernels_output(state, index, dims) with every dim of the output; a null
// address returns at once, else the bytes are viewed with the output's shape.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[STATE:.*]]: !llvm.ptr, %[[N:.*]]: index)
// CHECK: %[[DIMS:.*]] = memref.alloca() : memref<2xi64>
// CHECK: memref.store %{{.*}}, %[[DIMS]][%c0
// CHECK: memref.store %{{.*}}, %[[DIMS]][%c1
// CHECK: %[[ADDR:.*]] = call @aicc_kernels_output(%[[STATE]], %c3_i64, %{{.*}}) : (!llvm.ptr, i64, !llvm.ptr) -> memref<i8>
// CHECK: %[[NULL:.*]] = arith.cmpi eq
// CHECK: cf.cond_br %[[NULL]], ^[[REFUSED:.*]], ^[[REST:[a-z0-9]*]]
// CHECK: ^[[REFUSED]]:
// CHECK-NEXT: return
// CHECK: ^[[REST]]:
// CHECK: %[[BYTES:.*]] = memref.reinterpret_cast %[[ADDR]] to offset: [0], sizes: [%{{.*}}], strides: [1] : memref<i8> to memref<?xi8>
// CHECK: %[[VIEW:.*]] = memref.view %[[BYTES]][%{{.*}}][%[[N]]] : memref<?xi8> to memref<2x?xi64>
// CHECK: memref.store %{{.*}}, %[[VIEW]]
// CHECK: func.func private @aicc_kernels_output(!llvm.ptr, i64, !llvm.ptr) -> memref<i8>
func.func @main(%state: !llvm.ptr, %n: index) {
  %y = aicc_cpu.output_buffer 3(%n) : memref<2x?xi64>
  %c0 = arith.constant 0 : index
  %v = arith.constant 7 : i64
  memref.store %v, %y[%c0, %c0] : memref<2x?xi64>
  return
}
