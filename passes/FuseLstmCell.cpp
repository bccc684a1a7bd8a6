// FuseLstmCell: the gate arithmetic PyTorch's traced nn.LSTMCell exports (two Gemms, an Add, a
// Split into i, f, g, o, three Sigmoids and two Tanhs, the state update) becomes one ONNX LSTM of
// sequence length 1, which the backends run as one recurrent kernel (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/ConstantTensor.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc {

#define GEN_PASS_DEF_FUSELSTMCELL
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// `a` and `b` of a commutative binary op `op`, ordered so that the first is defined by FirstOp
/// (with one use); false if neither is.
template <typename FirstOp> bool orderOperands(Operation *op, FirstOp &first, Value &other) {
  for (int k = 0; k < 2; ++k)
    if ((first = soleProducer<FirstOp>(op->getOperand(k)))) {
      other = op->getOperand(1 - k);
      return true;
    }
  return false;
}

/// x · Wᵀ + b as PyTorch's Linear exports it: Gemm(x, W, b) with transB, alpha = beta = 1, W
/// [4H, in] constant and b absent or [4H] constant.
struct Projection {
  Value input;
  ConstantTensor weight;
  std::optional<ConstantTensor> bias;
};
std::optional<Projection> projection(Value value, int64_t rows) {
  auto gemm = soleProducer<mlir::aicc::GemmOp>(value);
  if (!gemm || gemm.getTransA() != 0 || gemm.getTransB() != 1 || gemm.getAlpha().convertToDouble() != 1.0 ||
      gemm.getBeta().convertToDouble() != 1.0)
    return std::nullopt;
  std::optional<ConstantTensor> weight = ConstantTensor::of(gemm.getB());
  if (!weight || !weight->isFloat() || weight->shape().size() != 2 || weight->shape()[0] != rows) return std::nullopt;
  Projection p{gemm.getA(), *weight, std::nullopt};
  if (!isa<NoneType>(gemm.getC().getType())) {
    p.bias = ConstantTensor::of(gemm.getC());
    if (!p.bias || !p.bias->isFloat() || p.bias->shape() != llvm::ArrayRef<int64_t>{rows}) return std::nullopt;
  }
  return p;
}

/// PyTorch's gate order (i, f, g, o) → ONNX's (i, o, f, c): the source block of each ONNX gate.
constexpr int64_t kTorchGate[] = {0, 3, 1, 2};

/// 4 blocks of `hidden` rows of `width` values (a matrix [4H, width], or a vector [4H] when
/// `width` is 0), reordered from PyTorch's gates to ONNX's, with a leading direction dim of 1.
ConstantTensor toOnnxGates(const std::vector<double> &values, int64_t hidden, int64_t width, MLIRContext *context) {
  llvm::SmallVector<int64_t> shape{1, 4 * hidden};
  if (width > 0) shape.push_back(width);
  width = std::max<int64_t>(width, 1);
  ConstantTensor result = ConstantTensor::zeros(RankedTensorType::get(shape, Float32Type::get(context)));
  int64_t block = hidden * width;
  for (int64_t gate = 0; gate < 4; ++gate)
    std::copy_n(values.begin() + kTorchGate[gate] * block, block, result.floats.begin() + gate * block);
  return result;
}

struct LstmCellToLstm : OpRewritePattern<mlir::aicc::SplitOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(mlir::aicc::SplitOp split, PatternRewriter &rewriter) const override {
    auto gatesType = dyn_cast<RankedTensorType>(split.getInput().getType());
    if (split.getNumResults() != 4 || !gatesType || gatesType.getRank() != 2 || !gatesType.getElementType().isF32() ||
        split.getAxis() != 1 || gatesType.isDynamicDim(1) || gatesType.getDimSize(1) % 4)
      return rewriter.notifyMatchFailure(split, "not a split of [batch, 4H] f32 gates into four");
    int64_t H = gatesType.getDimSize(1) / 4;
    if (!isa<NoneType>(split.getSplit().getType()))
      if (auto sizes = ConstantTensor::of(split.getSplit()); !sizes || sizes->ints != std::vector<int64_t>(4, H))
        return rewriter.notifyMatchFailure(split, "the gates are not split equally");

