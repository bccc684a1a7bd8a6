// RUN: aicc-opt %s --aicc-cpu-plan-workspace --verify-diagnostics

// A buffer whose size is only known at run time cannot be planned: an error, not a malloc per run.
func.func @main(%n: index, %out: memref<4xf32>) {
  // expected-error @+1 {{cannot place a buffer of type 'memref<?xf32>' in the static workspace}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}
