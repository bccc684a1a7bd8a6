// What each kernel op becomes in the kernel table: its kind, its argument slots, and its parameters
// as named fields (#aicc_cpu.conv_params, ...), from the op's attributes and operand types.
// KernelAbi.cpp writes those fields into aicc/cpu_kernels.h's structs.
#include "aicc/cpu_kernels.h"
#include "backends/cpu/dialect/CpuDialect.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Builders.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// The post-op list, with each binary entry's tensor: from `binaryInputs` in order, passed in the
/// kernel's slots from `firstBinaryArg` on.
ArrayAttr postOps(RunValues &run, ArrayAttr list, ValueRange binaryInputs, int64_t firstBinaryArg) {
  llvm::SmallVector<Attribute> result;
  int64_t binaries = 0;
  for (Attribute attr : list) {
    auto binary = dyn_cast<BinaryAttr>(attr);
    if (!binary) {
      result.push_back(attr);
      continue;
    }
    Value tensor = binaryInputs[binaries];
    result.push_back(
        BinaryPostOpAttr::get(list.getContext(), binary.getBinary(), firstBinaryArg + binaries, run.dims(tensor)));
    ++binaries;
  }
  return ArrayAttr::get(list.getContext(), result);
}

/// A matmul operand as the kernel reads it: dims and element strides after `permutation` (ONNX
/// Transpose's: dim i is the stored dim perm[i]); `strided` unless that is dense row-major.
struct MatrixView {
  llvm::SmallVector<int64_t> dims, strides;
  bool strided = false;
};
MatrixView matrixView(RunValues &run, Value value, std::optional<llvm::ArrayRef<int64_t>> permutation) {
  auto type = cast<ShapedType>(value.getType());
  MatrixView view{run.dims(value), {}, false};
  auto memref = dyn_cast<MemRefType>(type);
  if (memref) {
    int64_t offset;
    if (failed(memref.getStridesAndOffset(view.strides, offset))) view.strides.clear();
    for (auto [d, stride] : llvm::enumerate(view.strides)) stride = run.stride(value, d, stride);
  }
  // Dense row-major: a tensor, before bufferization.
  if (view.strides.empty()) view.strides = computeSuffixProduct(type.getShape());
  view.strided = memref && !memref.getLayout().isIdentity() && !memref::isStaticShapeAndContiguousRowMajor(memref);
  if (permutation && !isIdentityPermutation(*permutation))
    return MatrixView{applyPermutation(view.dims, *permutation), applyPermutation(view.strides, *permutation), true};
  return view;
}

/// Conv and ConvTranspose share their parameters; only where the channel counts sit in W differs.
/// `postOpInputs` are a conv's binary post-op tensors; a deconv has none.
template <typename WindowOp> ConvParamsAttr windowParams(RunValues &run, WindowOp op, bool transposed,
                                                         DataType computeType, ValueRange postOpInputs = {}) {
  llvm::SmallVector<int64_t> x = logicalShape(run.dims(op.getInput()), op.getSrcLayout());
  llvm::SmallVector<int64_t> y = logicalShape(run.dims(op.getInit()), op.getDstLayout());
  llvm::SmallVector<int64_t> wDims = run.dims(op.getWeights());
  llvm::ArrayRef<int64_t> w = wDims;
  const int64_t groups = op.getGroups();
  return ConvParamsAttr::get(op.getContext(), /*batch=*/x[0], /*channels=*/transposed ? w[0] : w[1] * groups,
                             /*out_channels=*/transposed ? w[1] * groups : w[0], groups,
                             /*in=*/llvm::ArrayRef<int64_t>(x).drop_front(2),
                             /*out=*/llvm::ArrayRef<int64_t>(y).drop_front(2), /*kernel=*/w.drop_front(2),
                             op.getStrides(), op.getDilations(), op.getPadsBegin(), op.getPadsEnd(),
                             /*has_bias=*/op.getBias() != nullptr, op.getSrcLayout(), op.getDstLayout(),
                             postOps(run, op.getPostOps(), postOpInputs, AICC_CONV_ARG_POST_OPS), computeType);
}

