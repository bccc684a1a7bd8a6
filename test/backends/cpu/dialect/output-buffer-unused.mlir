// RUN: aicc-opt %s -canonicalize | FileCheck %s

// A request whose buffer nothing writes (an empty output: its copy folded away) stays: the request
// is what hands the output to the run.
// CHECK-LABEL: func.func @empty_output_stays
// CHECK: aicc_cpu.output_buffer 0 : memref<0xi64>
func.func @empty_output_stays() {
  %a = aicc_cpu.output_buffer 0 : memref<0xi64>
  return
}
