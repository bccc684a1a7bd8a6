// RUN: aicc-opt %s --aicc-cpu-lower-output-buffers --split-input-file --verify-diagnostics

// A request inside a loop cannot end the run where it fails: refused.
func.func @main(%state: !llvm.ptr, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @+1 {{must be in the entry block of its function}}
    %y = aicc_cpu.output_buffer 0(%n) : memref<?xf32>
  }
  return
}

// -----

// expected-error @+1 {{output buffers need the runtime state as the first argument}}
func.func @main(%n: index) {
  %y = aicc_cpu.output_buffer 0(%n) : memref<?xf32>
  return
}
