// PropagateLayouts: picks oneDNN's channel-blocked activation layout (nChw8c on AVX2, nChw16c on
// AVX-512: `block`) for every 2-D (de)convolution whose output channels divide into blocks, and
// keeps activations in it through what does not care about layout (pooling, elementwise ops with
// residual Adds and per-channel scales such as squeeze-and-excitation's, channel Concat), so
// consecutive kernels exchange blocked data with no reorder.
// Only where a consumer needs ONNX's plain NCHW (graph outputs, Flatten/Reshape, anything else) is
// an aicc_cpu.reorder inserted, once per value. A Transpose from NHWC to NCHW feeding a conv is
// absorbed: the conv reads the NHWC data as its channels-last source; a Transpose back to NHWC
// becomes one reorder from the blocked layout.
//
// A function with int8 convolutions is planned channels-last throughout, which their oneDNN
// kernels read and write: the u8/s8 activations between them, and per-tensor QuantizeLinear and
// DequantizeLinear between them and f32 ops, keep it (ResNet-50 QDQ b1, 2 threads: 14.6 ms
// with plain activations staged around each kernel, 8.2 ms channels-last).
//
// Blocked values have their physical type ([N, C/block, H, W, block]), so bufferization and the
// workspace plan size them as they are laid out. The same plan keeps a batch-1 function
// channels-last ([N, H, W, C]) where the target prefers it (see Passes.td) and its channel
// Concats cost less than blocks would (channelsLastPays).
//
// Measured on Zen 5 (AVX-512, 2 threads, oneDNN 2.6), same run, blocked16 vs channels-last:
// ResNet-50 b1 24.6 vs 23.8 ms, ResNet-18 (64x64) b1 2.19 vs 1.58 ms, MobileNetV2 b1 0.56 vs
// 0.53 ms, the 224x224 CNN 1.15 vs 1.08 ms, but ResNet-18 b8 7.45 vs 9.51 ms and SqueezeNet b1
// 0.31 vs 0.39 ms (its Concats copied).
#include <limits>

#include "aicc/cpu_kernels.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/selection/KernelBuilder.h"
#include "backends/cpu/TensorReshape.h"
#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_PROPAGATELAYOUTS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

class LayoutPlan {
public:
  LayoutPlan(Layout blocked) : blocked(blocked), block(layoutBlock(blocked)) {}

  void run(func::FuncOp func) {
    for (Operation &op : llvm::make_early_inc_range(func.getBody().front())) {
      llvm::TypeSwitch<Operation *>(&op)
          .Case<ConvOp, DeconvOp, QuantizedConvOp>([&](auto window) { planWindow(window); })
          .Case<PoolOp>([&](PoolOp pool) { planPool(pool); })
          .Case<::mlir::aicc::ConcatOp>([&](auto concat) { planConcat(concat); })
          .Case<::mlir::aicc::TransposeOp>([&](auto transpose) { planTranspose(transpose); })
          .Case<tensor::DimOp>([&](tensor::DimOp dim) {
        // The batch is dim 0 in every layout: a symbolic batch is read from a blocked value.
        if (dim.getConstantIndex() != 0) plainOperands(dim);
      }).Default([&](Operation *other) {
        if (isLayoutAgnostic(other))
          planElementwise(other);
        else
          plainOperands(other);
      });
    }
    // Ops in nested regions (If/Loop bodies) are not planned: they read blocked values in plain.
    func.getBody().front().walk([&](Operation *nested) {
      if (nested->getParentOp() != func) plainOperands(nested);
    });
  }

private:
  Layout blocked;
  int64_t block;
  llvm::DenseSet<Value> blockedValues;
  llvm::DenseMap<Value, Value> plainCopies, blockedCopies;

  bool isBlocked(Value v) const { return blockedValues.contains(v); }

