// Target-independent graph passes (assembled in compiler/GraphPipeline.cpp).
#ifndef AICC_PASSES
#define AICC_PASSES

include "mlir/Pass/PassBase.td"

def InferShapes : Pass<"aicc-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Refine result shapes op by op through ShapeInferenceOpInterface";
  let description = [{
    Visits the ops in order, so each sees its operands already refined, and asks every op that
    implements ShapeInferenceOpInterface to refine its result types; then makes the function's
    result types match what it returns. ONNX's own shape inference at import leaves dims unknown
    where a model's shapes are symbolic or computed; this recovers them once inputs are fixed and
    constants folded.
  }];
}

def EvaluateConstantSubgraphs : Pass<"aicc-evaluate-constant-subgraphs", "mlir::ModuleOp"> {
  let summary = "Compute small tensors whose inputs are all constant at compile time";
  let description = [{
    Models compute shapes at run time: Shape -> Gather -> Concat -> Reshape, Range and
    ConstantOfShape fed by arithmetic on shapes; they build masks in forward (Trilu of ones,
    ScatterND into zeros). Every op whose operands are all constants and whose results have at
    most `max-elements` elements is computed here and replaced by an aicc.Constant, in turn with
    shape inference, so a whole chain collapses and Reshape, Expand, ConstantOfShape and Range get
    static result types, which the backends need. Shape and Size of statically shaped tensors fold
    from types. Everything else is computed by the target's ConstantEvaluationInterface, which
    compiles and runs the ops with the target's own lowering: each op has one definition of what it
    computes; ops the target's kernels read the operands of (a DequantizeLinear of int8 weights)
    are left to it, and what makes such operands (a QuantizeLinear of f32 weights) is computed
    whatever its size. Without a target only the folds from types happen. A module pass: the evaluation
    runs a pipeline of its own, which must not start inside a multi-threaded one.
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"65536",
           "Largest result (in elements) that is computed at compile time">,
  ];
}

def MergeSiblingMatMuls : Pass<"aicc-merge-sibling-matmuls", "mlir::func::FuncOp"> {
  let summary = "Merge MatMuls of one input by constant matrices into one MatMul and a Split";
  let description = [{
    Hugging Face's BERT and GPT-style exports project the same hidden state with separate query,
    key and value Linears: three MatMul(x, Wᵢ), each usually followed by an Add of its bias. When
    two or more MatMuls in one block read the same x as A, with constant f32 matrices Wᵢ [K, Nᵢ]
    of the same K and results of the same leading dims, they become one MatMul(x, [W₁ W₂ ...]),
    one Add of the biases side by side (zeros for a projection without one; a bias Add is taken
    when it is the MatMul's only reader and adds Nᵢ constant values), and a Split of the last dim
    into the Nᵢ. One GEMM of N = ΣNᵢ reads x once and keeps the cores busier than three small
    ones, and the result has the shape of a fused QKV projection, whose head slices the CPU
    backend already reads in place.
  }];
}

def RecognizeGelu : Pass<"aicc-recognize-gelu", "mlir::func::FuncOp"> {
  let summary = "Turn Gelu written out in elementwise ops into one aicc.Gelu";
  let description = [{
    ONNX has Gelu only from opset 20, so exporters write it out: nn.GELU() as
    x * (1 + Erf(x / √2)) * 0.5 (the division also as a Mul by 1/√2), nn.GELU("tanh") and GPT-2's
    NewGELU as 0.5 * x * (1 + Tanh(√(2/π) * (x + 0.044715 * x³))) with the cube as x * (x * x),
    (x * x) * x or Pow(x, 3). The three outer factors may be multiplied in any order, and each
    inner product and sum may have its operands either way round; constants are compared up to
    f32 rounding. When every intermediate is used only inside the formula, it becomes
    aicc.Gelu(x) with approximate = "none" or "tanh", which the CPU backend fuses into the matmul
    before it (a oneDNN gelu_erf or gelu_tanh post-op) or computes in one loop.
  }];
}

def RecognizeLayerNorm : Pass<"aicc-recognize-layer-norm", "mlir::func::FuncOp"> {
  let summary = "Turn layer normalization written out in elementwise ops into one LayerNormalization";
  let description = [{
    Before opset 17 PyTorch exports nn.LayerNorm as mean = ReduceMean(x), d = x - mean,
    var = ReduceMean(Pow(d, 2)), d / Sqrt(var + eps), then Mul by the weight and Add of the bias;
    TensorFlow converters and hand-written models square with Mul(d, d) and divide with a Mul by
    Reciprocal. When both means reduce the same trailing dims (static, kept as size 1), eps is a
    constant scalar, the weight and bias are constants that broadcast to the normalized dims, and
    every intermediate is used only inside the expression, the whole expression becomes one
    LayerNormalization(axis = first normalized dim, epsilon), whose result replaces the last op
    matched. The backends then normalize each row in one fused pass instead of six loop nests.
  }];
}

def FuseLstmCell : Pass<"aicc-fuse-lstm-cell", "mlir::func::FuncOp"> {
  let summary = "Turn the gate arithmetic of a traced nn.LSTMCell into one ONNX LSTM step";
  let description = [{
    Traced, PyTorch's nn.LSTMCell exports as gates = Gemm(x, W_ih, b_ih) + Gemm(h, W_hh, b_hh)
    (transB), Split into i, f, g, o, Sigmoid(i), Sigmoid(f), Tanh(g), Sigmoid(o), c' = f * c +
    i * g, h' = o * tanh(c'). With constant weights and every intermediate used only there, the
    chain becomes Unsqueeze → LSTM (sequence length 1, ONNX's gate order i, o, f, c: the weights
    and biases are reordered here) → Squeeze for h' and c', so a decoder stepped in Python runs one
    recurrent kernel per step instead of two GEMMs and a loop nest.
  }];
}

def HoistLoopInvariants : Pass<"aicc-hoist-loop-invariants", "mlir::func::FuncOp"> {
  let summary = "Move the ops of a Loop body that read nothing the body defines before the Loop";
  let description = [{
    Exports compute per step what does not change between steps: a decoder's projection of the
    encoder's outputs, a weight sliced or transposed inside the loop, constants. A pure op of a
    Loop body (no regions) whose operands are all defined outside the body moves before the
    Loop, in body order, so that chains of such ops move together; inner loops are done first.
    Pure ops have no effect to repeat or skip, so running one even when the loop runs no
    iteration changes no result.
  }];
}

def ResolveStaticSequences : Pass<"aicc-resolve-static-sequences", "mlir::func::FuncOp"> {
  let summary = "Replace sequences whose elements are known at compile time by their elements";
  let description = [{
    torch.jit.script exports Python lists as ONNX sequences. Where the elements are known, the
    sequence is a list of SSA values: SequenceEmpty and SequenceConstruct start one,
    SplitToSequence of a static split (no split, a constant chunk size or constant sizes, along
    a static axis) gives its slices, SequenceInsert and SequenceErase at constant (or absent)
    positions edit it, Identity passes it on. Reads then read the list: SequenceAt at a constant
    position is that element, at a run-time position (a loop over the list) a Gather from the
    elements stacked once (when they share one static type); SequenceLength is a constant;
    ConcatFromSequence is a Concat (of the elements unsqueezed, with `new_axis`). What cannot be
    listed (a sequence carried through a Loop) is left to aicc-loop-sequences-to-scans.
  }];
}

def LoopSequencesToScans : Pass<"aicc-loop-sequences-to-scans", "mlir::func::FuncOp"> {
  let summary = "Turn a sequence appended to once per Loop iteration into a scan output";
  let description = [{
    torch.jit.script exports `xs = []; for ...: xs.append(t)` and `torch.stack(xs)` or
    `torch.cat(xs)` as a sequence carried through the Loop: SequenceEmpty (or SequenceConstruct
    of rows of the same type: a list that starts with elements) before it, one
    SequenceInsert (at the end) of the body's `t` per iteration, ConcatFromSequence after it. When
    the sequence is used in no other way, it becomes a scan output of the Loop, [n, t's dims],
    which the backends stack in one growing buffer instead of building a list: ConcatFromSequence
    with `new_axis` becomes a Transpose of the stack (dim 0 moved to `axis`; none for axis 0),
    without it a Reshape that merges the stacked dim with `axis` as well; SequenceLength becomes
    the stack's dim 0. Sequences used otherwise are left as they are.
  }];
}

def ScanToLoop : Pass<"aicc-scan-to-loop", "mlir::func::FuncOp"> {
  let summary = "Express ONNX Scan as a Loop over its scan inputs' axis";
  let description = [{
    Scan-16 runs its body once per slice of its scan inputs along `scan_input_axes`. As a Loop:
    the trip count is the first scan input's size along its axis, no condition; the body reads
    slice `i` (reverse direction: `T-1-i`) of each scan input with a Gather along its axis, and
    its scan outputs become the Loop's, stacked on dim 0, then reversed (Slice with step -1)
    where `scan_output_directions` says so and moved to `scan_output_axes` by a Transpose.
  }];
}

def SequenceMapToLoop : Pass<"aicc-sequence-map-to-loop", "mlir::func::FuncOp"> {
  let summary = "Express ONNX SequenceMap as a Loop over its first sequence";
  let description = [{
    SequenceMap-17 runs its body once per element of its first input sequence. As the op's
    function body in the ONNX spec: a Loop whose trip count is that sequence's SequenceLength,
    carrying one sequence per output, SequenceEmpty at first; iteration i reads element i of
    every sequence input with SequenceAt (tensor inputs are used as they are) and appends each
    body output to its sequence with SequenceInsert.
  }];
}

def FoldBatchNormIntoConv : Pass<"aicc-fold-batchnorm", "mlir::func::FuncOp"> {
  let summary = "Fold an inference BatchNormalization into the Conv, ConvTranspose or Gemm before it";
  let description = [{
    BatchNormalization-15 in inference mode is a per-channel affine map, y = x * s + (B - mean * s)
    with s = scale / sqrt(var + epsilon). When x is the only use of a Conv, ConvTranspose or Gemm
    whose weights (and bias, if any) are constants, the map is applied to the weights and bias at
    compile time (in double, stored as f32) and the BatchNormalization disappears:
    Conv W [OC, C/g, k...] scales dim 0; ConvTranspose W [C, OC/g, k...] scales dim 1 per group;
    Gemm scales the columns of op(B) and folds beta * C. Not applied to training mode, to
    non-constant parameters, to types other than f32, or when the producer has other users.
  }];
}

def SplitNormGroups : Pass<"aicc-split-norm-groups", "mlir::func::FuncOp"> {
  let summary = "Normalize GroupNorm's groups in a shape that keeps the channel dim";
  let description = [{
    PyTorch exports nn.GroupNorm as Reshape(x [N, C, D1, ...] -> [N, G, -1]), an
    InstanceNormalization over the groups, a Reshape back to x's shape, then Mul and Add by
    per-channel weights. The first Reshape merges the channel dim into the normalized one, so the
    affine after the Reshape back has no dim in common with the normalization and runs as a loop
    nest of its own that reads the whole output again. Normalizing [N, G, C/G, D1, ...] instead
    (InstanceNormalization reduces over every dim after the second, so over the same elements)
    turns both reshapes into splits and merges of dims that the loop fusion sees through. Applied
    when x and the grouped input have static shapes and G divides C (G < C); Reshapes of the
    result to static shapes read the split form directly, other users a Reshape to the grouped
    shape.
  }];
}

def DecomposeEinsum : Pass<"aicc-decompose-einsum", "mlir::func::FuncOp"> {
  let summary = "Express an Einsum of one or two operands as ReduceSum, Transpose, Reshape and MatMul";
  let description = [{
    Einsum-12's equation is parsed per spec (spaces ignored, an ellipsis covers the dims the
    letters leave, right-aligned across operands; without "->" the output is the ellipsis dims
    then the letters used once, alphabetically). A label only one operand has and the output
    lacks is summed there first (ReduceSum). One operand is then transposed into the output's
    order. Two operands: the labels both share and the output keeps are batch dims, those both
    share and the output drops are contracted, the rest are free; each operand is transposed to
    [batch, free, contracted] / [batch, contracted, free] and reshaped to 3-D, one batched
    MatMul multiplies them, and the product is reshaped and transposed into the output. Needs
    static shapes; a label repeated within one operand (a diagonal), operands whose sizes of a
    label differ (broadcasting) and more than two operands are errors naming the node.
  }];
}

def ExpandCompositeOps : Pass<"aicc-expand-composite-ops", "mlir::func::FuncOp"> {
  let summary = "Express MeanVarianceNormalization, LpNormalization, GlobalLpPool and LpPool by the ops they are made of";
  let description = [{
    Ops ONNX defines as compositions of others become those compositions, so that each compiles
    wherever its parts do and fuses with its neighbours:

    - MeanVarianceNormalization-13: (X - ReduceMean(X)) / (Sqrt(ReduceMean((X - mean)²)) + 1e-9)
      over `axes` (the function body's E[X²] - E[X]², centred first, which cancels less);
    - LpNormalization-1: X / ReduceL1 or ReduceL2 along `axis` (p must be 1 or 2);
    - GlobalLpPool-2: (ReduceSum(|X|^p) over the spatial dims)^(1/p), the dims kept;
    - LpPool-11: (AveragePool(|X|^p), padding counted, times the window's size)^(1/p), with the
      op's auto_pad, pads and strides.

    |X|^p is Abs for p = 1 and X·X for p = 2, and the root Sqrt for 2. An invalid p is an error
    naming the node. Intermediate results are unranked until the shape inference at the pass's end.
  }];
}

def ExposeCalibrationPoints : Pass<"aicc-expose-calibration-points", "mlir::func::FuncOp"> {
  let summary = "Return what static quantization calibrates: each int8 convolution's input";
  let description = [{
    The instrumented copy of a model that aicc --quantize=int8 runs over its calibration data.
    The entry function (the one with aicc.output_names) returns, after the model's outputs, the X
    of each convolution static quantization selects (StaticQuantization.h: an f32 X, a constant
    f32 W, not aicc.keep_fp32), each value once, named "aicc.calibration.K" in that order.
  }];
}

def QuantizeStatically : Pass<"aicc-quantize-statically", "mlir::func::FuncOp"> {
  let summary = "Rewrite convolutions with a calibrated input range into int8 QDQ form";
  let description = [{
    Each convolution StaticQuantization.h selects that carries aicc.x_range = array<f64: min,
    max> (its X's range on the calibration data) becomes the QDQ form the int8 conv kernel
    folds, as ONNX Runtime's static quantizer writes it:
    - X: QuantizeLinear to u8 per tensor and DequantizeLinear back. The range is widened to hold
      0, scale = (max - min) / 255 and zero point = round(-min / scale), so 0 stays exact (zero
      padding); a range of zeros gets scale 1. Every other user of X but the function's return
      and ops kept in f32 reads the dequantized value too, so a producing convolution can write
      u8 and its consumers read it (one QuantizeLinear per value, however many convolutions).
      Where X is a MaxPool's or a Concat's result, that op's inputs are quantized the same way,
      for it only, and so on up through such ops (none of an op's inputs where one is a
      convolution's X itself): exact, as the max of quantized values is the quantized max and
      their concatenation the quantized concatenation; the op then moves u8 values and the ops
      before it write them.
    - W: s8 symmetric per output channel, scale = max |W[oc]| / 127 (1 for a channel of zeros),
      and a DequantizeLinear on axis 0. The bias stays f32: the kernel rounds it at the
      accumulator's scale.
    The attribute is removed. A range that is not two finite numbers, min <= max, is an error.
  }];
}

def FoldQuantizedDataMovement : Pass<"aicc-fold-quantized-data-movement", "mlir::func::FuncOp"> {
  let summary = "Move quantized values where a QDQ graph dequantizes, moves and requantizes them";
  let description = [{
    Where a QuantizeLinear reads a DequantizeLinear of the same quantization, or the only result
    of a data-movement op (Concat, Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Identity)
    whose data inputs are all such DequantizeLinears, the QuantizeLinear is replaced by the
    quantized values, moved by the op: exact, since such an op only moves elements and
    quantizing each element twice alike gives it back. "Alike" is one 8-bit type, one constant
    scale and one constant zero point (absent: 0) per tensor. A Concat moves 8-bit values also
    where some inputs are not dequantized alike: those are quantized as its result is, each on its
    own (exact too: QuantizeLinear is elementwise), which requantizes 8-bit values or lets an int8
    convolution before it write them. ONNX Runtime's quantizer writes
    such chains around Reshape and Transpose, static quantization (QuantizeStatically) around a
    Concat; the values between int8 kernels then stay 8-bit. Not applied where the moved result
    has other readers (they need it in f32) or an op is kept in f32 (aicc --keep-fp32).
    Where a MaxPool's result is quantized and its input is only its and an int8 convolution's
    (a Conv of dequantized X and W, through Relu and Clip ops), as a quantization-aware-training
    export writes it, the MaxPool reads its input quantized alike (QuantizeLinear →
    DequantizeLinear), which the convolution can write: exact, since the max of quantized values
    is the quantized max.
  }];
}

#endif // AICC_PASSES