/// The slots of operands input, weights[, bias], post-op inputs..., init (conv, deconv and matmul,
/// whose slot numbers agree): the post-op inputs follow Y.
llvm::SmallVector<int64_t> windowSlots(bool hasBias, int64_t postOpInputs) {
  static_assert(int(AICC_CONV_ARG_W) == AICC_MATMUL_ARG_B && int(AICC_CONV_ARG_B) == AICC_MATMUL_ARG_BIAS &&
                    int(AICC_CONV_ARG_Y) == AICC_MATMUL_ARG_Y &&
                    int(AICC_CONV_ARG_POST_OPS) == AICC_MATMUL_ARG_POST_OPS,
                "conv and matmul number their slots alike");
  llvm::SmallVector<int64_t> slots{AICC_CONV_ARG_X, AICC_CONV_ARG_W};
  if (hasBias) slots.push_back(AICC_CONV_ARG_B);
  for (int64_t i = 0; i < postOpInputs; ++i) slots.push_back(AICC_CONV_ARG_POST_OPS + i);
  slots.push_back(AICC_CONV_ARG_Y);
  return slots;
}

} // namespace

int64_t RunValues::word(Source source) {
  for (auto [k, known] : llvm::enumerate(all))
    if (known.value == source.value && known.dim == source.dim && known.stride == source.stride)
      return AICC_RUN_VALUE(k);
  all.push_back(source);
  return AICC_RUN_VALUE(all.size() - 1);
}

int64_t RunValues::dim(Value value, int64_t dim) {
  int64_t size = cast<ShapedType>(value.getType()).getDimSize(dim);
  return ShapedType::isDynamic(size) ? word({value, dim, false}) : size;
}

llvm::SmallVector<int64_t> RunValues::dims(Value value) {
  llvm::SmallVector<int64_t> result;
  for (int64_t d = 0, rank = cast<ShapedType>(value.getType()).getRank(); d < rank; ++d)
    result.push_back(dim(value, d));
  return result;
}

int64_t RunValues::stride(Value value, int64_t dim, int64_t known) {
  return ShapedType::isDynamic(known) ? word({value, dim, true}) : known;
}

KernelKind ConvOp::getKernelKind() { return KernelKind::conv; }
int64_t ConvOp::getNumKernelArgs() { return AICC_CONV_NUM_ARGS + getPostOpInputs().size(); }
llvm::SmallVector<int64_t> ConvOp::getOperandSlots() {
  return windowSlots(getBias() != nullptr, getPostOpInputs().size());
}
Attribute ConvOp::getKernelParams(RunValues &run) {
  return windowParams(run, *this, false, getComputeType(), getPostOpInputs());
}

KernelKind DeconvOp::getKernelKind() { return KernelKind::deconv; }
int64_t DeconvOp::getNumKernelArgs() { return AICC_CONV_NUM_ARGS; }
llvm::SmallVector<int64_t> DeconvOp::getOperandSlots() { return windowSlots(getBias() != nullptr, 0); }
Attribute DeconvOp::getKernelParams(RunValues &run) { return windowParams(run, *this, true, getComputeType()); }

KernelKind QuantizedConvOp::getKernelKind() { return KernelKind::quantized_conv; }
int64_t QuantizedConvOp::getNumKernelArgs() { return AICC_QUANTIZED_CONV_NUM_ARGS; }
llvm::SmallVector<int64_t> QuantizedConvOp::getOperandSlots() {
  llvm::SmallVector<int64_t> slots{AICC_QUANTIZED_CONV_ARG_X, AICC_QUANTIZED_CONV_ARG_W};
  if (getBias()) slots.push_back(AICC_QUANTIZED_CONV_ARG_B);
  slots.append({AICC_QUANTIZED_CONV_ARG_SCALES, AICC_QUANTIZED_CONV_ARG_Y});
  return slots;
}
Attribute QuantizedConvOp::getKernelParams(RunValues &run) {
  return QuantizedConvParamsAttr::get(
      getContext(), windowParams(run, *this, false, DataType::f32), getSrcType(), getDstType(),
      /*scale_count=*/cast<ShapedType>(getScales().getType()).getDimSize(0), getSrcZeroPoint(), getDstZeroPoint());
}

