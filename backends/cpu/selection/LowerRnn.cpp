// ONNX RNN, LSTM and GRU (f32) → one aicc_cpu.rnn each. The attributes are resolved here into the
// kernel's typed form: the direction, the activation list with ONNX's defaults and each function's
// alpha/beta, and every output the recurrence computes (an output the graph omits still gets a
// destination, since the kernel writes all of them).
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/AiccDialect.h"
#include "dialects/RecurrentShapes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/StringSwitch.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

struct ActivationDefaults {
  RnnActivationKind kind;
  bool takesAlpha, takesBeta;
  double alpha, beta;
};

/// ONNX's activation names (case-insensitive, as onnxruntime reads them) and their default alpha
/// and beta.
std::optional<ActivationDefaults> activationNamed(llvm::StringRef name) {
  using K = RnnActivationKind;
  return llvm::StringSwitch<std::optional<ActivationDefaults>>(name.lower())
      .Case("sigmoid", ActivationDefaults{K::sigmoid, false, false, 0, 0})
      .Case("tanh", ActivationDefaults{K::tanh, false, false, 0, 0})
      .Case("relu", ActivationDefaults{K::relu, false, false, 0, 0})
      .Case("affine", ActivationDefaults{K::affine, true, true, 1.0, 0.0})
      .Case("leakyrelu", ActivationDefaults{K::leaky_relu, true, false, 0.01, 0})
      .Case("thresholdedrelu", ActivationDefaults{K::thresholded_relu, true, false, 1.0, 0})
      .Case("scaledtanh", ActivationDefaults{K::scaled_tanh, true, true, 1.0, 1.0})
      .Case("hardsigmoid", ActivationDefaults{K::hard_sigmoid, true, true, 0.2, 0.5})
      .Case("elu", ActivationDefaults{K::elu, true, false, 1.0, 0})
      .Case("softsign", ActivationDefaults{K::softsign, false, false, 0, 0})
      .Case("softplus", ActivationDefaults{K::softplus, false, false, 0, 0})
      .Default(std::nullopt);
}

/// The activation list of the op's directions. ONNX lists each direction's functions, forward
/// first, and activation_alpha and activation_beta are consumed in order by the functions that
/// take them. As onnxruntime reads them: a bidirectional op that lists one direction's functions
/// uses them for both, and a one-direction op that lists two directions' (RNN's schema default is
/// Tanh, Tanh) uses the first for forward and the second for reverse.
FailureOr<ArrayAttr> resolveActivations(Operation *op, std::optional<ArrayAttr> names,
                                        std::optional<llvm::ArrayRef<float>> alphas,
                                        std::optional<llvm::ArrayRef<float>> betas,
                                        llvm::ArrayRef<llvm::StringRef> defaults, RnnDirection direction) {
  int64_t directions = direction == RnnDirection::bidirectional ? 2 : 1;
  llvm::SmallVector<llvm::StringRef> list;
  if (names && !names->empty())
    for (Attribute name : *names) list.push_back(cast<StringAttr>(name).getValue());
  else
    list.assign(defaults.begin(), defaults.end());
  int64_t perDirection = defaults.size();
  if ((int64_t)list.size() == perDirection && directions == 2) list.append(llvm::SmallVector<llvm::StringRef>(list));
  bool bothListed = directions == 1 && (int64_t)list.size() == 2 * perDirection;
  if ((int64_t)list.size() != perDirection * directions && !bothListed)
    return op->emitOpError("activations lists ") << list.size() << " functions; " << perDirection * directions
                                                 << " are needed (" << perDirection << " per direction)";
  size_t nextAlpha = 0, nextBeta = 0;
  llvm::SmallVector<Attribute> attrs;
  for (llvm::StringRef name : list) {
    std::optional<ActivationDefaults> act = activationNamed(name);
    if (!act) return op->emitOpError("activation '") << name << "' is not one of ONNX's recurrent activations";
    double alpha = act->alpha, beta = act->beta;
    if (act->takesAlpha && alphas && nextAlpha < alphas->size()) alpha = (*alphas)[nextAlpha++];
    if (act->takesBeta && betas && nextBeta < betas->size()) beta = (*betas)[nextBeta++];
    attrs.push_back(RnnActivationAttr::get(op->getContext(), act->kind, alpha, beta));
  }
  if (bothListed) {
    auto first = attrs.begin() + (direction == RnnDirection::reverse ? perDirection : 0);
    attrs = llvm::SmallVector<Attribute>(first, first + perDirection);
  }
  return ArrayAttr::get(op->getContext(), attrs);
}

/// The operand, or null for an absent optional input.
Value present(Value value) { return isa<NoneType>(value.getType()) ? Value() : value; }