  static bool isLayoutAgnostic(Operation *op) {
    return isa<::mlir::aicc::ReluOp, ::mlir::aicc::SigmoidOp, ::mlir::aicc::TanhOp, ::mlir::aicc::LeakyReluOp,
               ::mlir::aicc::HardSwishOp, ::mlir::aicc::HardSigmoidOp, ::mlir::aicc::EluOp, ::mlir::aicc::ClipOp,
               ::mlir::aicc::NegOp, ::mlir::aicc::AbsOp, ::mlir::aicc::ExpOp, ::mlir::aicc::SqrtOp, ::mlir::aicc::AddOp,
               ::mlir::aicc::SubOp, ::mlir::aicc::MulOp, ::mlir::aicc::DivOp, ::mlir::aicc::MaxOp, ::mlir::aicc::MinOp,
               ::mlir::aicc::SumOp, ::mlir::aicc::IdentityOp, ::mlir::aicc::QuantizeLinearOp,
               ::mlir::aicc::DequantizeLinearOp>(op);
  }

  /// Whether an activation of this logical type can be blocked: f32, or the 8-bit integers of int8
  /// kernels.
  bool blockable(Type type) const {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && tensor.getRank() == 4 &&
           (tensor.getElementType().isF32() || tensor.getElementType().isInteger(8)) &&
           !ShapedType::isDynamicShape(tensor.getShape().drop_front()) && tensor.getDimSize(1) % block == 0;
  }

  RankedTensorType physicalType(RankedTensorType logical) const {
    return RankedTensorType::get(physicalShape(logical.getShape(), blocked), logical.getElementType());
  }

  /// `value` in plain NCHW: itself, or one reorder after its definition shared by every consumer.
  Value plain(Value value) {
    if (!isBlocked(value)) return value;
    Value &copy = plainCopies[value];
    if (copy) return copy;
    OpBuilder b(value.getContext());
    b.setInsertionPointAfterValue(value);
    auto physical = cast<RankedTensorType>(value.getType());
    auto logical = RankedTensorType::get(logicalShape(physical.getShape(), blocked), physical.getElementType());
    // Every layout keeps the batch first: a symbolic batch is the source's dim 0.
    copy = ReorderOp::create(b, value.getLoc(), logical, value, emptyLike(b, value.getLoc(), logical, {{value, 0}}),
                             logical.getShape(), blocked, Layout::plain)
               .getResult();
    return copy;
  }

  /// `value` (plain, blockable) in the blocked layout, by one shared reorder.
  Value blockedCopy(Value value) {
    if (isBlocked(value)) return value;
    Value &copy = blockedCopies[value];
    if (copy) return copy;
    OpBuilder b(value.getContext());
    b.setInsertionPointAfterValue(value);
    auto logical = cast<RankedTensorType>(value.getType());
    auto physical = physicalType(logical);
    copy = ReorderOp::create(b, value.getLoc(), physical, value, emptyLike(b, value.getLoc(), physical, {{value, 0}}),
                             logical.getShape(), Layout::plain, blocked)
               .getResult();
    blockedValues.insert(copy);
    return copy;
  }

  void plainOperands(Operation *op) {
    for (OpOperand &operand : op->getOpOperands())
      if (isBlocked(operand.get())) {
        bool first = !plainCopies.count(operand.get());
        operand.set(plain(operand.get()));
        // `aicc -v` prints remarks: say where a reorder remains and which consumer needs it.
        if (first)
          op->emitRemark("reorder from the blocked layout to plain NCHW: ")
              << op->getName() << " takes no blocked input";
      }
  }

  /// Gives `result` (written into `init`) the blocked layout: physical types for both.
  void blockResult(Operation *op, Value result, OpOperand &init) {
    auto physical = physicalType(cast<RankedTensorType>(result.getType()));
    if (auto empty = init.get().getDefiningOp<tensor::EmptyOp>()) {
      OpBuilder b(op);
      llvm::SmallVector<Value> batch(empty.getDynamicSizes());
      init.set(tensor::EmptyOp::create(b, op->getLoc(), physical.getShape(), physical.getElementType(), batch));
      if (empty->use_empty()) empty->erase();
    } else {
      init.set(blockedCopy(init.get())); // a residual the kernel adds to
    }
    result.setType(physical);
    blockedValues.insert(result);
  }