    // Each gate feeds exactly its activation: i, f, o sigmoid, g tanh.
    mlir::aicc::SigmoidOp inputGate, forgetGate, outputGate;
    mlir::aicc::TanhOp cellGate;
    if (!(inputGate = soleUser<mlir::aicc::SigmoidOp>(split.getResult(0))) ||
        !(forgetGate = soleUser<mlir::aicc::SigmoidOp>(split.getResult(1))) ||
        !(cellGate = soleUser<mlir::aicc::TanhOp>(split.getResult(2))) ||
        !(outputGate = soleUser<mlir::aicc::SigmoidOp>(split.getResult(3))))
      return rewriter.notifyMatchFailure(split, "the gates are not sigmoid, sigmoid, tanh, sigmoid");

    // c' = f * c + i * g and h' = o * tanh(c').
    auto iTimesG = soleUser<mlir::aicc::MulOp>(inputGate.getY());
    auto fTimesC = soleUser<mlir::aicc::MulOp>(forgetGate.getY());
    auto hNew = soleUser<mlir::aicc::MulOp>(outputGate.getY());
    if (!iTimesG || !fTimesC || !hNew || !llvm::is_contained(iTimesG->getOperands(), cellGate.getOutput()))
      return rewriter.notifyMatchFailure(split, "the state update is not f * c + i * g");
    Value c = fTimesC.getA() == forgetGate.getY() ? fTimesC.getB() : fTimesC.getA();
    mlir::aicc::AddOp cNewOp;
    for (Operation *user : iTimesG.getC().getUsers())
      if (auto add = dyn_cast<mlir::aicc::AddOp>(user); add && llvm::is_contained(add->getOperands(), fTimesC.getC()))
        cNewOp = add;
    if (!cNewOp || !iTimesG.getC().hasOneUse() || !fTimesC.getC().hasOneUse())
      return rewriter.notifyMatchFailure(split, "c' is not f * c + i * g");
    Value cNew = cNewOp.getC();
    mlir::aicc::TanhOp squashed;
    Value hOther;
    if (!orderOperands(hNew, squashed, hOther) || hOther != outputGate.getY() || squashed.getInput() != cNew)
      return rewriter.notifyMatchFailure(split, "h' is not o * tanh(c')");

    // gates = x · W_ihᵀ + b_ih + h · W_hhᵀ + b_hh.
    // Both projections of the gates' shape: an LSTM step cannot broadcast one batch over another.
    auto add = soleProducer<mlir::aicc::AddOp>(split.getInput());
    if (!add || add.getA().getType() != gatesType || add.getB().getType() != gatesType)
      return rewriter.notifyMatchFailure(split, "the gates are not a sum of two projections of their shape");
    std::optional<Projection> first = projection(add.getA(), 4 * H), second = projection(add.getB(), 4 * H);
    if (!first || !second)
      return rewriter.notifyMatchFailure(split, "the projections are not Gemms with constant weights");
    // The recurrent one reads the previous state: [batch, H] with W [4H, H].
    auto isState = [&](const Projection &p) {
      auto type = dyn_cast<RankedTensorType>(p.input.getType());
      return type && type.getRank() == 2 && type.getDimSize(1) == H && p.weight.shape()[1] == H;
    };
    if (!isState(*second) && isState(*first)) std::swap(first, second);
    auto h = second->input, x = first->input;
    auto xType = dyn_cast<RankedTensorType>(x.getType()), cType = dyn_cast<RankedTensorType>(c.getType());
    if (!isState(*second) || !xType || xType.getRank() != 2 || xType.isDynamicDim(1) || !cType ||
        cType != cast<RankedTensorType>(h.getType()) || !xType.getElementType().isF32() ||
        xType.getDimSize(0) != cType.getDimSize(0) || cType.getDimSize(0) != gatesType.getDimSize(0))
      return rewriter.notifyMatchFailure(split, "the operands are not x [batch, in], h and c [batch, H]");
    int64_t I = xType.getDimSize(1);

