// The aicc_cpu dialect: what the CPU backend lowers heavy ops to before bufferization.
#ifndef AICC_CPU_DIALECT
#define AICC_CPU_DIALECT

include "mlir/IR/OpBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"

def AiccCpu_Dialect : Dialect {
  let name = "aicc_cpu";
  let cppNamespace = "::aicc::cpu";
  let summary = "Calls from compiled CPU code into the oneDNN kernels of libaiccrt";
}

// Numbered as aicc_kernel_kind in runtime/include/aicc/cpu_kernels.h.
def AiccCpu_KernelKind : I64EnumAttr<"KernelKind", "a libaiccrt CPU kernel", [
    I64EnumAttrCase<"conv", 1>,
    I64EnumAttrCase<"matmul", 2>,
    I64EnumAttrCase<"pool", 3>
  ]> {
  let cppNamespace = "::aicc::cpu";
}

def AiccCpu_KernelOp : Op<AiccCpu_Dialect, "kernel", [
    AttrSizedOperandSegments, DestinationStyleOpInterface]> {
  let summary = "one oneDNN-backed kernel of the artifact's kernel table";
  let description = [{
    Runs the libaiccrt kernel `kind` configured by `params` (layout per kind in
    aicc/cpu_kernels.h). `inputs` then `inits` fill the kernel's argument slots `arg_slots` out of
    `num_args`; slots not listed are absent (null), e.g. a Conv without bias. On tensors it returns
    the results tied to `inits` (destination-passing style, so one-shot bufferization places them);
    on memrefs it writes into `inits` and returns nothing.

    ```mlir
    %y = aicc_cpu.kernel conv [2, 1, 1, 8, 1, ...] slots [0, 1, 3] of 4
           ins(%x, %w : tensor<1x1x5x5xf32>, tensor<8x1x3x3xf32>)
           outs(%init : tensor<1x8x3x3xf32>) -> tensor<1x8x3x3xf32>
    ```
  }];
  let arguments = (ins
    AiccCpu_KernelKind:$kind,
    DenseI64ArrayAttr:$params,
    DenseI64ArrayAttr:$arg_slots,
    I64Attr:$num_args,
    Variadic<AnyShaped>:$inputs,
    Variadic<AnyShaped>:$inits);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let assemblyFormat = [{
    $kind $params `slots` $arg_slots `of` $num_args
    `ins` `(` $inputs `:` type($inputs) `)`
    `outs` `(` $inits `:` type($inits) `)`
    attr-dict (`->` type($results)^)?
  }];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitsMutable(); }
  }];
  let hasVerifier = 1;
}

#endif // AICC_CPU_DIALECT