  template <typename WindowOp> void planWindow(WindowOp op) {
    if (cast<ShapedType>(op.getWeights().getType()).getRank() != 4) return plainOperands(op);
    OpBuilder b(op);
    // NHWC data transposed to NCHW for this conv is read as channels-last instead.
    if (auto transpose = op.getInput().template getDefiningOp<::mlir::aicc::TransposeOp>();
        transpose && !isBlocked(transpose.getData()) && transpose.getPerm() &&
        llvm::ArrayRef<int64_t>(*transpose.getPerm()) == llvm::ArrayRef<int64_t>{0, 3, 1, 2} &&
        isStaticF32(transpose.getData().getType())) {
      op.getInputMutable().set(transpose.getData());
      op.setSrcLayout(Layout::channels_last);
      if (transpose->use_empty()) transpose->erase();
    } else if (isBlocked(op.getInput())) {
      op.setSrcLayout(blocked);
    }
    // A conv's binary post-op inputs are per channel: plain NCHW has the bytes every layout does.
    if constexpr (std::is_same_v<WindowOp, ConvOp>)
      for (OpOperand &input : op.getPostOpInputsMutable())
        if (isBlocked(input.get())) input.set(plain(input.get()));
    if (op.getResult() && blockable(op.getResult().getType())) {
      blockResult(op, op.getResult(), op.getInitMutable());
      op.setDstLayout(blocked);
    } else if (isBlocked(op.getInit())) {
      op.getInitMutable().set(plain(op.getInit()));
    }
  }

  void planPool(PoolOp op) {
    if (!isBlocked(op.getInput()) || !op.getResult()) return plainOperands(op);
    blockResult(op, op.getResult(), op.getInitMutable());
    op.setLayout(blocked);
  }

  /// How an operand of an elementwise op with a blocked result of logical type `result` is read.
  enum class Operand { blocked, scalar, perChannel, unfit };

  /// A blocked operand of the result's logical shape, or one that broadcasts over batch or space
  /// only: broadcasting its physical shape does the same, as C keeps its place. A plain operand
  /// that is one element, or one per channel ([C, 1, 1] or [N|1, C, 1, 1]): the latter has the
  /// bytes of its physical shape in any layout here (H = W = 1), so a reshape lays it out.
  Operand classify(Value operand, RankedTensorType result) const {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (isBlocked(operand)) {
      llvm::SmallVector<int64_t> logical = logicalShape(type.getShape(), blocked);
      bool fits = logical.size() == 4 && logical[1] == result.getDimSize(1);
      for (int64_t d : {0, 2, 3}) fits = fits && (logical[d] == 1 || logical[d] == result.getDimSize(d));
      return fits ? Operand::blocked : Operand::unfit;
    }
    if (isa<NoneType>(operand.getType())) return Operand::scalar;
    if (!type || !type.hasStaticShape() || type.getRank() > 4) return Operand::unfit;
    if (type.getNumElements() == 1 && type.getRank() <= 1) return Operand::scalar;
    llvm::SmallVector<int64_t> dims(4 - type.getRank(), 1);
    llvm::append_range(dims, type.getShape());
    bool perChannel = dims[1] == result.getDimSize(1) && dims[2] == 1 && dims[3] == 1 &&
                      (dims[0] == 1 || dims[0] == result.getDimSize(0));
    return perChannel ? Operand::perChannel : Operand::unfit;
  }

