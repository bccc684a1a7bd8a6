// RUN: aicc-opt %s --split-input-file --verify-diagnostics | FileCheck %s

// A request names the output and takes the dynamic dims; a static one takes none.
// CHECK-LABEL: func.func @round_trip
// CHECK: aicc_cpu.output_buffer 1(%{{.*}}) : memref<2x?xi64>
// CHECK: aicc_cpu.output_buffer 0 : memref<3xf32>
func.func @round_trip(%n: index) -> (memref<2x?xi64>, memref<3xf32>) {
  %a = aicc_cpu.output_buffer 1(%n) : memref<2x?xi64>
  %b = aicc_cpu.output_buffer 0 : memref<3xf32>
  return %a, %b : memref<2x?xi64>, memref<3xf32>
}

// -----

func.func @sizes_must_match(%n: index) {
  // expected-error @+1 {{expects 2 dynamic sizes, got 1}}
  %a = aicc_cpu.output_buffer 0(%n) : memref<?x?xf32>
  return
}

// -----

func.func @dense_only(%n: index) {
  // expected-error @+1 {{result must be dense row-major}}
  %a = aicc_cpu.output_buffer 0(%n) : memref<?xf32, strided<[2]>>
  return
}
