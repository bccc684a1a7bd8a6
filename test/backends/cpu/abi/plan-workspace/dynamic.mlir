// RUN: aicc-opt %s --aicc-cpu-plan-workspace | FileCheck %s

// Buffers with symbolic dims follow the planned bytes (64 here), one after the other, each at a
// 64-byte boundary computed from the run's dims; aicc_model_workspace_bytes_for gives the total
// from the dims alone.
// CHECK: func.func @main(%[[WS:.*]]: memref<64xi8>, %{{.*}}: memref<?x10xf32>, %{{.*}}: memref<?x10xf32>, %[[DIMS:.*]]: memref<4xi64>)
// CHECK-SAME: aicc.workspace_bytes = 64 : i64
// CHECK: %[[N:.*]] = arith.index_cast
// CHECK: memref.view %[[WS]][%c0{{.*}}][] : memref<64xi8> to memref<16xf32>
// CHECK: %[[BYTES:.*]] = arith.muli %c40{{.*}}, %[[N]]
// CHECK: memref.view %[[WS]][%c64{{.*}}][%[[N]]] : memref<64xi8> to memref<?x10xf32>
// CHECK: %[[END:.*]] = arith.addi %c64{{.*}}, %[[BYTES]]
// CHECK: %[[PAD:.*]] = arith.addi %[[END]], %c63
// CHECK: %[[NEXT:.*]] = arith.andi %[[PAD]], %c-64
// CHECK: memref.view %[[WS]][%[[NEXT]]][%[[N]]] : memref<64xi8> to memref<?x10xf32>
// CHECK-NOT: memref.alloc

// CHECK-LABEL: func.func @aicc_model_workspace_bytes_for(%{{.*}}: memref<4xi64>) -> index
// CHECK-SAME: aicc.workspace_bytes_function
// CHECK: memref.load
// CHECK: arith.andi
// CHECK: arith.andi
// CHECK: return
func.func @main(%in: memref<?x10xf32>, %out: memref<?x10xf32>, %dims: memref<4xi64>) attributes {aicc.run_dims} {
  %c0 = arith.constant 0 : index
  %d = memref.load %dims[%c0] : memref<4xi64>
  %n = arith.index_cast %d : i64 to index
  %s = memref.alloc() : memref<16xf32>
  %a = memref.alloc(%n) : memref<?x10xf32>
  %b = memref.alloc(%n) : memref<?x10xf32>
  memref.copy %in, %a : memref<?x10xf32> to memref<?x10xf32>
  memref.copy %a, %b : memref<?x10xf32> to memref<?x10xf32>
  memref.copy %b, %out : memref<?x10xf32> to memref<?x10xf32>
  return
}
