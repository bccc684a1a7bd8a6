// RUN: aicc-opt %s --aicc-cpu-resolve-output-dims --verify-diagnostics

// A result whose size is not an input dim (here, twice one) is refused with its name.
// expected-error @+1 {{output 'y' has type 'memref<?xf32>': dim 0 is not the size of an input dim}}
func.func @main(%x: memref<?xf32>) -> memref<?xf32>
    attributes {aicc.input_dim_names = [["n"]], aicc.output_names = ["y"]} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %twice = arith.addi %n, %n : index
  %y = memref.alloc(%twice) : memref<?xf32>
  return %y : memref<?xf32>
}
