// RUN: aicc-opt %s --aicc-cpu-plan-workspace --verify-diagnostics

// A buffer whose size is only known at run time needs the run's dims (aicc-cpu-bind-run-dims) to
// size the workspace before the run: an error, not a malloc per run.
// expected-error @+1 {{a function with symbolic dims needs its run dims argument}}
func.func @main(%n: index, %out: memref<4xf32>) {
  %a = memref.alloc(%n) : memref<?xf32>
  return
}
