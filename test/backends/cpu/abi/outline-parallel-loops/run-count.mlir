// RUN: aicc-opt %s --aicc-cpu-outline-parallel-loops | FileCheck %s

// A run-time count is passed to aicc_parallel_for as it is.
// CHECK: llvm.func @main(%[[STATE:.*]]: !llvm.ptr, %[[N:.*]]: i64)
// CHECK: llvm.call @aicc_parallel_for(%[[STATE]], %[[N]], {{.*}}) : (!llvm.ptr, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
llvm.func @main(%state: !llvm.ptr, %n: i64) {
  aicc_cpu.parallel_for run(%n) state(%state : !llvm.ptr) "/Softmax" {
  ^bb0(%begin: i64, %end: i64):
    aicc_cpu.parallel_end
  }
  llvm.return
}