  void planElementwise(Operation *op) {
    if (op->getNumResults() != 1) return plainOperands(op);
    if (llvm::none_of(op->getOperands(), [&](Value v) { return isBlocked(v); })) return;
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resultType || !blockable(resultType) ||
        llvm::any_of(op->getOperands(), [&](Value v) { return classify(v, resultType) == Operand::unfit; }))
      return plainOperands(op);
    OpBuilder b(op);
    for (OpOperand &operand : op->getOpOperands()) {
      if (classify(operand.get(), resultType) != Operand::perChannel) continue;
      auto type = cast<RankedTensorType>(operand.get().getType());
      llvm::SmallVector<int64_t> dims(4 - type.getRank(), 1);
      llvm::append_range(dims, type.getShape());
      operand.set(reshapeTo(b, op->getLoc(), operand.get(), type.clone(physicalShape(dims, blocked))));
    }
    op->getResult(0).setType(physicalType(resultType));
    blockedValues.insert(op->getResult(0));
  }

  /// NCHW → NHWC of blocked data is one reorder into channels-last, whose bytes are the result;
  /// of channels-last data it is those bytes as they are.
  void planTranspose(::mlir::aicc::TransposeOp op) {
    if (!isBlocked(op.getData()) || !op.getPerm() ||
        llvm::ArrayRef<int64_t>(*op.getPerm()) != llvm::ArrayRef<int64_t>{0, 2, 3, 1})
      return plainOperands(op);
    OpBuilder b(op);
    if (blocked == Layout::channels_last) {
      // A new value, not a planned activation: its consumers read the NHWC tensor it is (the
      // Identity folds away after planning).
      op.getResult().replaceAllUsesWith(
          ::mlir::aicc::IdentityOp::create(b, op.getLoc(), op.getType(), op.getData()).getResult());
      op->erase();
      return;
    }
    auto physical = cast<RankedTensorType>(op.getData().getType());
    auto result = cast<RankedTensorType>(op.getType());
    Value reordered =
        ReorderOp::create(b, op.getLoc(), result, op.getData(), emptyLike(b, op.getLoc(), result, {{op.getData(), 0}}),
                          logicalShape(physical.getShape(), blocked), blocked, Layout::channels_last)
            .getResult();
    op.getResult().replaceAllUsesWith(reordered);
    op->erase();
  }

  void planConcat(::mlir::aicc::ConcatOp op) {
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    bool channelAxis = resultType && resultType.getRank() == 4 &&
                       ::mlir::aicc::normalizeAxis(static_cast<int64_t>(op.getAxis()), 4) == 1;
    if (!channelAxis || !blockable(resultType) || !llvm::all_of(op.getInputs(), [&](Value v) { return isBlocked(v); }))
      return plainOperands(op);
    // Blocks of whole channels: concatenating along C/block is concatenating along C; channels-last
    // has C last.
    op.setAxis(blocked == Layout::channels_last ? 3 : 1);
    op.getResult().setType(physicalType(resultType));
    blockedValues.insert(op.getResult());
  }
};

struct PropagateLayoutsPass : impl::PropagateLayoutsBase<PropagateLayoutsPass> {
  using PropagateLayoutsBase::PropagateLayoutsBase;

  void runOnOperation() override {
    if (block == 0) return;
    if (block != 8 && block != 16) {
      getOperation().emitError("block must be 0, 8 or 16, got ") << static_cast<int64_t>(block);
      return signalPassFailure();
    }
    Layout layout = block == 8 ? Layout::blocked8 : Layout::blocked16;
    if ((channelsLastAtBatchOne && channelsLastPays(getOperation(), block)) || hasQuantizedConv(getOperation()))
      layout = Layout::channels_last;
    LayoutPlan(layout).run(getOperation());
  }

private:
  /// Whether the function has a 2-D int8 convolution: oneDNN 2.6's int8 kernels read and write
  /// channels-last activations (blocked or plain ones are staged through it).
  static bool hasQuantizedConv(func::FuncOp func) {
    bool found = false;
    func.walk(
        [&](QuantizedConvOp conv) { found = found || cast<ShapedType>(conv.getWeights().getType()).getRank() == 4; });
    return found;
  }

