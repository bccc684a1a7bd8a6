// RUN: aicc-opt %s --aicc-cpu-lower-lists --verify-diagnostics -o /dev/null

// The calls need the runtime state that aicc-cpu-lower-kernel-calls adds as argument 0.
// expected-error @+1 {{lists need the runtime state as the first argument}}
func.func @main(%row: memref<3xf32>) -> !llvm.ptr {
  %empty = aicc_cpu.list_empty
  %list = aicc_cpu.list_insert %row into %empty : memref<3xf32>
  return %list : !llvm.ptr
}
