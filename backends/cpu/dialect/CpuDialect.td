// The aicc_cpu dialect: the oneDNN-backed kernels the CPU backend lowers heavy ops to. Every kernel
// op carries its configuration as named, typed attributes (geometry, post-ops, layouts) until
// LowerKernelCalls turns it into an entry of the kernel table (#aicc_cpu.kernel, KernelParams.cpp),
// which KernelAbi.cpp serialises into aicc/cpu_kernels.h's structs.
#ifndef AICC_CPU_DIALECT
#define AICC_CPU_DIALECT

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Dialect/LLVMIR/LLVMOpBase.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def AiccCpu_Dialect : Dialect {
  let name = "aicc_cpu";
  let cppNamespace = "::aicc::cpu";
  let summary = "Calls from compiled CPU code into the oneDNN kernels of libaiccrt";
  let useDefaultAttributePrinterParser = 1;
  // Lists are !llvm.ptr values.
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

//===----------------------------------------------------------------------===//
// Enums and attributes (numbered as in aicc/cpu_kernels.h)
//===----------------------------------------------------------------------===//

def AiccCpu_Activation : I64EnumAttr<"Activation", "an eltwise post-op (aicc_activation)", [
    I64EnumAttrCase<"relu", 1>,
    I64EnumAttrCase<"leaky_relu", 2>,
    I64EnumAttrCase<"sigmoid", 3>,
    I64EnumAttrCase<"tanh", 4>,
    I64EnumAttrCase<"clip", 5>,
    I64EnumAttrCase<"hard_swish", 6>,
    I64EnumAttrCase<"elu", 7>,
    I64EnumAttrCase<"gelu_erf", 8>,
    I64EnumAttrCase<"swish", 9>,
    I64EnumAttrCase<"gelu_tanh", 10>,
    I64EnumAttrCase<"round", 11>,
    I64EnumAttrCase<"linear", 12>
  ]> {
  let cppNamespace = "::aicc::cpu";
  let genSpecializedAttr = 0;
}

def AiccCpu_Binary : I64EnumAttr<"Binary", "a binary post-op (aicc_binary)", [
    I64EnumAttrCase<"add", 1>,
    I64EnumAttrCase<"mul", 2>,
    I64EnumAttrCase<"sub", 3>,
    I64EnumAttrCase<"div", 4>
  ]> {
  let cppNamespace = "::aicc::cpu";
  let genSpecializedAttr = 0;
}

def AiccCpu_Layout : I64EnumAttr<"Layout", "an activation layout (aicc_layout)", [
    I64EnumAttrCase<"plain", 0>,
    I64EnumAttrCase<"channels_last", 1>,
    I64EnumAttrCase<"blocked8", 2>,
    I64EnumAttrCase<"blocked16", 3>
  ]> {
  let cppNamespace = "::aicc::cpu";
  let genSpecializedAttr = 0;
}
def AiccCpu_LayoutAttr : EnumAttr<AiccCpu_Dialect, AiccCpu_Layout, "layout"> {
  let assemblyFormat = "`<` $value `>`";
}

def AiccCpu_DataType : I64EnumAttr<"DataType", "an operand's element type, or what a kernel computes in (aicc_data_type)", [
    I64EnumAttrCase<"f32", 1>,
    I64EnumAttrCase<"s8", 2>,
    I64EnumAttrCase<"u8", 3>,
    I64EnumAttrCase<"bf16", 4>
  ]> {
  let cppNamespace = "::aicc::cpu";
  let genSpecializedAttr = 0;
}
def AiccCpu_DataTypeAttr : EnumAttr<AiccCpu_Dialect, AiccCpu_DataType, "data_type"> {
  let assemblyFormat = "`<` $value `>`";
}
// What a conv, deconv, matmul or LSTM computes in: f32, or bf16 (its operands rounded to bf16,
// products summed in f32; aicc --precision=bf16). Its operands and result stay f32.
def AiccCpu_ComputeTypeAttr : DefaultValuedAttr<AiccCpu_DataTypeAttr, "::aicc::cpu::DataType::f32">;
def AiccCpu_ComputeTypeParameter : EnumParameter<AiccCpu_DataType> {
  let defaultValue = "::aicc::cpu::DataType::f32";
}
// An operand's element type where f32 is the rule and the struct omits it.
def AiccCpu_ElementTypeParameter : EnumParameter<AiccCpu_DataType> {
  let defaultValue = "::aicc::cpu::DataType::f32";
}

def AiccCpu_PoolAlgorithm : I64EnumAttr<"PoolAlgorithm", "a pooling algorithm (aicc_pool_algorithm)", [
    I64EnumAttrCase<"max", 0>,
    I64EnumAttrCase<"average_include_pad", 1>,
    I64EnumAttrCase<"average_exclude_pad", 2>
  ]> {
  let cppNamespace = "::aicc::cpu";
  let genSpecializedAttr = 0;
}
def AiccCpu_PoolAlgorithmAttr : EnumAttr<AiccCpu_Dialect, AiccCpu_PoolAlgorithm, "pool_algorithm"> {
  let assemblyFormat = "`<` $value `>`";
}

def AiccCpu_RnnCell : I64EnumAttr<"RnnCell", "a recurrent cell (aicc_rnn_cell)", [
    I64EnumAttrCase<"rnn", 1>,
    I64EnumAttrCase<"lstm", 2>,
    I64EnumAttrCase<"gru", 3>
  ]> {
  let cppNamespace = "::aicc::cpu";
  let genSpecializedAttr = 0;
}
def AiccCpu_RnnCellAttr : EnumAttr<AiccCpu_Dialect, AiccCpu_RnnCell, "rnn_cell"> {
  let assemblyFormat = "`<` $value `>`";
}

def AiccCpu_RnnDirection : I64EnumAttr<"RnnDirection", "the direction of a recurrent op (aicc_rnn_direction)", [
    I64EnumAttrCase<"forward", 0>,
    I64EnumAttrCase<"reverse", 1>,
    I64EnumAttrCase<"bidirectional", 2>
  ]> {
  let cppNamespace = "::aicc::cpu";
  let genSpecializedAttr = 0;
}
def AiccCpu_RnnDirectionAttr : EnumAttr<AiccCpu_Dialect, AiccCpu_RnnDirection, "rnn_direction"> {
  let assemblyFormat = "`<` $value `>`";
}

def AiccCpu_RnnActivationKind : I64EnumAttr<"RnnActivationKind", "an activation of ONNX's recurrent ops (aicc_rnn_activation)", [
    I64EnumAttrCase<"sigmoid", 1>,
    I64EnumAttrCase<"tanh", 2>,
    I64EnumAttrCase<"relu", 3>,
    I64EnumAttrCase<"affine", 4>,
    I64EnumAttrCase<"leaky_relu", 5>,
    I64EnumAttrCase<"thresholded_relu", 6>,
    I64EnumAttrCase<"scaled_tanh", 7>,
    I64EnumAttrCase<"hard_sigmoid", 8>,
    I64EnumAttrCase<"elu", 9>,
    I64EnumAttrCase<"softsign", 10>,
    I64EnumAttrCase<"softplus", 11>
  ]> {
  let cppNamespace = "::aicc::cpu";
  let genSpecializedAttr = 0;
}

class AiccCpu_Attr<string name, string attrMnemonic> : AttrDef<AiccCpu_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def AiccCpu_EltwiseAttr : AiccCpu_Attr<"Eltwise", "eltwise"> {
  let summary = "an activation applied to the kernel's output (oneDNN eltwise post-op)";
  let description = [{
    `#aicc_cpu.eltwise<relu>`, `#aicc_cpu.eltwise<leaky_relu, alpha = 0.1>`,
    `#aicc_cpu.eltwise<clip, alpha = 0.0, beta = 6.0>` (alpha/beta as aicc_activation defines them).
  }];
  let parameters = (ins EnumParameter<AiccCpu_Activation>:$activation, APFloatParameter<"">:$alpha,
                        APFloatParameter<"">:$beta);
  let builders = [AttrBuilder<(ins "Activation":$activation, CArg<"double", "0">:$alpha, CArg<"double", "0">:$beta), [{
    return $_get($_ctxt, activation, ::llvm::APFloat(alpha), ::llvm::APFloat(beta));
  }]>];
  let hasCustomAssemblyFormat = 1;
}

def AiccCpu_BinaryAttr : AiccCpu_Attr<"Binary", "binary"> {
  let summary = "combines the kernel's output with a tensor (oneDNN binary post-op)";
  let description = [{
    `#aicc_cpu.binary<mul>`: y = y * T, where T is the kernel's next `post_op_inputs` operand (in
    the order of the binary entries), of the result's rank, broadcasting to it. sub and div
    compute y - T and y / T.
  }];
  let parameters = (ins EnumParameter<AiccCpu_Binary>:$binary);
  let assemblyFormat = "`<` $binary `>`";
}

