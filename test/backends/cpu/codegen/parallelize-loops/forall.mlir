// RUN: aicc-opt %s --aicc-cpu-parallelize-loops --split-input-file | FileCheck %s

// A bufferized 2-D forall of 2x4 thread tiles becomes a parallel_for over 8 iterations named after
// its node; each range runs in an scf.for that recovers both induction variables.
// CHECK-LABEL: func.func @tiles
// CHECK: aicc_cpu.parallel_for 8 state(%arg0 : !llvm.ptr) "/Relu"
// CHECK: ^bb0(%[[B:.*]]: i64, %[[E:.*]]: i64):
// CHECK: %[[BI:.*]] = arith.index_cast %[[B]] : i64 to index
// CHECK: %[[EI:.*]] = arith.index_cast %[[E]] : i64 to index
// CHECK: scf.for %[[I:.*]] = %[[BI]] to %[[EI]]
// CHECK: arith.remui %[[I]], %c4
// CHECK: arith.divui %[[I]], %c4
// CHECK: memref.subview
// CHECK: aicc_cpu.parallel_end
// CHECK-NOT: scf.forall
func.func @tiles(%state: !llvm.ptr, %x: memref<2x64xf32>, %y: memref<2x64xf32>) {
  scf.forall (%i, %j) = (0, 0) to (2, 64) step (1, 16) {
    %a = memref.subview %x[%i, %j] [1, 16] [1, 1] : memref<2x64xf32> to memref<1x16xf32, strided<[64, 1], offset: ?>>
    %b = memref.subview %y[%i, %j] [1, 16] [1, 1] : memref<2x64xf32> to memref<1x16xf32, strided<[64, 1], offset: ?>>
    linalg.copy ins(%a : memref<1x16xf32, strided<[64, 1], offset: ?>>) outs(%b : memref<1x16xf32, strided<[64, 1], offset: ?>>) loc("/Relu")
  }
  return
}

// -----

// Without the runtime state argument (not an entry function) the forall stays.
// CHECK-LABEL: func.func @no_state
// CHECK: scf.forall
// CHECK-NOT: aicc_cpu.parallel_for
func.func @no_state(%x: memref<64xf32>) {
  scf.forall (%i) = (0) to (64) step (16) {
    %a = memref.subview %x[%i] [16] [1] : memref<64xf32> to memref<16xf32, strided<[1], offset: ?>>
    %c = arith.constant 1.0 : f32
    linalg.fill ins(%c : f32) outs(%a : memref<16xf32, strided<[1], offset: ?>>)
  }
  return
}
