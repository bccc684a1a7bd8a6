// Passes of the CPU backend, in pipeline order (assembled in CpuPipeline.cpp).
#ifndef AICC_CPU_PASSES
#define AICC_CPU_PASSES

include "mlir/Pass/PassBase.td"

def LowerHeavyOpsToKernels : Pass<"aicc-cpu-lower-heavy-ops", "mlir::func::FuncOp"> {
  let summary = "Lower Conv, Gemm, MatMul, pooling, RNN, LSTM and GRU to oneDNN-backed aicc_cpu kernel ops";
  let description = [{
    Each heavy op whose operands have static shapes becomes one aicc_cpu.kernel in
    destination-passing style, with the kernel parameters of aicc/cpu_kernels.h computed at compile
    time (explicit pads, ceil-mode padding, broadcast batch dims). Ops the kernels cannot express
    (e.g. MaxPool asked for its Indices output) are left for the linalg lowering. RNN, LSTM and
    GRU become aicc_cpu.rnn with every attribute resolved (activations with ONNX's defaults);
    one that is not f32 or has symbolic weights is an error naming the node.
  }];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect", "::mlir::tensor::TensorDialect"];
}

def FuseKernelAdds : Pass<"aicc-cpu-fuse-kernel-adds", "mlir::func::FuncOp"> {
  let summary = "Fold an Add after a conv, deconv or matmul kernel into the kernel: bias or sum post-op";
  let description = [{
    An aicc.Add one of whose operands is the only use of a kernel: a constant broadcast along the
    output channels becomes the kernel's bias (if it has none and no post-ops yet); a tensor of the
    output's shape (a residual connection) becomes the kernel's destination with a sum post-op,
    so the kernel adds its result to it. Adds that broadcast the kernel's output, or whose other
    operand is defined after the kernel, are left alone.

    In a QDQ graph (a residual block as ONNX Runtime's quantizer writes it),
    QuantizeLinear([Relu](Add(DequantizeLinear(k), DequantizeLinear(r)))) with per-tensor
    quantizations, k the u8 or s8 result of an aicc_cpu.quantized_conv without post-ops that
    nothing else reads, dequantized by its own zero point, and r typed as the QuantizeLinear's
    result, becomes that convolution writing the result into r, its dst_type and dst_zero_point
    the result's. Its post-ops compute what the graph does, in k's units: round, clip to k's range
    less its zero point, a `#aicc_cpu.sum` of r's scale over k's with r's zero point, then
    `linear` by k's scale over the result's. A Relu before the QuantizeLinear fuses only where the
    result is u8 with zero point 0, whose saturation is the Relu (a kernel holds four post-ops).
  }];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect", "::mlir::tensor::TensorDialect"];
}

def FuseKernelActivations : Pass<"aicc-cpu-fuse-kernel-activations", "mlir::func::FuncOp"> {
  let summary = "Fold activations (Relu, LeakyRelu, Sigmoid, Tanh, HardSwish, Elu, constant-bound Clip, Gelu, swish) into the conv/matmul kernel before them";
  let description = [{
    An activation whose only input is a conv or matmul kernel used by nothing else becomes the
    last entry of that kernel's oneDNN post-op list: the output is written once instead of twice.
    aicc.Gelu (which aicc-recognize-gelu made from the exported formula) becomes gelu_erf or
    gelu_tanh; x * Sigmoid(x) (SiLU, as PyTorch exports it) becomes swish. Kernels with other
    users, a full post-op list (4), or a Clip with non-constant bounds are left alone.
  }];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect"];
}

def FuseKernelBinaryOps : Pass<"aicc-cpu-fuse-kernel-binary-ops", "mlir::func::FuncOp"> {
  let summary = "Fold Add/Mul/Sub/Div of a matmul or conv kernel's result with a broadcast tensor into oneDNN binary post-ops";
  let description = [{
    An aicc.Add or aicc.Mul (either operand) or aicc.Sub or aicc.Div (the kernel's result first)
    of a matmul's only use with a static f32 tensor that broadcasts to it (an attention mask, a
    per-column scale, a gate of the same shape; constant, or computed before the binary op, the
    kernel then moving down to it) becomes
    `#aicc_cpu.binary<...>` at the end of the kernel's post-ops, the tensor (reshaped to the
    result's rank) a `post_op_inputs` operand. The pipeline runs it between two activation
    folds, so an activation before or after the binary op folds too. A conv takes a tensor of
    one element or one per output channel ([1, OC, 1, 1]: a FiLM scale or a diffusion UNet's
    time embedding, computed before the conv), whose bytes are the same in the blocked and
    channels-last layouts the conv may write; other tensors stay loop nests, since they would
    need reordering into the conv's layout. A squeeze-and-excitation scale, computed from the
    conv's own output, cannot be its post-op.
  }];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect", "::mlir::tensor::TensorDialect"];
}

def FoldKernelTransposes : Pass<"aicc-cpu-fold-kernel-transposes", "mlir::func::FuncOp"> {
  let summary = "Fold Transposes of a matmul kernel's operands and result into the kernel (strided access)";
  let description = [{
    `matmul(Transpose(x))` becomes `matmul(x) {a_permutation = perm}` (and b likewise) when the
    operand has no trans flag, and `Transpose(matmul(...))`, for the matmul's only use, becomes a
    matmul with `result_permutation` writing the transposed shape. oneDNN then reads or writes
    the data where the permutation's strides say: no copy. Left alone: permutations that would
    make neither matrix dim contiguous (operands) or move Y's innermost dim (result), dynamic
    shapes, and results with a sum post-op (their destination is the residual).
  }];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect", "::mlir::tensor::TensorDialect"];
}

def FuseAttention : Pass<"aicc-cpu-fuse-attention", "mlir::func::FuncOp"> {
  let summary = "Fuse Q·Kᵀ, scale, mask, Softmax and P·V into one attention kernel";
  let description = [{
    What the earlier folds leave of scaled dot-product attention: a rank-4 matmul kernel (Q by
    Kᵀ through permutations, no bias, post-ops only scalar mul/div scales then at most one add of
    a mask that broadcasts to the scores), used only by a Softmax over the last dim (optionally
    through Where(causal triangle, -inf, scores), the mask torch.triu builds), used only as A
    of a plain matmul by V. They become one aicc_cpu.attention (AICC_KERNEL_ATTENTION) that reads
    Q, K and V where they lie and computes the softmax online, so the [queries, keys] scores are
    never stored. Left alone: batch or head dims that are symbolic or broadcast, operands whose
    rows are not contiguous, other post-ops, and more than `max-keys` keys (or a symbolic count):
    measured on a 2-core Zen 5, the kernel beats oneDNN's two matmuls and the Softmax loop nest
    for short sequences (32 keys: 0.015 ms against 0.023 per layer of bert_masked), where those
    are overhead-bound, but not at 128 (bert_small: 0.216 against 0.064 ms), where oneDNN's
    register-blocked GEMMs win.
  }];
  let options = [
    Option<"maxKeys", "max-keys", "int64_t", /*default=*/"64",
           "Fuse only attention over at most this many keys (a static count)">,
  ];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect"];
}

def QuantizeMatMulsDynamically : Pass<"aicc-cpu-quantize-matmuls-dynamically", "mlir::func::FuncOp"> {
  let summary = "Dynamic int8 quantization (aicc --quantize=dynamic): matmul kernels with constant f32 weights";
  let description = [{
    Each f32 aicc_cpu.matmul whose B is a constant (through reshapes) shared by every batch, and
    whose A is read as it is stored (no a_permutation, no trans_a) and is not a constant, gets B
    quantized here to s8, symmetrically, one scale per column of op(B) (max |column| / 127, which
    the int8 products cannot saturate on VNNI), and `b_scales`: each run then quantizes A to u8
    per tensor from its range, as ONNX Runtime's quantize_dynamic does for MatMul and Gemm.
    Every fused bias, post-op and result permutation stays. Matmuls of two activations (attention
    scores), matmuls whose B is an activation, and those made from a node named in `keep-fp32`
    (aicc --keep-fp32) stay f32.
  }];
  let options = [
    ListOption<"keepFp32", "keep-fp32", "std::string", "ONNX nodes whose matmuls stay f32">,
  ];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect"];
}

def QuantizeLstmsDynamically : Pass<"aicc-cpu-quantize-lstms-dynamically", "mlir::func::FuncOp"> {
  let summary = "Dynamic int8 quantization (aicc --quantize=dynamic): LSTM kernels with constant f32 weights";
  let description = [{
    Each f32 LSTM (aicc_cpu.rnn <lstm>) whose W and R are constants gets them quantized here to
    s8, symmetrically, one scale per row (an output unit of one gate: max |row| / 127), and
    `w_scales` and `r_scales`: it becomes AICC_KERNEL_QUANTIZED_RNN, which quantizes X and the
    hidden state to 8 bits on each run, as ONNX Runtime's DynamicQuantizeLSTM does. LSTMs with
    weights that arrive at run time, those the int8 kernel does not take (peepholes, clip,
    input_forget, sequence_lens, activations other than sigmoid and tanh: they would run in f32
    on the dequantized weights), and those made from a node named in `keep-fp32` (aicc
    --keep-fp32) stay f32. RNN and GRU cells stay f32.
  }];
  let options = [
    ListOption<"keepFp32", "keep-fp32", "std::string", "ONNX nodes whose LSTMs stay f32">,
  ];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect"];
}

def ComputeInBf16 : Pass<"aicc-cpu-compute-in-bf16", "mlir::func::FuncOp"> {
  let summary = "bf16 compute (aicc --precision=bf16): conv, deconv, matmul and LSTM kernels on f32 data";
  let description = [{
    Each aicc_cpu.conv, aicc_cpu.deconv and aicc_cpu.matmul whose operands are all f32 and where
    bf16 pays gets `compute_type = #aicc_cpu.data_type<bf16>`: the kernel rounds its input and
    weights (A and B) to bf16 and sums their products in f32, where oneDNN has bf16 kernels for
    the CPU it runs on; its tensors, bias and post-ops stay f32. bf16 pays where each element
    rounded on each run (the input; a matmul's A, and B unless it is a constant) takes part in at
    least 128 multiply-adds and each output element sums at least 32: depthwise convs, thin 1x1
    convs and classifier heads stay f32, where the extra pass over their input costs more than
    the faster multiply-adds save. A dim only the run knows counts as large. The compiler runs
    this pass only for targets with AVX512_BF16 (or AMX). Int8 kernels, and kernels made from a
    node named in `keep-fp32` (aicc --keep-fp32), stay as they are.

    An aicc_cpu.rnn LSTM of at least 32 hidden units with constant weights, the default
    activations and no clip, input_forget, peepholes or sequence_lens computes in bf16 too: its
    weights and hidden state rounded, its cell state f32. GRUs and plain RNNs stay f32.
  }];
  let options = [
    ListOption<"keepFp32", "keep-fp32", "std::string", "ONNX nodes whose kernels stay f32">,
  ];
}

def PropagateLayouts : Pass<"aicc-cpu-propagate-layouts", "mlir::func::FuncOp"> {
  let summary = "Keep activations in oneDNN's channel-blocked layout between kernels";
  let description = [{
    2-D convolutions whose output channels divide into `block`-channel blocks write nChw<block>c;
    pooling, elementwise ops, residual sums and channel Concats keep it; aicc_cpu.reorder ops go
    only where a consumer needs plain NCHW (once per value). A Transpose NHWC→NCHW feeding a conv
    becomes the conv's channels-last source. Blocked values carry their physical type.
    With `channels-last-at-batch-one`, a function whose 2-D convolutions all have batch 1 keeps
    its activations channels-last (NHWC) instead, unless its channel Concats outweigh the convs
    whose channels do not divide into blocks: on AVX-512 oneDNN 2.6 runs batch-1 convolutions
    fastest there (brgconv), and blocked ones at larger batches; a channel slice of NHWC is not
    contiguous, so Concats are copies, while in blocks a conv of 24 or 72 channels runs on plain
    NCHW.
  }];
  let options = [
    Option<"block", "block", "int64_t", "8",
           "channels per block: 8 (AVX2), 16 (AVX-512), or 0 to keep every activation plain">,
    Option<"channelsLastAtBatchOne", "channels-last-at-batch-one", "bool", "false",
           "channels-last activations for a batch-1 function where they cost less (AVX-512)">
  ];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect", "::mlir::tensor::TensorDialect"];
}

def WriteConcatInPlace : Pass<"aicc-cpu-write-concat-in-place", "mlir::func::FuncOp"> {
  let summary = "Let the kernels producing a Concat's inputs write into their slice of its result";
  let description = [{
    A kernel whose only use is a Concat input gets a tensor.extract_slice of the Concat's
    destination as its own destination, and its result is inserted back: bufferization places the
    kernel's output inside the Concat's buffer and nothing is copied. Only where each slice is
    contiguous in the result (every dim before the axis is 1), so kernels keep dense memory.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect", "::mlir::bufferization::BufferizationDialect"];
}

def ConvertAiccToLinalg : Pass<"aicc-cpu-convert-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lower the remaining aicc ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Elementwise ops (with numpy broadcasting), reductions, softmax, data movement (Reshape,
    Transpose, Concat, Gather, Slice, ...) and constants; NonZero and Compress, whose write
    position depends on the data, as sequential scf.for loops; Loop as scf.while (its scan rows
    through aicc_cpu.scan_append and scan_rows) and If as scf.if, their bodies lowered in place.
    Fails, naming the op, on any aicc op left.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
                           "::mlir::bufferization::BufferizationDialect", "::mlir::scf::SCFDialect",
                           "::aicc::cpu::AiccCpuDialect"];
}

def FuseElementwiseStatic : Pass<"aicc-cpu-fuse-elementwise-static", "mlir::func::FuncOp"> {
  let summary = "Run linalg's elementwise fusion on functions whose tensors have static shapes";
  let description = [{
    linalg-fuse-elementwise-ops, on a function none of whose arguments and results has a
    dynamic dim. With symbolic dims its reshape propagation (folding a broadcast operand's
    collapse_shape into the generic by expansion) made a masked softmax compute wrong values, so
    such functions are left to aicc-cpu-tile-and-fuse, which fuses producers per tile.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect"];
}

def ReadOnlyInputs : Pass<"aicc-cpu-read-only-inputs", "mlir::func::FuncOp"> {
  let summary = "Mark the tensor arguments of public functions `bufferization.writable = false`";
  let description = [{
    The caller's input buffers are const (aicc_session_run takes them as such, and a server may
    reuse them for the next request). One-shot bufferization treats function arguments as writable
    unless told otherwise, so a kernel whose destination is an input (a residual Add with a sum
    post-op) would overwrite it; with the annotation it writes into a copy instead.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def TileAndFuse : Pass<"aicc-cpu-tile-and-fuse", "mlir::func::FuncOp"> {
  let summary = "Tile each chain of linalg ops into one loop nest: thread tiles (scf.forall) of vector tiles (scf.for)";
  let description = [{
    Each linalg op with a parallel loop that is not fused into a later one is a root; the linalg ops
    (and fills) all of whose users are in its chain are its producers. The root is tiled along its
    parallel loops into thread tiles of at most `thread-tile` iterations (scf.forall, or scf.for
    when its iterations times the scalar ops of each, over the chain, are fewer than
    `min-parallel-work`: a cheap sum threads later than an exp-heavy chain) and each of
    those into vector tiles of at most `vector-tile` (scf.for); the producers are fused into both
    levels (tile and fuse through TilingInterface), so each tile of an intermediate is produced
    right where it is consumed.

    Tile sizes need not divide their loop: a divisor is taken when one is at least half the limit
    (a multiple of 16 for a row's vector tiles), else thread tiles are equal shares and vector
    tiles are the limit, their loops peeled (MLIR's loop peeling) so that every full tile has one
    static shape for the vectorizer; a static loop's last tile is static too. A reduction is not
    fused into a tiling that cuts a loop its result does not vary along (every tile of a row
    would compute the row's max again): it is a nest of its own, computed once. Thread tiles keep
    such rows whole when that leaves at least 4 tiles. A vector tile's reduction longer than
    `vector-tile` is cut into chunks accumulated into a vector of partial results, reduced once
    after the loop (partial-reduction tiling). Producers with users outside the chain are left
    alone. Symbolic dims (run-time loop ranges) are cut into single iterations, but for a symbolic
    innermost dim, which stays whole: each tile is then a row of run-time length (not
    vectorized).
  }];
  let options = [
    Option<"threadTileIterations", "thread-tile", "int64_t", "4096",
           "iterations per thread tile (the unit of work a thread takes)">,
    Option<"vectorTileIterations", "vector-tile", "int64_t", "128",
           "iterations per vector tile (the ops of one tile become one vector op each)">,
    Option<"minParallelWork", "min-parallel-work", "int64_t", "524288",
           "a root whose iterations times scalar ops per iteration (its fused ops' bodies and input loads) are fewer gets sequential thread tiles (scf.for): threads cost more than they save">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect"];
}

def Vectorize : Pass<"aicc-cpu-vectorize", "mlir::func::FuncOp"> {
  let summary = "Vectorize linalg ops on tensors whose static loops have at most `max-iterations` iterations";
  let description = [{
    After aicc-cpu-tile-and-fuse the ops of a vector tile have small static shapes; MLIR's linalg
    vectorizer turns each into vector.transfer_read / arith / math / vector.multi_reduction /
    vector.transfer_write (gathers of tensor.extract included). A dynamic op inside a tile whose
    loops are bounded (the last, partial tile of a loop that its tile size does not divide) is
    vectorized at its bounds under a mask of its run-time size. Ops that are larger, unbounded,
    boolean, untiled with more than two non-unit loops, or that the vectorizer does not take
    stay linalg and become scalar loops later.
  }];
  let options = [
    Option<"maxIterations", "max-iterations", "int64_t", "4096",
           "largest iteration space vectorized as one op">
  ];
  let dependentDialects = ["::mlir::vector::VectorDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def ElideResultCopies : Pass<"aicc-cpu-elide-result-copies", "mlir::func::FuncOp"> {
  let summary = "Compute a result in its out-param instead of copying it there from a fresh buffer";
  let description = [{
    After buffer-results-to-out-params a result produced into a memref.alloc is copied into the
    out-param at the end (a whole-output memcpy on one thread). Where the copy is the buffer's
    last use, the out-param has no other use and the types match, the buffer is replaced by the
    out-param and the copy erased. A result that is a reshape of the buffer (a Reshape or Flatten
    last: memref.collapse_shape or expand_shape) is computed in the out-param seen through the
    inverse reshape. Outputs therefore must not alias inputs (aicc_session_run's
    contract).
  }];
}

def ResolveOutputDims : Pass<"aicc-cpu-resolve-output-dims", "mlir::func::FuncOp"> {
  let summary = "Name each symbolic dim of a public function's results after the input dim it equals";
  let description = [{
    Runs after bufferization, while results are still returned. For each dynamic dim of a result,
    finds the dynamic dim of an argument it provably equals (ValueBoundsConstraintSet) and records
    its name, from the function's `aicc.input_dim_names`, in `aicc.output_dim_names` ("" for a
    static dim). The runtime then computes each output's shape from a run's inputs. A dim that
    equals no input dim (NonZero's count, a Compress: a size only the run computes) is named
    `<output>.<dim>` and listed, per output, in `aicc.output_data_dims`.
  }];
}

def ReturnDataShapedOutputs : Pass<"aicc-cpu-return-data-shaped-outputs", "mlir::func::FuncOp"> {
  let summary = "Write each output with a data-dependent dim into a buffer the runtime provides during the run";
  let description = [{
    Runs after aicc-cpu-resolve-output-dims, while results are still returned. A result listed in
    `aicc.output_data_dims` stops being a result: its buffer comes from `aicc_cpu.output_buffer`
    (the runtime's aicc_kernels_output) with the result's dims. Where the result is a top-level
    memref.alloc, the alloc itself becomes the request, so the output is computed in place;
    otherwise the result is copied into the buffer just before the return. The output indices
    are recorded in `aicc.data_shaped_outputs`, for the entry points (whose `outputs` array has
    no pointer for them).
  }];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect", "::mlir::memref::MemRefDialect"];
}

def BindRunDims : Pass<"aicc-cpu-bind-run-dims", "mlir::func::FuncOp"> {
  let summary = "Read the dynamic dims of a public function's buffer arguments from a trailing dims argument";
  let description = [{
    For a public function whose memref arguments have dynamic dims, appends an argument
    `memref<Kxi64>` holding every argument's dims in order (K is the sum of their ranks), turns
    each dynamically shaped argument into a rank-0 memref of its element type (a bare pointer)
    and rebuilds its shape with memref.reinterpret_cast: dense row-major, sizes loaded from the
    dims argument. Functions with static arguments are left alone.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect"];
}

def PlanWorkspace : Pass<"aicc-cpu-plan-workspace", "mlir::ModuleOp"> {
  let summary = "Place every intermediate buffer of the entry function in one workspace";
  let description = [{
    After bufferization, the entry function's memref.alloc ops (static shapes) become memref.view
    ops into a new leading `memref<Nxi8>` workspace argument. Buffers whose lifetimes (first
    definition to last use of the buffer or any view of it) do not overlap share bytes: offsets are
    assigned greedily, largest buffer first, 64-byte aligned. The size is recorded in the function's
    `aicc.workspace_bytes` attribute; the runtime allocates it once per session.

    Buffers with dynamic sizes (after aicc-cpu-bind-run-dims) follow the planned bytes, one after
    the other in program order, each 64-byte aligned at an offset computed at run time; the pass
    then adds the public `aicc_model_workspace_bytes_for(dims) -> index` computing the total from
    the dims argument alone, which the runtime calls to size the workspace for a run.

    A buffer whose size only the run computes (it depends on data: NonZero's count) cannot be
    planned before the run: it stays a heap allocation, freed after its last use.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect"];
}

def LowerKernelCalls : Pass<"aicc-cpu-lower-kernel-calls", "mlir::ModuleOp"> {
  let summary = "Turn bufferized aicc_cpu.kernel ops into calls to aicc_kernel_run";
  let description = [{
    Adds a leading `!llvm.ptr` state argument to the entry function, replaces kernel k with
    `aicc_kernel_run(state, k, args)` where args holds the operands' data pointers in their slots
    (null where absent, and for constant operands, which the kernels read from the table), and
    records the kernel table in the module attribute `aicc.kernels` (kind, params, num_args, and
    the memref.global each constant operand reads) for the emitter. A kernel with dims known only
    at run time is called only when its output has elements (scf.if): a selection of nothing
    leaves nothing to compute.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect", "::mlir::func::FuncDialect", "::mlir::scf::SCFDialect"];
}

def LowerScanOutputs : Pass<"aicc-cpu-lower-scan-outputs", "mlir::ModuleOp"> {
  let summary = "Turn aicc_cpu.scan_append and scan_rows into calls to the runtime's scan stacks";
  let description = [{
    Runs after aicc-cpu-lower-kernel-calls, whose leading state argument it passes on.
    `scan_append` becomes `aicc_kernels_scan_row(state, slot, index, rank, dims, element_bytes)`,
    which returns where row `index` goes (null if refused), and a copy of the row there when it is
    not null; its result is whether it was. `scan_rows` becomes `aicc_kernels_scan_rows(state,
    slot, count, rank, dims)`, the stack's address (never null for rows that were appended) with
    the row's dims written into `dims`, viewed as [count, row dims]. The dims arrays are stack
    arrays allocated once in the entry block, so a loop allocates nothing per iteration.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect", "::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect"];
}

def LowerLists : Pass<"aicc-cpu-lower-lists", "mlir::ModuleOp"> {
  let summary = "Turn aicc_cpu.list_* into calls to the runtime's lists";
  let description = [{
    Runs after aicc-cpu-lower-kernel-calls, whose leading state argument it passes on. Each op
    becomes its aicc_kernels_list_* call (aicc/cpu_kernels.h): `list_insert` passes the element's
    address, aicc_dtype, rank and dims; `list_at` passes the dims the type knows (-1 for a dynamic
    one) and views the returned address with the dims the runtime wrote back. The dims array is
    one stack array allocated in the entry block, so a loop allocates nothing per iteration.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect", "::mlir::func::FuncDialect"];
}

def LowerOutputBuffers : Pass<"aicc-cpu-lower-output-buffers", "mlir::ModuleOp"> {
  let summary = "Turn aicc_cpu.output_buffer into calls to aicc_kernels_output that end the run on failure";
  let description = [{
    Runs after aicc-cpu-lower-kernel-calls, whose leading state argument it passes on. Each
    request becomes `aicc_kernels_output(state, index, dims)`, dims a stack array of the output's
    rank sizes, returning the buffer's address (a rank-0 memref under the bare-pointer calling
    convention), viewed as the output's shape. A null address (the runtime refused or ran out of
    memory, and recorded why) returns from the function at once, so nothing is written through
    it. Requests must be in the function's entry block.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect", "::mlir::func::FuncDialect",
                           "::mlir::cf::ControlFlowDialect"];
}

def LowerIndexChecks : Pass<"aicc-cpu-lower-index-checks", "mlir::ModuleOp"> {
  let summary = "Turn aicc_cpu.check_index into the position arithmetic and a call to aicc_kernels_index_error";
  let description = [{
    An index from the model (Scatter's, Gather's) within [-size, size) becomes its position
    (index + size when negative). One outside records the error, naming the node, the index and
    the axis, through `aicc_kernels_index_error(state, node, index, axis, size)` (the node's name
    a private string, one per node), and yields position 0 with `in_range` false, so that the code
    after it skips the element: the run then fails with that error (aicc_kernels_status), and no
    element outside a tensor is written or read. Needs the runtime state as the function's first
    argument (aicc-cpu-lower-kernel-calls).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
}

def PrepackWeights : Pass<"aicc-cpu-prepack-weights", "mlir::ModuleOp"> {
  let summary = "Reorder the kernel table's constant weights into the layout their oneDNN primitive reads";
  let description = [{
    Creates the kernel table's primitives at compile time through libaiccrt (the code sessions run,
    with oneDNN limited to the target's ISA) and replaces each constant those kernels would reorder
    at session creation by a new i8 global holding the reordered bytes; the table entry's `formats`
    records its aicc_packed_format (by field, as int64 words), and a global no longer read is erased.
    Sessions then read the weights in place; where their primitive wants another layout (a host
    with other instructions than the target), they reorder from the packed one.
  }];
  let options = [
    Option<"targetIsa", "isa", "std::string", "\"\"",
           "oneDNN ISA to pack for (avx2, avx512_core, ...; empty: the host's)">,
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def LowerVectors : Pass<"aicc-cpu-lower-vectors", "mlir::func::FuncOp"> {
  let summary = "Lower the vectorizer's n-D vector ops to 1-D vector ops";
  let description = [{
    Drops the unit dims of tile vectors, reads and writes contiguous tiles as one 1-D vector, and
    lowers multi-reductions (innermost dim), broadcasts, shape casts, transposes, gathers and the
    remaining transfers to 1-D vector ops, which convert-vector-to-llvm maps onto LLVM vectors of
    the target's width (LLVM splits a 128-wide vector into 8 AVX-512 or 16 AVX2 registers).
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect"];
}

def ApproximateMath : Pass<"aicc-cpu-approximate-math", "mlir::func::FuncOp"> {
  let summary = "Replace exp, expm1, log, log1p, log2, tanh and erf by polynomial approximations";
  let description = [{
    MLIR's approximations (populateMathPolynomialApproximationPatterns), on scalars and vectors
    alike: branch-free arith that vectorizes, where a libm call would not. f16/bf16 operands are
    computed in f32. The other math functions stay libm calls.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::vector::VectorDialect"];
}

def ParallelizeLoops : Pass<"aicc-cpu-parallelize-loops", "mlir::func::FuncOp"> {
  let summary = "Turn the bufferized thread-tile loops (scf.forall) and the other loop nests into aicc_cpu.parallel_for";
  let description = [{
    Each scf.forall directly in the body of a function whose first argument is the runtime state
    (!llvm.ptr, from aicc-cpu-lower-kernel-calls) becomes a parallel_for over its linearized
    iterations, named after the ONNX nodes of the ops inside; the body runs a range of them in an
    scf.for that recovers the forall's induction variables. An upper bound only the run knows (a
    symbolic dim) makes the count a run-time value (`run(%n)`); foralls with other dynamic bounds
    stay (and run sequentially after scf-forall-to-for, inside a parallel_for of count 1).

    The other loop nests directly in such a body (sequential tile loops, untiled linalg ops,
    copies) each move into a parallel_for of count 1: they run on the calling thread as before,
    but through the runtime, whose profile then times them by name. Loops that yield results
    stay where they are (bufferized code has none at the top level).
  }];
  let dependentDialects = ["::aicc::cpu::AiccCpuDialect", "::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect"];
}

def StackTileBuffers : Pass<"aicc-cpu-stack-tile-buffers", "mlir::func::FuncOp"> {
  let summary = "Move the small static buffers inside each aicc_cpu.parallel_for body to the stack";
  let description = [{
    The workspace plan places the buffers between loop nests; the ones inside a nest (a vector
    tile's partial reduction, a row's maximum for the tiles after it) would be a malloc and a free
    per tile, which for rows of a few hundred elements cost more than the arithmetic. Each
    memref.alloc in a parallel_for body with a static shape and its dealloc in the same block (it
    lives within one iteration of the loops around it) becomes a memref.alloca at the start of the
    body: a fixed slot of the outlined function's frame, reused by every iteration. A body takes
    at most `max-bytes` of stack this way (threads of a serving application may have small
    stacks); larger buffers stay on the heap.
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", "16384",
           "stack bytes a parallel_for body may take for its buffers">
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def OutlineParallelLoops : Pass<"aicc-cpu-outline-parallel-loops", "mlir::ModuleOp"> {
  let summary = "Outline each aicc_cpu.parallel_for (LLVM dialect) into a function run by aicc_parallel_for";
  let description = [{
    The last step of the CPU pipeline. Each parallel_for's body becomes an internal
    `void <func>_parallel_<k>(ptr ctx, i64 begin, i64 end)`; the values it uses from its function
    are stored into a stack struct (ctx) before `aicc_parallel_for(state, count, body, ctx, name)`
    and loaded back in the body; constants are recreated in the body instead. libaiccrt splits
    [0, count) among the session's OpenMP threads, the pool oneDNN uses.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def LowerStridedCopies : Pass<"aicc-cpu-lower-strided-copies", "mlir::func::FuncOp"> {
  let summary = "Rewrite memref.copy between non-contiguous buffers as linalg.copy";
  let description = [{
    Bufferization copies into and out of strided views (Concat, Split, Slice). The LLVM lowering
    turns such a memref.copy into a call to MLIR's C runner library, which artifacts do not link;
    as linalg.copy it becomes loops. Copies between contiguous buffers stay memref.copy (memcpy).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // AICC_CPU_PASSES
