// RUN: aicc-opt %s | aicc-opt | FileCheck %s

// parallel_for prints as it parses: count, state, name and a body taking the (begin, end) range;
// after scf-to-cf its body may hold several blocks.
// CHECK-LABEL: func.func @round_trip
// CHECK: aicc_cpu.parallel_for 8 state(%arg0 : !llvm.ptr) "/Softmax + /Div" {
// CHECK: ^bb0(%{{.*}}: i64, %{{.*}}: i64):
// CHECK: cf.br ^bb1
// CHECK: ^bb1:
// CHECK: aicc_cpu.parallel_end
func.func @round_trip(%state: !llvm.ptr) {
  aicc_cpu.parallel_for 8 state(%state : !llvm.ptr) "/Softmax + /Div" {
  ^bb0(%begin: i64, %end: i64):
    cf.br ^bb1
  ^bb1:
    aicc_cpu.parallel_end
  }
  return
}

// A count only the run knows is an i64 operand.
// CHECK-LABEL: func.func @run_count
// CHECK: aicc_cpu.parallel_for run(%arg1) state(%arg0 : !llvm.ptr) "/Softmax" {
func.func @run_count(%state: !llvm.ptr, %n: i64) {
  aicc_cpu.parallel_for run(%n) state(%state : !llvm.ptr) "/Softmax" {
  ^bb0(%begin: i64, %end: i64):
    aicc_cpu.parallel_end
  }
  return
}