    // ONNX LSTM: W [1, 4H, I], R [1, 4H, H], B [1, 8H] (Wb then Rb), in ONNX's gate order.
    MLIRContext *context = rewriter.getContext();
    std::vector<double> biases(8 * H, 0.0);
    if (first->bias) std::copy(first->bias->floats.begin(), first->bias->floats.end(), biases.begin());
    if (second->bias) std::copy(second->bias->floats.begin(), second->bias->floats.end(), biases.begin() + 4 * H);
    ConstantTensor b = ConstantTensor::zeros(RankedTensorType::get({1, 8 * H}, Float32Type::get(context)));
    for (int half = 0; half < 2; ++half) {
      ConstantTensor part =
          toOnnxGates({biases.begin() + half * 4 * H, biases.begin() + (half + 1) * 4 * H}, H, 0, context);
      std::copy(part.floats.begin(), part.floats.end(), b.floats.begin() + half * 4 * H);
    }

    // After c' is computed: x, h and c are defined before it, every user of c' and h' after it.
    Location loc = split.getLoc();
    rewriter.setInsertionPointAfter(cNewOp);
    auto constant = [&](const ConstantTensor &t, llvm::StringRef name) {
      return mlir::aicc::ConstantOp::create(rewriter, loc, t.toAttr(name)).getResult();
    };
    Value w = constant(toOnnxGates(first->weight.floats, H, I, context), "lstm_cell_w");
    Value r = constant(toOnnxGates(second->weight.floats, H, H, context), "lstm_cell_r");
    Value bias = constant(b, "lstm_cell_b");
    auto axes = mlir::aicc::ConstantOp::create(rewriter, loc,
                                               DenseElementsAttr::get(RankedTensorType::get({1}, rewriter.getI64Type()),
                                                                      llvm::ArrayRef<int64_t>{0}))
                    .getResult();
    auto withLeadingOne = [&](RankedTensorType type) {
      llvm::SmallVector<int64_t> shape{1};
      shape.append(type.getShape().begin(), type.getShape().end());
      return RankedTensorType::get(shape, type.getElementType());
    };
    Value x3 = mlir::aicc::UnsqueezeOp::create(rewriter, loc, withLeadingOne(xType), x, axes);
    Value h3 = mlir::aicc::UnsqueezeOp::create(rewriter, loc, withLeadingOne(cType), h, axes);
    Value c3 = mlir::aicc::UnsqueezeOp::create(rewriter, loc, withLeadingOne(cType), c, axes);
    Value none = mlir::aicc::NoneOp::create(rewriter, loc);
    auto lstm = mlir::aicc::LSTMOp::create(rewriter, loc,
                                           TypeRange{none.getType(), withLeadingOne(cType), withLeadingOne(cType)},
                                           ValueRange{x3, w, r, bias, none, h3, c3, none},
                                           {rewriter.getNamedAttr("hidden_size", rewriter.getI64IntegerAttr(H))});
    Value hOut = mlir::aicc::SqueezeOp::create(rewriter, loc, cType, lstm.getYH(), axes);
    Value cOut = mlir::aicc::SqueezeOp::create(rewriter, loc, cType, lstm.getYC(), axes);
    // The old chain (its tanh(c') included) is left to die.
    rewriter.replaceUsesWithIf(cNew, cOut, [&](OpOperand &use) { return use.getOwner() != squashed; });
    rewriter.replaceAllUsesWith(hNew.getC(), hOut);
    return success();
  }

  /// The one user of `value`, if it is an OpTy.
  template <typename OpTy> static OpTy soleUser(Value value) {
    return value.hasOneUse() ? dyn_cast<OpTy>(*value.getUsers().begin()) : OpTy();
  }
};

struct FuseLstmCellPass : impl::FuseLstmCellBase<FuseLstmCellPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<LstmCellToLstm>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc
