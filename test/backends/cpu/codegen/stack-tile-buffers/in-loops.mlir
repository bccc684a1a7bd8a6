// RUN: aicc-opt %s --aicc-cpu-stack-tile-buffers --split-input-file | FileCheck %s

// A row's partial sums, allocated and freed in every iteration of the tile loop, become one slot
// at the start of the parallel_for body (the outlined function's frame), reused by each row.
// CHECK-LABEL: func.func @row_partials
// CHECK: aicc_cpu.parallel_for 4
// CHECK-NEXT: ^bb0(%{{.*}}: i64, %{{.*}}: i64):
// CHECK-NEXT: %[[SLOT:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1x128xf32>
// CHECK: scf.for
// CHECK-NOT: memref.alloc()
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[SLOT]] : memref<1x128xf32>)
// CHECK-NOT: memref.dealloc
// CHECK: aicc_cpu.parallel_end
func.func @row_partials(%state: !llvm.ptr, %x: memref<8x128xf32>) {
  aicc_cpu.parallel_for 4 state(%state : !llvm.ptr) "/ReduceSum" {
  ^bb0(%begin: i64, %end: i64):
    %b = arith.index_cast %begin : i64 to index
    %e = arith.index_cast %end : i64 to index
    %c1 = arith.constant 1 : index
    scf.for %i = %b to %e step %c1 {
      %partial = memref.alloc() {alignment = 64 : i64} : memref<1x128xf32>
      %zero = arith.constant 0.0 : f32
      linalg.fill ins(%zero : f32) outs(%partial : memref<1x128xf32>)
      %row = memref.subview %x[%i, 0] [1, 128] [1, 1] : memref<8x128xf32> to memref<1x128xf32, strided<[128, 1], offset: ?>>
      memref.copy %partial, %row : memref<1x128xf32> to memref<1x128xf32, strided<[128, 1], offset: ?>>
      memref.dealloc %partial : memref<1x128xf32>
    }
    aicc_cpu.parallel_end
  }
  return
}

// -----

// Buffers stay on the heap when the body's stack share (16 KiB) is spent (the second 12 KiB
// buffer), when their size is only known at run time, and when they outlive the block that
// allocates them.
// CHECK-LABEL: func.func @stay_on_heap
// CHECK: ^bb0(%{{.*}}: i64, %{{.*}}: i64):
// CHECK-NEXT: memref.alloca() : memref<3072xf32>
// CHECK-NOT: memref.alloca
// CHECK: memref.alloc() : memref<3072xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.alloc() : memref<16xf32>
// CHECK: aicc_cpu.parallel_end
func.func @stay_on_heap(%state: !llvm.ptr, %n: index) {
  aicc_cpu.parallel_for 1 state(%state : !llvm.ptr) "/Softmax" {
  ^bb0(%begin: i64, %end: i64):
    %first = memref.alloc() : memref<3072xf32>
    memref.dealloc %first : memref<3072xf32>
    %second = memref.alloc() : memref<3072xf32>
    memref.dealloc %second : memref<3072xf32>
    %dynamic = memref.alloc(%n) : memref<?xf32>
    memref.dealloc %dynamic : memref<?xf32>
    %outer = memref.alloc() : memref<16xf32>
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %i = %c0 to %n step %c1 {
      memref.dealloc %outer : memref<16xf32>
    }
    aicc_cpu.parallel_end
  }
  return
}

// -----

// Outside a parallel_for nothing moves (the workspace plan has placed those buffers already).
// CHECK-LABEL: func.func @outside
// CHECK: memref.alloc()
// CHECK: memref.dealloc
func.func @outside() {
  %a = memref.alloc() : memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  return
}