def AiccCpu_SumAttr : AiccCpu_Attr<"Sum", "sum"> {
  let summary = "adds what the destination held before the kernel ran (oneDNN sum post-op)";
  let description = [{
    `#aicc_cpu.sum` (scale 1) or `#aicc_cpu.sum<scale = 0.5>`. The kernel's init operand is then
    read as well as written: it holds the tensor being added (a residual connection). An int8
    convolution writing u8 or s8 adds `scale * (init - zero_point)`
    (`#aicc_cpu.sum<scale = 0.5, zero_point = 3>`): the residual in its own quantization.
  }];
  let parameters = (ins APFloatParameter<"">:$scale, DefaultValuedParameter<"int64_t", "0">:$zero_point);
  let builders = [AttrBuilder<(ins "double":$scale, CArg<"int64_t", "0">:$zero_point), [{
    return $_get($_ctxt, ::llvm::APFloat(scale), zero_point);
  }]>];
  let hasCustomAssemblyFormat = 1;
}

def AiccCpu_RnnActivationAttr : AiccCpu_Attr<"RnnActivation", "rnn_activation"> {
  let summary = "one activation function of a recurrent cell, with ONNX's alpha and beta";
  let description = [{
    `#aicc_cpu.rnn_activation<tanh>`, `#aicc_cpu.rnn_activation<scaled_tanh, alpha = 1.5, beta = 0.5>`
    (alpha/beta as aicc_rnn_activation defines them; absent ones are ONNX's defaults, resolved by
    the lowering).
  }];
  let parameters = (ins EnumParameter<AiccCpu_RnnActivationKind>:$activation, APFloatParameter<"">:$alpha,
                        APFloatParameter<"">:$beta);
  let builders = [AttrBuilder<(ins "RnnActivationKind":$activation, CArg<"double", "0">:$alpha, CArg<"double", "0">:$beta), [{
    return $_get($_ctxt, activation, ::llvm::APFloat(alpha), ::llvm::APFloat(beta));
  }]>];
  let hasCustomAssemblyFormat = 1;
}

//===----------------------------------------------------------------------===//
// The kernel table: what each kernel op becomes once LowerKernelCalls has resolved its operands.
// Its fields are aicc/cpu_kernels.h's, by name; KernelAbi.cpp alone turns them into the C structs.
//===----------------------------------------------------------------------===//

def AiccCpu_KernelKind : I64EnumAttr<"KernelKind", "a runtime kernel (aicc_kernel_kind)", [
    I64EnumAttrCase<"conv", 1>,
    I64EnumAttrCase<"matmul", 2>,
    I64EnumAttrCase<"pool", 3>,
    I64EnumAttrCase<"deconv", 4>,
    I64EnumAttrCase<"reorder", 5>,
    I64EnumAttrCase<"rnn", 6>,
    I64EnumAttrCase<"attention", 7>,
    I64EnumAttrCase<"quantized_conv", 8>,
    I64EnumAttrCase<"quantized_matmul", 9>,
    I64EnumAttrCase<"quantized_rnn", 10>
  ]> {
  let cppNamespace = "::aicc::cpu";
  let genSpecializedAttr = 0;
}

// A word of a parameter struct: a number, or `?k` for the run's value k (AICC_RUN_VALUE(k)): a
// symbolic dim the kernel reads from its call.
def AiccCpu_Word : AttrParameter<"int64_t", "a parameter word"> {
  let parser = "::aicc::cpu::parseWord($_parser)";
  let printer = "::aicc::cpu::printWord($_printer, $_self)";
}
def AiccCpu_Words : ArrayRefParameter<"int64_t", "parameter words"> {
  let parser = "::aicc::cpu::parseWords($_parser)";
  let printer = "::aicc::cpu::printWords($_printer, $_self)";
}
def AiccCpu_Flag : AttrParameter<"bool", "a flag"> {
  let parser = "::aicc::cpu::parseFlag($_parser)";
  let printer = "$_printer << ($_self ? \"true\" : \"false\")";
}
def AiccCpu_Double : APFloatParameter<"a double"> {
  let parser = "::aicc::cpu::parseDouble($_parser)";
  let printer = "$_printer << $_self.convertToDouble()";
}
// Doubles a struct omits where they have their default: a scale and a shift that change nothing.
def AiccCpu_UnitScale : APFloatParameter<"a scale, 1 by default"> {
  let parser = "::aicc::cpu::parseDouble($_parser)";
  let printer = "$_printer << $_self.convertToDouble()";
  let defaultValue = "::llvm::APFloat(1.0)";
}
def AiccCpu_ZeroShift : APFloatParameter<"a shift, 0 by default"> {
  let parser = "::aicc::cpu::parseDouble($_parser)";
  let printer = "$_printer << $_self.convertToDouble()";
  let defaultValue = "::llvm::APFloat(0.0)";
}