KernelKind MatMulOp::getKernelKind() { return getBScales() ? KernelKind::quantized_matmul : KernelKind::matmul; }
int64_t MatMulOp::getNumKernelArgs() {
  const int64_t slots = getBScales() ? int64_t{AICC_QUANTIZED_MATMUL_NUM_ARGS} : int64_t{AICC_MATMUL_NUM_ARGS};
  return slots + getPostOpInputs().size();
}
llvm::SmallVector<int64_t> MatMulOp::getOperandSlots() {
  if (!getBScales()) return windowSlots(getBias() != nullptr, getPostOpInputs().size());
  // The operands' order: a, b[, bias], post-op inputs..., b_scales, init.
  llvm::SmallVector<int64_t> slots{AICC_QUANTIZED_MATMUL_ARG_A, AICC_QUANTIZED_MATMUL_ARG_B};
  if (getBias()) slots.push_back(AICC_QUANTIZED_MATMUL_ARG_BIAS);
  for (int64_t i = 0, count = getPostOpInputs().size(); i < count; ++i)
    slots.push_back(AICC_QUANTIZED_MATMUL_ARG_POST_OPS + i);
  slots.append({AICC_QUANTIZED_MATMUL_ARG_SCALES, AICC_QUANTIZED_MATMUL_ARG_Y});
  return slots;
}
Attribute MatMulOp::getKernelParams(RunValues &run) {
  const int64_t rank = cast<ShapedType>(getInit().getType()).getRank();
  // op(A) and op(B): the stored dims transposed back, with strides when they are not dense
  // (a folded transpose or a strided view); a transposed operand read densely is trans_a/trans_b,
  // a strided one has the transpose in its strides.
  struct Operand {
    llvm::SmallVector<int64_t> dims, strides;
    bool transposed;
  };
  auto operand = [&](Value v, std::optional<llvm::ArrayRef<int64_t>> permutation, bool transposed) {
    MatrixView view = matrixView(run, v, permutation);
    if (transposed) {
      std::swap(view.dims[rank - 1], view.dims[rank - 2]);
      std::swap(view.strides[rank - 1], view.strides[rank - 2]);
    }
    if (!view.strided) view.strides.clear();
    return Operand{view.dims, view.strides, !view.strided && transposed};
  };
  Operand a = operand(getA(), getAPermutation(), getTransA());
  Operand b = operand(getB(), getBPermutation(), getTransB());
  // The result holds Y transposed by result_permutation: Y is the result read through its inverse.
  llvm::SmallVector<int64_t> toY;
  if (auto permutation = getResultPermutation()) toY = invertPermutationVector(*permutation);
  MatrixView y = matrixView(run, getInit(), toY.empty() ? std::nullopt : std::optional<llvm::ArrayRef<int64_t>>(toY));
  if (!y.strided) y.strides.clear();
  llvm::SmallVector<int64_t> biasDims;
  if (getBias()) biasDims = run.dims(getBias());
  Value scales = getBScales();
  auto params = MatMulParamsAttr::get(
      getContext(), a.dims, b.dims, y.dims, a.strides, b.strides, y.strides, a.transposed, b.transposed, biasDims,
      getAlpha(),
      postOps(run, getPostOps(), getPostOpInputs(),
              scales ? int64_t{AICC_QUANTIZED_MATMUL_ARG_POST_OPS} : int64_t{AICC_MATMUL_ARG_POST_OPS}),
      getComputeType());
  if (!scales) return params;
  return QuantizedMatMulParamsAttr::get(getContext(), params,
                                        /*scale_count=*/cast<ShapedType>(scales.getType()).getDimSize(0),
                                        getAType().value_or(DataType::f32), getAZeroPoint().value_or(0),
                                        getAScale().value_or(llvm::APFloat(0.0)));
}

KernelKind AttentionOp::getKernelKind() { return KernelKind::attention; }
int64_t AttentionOp::getNumKernelArgs() { return AICC_ATTENTION_NUM_ARGS; }
llvm::SmallVector<int64_t> AttentionOp::getOperandSlots() {
  llvm::SmallVector<int64_t> slots{AICC_ATTENTION_ARG_Q, AICC_ATTENTION_ARG_K, AICC_ATTENTION_ARG_V};
  if (getMask()) slots.push_back(AICC_ATTENTION_ARG_MASK);
  slots.push_back(AICC_ATTENTION_ARG_Y);
  return slots;
}
Attribute AttentionOp::getKernelParams(RunValues &run) {
  auto view = [&](Value v, std::optional<llvm::ArrayRef<int64_t>> permutation) {
    return matrixView(run, v, permutation);
  };
  MatrixView q = view(getQ(), getQPermutation()), k = view(getK(), getKPermutation());
  MatrixView v = view(getV(), getVPermutation());
  // The result holds Y transposed by result_permutation: Y is the result read through its inverse.
  llvm::SmallVector<int64_t> toY;
  if (auto permutation = getResultPermutation()) toY = invertPermutationVector(*permutation);
  MatrixView y = view(getInit(), toY.empty() ? std::nullopt : std::optional<llvm::ArrayRef<int64_t>>(toY));
  llvm::SmallVector<int64_t> maskStrides;
  if (getMask()) {
    // The mask is read dense; a dim of size 1 is broadcast (stride 0).
    MatrixView mask = view(getMask(), std::nullopt);
    for (auto [size, stride] : llvm::zip(mask.dims, mask.strides)) maskStrides.push_back(size == 1 ? 0 : stride);
  }
  return AttentionParamsAttr::get(getContext(), y.dims[0], y.dims[1], q.dims[2], k.dims[2], q.dims[3], v.dims[3],
                                  q.strides, k.strides, v.strides, y.strides, maskStrides, getScale(), getCausal());
}

