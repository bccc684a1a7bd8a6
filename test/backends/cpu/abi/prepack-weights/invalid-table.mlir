// RUN: aicc-opt %s --aicc-cpu-prepack-weights=isa=avx2 --verify-diagnostics

// A kernel table of another form (the dictionaries of older builds) is refused, not misread.
// expected-error @+1 {{the kernel table holds an entry that is not an #aicc_cpu.kernel}}
module attributes {aicc.kernels = [{kind = 1 : i64, num_args = 4 : i64}]} {
}