  /// Whether the function's 2-D (de)convolutions, at least one, all have batch 1, and channels-last
  /// costs less than blocks of `block` channels: in channels-last, a channel Concat copies its
  /// result (a slice is not contiguous); in blocks, a conv whose channels do not divide into
  /// blocks runs on plain NCHW (oneDNN's im2col GEMM, 3-10x slower at MobileNetV3's 24-120
  /// channels) with reorders around it. Both are weighed in elements moved: each Concat's result
  /// against such convs' inputs and outputs. DeepLabV3-MobileNetV3 (one Concat of 1M elements,
  /// 4M around unblockable convs) runs 20% faster channels-last, SqueezeNet (Concats of 0.10M,
  /// 0.08M) 12% slower.
  /// Blocks of 16 also let 3x3 convs run as Winograd (aicc_conv_winograd_pays), about twice as
  /// fast as direct in either layout: a function whose Winograd convs do at least half of its
  /// convs' multiply-adds (a UNet's or VAE's 3x3 stages) stays blocked.
  static bool channelsLastPays(func::FuncOp func, int64_t block) {
    bool anyWindow = false, allBatchOne = true;
    int64_t concatElements = 0, unblockableElements = 0;
    double convMacs = 0, winogradMacs = 0;
    func.walk([&](Operation *op) {
      if (auto conv = dyn_cast<ConvOp>(op); conv && block == 16) {
        auto [macs, winograd] = convWork(conv, block);
        convMacs += macs;
        winogradMacs += winograd ? macs : 0;
      }
      if (isa<ConvOp, DeconvOp>(op) && cast<ShapedType>(op->getOperand(1).getType()).getRank() == 4) {
        anyWindow = true;
        auto input = cast<ShapedType>(op->getOperand(0).getType());
        auto output = cast<ShapedType>(cast<DestinationStyleOpInterface>(op).getDpsInits()[0].getType());
        allBatchOne = allBatchOne && input.getDimSize(0) == 1;
        if (allBatchOne && input.hasStaticShape() && output.hasStaticShape() &&
            (input.getDimSize(1) % block || output.getDimSize(1) % block))
          unblockableElements += input.getNumElements() + output.getNumElements();
      } else if (auto concat = dyn_cast<::mlir::aicc::ConcatOp>(op)) {
        auto type = dyn_cast<RankedTensorType>(concat.getType());
        if (!type || !type.hasStaticShape())
          concatElements = std::numeric_limits<int64_t>::max() / 2;
        else if (type.getRank() == 4 && ::mlir::aicc::normalizeAxis(static_cast<int64_t>(concat.getAxis()), 4) == 1)
          concatElements += type.getNumElements();
      }
    });
    return anyWindow && allBatchOne && (concatElements == 0 || concatElements < unblockableElements) &&
           (winogradMacs == 0 || winogradMacs * 2 < convMacs);
  }

  /// A conv's multiply-adds (0 unless its shapes are static), and whether it would run as
  /// Winograd with blocked activations: it pays, it computes in f32, and its channels fill whole
  /// blocks (else the plan leaves it plain).
  static std::pair<double, bool> convWork(ConvOp conv, int64_t block) {
    auto input = cast<ShapedType>(conv.getInput().getType());
    auto weights = cast<ShapedType>(conv.getWeights().getType());
    auto output = cast<ShapedType>(conv.getInit().getType());
    if (!input.hasStaticShape() || !weights.hasStaticShape() || !output.hasStaticShape() ||
        weights.getNumElements() == 0)
      return {0, false};
    const double macs =
        static_cast<double>(output.getNumElements()) * (weights.getNumElements() / weights.getDimSize(0));
    // oneDNN has no bf16 Winograd.
    if (weights.getRank() != 4 || conv.getComputeType() != DataType::f32) return {macs, false};
    aicc_conv_params p{};
    p.spatial_dims = 2;
    p.batch = input.getDimSize(0);
    p.channels = input.getDimSize(1);
    p.out_channels = output.getDimSize(1);
    p.groups = conv.getGroups();
    for (int i = 0; i < 2; ++i) {
      p.out[i] = output.getDimSize(2 + i);
      p.kernel[i] = weights.getDimSize(2 + i);
      p.strides[i] = conv.getStrides()[i];
      p.dilations[i] = conv.getDilations()[i];
    }
    return {macs, p.channels % block == 0 && p.out_channels % block == 0 && aicc_conv_winograd_pays(&p)};
  }
};

} // namespace
} // namespace aicc::cpu