def AiccCpu_BinaryPostOpAttr : AiccCpu_Attr<"BinaryPostOp", "binary_post_op"> {
  let summary = "a binary post-op with the slot and dims of its tensor (aicc_post_op)";
  let description = [{
    `#aicc_cpu.binary_post_op<mul, arg = 4, dims = [1, 4]>`: y = y * T, T in kernel slot `arg`
    with dims `dims` at Y's rank.
  }];
  let parameters = (ins EnumParameter<AiccCpu_Binary>:$binary, "int64_t":$arg, AiccCpu_Words:$dims);
  let assemblyFormat = "`<` $binary `,` struct($arg, $dims) `>`";
}

def AiccCpu_ConvParamsAttr : AiccCpu_Attr<"ConvParams", "conv_params"> {
  let summary = "aicc_conv_params, of a conv or a deconv";
  let description = [{
    The window arrays hold spatial_dims entries (1 to 3). `post_ops` lists `#aicc_cpu.eltwise`,
    `#aicc_cpu.sum` and `#aicc_cpu.binary_post_op` entries in order. `compute_type` (f32 unless
    shown) is f32 or bf16.
  }];
  let parameters = (ins AiccCpu_Word:$batch, AiccCpu_Word:$channels, AiccCpu_Word:$out_channels, "int64_t":$groups,
                        AiccCpu_Words:$in, AiccCpu_Words:$out, AiccCpu_Words:$kernel, AiccCpu_Words:$strides,
                        AiccCpu_Words:$dilations, AiccCpu_Words:$pads_begin, AiccCpu_Words:$pads_end,
                        AiccCpu_Flag:$has_bias, EnumParameter<AiccCpu_Layout>:$src_layout,
                        EnumParameter<AiccCpu_Layout>:$dst_layout, "::mlir::ArrayAttr":$post_ops,
                        AiccCpu_ComputeTypeParameter:$compute_type);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def AiccCpu_QuantizedConvParamsAttr : AiccCpu_Attr<"QuantizedConvParams", "quantized_conv_params"> {
  let summary = "aicc_quantized_conv_params";
  let description = [{
    `conv` is the geometry (its post-ops eltwise, and one sum into an f32 result); `scale_count`
    is 1 or out_channels.
  }];
  let parameters = (ins "ConvParamsAttr":$conv, EnumParameter<AiccCpu_DataType>:$src_type,
                        EnumParameter<AiccCpu_DataType>:$dst_type, "int64_t":$scale_count,
                        "int64_t":$src_zero_point, "int64_t":$dst_zero_point);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def AiccCpu_MatMulParamsAttr : AiccCpu_Attr<"MatMulParams", "matmul_params"> {
  let summary = "aicc_matmul_params";
  let description = [{
    Dims at rank 2 to 5. A stride list is empty where the operand is dense (the struct's 0s);
    `bias_dims` is empty without a bias. `compute_type` (f32 unless shown) is f32 or bf16.
  }];
  let parameters = (ins AiccCpu_Words:$a_dims, AiccCpu_Words:$b_dims, AiccCpu_Words:$y_dims,
                        AiccCpu_Words:$a_strides, AiccCpu_Words:$b_strides, AiccCpu_Words:$y_strides,
                        AiccCpu_Flag:$trans_a, AiccCpu_Flag:$trans_b, AiccCpu_Words:$bias_dims,
                        AiccCpu_Double:$alpha, "::mlir::ArrayAttr":$post_ops,
                        AiccCpu_ComputeTypeParameter:$compute_type);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def AiccCpu_QuantizedMatMulParamsAttr : AiccCpu_Attr<"QuantizedMatMulParams", "quantized_matmul_params"> {
  let summary = "aicc_quantized_matmul_params";
  let description = [{
    `matmul` is the product's; `scale_count` is 1 or N (B's scales, one per column of op(B));
    `a_type` f32 for a dynamic A, u8 or s8 for a static one, whose scale and zero point are
    `a_scale` and `a_zero_point` (0 and 0 for a dynamic A).
  }];
  let parameters = (ins "MatMulParamsAttr":$matmul, "int64_t":$scale_count, EnumParameter<AiccCpu_DataType>:$a_type,
                        "int64_t":$a_zero_point, AiccCpu_Double:$a_scale);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def AiccCpu_AttentionParamsAttr : AiccCpu_Attr<"AttentionParams", "attention_params"> {
  let summary = "aicc_attention_params";
  let description = [{
    Each stride list holds the element strides of dims [batch, heads, rows, columns] (4 words);
    `mask_strides` is empty without a mask, 0 on a dim the mask broadcasts.
  }];
  let parameters = (ins AiccCpu_Word:$batch, AiccCpu_Word:$heads, AiccCpu_Word:$queries, AiccCpu_Word:$keys,
                        AiccCpu_Word:$head_size, AiccCpu_Word:$value_size, AiccCpu_Words:$q_strides,
                        AiccCpu_Words:$k_strides, AiccCpu_Words:$v_strides, AiccCpu_Words:$y_strides,
                        AiccCpu_Words:$mask_strides, AiccCpu_Double:$scale, AiccCpu_Flag:$causal);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def AiccCpu_PoolParamsAttr : AiccCpu_Attr<"PoolParams", "pool_params"> {
  let summary = "aicc_pool_params";
  let parameters = (ins AiccCpu_Word:$batch, AiccCpu_Word:$channels, EnumParameter<AiccCpu_PoolAlgorithm>:$algorithm,
                        AiccCpu_Words:$in, AiccCpu_Words:$out, AiccCpu_Words:$kernel, AiccCpu_Words:$strides,
                        AiccCpu_Words:$dilations, AiccCpu_Words:$pads_begin, AiccCpu_Words:$pads_end,
                        EnumParameter<AiccCpu_Layout>:$src_layout, EnumParameter<AiccCpu_Layout>:$dst_layout,
                        AiccCpu_ElementTypeParameter:$data_type, AiccCpu_UnitScale:$output_scale,
                        AiccCpu_ZeroShift:$output_shift);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def AiccCpu_ReorderParamsAttr : AiccCpu_Attr<"ReorderParams", "reorder_params"> {
  let summary = "aicc_reorder_params";
  let parameters = (ins AiccCpu_Words:$dims, EnumParameter<AiccCpu_Layout>:$src_layout,
                        EnumParameter<AiccCpu_Layout>:$dst_layout, "int64_t":$element_bytes);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def AiccCpu_RnnParamsAttr : AiccCpu_Attr<"RnnParams", "rnn_params"> {
  let summary = "aicc_rnn_params";
  let description = [{
    `activations` lists `#aicc_cpu.rnn_activation` entries, those of the forward direction first;
    `clip` 0 is no clip. `compute_type` (f32 unless shown) is f32, or bf16 for an LSTM.
  }];
  let parameters = (ins EnumParameter<AiccCpu_RnnCell>:$cell, EnumParameter<AiccCpu_RnnDirection>:$direction,
                        "int64_t":$layout, AiccCpu_Word:$seq_length, AiccCpu_Word:$batch, AiccCpu_Word:$input_size,
                        "int64_t":$hidden_size, AiccCpu_Flag:$has_bias, AiccCpu_Flag:$has_sequence_lens,
                        AiccCpu_Flag:$has_initial_h, AiccCpu_Flag:$has_initial_c, AiccCpu_Flag:$has_peepholes,
                        AiccCpu_Flag:$linear_before_reset, AiccCpu_Flag:$input_forget, AiccCpu_Double:$clip,
                        "::mlir::ArrayAttr":$activations, AiccCpu_ComputeTypeParameter:$compute_type);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def AiccCpu_PackedFormatAttr : AiccCpu_Attr<"PackedFormat", "packed_format"> {
  let summary = "aicc_packed_format: the blocked layout a constant was prepacked into";
  let description = [{
    `#aicc_cpu.packed_format<dims = [64, 3, 7, 7], padded_dims = [64, 16, 7, 7],
    strides = [784, 49, 7, 1], block_sizes = [16, 16], block_dims = [1, 0], bytes = 200704>`:
    rank dims, and the innermost blocks outermost first (oneDNN's blocking description).
  }];
  let parameters = (ins AiccCpu_Words:$dims, AiccCpu_Words:$padded_dims, AiccCpu_Words:$strides,
                        AiccCpu_Words:$block_sizes, AiccCpu_Words:$block_dims, "int64_t":$bytes);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def AiccCpu_KernelAttr : AiccCpu_Attr<"Kernel", "kernel"> {
  let summary = "one entry of the kernel table (aicc_kernel_desc)";
  let description = [{
    `constants` has num_args entries: the constant global an operand reads (its data goes in the
    table; the call passes nothing for it), else `unit`. `formats`, set by prepacking, holds the
    `#aicc_cpu.packed_format` of each prepacked constant, `unit` elsewhere. `name` names the ONNX
    nodes, for errors and the profile.
  }];
  let parameters = (ins EnumParameter<AiccCpu_KernelKind>:$kind, StringRefParameter<>:$name, "int64_t":$num_args,
                        "::mlir::Attribute":$params, "::mlir::ArrayAttr":$constants,
                        OptionalParameter<"::mlir::ArrayAttr">:$formats);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// The kernel op interface
//===----------------------------------------------------------------------===//

def AiccCpu_KernelOpInterface : OpInterface<"KernelOpInterface"> {
  let cppNamespace = "::aicc::cpu";
  let description = [{
    An op that runs as one entry of the artifact's kernel table: a kind, a parameter struct of
    aicc/cpu_kernels.h, and argument slots (operands then the result) that aicc_kernel_run receives.
  }];
  let methods = [
    InterfaceMethod<"The runtime kernel", "::aicc::cpu::KernelKind", "getKernelKind">,
    InterfaceMethod<"The kind's parameters (#aicc_cpu.conv_params, ...), from the op's attributes and "
                    "types; the words only the run knows come from `runValues`",
                    "::mlir::Attribute", "getKernelParams", (ins "::aicc::cpu::RunValues &":$runValues)>,
    InterfaceMethod<"The number of argument slots (in the kind's order, aicc_kernel_kind)", "int64_t", "getNumKernelArgs">,
    InterfaceMethod<"The slot of each operand, in operand order", "::llvm::SmallVector<int64_t>",
                    "getOperandSlots">,
    InterfaceMethod<"Whether the kernel reads its destination (a sum post-op)", "bool", "readsInit",
                    (ins), [{}], [{ return false; }]>,
  ];
}

//===----------------------------------------------------------------------===//
// Kernel ops
//===----------------------------------------------------------------------===//

// A kernel in destination-passing style: on tensors it returns the result tied to `init` (so
// one-shot bufferization places it); on memrefs it writes into `init` and returns nothing.
class AiccCpu_KernelOp<string mnemonic, list<Trait> traits = []>
    : Op<AiccCpu_Dialect, mnemonic, traits # [
        DestinationStyleOpInterface, DeclareOpInterfaceMethods<AiccCpu_KernelOpInterface, ["readsInit"]>]> {
  let results = (outs Optional<AnyRankedTensor>:$result);
  let hasVerifier = 1;
  code kernelClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
  let extraClassDeclaration = kernelClassDeclaration;
}

def AiccCpu_PostOpList : TypedArrayAttrBase<AnyAttrOf<[AiccCpu_EltwiseAttr, AiccCpu_SumAttr, AiccCpu_BinaryAttr]>,
                                            "post-op list">;

class AiccCpu_WindowKernelOp<string mnemonic> : AiccCpu_KernelOp<mnemonic> {
  let assemblyFormat = [{
    `ins` `(` $input `,` $weights (`,` $bias^)? `:` type($input) `,` type($weights) (`,` type($bias)^)? `)`
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
}

def AiccCpu_ConvOp : AiccCpu_KernelOp<"conv", [AttrSizedOperandSegments]> {
  let summary = "ONNX Conv as one oneDNN convolution with bias and post-ops (AICC_KERNEL_CONV)";
  let description = [{
    `input` [N, C, in...] and `init`/result [N, OC, out...] in the layouts `src_layout` and
    `dst_layout` (their types are the physical shapes: blocked8 of [N, C, H, W] is
    [N, ceil(C/8), H, W, 8]); `weights` [OC, C/groups, k...] and `bias` [OC] in ONNX's layout.
    Pads are explicit: auto_pad and ceil-style output sizes are resolved by the lowering.

    `post_op_inputs` are the tensors of the binary post-ops, in order: one element, or one per
    output channel ([1, OC, 1, 1] for 2-D), whose bytes are the same in every layout.

    `compute_type = #aicc_cpu.data_type<bf16>` rounds the input and the weights to bf16 and sums
    their products in f32 (aicc-cpu-compute-in-bf16); every tensor stays f32.

    ```mlir
    %y = aicc_cpu.conv ins(%x, %w, %b : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>)
           outs(%init : tensor<1x4x8x8xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
           pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>, groups = 1 : i64,
           post_ops = [#aicc_cpu.sum, #aicc_cpu.eltwise<relu>]} -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins
    AnyShaped:$input, AnyShaped:$weights, Optional<AnyShaped>:$bias, Variadic<AnyShaped>:$post_op_inputs,
    AnyShaped:$init,
    DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
    DenseI64ArrayAttr:$pads_begin, DenseI64ArrayAttr:$pads_end, I64Attr:$groups,
    DefaultValuedAttr<AiccCpu_PostOpList, "{}">:$post_ops,
    DefaultValuedAttr<AiccCpu_LayoutAttr, "::aicc::cpu::Layout::plain">:$src_layout,
    DefaultValuedAttr<AiccCpu_LayoutAttr, "::aicc::cpu::Layout::plain">:$dst_layout,
    AiccCpu_ComputeTypeAttr:$compute_type);
  let assemblyFormat = [{
    `ins` `(` $input `,` $weights (`,` $bias^)? `:` type($input) `,` type($weights) (`,` type($bias)^)? `)`
    (`post_op_inputs` `(` $post_op_inputs^ `:` type($post_op_inputs) `)`)?
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
}

def AiccCpu_QuantizedConvOp : AiccCpu_KernelOp<"quantized_conv"> {
  let summary = "an int8 convolution with its requantization (AICC_KERNEL_QUANTIZED_CONV)";
  let description = [{
    ONNX QLinearConv, or a QDQ graph's DequantizeLinear → Conv → QuantizeLinear: with
    acc = Σ (input - src_zero_point) · weights + bias in int32, the result is
    saturate(round_half_even(post_ops(scales · acc)) + dst_zero_point) in `dst_type` (f32:
    post_ops(scales · acc), where a sum post-op adds what `init` holds, a residual).
    `input` is u8 or s8 (`src_type`), `weights` s8 [OC, C/groups, k...]
    with zero point 0, `bias` int32 [OC] in the accumulator's scale, `scales` f32 [1] or [OC]
    (x_scale · w_scale / y_scale). Weights and scales are constants. The element types of the
    tensors say the bits; `src_type` and `dst_type` say the signedness the types lose when they
    are lowered to signless integers.

    ```mlir
    %y = aicc_cpu.quantized_conv ins(%x, %w, %b : tensor<1x8x8x8xui8>, tensor<16x8x3x3xi8>, tensor<16xi32>)
           scales(%s : tensor<16xf32>) outs(%init : tensor<1x16x8x8xui8>) {strides = array<i64: 1, 1>,
           dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>,
           groups = 1 : i64, src_type = #aicc_cpu.data_type<u8>, dst_type = #aicc_cpu.data_type<u8>,
           src_zero_point = 128 : i64, dst_zero_point = 0 : i64,
           post_ops = [#aicc_cpu.eltwise<relu>]} -> tensor<1x16x8x8xui8>
    ```
  }];
  let arguments = (ins
    AnyShaped:$input, AnyShaped:$weights, Optional<AnyShaped>:$bias, AnyShaped:$scales, AnyShaped:$init,
    DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
    DenseI64ArrayAttr:$pads_begin, DenseI64ArrayAttr:$pads_end, I64Attr:$groups,
    AiccCpu_DataTypeAttr:$src_type, AiccCpu_DataTypeAttr:$dst_type,
    I64Attr:$src_zero_point, I64Attr:$dst_zero_point,
    DefaultValuedAttr<AiccCpu_PostOpList, "{}">:$post_ops,
    DefaultValuedAttr<AiccCpu_LayoutAttr, "::aicc::cpu::Layout::plain">:$src_layout,
    DefaultValuedAttr<AiccCpu_LayoutAttr, "::aicc::cpu::Layout::plain">:$dst_layout);
  let assemblyFormat = [{
    `ins` `(` $input `,` $weights (`,` $bias^)? `:` type($input) `,` type($weights) (`,` type($bias)^)? `)`
    `scales` `(` $scales `:` type($scales) `)`
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
}

def AiccCpu_DeconvOp : AiccCpu_WindowKernelOp<"deconv"> {
  let summary = "ONNX ConvTranspose as one oneDNN deconvolution (AICC_KERNEL_DECONV)";
  let description = [{
    `weights` are ONNX's [C, OC/groups, k...]; output_padding, output_shape and auto_pad are
    resolved into `pads_begin`/`pads_end` (out = (in-1)*stride + (k-1)*dilation + 1 - pads).
  }];
  let arguments = (ins
    AnyShaped:$input, AnyShaped:$weights, Optional<AnyShaped>:$bias, AnyShaped:$init,
    DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
    DenseI64ArrayAttr:$pads_begin, DenseI64ArrayAttr:$pads_end, I64Attr:$groups,
    DefaultValuedAttr<AiccCpu_PostOpList, "{}">:$post_ops,
    DefaultValuedAttr<AiccCpu_LayoutAttr, "::aicc::cpu::Layout::plain">:$src_layout,
    DefaultValuedAttr<AiccCpu_LayoutAttr, "::aicc::cpu::Layout::plain">:$dst_layout,
    AiccCpu_ComputeTypeAttr:$compute_type);
}

def AiccCpu_MatMulOp : AiccCpu_KernelOp<"matmul", [AttrSizedOperandSegments]> {
  let summary = "a batched matrix product with bias and post-ops (AICC_KERNEL_MATMUL)";
  let description = [{
    Y = alpha * op(A) x op(B) + bias with numpy batch broadcasting; `a`, `b`, `bias` and the
    result have the same rank (2..5). With `trans_a`/`trans_b` the stored operand has its last two
    dims swapped. The bias broadcasts to the result.

    Transposes folded into the kernel (aicc-cpu-fold-kernel-transposes) are permutations:
    `a_permutation = array<i64: 0, 2, 1, 3>` means op(A) is `a` transposed by that permutation
    (ONNX Transpose's perm), read in place through strides; `result_permutation` means the
    result holds Y transposed by it, written in place. Bufferized, `a` and `b` may be strided
    views (slices): the kernel reads them where their strides say.

    `post_op_inputs` are the tensors of the binary post-ops, in order, each of the result's rank
    and broadcasting to the (untransposed) Y.

    With `b_scales` (f32 [1] or [N], one per column of op(B)), B holds int8 weights, op(B) =
    b_scales · `b` (i8), and the product is in int8 (AICC_KERNEL_QUANTIZED_MATMUL). An f32 A is
    quantized to u8 on each run as DynamicQuantizeLinear does (dynamic quantization); an 8-bit A
    is quantized already, op(A) = `a_scale` · (`a` - `a_zero_point`) (static: a QDQ graph's
    MatMul), its signedness in `a_type` (u8 or s8: the signless types of the lowering lose it).
    Then `b` and `b_scales` are constants and A is read dense (no a_permutation, no trans_a).

    `compute_type = #aicc_cpu.data_type<bf16>` (f32 A and B only) rounds A and B to bf16 and sums
    their products in f32; every tensor stays f32.

    ```mlir
    %y = aicc_cpu.matmul ins(%a, %w : tensor<4x64xf32>, tensor<64x32xi8>) b_scales(%s : tensor<32xf32>)
           outs(%init : tensor<4x32xf32>) -> tensor<4x32xf32>
    ```
  }];
  let arguments = (ins
    AnyShaped:$a, AnyShaped:$b, Optional<AnyShaped>:$bias, Variadic<AnyShaped>:$post_op_inputs,
    Optional<AnyShaped>:$b_scales, AnyShaped:$init,
    DefaultValuedAttr<BoolAttr, "false">:$trans_a, DefaultValuedAttr<BoolAttr, "false">:$trans_b,
    DefaultValuedAttr<F64Attr, "1.0">:$alpha,
    DefaultValuedAttr<AiccCpu_PostOpList, "{}">:$post_ops,
    OptionalAttr<DenseI64ArrayAttr>:$a_permutation, OptionalAttr<DenseI64ArrayAttr>:$b_permutation,
    OptionalAttr<DenseI64ArrayAttr>:$result_permutation, OptionalAttr<AiccCpu_DataTypeAttr>:$a_type,
    OptionalAttr<F64Attr>:$a_scale, OptionalAttr<I64Attr>:$a_zero_point, AiccCpu_ComputeTypeAttr:$compute_type);
  let assemblyFormat = [{
    `ins` `(` $a `,` $b (`,` $bias^)? `:` type($a) `,` type($b) (`,` type($bias)^)? `)`
    (`post_op_inputs` `(` $post_op_inputs^ `:` type($post_op_inputs) `)`)?
    (`b_scales` `(` $b_scales^ `:` type($b_scales) `)`)?
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
}

def AiccCpu_AttentionOp : AiccCpu_KernelOp<"attention"> {
  let summary = "scaled dot-product attention, softmax(scale · Q Kᵀ + mask) V (AICC_KERNEL_ATTENTION)";
  let description = [{
    Q [B, H, Sq, D], K [B, H, Sk, D], V [B, H, Sk, Dv] and the result Y [B, H, Sq, Dv], each
    stored transposed by its optional permutation (`q_permutation = array<i64: 0, 2, 1, 3>`: the
    stored `q` is [B, Sq, H, D], read in place; `result_permutation`: the result holds Y
    transposed by it). Each permutation keeps the last dim last. The optional `mask` (rank 4)
    broadcasts to [B, H, Sq, Sk] and is added to the scaled scores; `causal` lets query i attend
    to keys 0..i only (Sq = Sk). The scores are never stored.
  }];
  let arguments = (ins
    AnyShaped:$q, AnyShaped:$k, AnyShaped:$v, Optional<AnyShaped>:$mask, AnyShaped:$init,
    F64Attr:$scale, DefaultValuedAttr<BoolAttr, "false">:$causal,
    OptionalAttr<DenseI64ArrayAttr>:$q_permutation, OptionalAttr<DenseI64ArrayAttr>:$k_permutation,
    OptionalAttr<DenseI64ArrayAttr>:$v_permutation, OptionalAttr<DenseI64ArrayAttr>:$result_permutation);
  let assemblyFormat = [{
    `ins` `(` $q `,` $k `,` $v (`,` $mask^)? `:` type($q) `,` type($k) `,` type($v) (`,` type($mask)^)? `)`
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
}

def AiccCpu_PoolOp : AiccCpu_KernelOp<"pool"> {
  let summary = "max or average pooling (AICC_KERNEL_POOL)";
  let description = [{
    `input` and the result are f32, or both u8 or s8 (`data_type` says which: the signedness the
    types lose when they are lowered to signless integers). Int8 pooling works on the quantized
    values: max pooling keeps them (Y has X's scale and zero point), average pooling writes
    saturate(round_half_even(output_scale · mean + output_shift)), the mean of X's values
    requantized into Y's scale and zero point; an average counting padded cells counts them as 0.

    ```mlir
    %y = aicc_cpu.pool <average_exclude_pad> ins(%x : tensor<1x16x7x7xui8>)
           outs(%init : tensor<1x16x1x1xui8>) {kernel = array<i64: 7, 7>, strides = array<i64: 1, 1>,
           dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>,
           data_type = #aicc_cpu.data_type<u8>, output_scale = 0.5 : f64, output_shift = 64.0 : f64}
           -> tensor<1x16x1x1xui8>
    ```
  }];
  let arguments = (ins
    AnyShaped:$input, AnyShaped:$init, AiccCpu_PoolAlgorithmAttr:$algorithm,
    DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
    DenseI64ArrayAttr:$pads_begin, DenseI64ArrayAttr:$pads_end,
    DefaultValuedAttr<AiccCpu_LayoutAttr, "::aicc::cpu::Layout::plain">:$layout,
    DefaultValuedAttr<AiccCpu_DataTypeAttr, "::aicc::cpu::DataType::f32">:$data_type,
    DefaultValuedAttr<F64Attr, "1.0">:$output_scale, DefaultValuedAttr<F64Attr, "0.0">:$output_shift);
  let assemblyFormat = [{
    $algorithm `ins` `(` $input `:` type($input) `)` `outs` `(` $init `:` type($init) `)` attr-dict
    (`->` type($result)^)?
  }];
}

def AiccCpu_ReorderOp : AiccCpu_KernelOp<"reorder"> {
  let summary = "copies an activation from one layout into another (AICC_KERNEL_REORDER)";
  let description = [{
    `logical_shape` is the activation's [N, C, spatial...]; the operand and result types are the
    physical shapes of `src_layout` and `dst_layout`.
  }];
  let arguments = (ins
    AnyShaped:$input, AnyShaped:$init, DenseI64ArrayAttr:$logical_shape,
    AiccCpu_LayoutAttr:$src_layout, AiccCpu_LayoutAttr:$dst_layout);
  let assemblyFormat = [{
    $src_layout `to` $dst_layout `ins` `(` $input `:` type($input) `)` `outs` `(` $init `:` type($init) `)`
    attr-dict (`->` type($result)^)?
  }];
}

def AiccCpu_RnnOp : Op<AiccCpu_Dialect, "rnn", [AttrSizedOperandSegments,
    DestinationStyleOpInterface, DeclareOpInterfaceMethods<AiccCpu_KernelOpInterface>]> {
  let summary = "ONNX RNN, LSTM or GRU as one recurrent kernel (AICC_KERNEL_RNN)";
  let description = [{
    The operands are ONNX's, in its layouts and gate orders (aicc_rnn_params in
    aicc/cpu_kernels.h): `x`, `w`, `r`, then the optional `bias`, `sequence_lens`, `initial_h`,
    `initial_c` (LSTM) and `peepholes` (LSTM's P). The inits are Y and Y_h, and Y_c for an LSTM;
    each output is computed whether or not the graph uses it (the recurrence produces them all).
    The runtime puts the weights into oneDNN's gate order and layout (at compile time, for
    constants, through aicc_kernels_prepack) and runs oneDNN's RNN primitive where it expresses
    the attributes, or its own cell loop where it does not (other activations, clip,
    input_forget, sequence_lens shorter than the sequence).

    `activations` lists each direction's activation functions (f, g, h for an LSTM; f, g for a
    GRU; f for an RNN), forward first, with ONNX's defaults filled in.

    With `w_scales` and `r_scales` (f32 [D, G*H], one per row of W and R) the kernel is
    AICC_KERNEL_QUANTIZED_RNN: `w` and `r` are then s8 constants, W = w * w_scales per row, and
    the run quantizes X and the hidden state to 8 bits as it goes (aicc --quantize=dynamic).

    `compute_type = #aicc_cpu.data_type<bf16>` (an LSTM with f32 constant `w` and `r`) rounds the
    weights and the hidden state to bf16 and sums their products in f32, where the CPU it runs on
    has bf16 dot products; the cell state and the gates stay f32 (the results' tensors too, whose
    values oneDNN's primitive, for more than a few sequences, gives at bf16's precision).

    ```mlir
    %y, %yh, %yc = aicc_cpu.rnn <lstm> ins(%x, %w, %r, %b : tensor<5x2x8xf32>, tensor<1x64x8xf32>,
        tensor<1x64x16xf32>, tensor<1x128xf32>) outs(%y0, %h0, %c0 : tensor<5x1x2x16xf32>,
        tensor<1x2x16xf32>, tensor<1x2x16xf32>) {direction = #aicc_cpu.rnn_direction<forward>,
        hidden_size = 16 : i64, activations = [#aicc_cpu.rnn_activation<sigmoid>,
        #aicc_cpu.rnn_activation<tanh>, #aicc_cpu.rnn_activation<tanh>]}
        -> tensor<5x1x2x16xf32>, tensor<1x2x16xf32>, tensor<1x2x16xf32>
    ```
  }];
  let arguments = (ins
    AiccCpu_RnnCellAttr:$cell,
    AnyShaped:$x, AnyShaped:$w, AnyShaped:$r, Optional<AnyShaped>:$bias, Optional<AnyShaped>:$sequence_lens,
    Optional<AnyShaped>:$initial_h, Optional<AnyShaped>:$initial_c, Optional<AnyShaped>:$peepholes,
    Optional<AnyShaped>:$w_scales, Optional<AnyShaped>:$r_scales,
    Variadic<AnyShaped>:$inits,
    AiccCpu_RnnDirectionAttr:$direction, I64Attr:$hidden_size,
    DefaultValuedAttr<I64Attr, "0">:$layout,
    DefaultValuedAttr<BoolAttr, "false">:$linear_before_reset,
    DefaultValuedAttr<BoolAttr, "false">:$input_forget,
    OptionalAttr<F64Attr>:$clip,
    TypedArrayAttrBase<AiccCpu_RnnActivationAttr, "activation list">:$activations,
    AiccCpu_ComputeTypeAttr:$compute_type);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let assemblyFormat = [{
    $cell `ins` `(` $x `,` $w `,` $r `:` type($x) `,` type($w) `,` type($r) `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`sequence_lens` `(` $sequence_lens^ `:` type($sequence_lens) `)`)?
    (`initial_h` `(` $initial_h^ `:` type($initial_h) `)`)?
    (`initial_c` `(` $initial_c^ `:` type($initial_c) `)`)?
    (`peepholes` `(` $peepholes^ `:` type($peepholes) `)`)?
    (`w_scales` `(` $w_scales^ `:` type($w_scales) `)`)?
    (`r_scales` `(` $r_scales^ `:` type($r_scales) `)`)?
    `outs` `(` $inits `:` type($inits) `)` attr-dict (`->` type($results)^)?
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() { return getInitsMutable(); }
    int64_t getNumDirections() { return getDirection() == RnnDirection::bidirectional ? 2 : 1; }
    /// Whether this is an LSTM as the runtime's fast kernels take it (oneDNN's primitive, the
    /// small-batch LSTM, their int8 and bf16 forms): ONNX's default activations, no peepholes,
    /// clip, input_forget or sequence_lens. Others run the runtime's f32 cell loop.
    bool isPlainLstm();
  }];
}

//===----------------------------------------------------------------------===//
// Outputs whose shape is known only during the run
//===----------------------------------------------------------------------===//

// MemWrite: the request hands the buffer to the run's outputs, so it stays even where nothing
// writes into the buffer (an empty output whose copy folded away).
def AiccCpu_OutputBufferOp : Op<AiccCpu_Dialect, "output_buffer", [MemoryEffects<[MemWrite]>]> {
  let summary = "the runtime's buffer for a data-shaped output (aicc_kernels_output)";
  let description = [{
    A model output with a dim that only the run computes (NonZero's count, a Compress) gets its
    buffer from the runtime once those dims are known: the caller's, if it is large enough, or
    the session's (aicc/model_abi.h). `index` is the output's position among the model's
    outputs; `dynamic_sizes` are the result's dynamic dims. Lowered by
    aicc-cpu-lower-output-buffers; a failed request ends the run.
  }];
  let arguments = (ins I64Attr:$index, Variadic<Index>:$dynamic_sizes);
  let results = (outs Res<AnyMemRef, "", [MemAlloc<DefaultResource>]>:$buffer);
  let assemblyFormat = [{
    $index (`(` $dynamic_sizes^ `)`)? attr-dict `:` type($buffer)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// A Loop's scan outputs: one row per iteration, stacked in a buffer the session keeps
//===----------------------------------------------------------------------===//

def AiccCpu_ScanAppendOp : Op<AiccCpu_Dialect, "scan_append", [MemoryEffects<[MemWrite]>]> {
  let summary = "appends one iteration's row to a scan output's stack (aicc_kernels_scan_row)";
  let description = [{
    ONNX Loop's scan output `slot` of the model gets `row` as its row `index` (iterations count
    from 0): the session keeps one growing buffer per slot, so a run that has seen as many
    iterations before allocates nothing. `appended` is false when the runtime refused the row (a
    row of another shape than the first, out of memory; the reason is recorded and ends the
    run): the loop stops there. Lowered by aicc-cpu-lower-scan-outputs.

    ```mlir
    %ok = aicc_cpu.scan_append %row to slot 0 at %i : tensor<2xi64>
    ```
  }];
  let arguments = (ins AnyShaped:$row, I64:$index, I64Attr:$slot);
  let results = (outs I1:$appended);
  let assemblyFormat = "$row `to` `slot` $slot `at` $index attr-dict `:` type($row)";
}

def AiccCpu_CheckIndexOp : Op<AiccCpu_Dialect, "check_index", [MemoryEffects<[MemWrite]>]> {
  let summary = "an ONNX index (-size to size-1) as a position in [0, size), or a run error";
  let description = [{
    `index` is an index the model computed (a Scatter's or Gather's indices), for axis `axis` of
    `size` elements. `position` is where it points (index + size for a negative one), and
    `in_range` is false when it points outside: then `position` is 0 and the run fails with an
    error naming `node`, the index, the axis and its size (aicc_kernels_index_error), and the code
    after it skips the element. Lowered by aicc-cpu-lower-index-checks.

    ```mlir
    %pos, %ok = aicc_cpu.check_index %i for axis 0 of size %n "/ScatterND" : i64
    ```
  }];
  let arguments = (ins AnySignlessInteger:$index, Index:$size, I64Attr:$axis, StrAttr:$node);
  let results = (outs Index:$position, I1:$in_range);
  let builders = [
    OpBuilder<(ins "::mlir::Value":$index, "::mlir::Value":$size, "int64_t":$axis, "::llvm::StringRef":$node), [{
      build($_builder, $_state, $_builder.getIndexType(), $_builder.getI1Type(), index, size, axis, node);
    }]>
  ];
  let assemblyFormat = "$index `for` `axis` $axis `of` `size` $size $node attr-dict `:` type($index)";
}

def AiccCpu_ScanRowsOp : Op<AiccCpu_Dialect, "scan_rows"> {
  let summary = "the first `count` rows of a scan output's stack (aicc_kernels_scan_rows)";
  let description = [{
    After the loop: the stack of slot `slot` as a [count, row dims...] tensor (a view of the
    session's buffer once bufferized, valid until the slot is appended to again). The row's
    dynamic dims are the ones the first append recorded. Lowered by aicc-cpu-lower-scan-outputs.

    ```mlir
    %stack = aicc_cpu.scan_rows slot 0 count %n : tensor<?x2xi64>
    ```
  }];
  let arguments = (ins I64:$count, I64Attr:$slot);
  let results = (outs Res<AnyShaped, "", [MemAlloc<DefaultResource>]>:$rows);
  let assemblyFormat = "`slot` $slot `count` $count attr-dict `:` type($rows)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Lists: the ONNX sequences that stay sequences at run time (aicc_kernels_list_*)
//===----------------------------------------------------------------------===//
// A list is an `!llvm.ptr` to the session's aicc_list (aicc/cpu_kernels.h): a value, never
// changed once made, so these ops are pure but for the insert's read of its tensor; they are lowered to the runtime's calls by
// aicc-cpu-lower-lists, once the function has its runtime state.

def AiccCpu_List : Type<LLVM_DefaultPointer.predicate, "a list (an !llvm.ptr to the session's aicc_list)",
                        "::mlir::LLVM::LLVMPointerType">,
                   BuildableType<"::mlir::LLVM::LLVMPointerType::get($_builder.getContext())">;

def AiccCpu_ListEmptyOp : Op<AiccCpu_Dialect, "list_empty", [Pure]> {
  let summary = "a list of no elements (SequenceEmpty)";
  let description = [{
    ```mlir
    %list = aicc_cpu.list_empty
    ```
  }];
  let results = (outs AiccCpu_List:$list);
  let assemblyFormat = "attr-dict";
}

def AiccCpu_ListInsertOp : Op<AiccCpu_Dialect, "list_insert"> {
  let summary = "a list with a copy of a tensor inserted (SequenceInsert)";
  let description = [{
    `list` with `element` inserted before `position` (ONNX's: negative counts from the back) or,
    without one, at the back. The element is copied into the session's lists, so its buffer may
    be reused as soon as the op has run.

    ```mlir
    %longer = aicc_cpu.list_insert %row into %list : tensor<?xf32>
    %front = aicc_cpu.list_insert %row into %list at %zero : tensor<?xf32>
    ```
  }];
  // Reads the element's buffer: not pure, so that no rewrite moves it past a write of that buffer.
  let arguments = (ins Arg<AnyShaped, "", [MemRead]>:$element, AiccCpu_List:$list, Optional<I64>:$position);
  let results = (outs AiccCpu_List:$result);
  let assemblyFormat = "$element `into` $list (`at` $position^)? attr-dict `:` type($element)";
  let hasVerifier = 1;
}

def AiccCpu_ListEraseOp : Op<AiccCpu_Dialect, "list_erase", [Pure]> {
  let summary = "a list without one element (SequenceErase)";
  let description = [{
    `list` without the element at `position` (negative counts from the back) or, without one,
    without its last.

    ```mlir
    %shorter = aicc_cpu.list_erase %list at %i
    ```
  }];
  let arguments = (ins AiccCpu_List:$list, Optional<I64>:$position);
  let results = (outs AiccCpu_List:$result);
  let assemblyFormat = "$list (`at` $position^)? attr-dict";
}

def AiccCpu_ListLengthOp : Op<AiccCpu_Dialect, "list_length", [Pure]> {
  let summary = "the number of elements of a list (SequenceLength)";
  let description = [{
    ```mlir
    %n = aicc_cpu.list_length %list
    ```
  }];
  let arguments = (ins AiccCpu_List:$list);
  let results = (outs I64:$length);
  let assemblyFormat = "$list attr-dict";
}

def AiccCpu_ListAtOp : Op<AiccCpu_Dialect, "list_at", [Pure]> {
  let summary = "the element of a list at a position (SequenceAt)";
  let description = [{
    The element at `position` (negative counts from the back), read in place: once bufferized,
    a dense view of the session's copy, which no op may write (lists share their elements). Its
    dynamic dims are the element's; a static dim of the result type is checked against it, as is
    the rank (a mismatch is recorded, ends the run, and gives an empty view).

    ```mlir
    %row = aicc_cpu.list_at %list[%i] : tensor<?xf32>
    ```
  }];
  let arguments = (ins AiccCpu_List:$list, I64:$position);
  let results = (outs AnyShaped:$element);
  let assemblyFormat = "$list `[` $position `]` attr-dict `:` type($element)";
  let hasVerifier = 1;
}

def AiccCpu_ListConcatOp : Op<AiccCpu_Dialect, "list_concat"> {
  let summary = "a list's tensors joined into one (ConcatFromSequence)";
  let description = [{
    The elements joined along their `axis` or, with `new_axis`, stacked along a new `axis` of the
    result (both in [0, result rank)). Once bufferized, a dense view of a new tensor in the
    session's lists, which no op may write. Its dynamic dims are what the run finds; elements that
    do not fit together, an empty or absent list, or a static dim of the result type that differs
    are run errors (recorded; the run ends and the view is zeros).

    ```mlir
    %rows = aicc_cpu.list_concat %list axis 0 : tensor<?x4xf32>
    %stack = aicc_cpu.list_concat %list axis 1 new_axis : tensor<2x?xf32>
    ```
  }];
  // Not pure: a failure ends the run, so it must not be hoisted or run where the model would not.
  let arguments = (ins AiccCpu_List:$list, I64Attr:$axis, UnitAttr:$new_axis);
  let results = (outs AnyShaped:$result);
  let assemblyFormat = "$list `axis` $axis (`new_axis` $new_axis^)? attr-dict `:` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Generated loop nests run on the session's threads
//===----------------------------------------------------------------------===//

def AiccCpu_ParallelForOp : Op<AiccCpu_Dialect, "parallel_for", [RecursiveMemoryEffects]> {
  let summary = "runs its body over [0, count) split into ranges, one per thread (aicc_parallel_for)";
  let description = [{
    The body takes a range `(%begin, %end)` of the `count` iterations as i64 block arguments and
    runs them in order; ranges run concurrently, so the iterations must be independent. A loop
    over symbolic dims takes its count at run time instead (`run(%n)`, an i64). `name` is
    the ONNX nodes the loop nest came from (the profile's label). `state` is the entry function's
    runtime state. Kept through the lowering to the LLVM dialect (its body is lowered in place),
    then outlined into a function that libaiccrt's aicc_parallel_for calls from its threads
    (aicc-cpu-outline-parallel-loops). After scf-to-cf the body may hold several blocks.
  }];
  let arguments = (ins AnyType:$state, Optional<I64>:$run_count, OptionalAttr<I64Attr>:$count, StrAttr:$name);
  let regions = (region AnyRegion:$body);
  let assemblyFormat = [{
    ($count^)? (`run` `(` $run_count^ `)`)? `state` `(` $state `:` type($state) `)` $name attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
}

def AiccCpu_ParallelEndOp : Op<AiccCpu_Dialect, "parallel_end", [
    Terminator, ParentOneOf<["ParallelForOp"]>, Pure]> {
  let summary = "ends a parallel_for body";
  let assemblyFormat = "attr-dict";
}

#endif // AICC_CPU_DIALECT