template <typename OnnxOp> struct RecurrentToKernel : OpRewritePattern<OnnxOp> {
  RecurrentToKernel(MLIRContext *context, RnnCell cell, llvm::SmallVector<llvm::StringRef> defaults)
      : OpRewritePattern<OnnxOp>(context), cell(cell), defaults(std::move(defaults)) {}

  LogicalResult matchAndRewrite(OnnxOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto x = dyn_cast<RankedTensorType>(op.getX().getType());
    auto w = dyn_cast<RankedTensorType>(op.getW().getType());
    auto r = dyn_cast<RankedTensorType>(op.getR().getType());
    if (!x || !w || !r || x.getRank() != 3 || w.getRank() != 3 || r.getRank() != 3)
      return op.emitOpError("X, W and R must be ranked 3-D tensors");
    if (!x.getElementType().isF32())
      return op.emitOpError("the CPU backend computes recurrent ops in f32; X is ") << x.getElementType();
    if (ShapedType::isDynamic(x.getDimSize(2)) || !w.hasStaticShape() || !r.hasStaticShape())
      return op.emitOpError("the input size and the weights' shapes must be static");

    std::optional<RnnDirection> direction = llvm::StringSwitch<std::optional<RnnDirection>>(op.getDirection())
                                                .Case("forward", RnnDirection::forward)
                                                .Case("reverse", RnnDirection::reverse)
                                                .Case("bidirectional", RnnDirection::bidirectional)
                                                .Default(std::nullopt);
    if (!direction)
      return op.emitOpError("direction must be forward, reverse or bidirectional, got '") << op.getDirection() << "'";
    int64_t D = *direction == RnnDirection::bidirectional ? 2 : 1;
    int64_t H = op.getHiddenSize() ? (int64_t)*op.getHiddenSize() : r.getDimSize(2);
    int64_t layout = op.getLayout();
    if (layout != 0 && layout != 1) return op.emitOpError("layout must be 0 or 1, got ") << layout;

    int64_t G = rnnGateCount(cell);
    int64_t I = x.getDimSize(2);
    for (auto [name, type, columns] : {std::tuple("W", w, I), std::tuple("R", r, H)})
      if (type.getDimSize(0) != D || type.getDimSize(1) != G * H || type.getDimSize(2) != columns)
        return op.emitOpError(name) << " is " << type << "; " << D << " direction(s) of " << G
                                    << " gates with hidden_size " << H << " and " << columns << " inputs need [" << D
                                    << ", " << G * H << ", " << columns << "]";

    FailureOr<ArrayAttr> activations = resolveActivations(op, op.getActivations(), op.getActivationAlpha(),
                                                          op.getActivationBeta(), defaults, *direction);
    if (failed(activations)) return failure();

    // Y and the states in the op's layout; their symbolic dims are X's sequence and batch dims.
    bool batchMajor = layout == 1;
    RecurrentShapes shapes =
        recurrentShapes(x.getDimSize(batchMajor ? 1 : 0), x.getDimSize(batchMajor ? 0 : 1), D, H, batchMajor);
    DimSource time{op.getX(), batchMajor ? 1 : 0}, batch{op.getX(), batchMajor ? 0 : 1}, fixed{};
    auto yType = RankedTensorType::get(shapes.y, x.getElementType());
    auto stateType = RankedTensorType::get(shapes.state, x.getElementType());
    llvm::SmallVector<DimSource> ySizes = batchMajor ? llvm::SmallVector<DimSource>{batch, time, fixed, fixed}
                                                     : llvm::SmallVector<DimSource>{time, fixed, batch, fixed};
    llvm::SmallVector<DimSource> stateSizes = batchMajor ? llvm::SmallVector<DimSource>{batch, fixed, fixed}
                                                         : llvm::SmallVector<DimSource>{fixed, batch, fixed};
    llvm::SmallVector<Value> inits{emptyLike(rewriter, loc, yType, ySizes),
                                   emptyLike(rewriter, loc, stateType, stateSizes)};
    if (cell == RnnCell::lstm) inits.push_back(emptyLike(rewriter, loc, stateType, stateSizes));

    Value initialC, peepholes;
    bool linearBeforeReset = false, inputForget = false;
    if constexpr (std::is_same_v<OnnxOp, ::mlir::aicc::LSTMOp>) {
      initialC = present(op.getInitialC());
      peepholes = present(op.getP());
      inputForget = op.getInputForget() != 0;
    }
    if constexpr (std::is_same_v<OnnxOp, ::mlir::aicc::GRUOp>) linearBeforeReset = op.getLinearBeforeReset() != 0;
    FloatAttr clip;
    if (auto value = op.getClip()) clip = rewriter.getF64FloatAttr(value->convertToDouble());

    auto kernel =
        RnnOp::create(rewriter, loc, ValueRange(inits).getTypes(), cell, op.getX(), op.getW(), op.getR(),
                      present(op.getB()), present(op.getSequenceLens()), present(op.getInitialH()), initialC, peepholes,
                      /*w_scales=*/Value(), /*r_scales=*/Value(), inits, *direction, H, layout, linearBeforeReset,
                      inputForget, clip, *activations);

    // Each used ONNX result takes the kernel's; a declared type that is more static gets a cast.
    for (auto [result, computed] : llvm::zip(op->getResults(), kernel.getResults())) {
      if (isa<NoneType>(result.getType()) || result.use_empty()) continue;
      Value value = computed;
      if (result.getType() != computed.getType())
        value = tensor::CastOp::create(rewriter, loc, result.getType(), computed);
      rewriter.replaceAllUsesWith(result, value);
    }
    rewriter.eraseOp(op);
    return success();
  }

  RnnCell cell;
  llvm::SmallVector<llvm::StringRef> defaults;
};

} // namespace

void populateRnnKernelPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<RecurrentToKernel<::mlir::aicc::RNNOp>>(context, RnnCell::rnn,
                                                       llvm::SmallVector<llvm::StringRef>{"Tanh"});
  patterns.add<RecurrentToKernel<::mlir::aicc::LSTMOp>>(context, RnnCell::lstm,
                                                        llvm::SmallVector<llvm::StringRef>{"Sigmoid", "Tanh", "Tanh"});
  patterns.add<RecurrentToKernel<::mlir::aicc::GRUOp>>(context, RnnCell::gru,
                                                       llvm::SmallVector<llvm::StringRef>{"Sigmoid", "Tanh"});
}

} // namespace aicc::cpu