KernelKind PoolOp::getKernelKind() { return KernelKind::pool; }
int64_t PoolOp::getNumKernelArgs() { return AICC_POOL_NUM_ARGS; }
llvm::SmallVector<int64_t> PoolOp::getOperandSlots() { return {AICC_POOL_ARG_X, AICC_POOL_ARG_Y}; }
Attribute PoolOp::getKernelParams(RunValues &run) {
  llvm::SmallVector<int64_t> x = logicalShape(run.dims(getInput()), getLayout());
  llvm::SmallVector<int64_t> y = logicalShape(run.dims(getInit()), getLayout());
  return PoolParamsAttr::get(getContext(), /*batch=*/x[0], /*channels=*/x[1], getAlgorithm(),
                             /*in=*/llvm::ArrayRef<int64_t>(x).drop_front(2),
                             /*out=*/llvm::ArrayRef<int64_t>(y).drop_front(2), getKernel(), getStrides(),
                             getDilations(), getPadsBegin(), getPadsEnd(), getLayout(), getLayout(), getDataType(),
                             llvm::APFloat(getOutputScale().convertToDouble()),
                             llvm::APFloat(getOutputShift().convertToDouble()));
}

KernelKind ReorderOp::getKernelKind() { return KernelKind::reorder; }
int64_t ReorderOp::getNumKernelArgs() { return AICC_REORDER_NUM_ARGS; }
llvm::SmallVector<int64_t> ReorderOp::getOperandSlots() { return {AICC_REORDER_ARG_X, AICC_REORDER_ARG_Y}; }
Attribute ReorderOp::getKernelParams(RunValues &run) {
  return ReorderParamsAttr::get(getContext(), logicalShape(run.dims(getInput()), getSrcLayout()), getSrcLayout(),
                                getDstLayout(),
                                /*element_bytes=*/cast<ShapedType>(getInput().getType()).getElementTypeBitWidth() / 8);
}

KernelKind RnnOp::getKernelKind() { return getWScales() ? KernelKind::quantized_rnn : KernelKind::rnn; }
int64_t RnnOp::getNumKernelArgs() {
  return getWScales() ? int64_t{AICC_QUANTIZED_RNN_NUM_ARGS} : int64_t{AICC_RNN_NUM_ARGS};
}
llvm::SmallVector<int64_t> RnnOp::getOperandSlots() {
  // ONNX's inputs, the absent ones skipped, then the outputs (Y, Y_h, Y_c: inits are a prefix).
  llvm::SmallVector<int64_t> slots{AICC_RNN_ARG_X, AICC_RNN_ARG_W, AICC_RNN_ARG_R};
  std::pair<Value, int64_t> optional[] = {{getBias(), AICC_RNN_ARG_B},
                                          {getSequenceLens(), AICC_RNN_ARG_SEQUENCE_LENS},
                                          {getInitialH(), AICC_RNN_ARG_INITIAL_H},
                                          {getInitialC(), AICC_RNN_ARG_INITIAL_C},
                                          {getPeepholes(), AICC_RNN_ARG_P},
                                          {getWScales(), AICC_QUANTIZED_RNN_ARG_W_SCALES},
                                          {getRScales(), AICC_QUANTIZED_RNN_ARG_R_SCALES}};
  for (auto [operand, slot] : optional)
    if (operand) slots.push_back(slot);
  for (int64_t i = 0, e = getInits().size(); i < e; ++i) slots.push_back(AICC_RNN_ARG_Y + i);
  return slots;
}
Attribute RnnOp::getKernelParams(RunValues &run) {
  const bool batchMajor = getLayout() == 1;
  return RnnParamsAttr::get(getContext(), getCell(), getDirection(), getLayout(),
                            /*seq_length=*/run.dim(getX(), batchMajor ? 1 : 0),
                            /*batch=*/run.dim(getX(), batchMajor ? 0 : 1), /*input_size=*/run.dim(getX(), 2),
                            getHiddenSize(), /*has_bias=*/getBias() != nullptr,
                            /*has_sequence_lens=*/getSequenceLens() != nullptr,
                            /*has_initial_h=*/getInitialH() != nullptr, /*has_initial_c=*/getInitialC() != nullptr,
                            /*has_peepholes=*/getPeepholes() != nullptr, getLinearBeforeReset(), getInputForget(),
                            /*clip=*/getClip().value_or(llvm::APFloat(0.0)), getActivations(), getComputeType());
}

} // namespace aicc::cpu
