// RecognizeGelu: Gelu as exporters write it before opset 20, in its exact (erf) and its tanh form,
// becomes one aicc.Gelu, which the backends compute in one step (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/ConstantTensor.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace aicc {

#define GEN_PASS_DEF_RECOGNIZEGELU
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// The ops of one matched formula, which become dead once its result is replaced.
using Chain = SmallVector<Operation *>;

/// soleProducer, added to `chain` when found.
template <typename OpTy> OpTy soleProducer(Value value, Chain &chain) {
  auto op = ::aicc::soleProducer<OpTy>(value);
  if (op) chain.push_back(op);
  return op;
}

/// The operand of the binary `op` that is not the constant `want` (up to f32 rounding), if the
/// other one is.
template <typename OpTy> Value operandBeside(OpTy op, double want) {
  if (isNear(floatScalar(op.getB()), want)) return op.getA();
  if (isNear(floatScalar(op.getA()), want)) return op.getB();
  return {};
}

/// x, if `value` is x / √2 (a Div, or a Mul by 1/√2).
Value erfArgumentOf(Value value, Chain &chain) {
  if (auto div = soleProducer<mlir::aicc::DivOp>(value, chain))
    return isNear(floatScalar(div.getB()), M_SQRT2) ? div.getA() : Value();
  if (auto mul = soleProducer<mlir::aicc::MulOp>(value, chain)) return operandBeside(mul, M_SQRT1_2);
  return {};
}

/// x, if `value` is x³: Pow(x, 3), x · (x · x) or (x · x) · x.
Value cubeBase(Value value, Chain &chain) {
  if (auto pow = soleProducer<mlir::aicc::PowOp>(value, chain))
    return isNear(floatScalar(pow.getY()), 3.0) ? pow.getX() : Value();
  auto mul = soleProducer<mlir::aicc::MulOp>(value, chain);
  if (!mul) return {};
  for (auto [square, base] : {std::pair(mul.getA(), mul.getB()), std::pair(mul.getB(), mul.getA())}) {
    auto inner = square.getDefiningOp<mlir::aicc::MulOp>();
    if (inner && square.hasOneUse() && inner.getA() == base && inner.getB() == base) {
      chain.push_back(inner);
      return base;
    }
  }
  return {};
}

/// x, if `value` is √(2/π) · (x + 0.044715 · x³), the factors and terms in either order.
Value tanhArgumentOf(Value value, Chain &chain) {
  auto scale = soleProducer<mlir::aicc::MulOp>(value, chain);
  Value sum = scale ? operandBeside(scale, std::sqrt(2 / M_PI)) : Value();
  auto add = sum ? soleProducer<mlir::aicc::AddOp>(sum, chain) : nullptr;
  if (!add) return {};
  for (auto [x, term] : {std::pair(add.getA(), add.getB()), std::pair(add.getB(), add.getA())}) {
    Chain tried;
    auto mul = soleProducer<mlir::aicc::MulOp>(term, tried);
    Value cube = mul ? operandBeside(mul, 0.044715) : Value();
    if (cube && cubeBase(cube, tried) == x) {
      chain.append(tried);
      return x;
    }
  }
  return {};
}

/// The operand of Erf or Tanh (whichever defines `value`) and which approximation it stands for.
struct Gelu {
  Value x;
  StringRef approximate;
};

/// x, if `value` is 1 + erf(x / √2) or 1 + tanh(√(2/π) · (x + 0.044715 · x³)).
std::optional<Gelu> onePlusGeluTerm(Value value, Chain &chain) {
  auto add = soleProducer<mlir::aicc::AddOp>(value, chain);
  Value term = add ? operandBeside(add, 1.0) : Value();
  if (!term) return std::nullopt;
  if (auto erf = soleProducer<mlir::aicc::ErfOp>(term, chain))
    if (Value x = erfArgumentOf(erf.getInput(), chain)) return Gelu{x, "none"};
  if (auto tanh = soleProducer<mlir::aicc::TanhOp>(term, chain))
    if (Value x = tanhArgumentOf(tanh.getInput(), chain)) return Gelu{x, "tanh"};
  return std::nullopt;
}

/// x · T · 0.5, T one of the two bracketed terms above, with the three factors multiplied in any
/// order and every intermediate used only inside the formula (x itself may have other readers).
struct RecognizeGeluProduct : OpRewritePattern<mlir::aicc::MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(mlir::aicc::MulOp root, PatternRewriter &rewriter) const override {
    for (auto [inner, outer] : {std::pair(root.getA(), root.getB()), std::pair(root.getB(), root.getA())}) {
      auto mul = inner.getDefiningOp<mlir::aicc::MulOp>();
      if (!mul || !inner.hasOneUse()) continue;
      std::array<Value, 3> factors{outer, mul.getA(), mul.getB()};
      for (int half = 0; half < 3; ++half) {
        if (!isNear(floatScalar(factors[half]), 0.5)) continue;
        Value p = factors[(half + 1) % 3], q = factors[(half + 2) % 3];
        for (auto [x, term] : {std::pair(p, q), std::pair(q, p)}) {
          Chain chain{root, mul};
          std::optional<Gelu> gelu = onePlusGeluTerm(term, chain);
          if (!gelu || gelu->x != x || x.getType() != root.getType()) continue;
          rewriter.replaceOpWithNewOp<mlir::aicc::GeluOp>(root, root.getType(), x, gelu->approximate);
          for (Operation *dead : llvm::drop_begin(chain)) rewriter.eraseOp(dead);
          return success();
        }
      }
    }
    return rewriter.notifyMatchFailure(root, "not 0.5 · x · (1 + erf(x/√2)) or its tanh approximation");
  }
};

struct RecognizeGeluPass : impl::RecognizeGeluBase<RecognizeGeluPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RecognizeGeluProduct>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc
