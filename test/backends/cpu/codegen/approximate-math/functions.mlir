// RUN: aicc-opt %s --aicc-cpu-approximate-math | FileCheck %s

// exp, tanh and erf (scalar or vector) become arith polynomials; sin keeps its libm call.
// CHECK-LABEL: func.func @approximated
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK: math.fma {{.*}} : vector<16xf32>
// CHECK: math.sin {{.*}} : f32
func.func @approximated(%v: vector<16xf32>, %s: f32) -> (vector<16xf32>, vector<16xf32>, f32, f32) {
  %e = math.exp %v : vector<16xf32>
  %t = math.tanh %v : vector<16xf32>
  %r = math.erf %s : f32
  %n = math.sin %s : f32
  return %e, %t, %r, %n : vector<16xf32>, vector<16xf32>, f32, f32
}
