// RUN: aicc-opt %s --aicc-cpu-outline-parallel-loops | FileCheck %s

// Without a parallel_for nothing is outlined and aicc_parallel_for is not declared.
// CHECK-LABEL: llvm.func @main
// CHECK-NOT: aicc_parallel_for
// CHECK-NOT: _parallel_
llvm.func @main(%state: !llvm.ptr, %out: !llvm.ptr) {
  %two = llvm.mlir.constant(2.0 : f32) : f32
  llvm.store %two, %out : f32, !llvm.ptr
  llvm.return
}
