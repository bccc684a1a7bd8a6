// RUN: aicc-opt %s --aicc-cpu-outline-parallel-loops | FileCheck %s

// The body becomes an internal function of (ctx, begin, end) that loads the captured pointer from
// the context and recreates the constant; the caller stores the pointer into a stack struct and
// calls aicc_parallel_for with the count, the body, the context and the name.
// CHECK: llvm.mlir.global private constant @main_parallel_0_name("/Add\00")
// CHECK: llvm.func internal @main_parallel_0(%[[CTX:.*]]: !llvm.ptr, %[[B:.*]]: i64, %[[E:.*]]: i64)
// CHECK: %[[F:.*]] = llvm.getelementptr %[[CTX]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr)>
// CHECK: %[[P:.*]] = llvm.load %[[F]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[C:.*]] = llvm.mlir.constant(2.000000e+00 : f32) : f32
// CHECK: llvm.br ^bb1(%[[B]], %[[E]] : i64, i64)
// CHECK: llvm.store %[[C]], %[[P]]
// CHECK: llvm.return
// CHECK: llvm.func @main(%[[STATE:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr)
// CHECK: %[[S:.*]] = llvm.alloca {{.*}} x !llvm.struct<(ptr)>
// CHECK: llvm.store %[[OUT]], {{.*}} : !llvm.ptr, !llvm.ptr
// CHECK: llvm.call @aicc_parallel_for(%[[STATE]], {{.*}}, {{.*}}, %[[S]], {{.*}}) : (!llvm.ptr, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
// CHECK-NOT: aicc_cpu.parallel_for
llvm.func @main(%state: !llvm.ptr, %out: !llvm.ptr) {
  %two = llvm.mlir.constant(2.0 : f32) : f32
  aicc_cpu.parallel_for 4 state(%state : !llvm.ptr) "/Add" {
  ^bb0(%begin: i64, %end: i64):
    llvm.store %two, %out : f32, !llvm.ptr
    aicc_cpu.parallel_end
  }
  llvm.return
}
