// Ops that make a tensor from its indices alone → one linalg.generic over the result computing
// each element from its position: EyeLike-9, the window functions of opset 17 (HannWindow,
// HammingWindow, BlackmanWindow, whose length may be a run-time value), MelWeightMatrix, and the random ops
// (RandomUniform(Like), RandomNormal(Like), Bernoulli, Multinomial).
//
// The random ops draw element i from splitmix64(seed, i): a counter-based generator, so elements
// are independent of the order loops visit them in and the nest parallelizes. A `seed` attribute
// gives the same tensor on every run, as ONNX asks; without one, the seed is a hash of the node's
// name, so a draw is reproducible per artifact (no implementation reproduces numpy's stream, which
// is why the ONNX Bernoulli tests cannot pass anywhere).
#include "backends/cpu/Passes.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/Hashing.h"

#include <cmath>
#include <limits>

namespace aicc::cpu {
namespace {

using namespace mlir;

/// The dynamic dims of `type`, from the same dims of `like`.
SmallVector<Value> dynamicSizesLike(OpBuilder &b, Location loc, RankedTensorType type, Value like) {
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d)) sizes.push_back(tensor::DimOp::create(b, loc, like, d));
  return sizes;
}

/// An f64 `value` as an element of `type`, converted as Cast converts.
Value fromDouble(OpBuilder &b, Location loc, Value value, Type type, bool toUnsigned) {
  return type.isF64() ? value : convertElement(b, loc, value, type, false, toUnsigned);
}

//===----------------------------------------------------------------------===//
// EyeLike
//===----------------------------------------------------------------------===//

struct EyeLikeLowering : AiccLowering<mlir::aicc::EyeLikeOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::EyeLikeOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = loweredType(op.getOutput());
    if (type.getRank() != 2) return op.emitOpError("input must be 2-D, got ") << op.getInput().getType();
    int64_t k = op.getK();
    Type element = type.getElementType();
    Value result = generate(rewriter, loc, type, dynamicSizesLike(rewriter, loc, type, adaptor.getInput()), {},
                            [&](OpBuilder &b, Location l, ValueRange at, ValueRange) {
      // On the k-th diagonal: column - row == k.
      Value diagonal = arith::SubIOp::create(b, l, arith::IndexCastOp::create(b, l, b.getI64Type(), at[1]),
                                             arith::IndexCastOp::create(b, l, b.getI64Type(), at[0]));
      Value on = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, diagonal,
                                       arith::ConstantIntOp::create(b, l, b.getI64Type(), k));
      return arith::SelectOp::create(b, l, on, scalarConstant(b, l, element, 1), scalarConstant(b, l, element, 0))
          .getResult();
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Window functions
//===----------------------------------------------------------------------===//

/// A generalized cosine window: w[n] = Σ_j (-1)^j a_j cos(2πjn / N), N = size when periodic,
/// size - 1 when symmetric (ONNX's function bodies, computed in f64).
template <typename WindowOp> struct WindowLowering : AiccLowering<WindowOp> {
  using typename AiccLowering<WindowOp>::OpAdaptor;
  WindowLowering(TypeConverter &converter, MLIRContext *context, SmallVector<double> coefficients)
      : AiccLowering<WindowOp>(converter, context), coefficients(std::move(coefficients)) {}
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(WindowOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = this->loweredType(op.getOutput());
    auto sizeType = cast<RankedTensorType>(adaptor.getSize().getType());
    if (type.getRank() != 1 || sizeType.getRank() > 1 || (sizeType.hasStaticShape() && sizeType.getNumElements() != 1))
      return op.emitOpError("size must be a scalar");
    Value size = scalarOf(rewriter, loc, adaptor.getSize());
    if (!size.getType().isInteger(64)) size = arith::ExtSIOp::create(rewriter, loc, rewriter.getI64Type(), size);
    SmallVector<Value> sizes;
    if (type.isDynamicDim(0)) {
      // A negative size makes an empty window rather than a negative-sized tensor.
      Value zero = arith::ConstantIntOp::create(rewriter, loc, rewriter.getI64Type(), 0);
      Value length = arith::MaxSIOp::create(rewriter, loc, size, zero);
      sizes.push_back(arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), length));
    }
    Value periodDenominator = size;
    if (op.getPeriodic() == 0)
      periodDenominator = arith::SubIOp::create(rewriter, loc, size,
                                                arith::ConstantIntOp::create(rewriter, loc, rewriter.getI64Type(), 1));
    Value period = arith::SIToFPOp::create(rewriter, loc, rewriter.getF64Type(), periodDenominator);
    bool toUnsigned = isUnsignedElement(op.getOutput().getType());
    Value result = generate(rewriter, loc, type, sizes, {}, [&](OpBuilder &b, Location l, ValueRange at, ValueRange) {
      Value n = arith::UIToFPOp::create(b, l, b.getF64Type(), arith::IndexCastOp::create(b, l, b.getI64Type(), at[0]));
      Value phase = arith::DivFOp::create(
          b, l, arith::MulFOp::create(b, l, n, scalarConstant(b, l, n.getType(), 2 * M_PI)), period);
      Value sum = scalarConstant(b, l, n.getType(), coefficients[0]);
      for (size_t j = 1; j < coefficients.size(); ++j) {
        Value angle = arith::MulFOp::create(b, l, phase, scalarConstant(b, l, n.getType(), static_cast<double>(j)));
        Value term =
            arith::MulFOp::create(b, l, math::CosOp::create(b, l, angle),
                                  scalarConstant(b, l, n.getType(), j % 2 ? -coefficients[j] : coefficients[j]));
        sum = arith::AddFOp::create(b, l, sum, term);
      }
      return fromDouble(b, l, sum, type.getElementType(), toUnsigned);
    });
    rewriter.replaceOp(op, result);
    return success();
  }

  SmallVector<double> coefficients;
};

//===----------------------------------------------------------------------===//
// Random
//===----------------------------------------------------------------------===//

/// The 64 bits splitmix64 gives for `seed` and a counter `z` (an i64 scalar).
Value splitmix64(OpBuilder &b, Location loc, Value z, uint64_t seed) {
  auto i64 = b.getI64Type();
  auto constant = [&](uint64_t v) { return arith::ConstantIntOp::create(b, loc, i64, static_cast<int64_t>(v)); };
  auto mixStep = [&](Value x, int shift, std::optional<uint64_t> multiplier) -> Value {
    Value shifted = arith::ShRUIOp::create(b, loc, x, constant(shift));
    Value mixed = arith::XOrIOp::create(b, loc, x, shifted);
    return multiplier ? arith::MulIOp::create(b, loc, mixed, constant(*multiplier)).getResult() : mixed;
  };
  Value x = arith::AddIOp::create(
      b, loc, constant(seed),
      arith::MulIOp::create(b, loc, arith::AddIOp::create(b, loc, z, constant(1)), constant(0x9E3779B97F4A7C15ULL)));
  x = mixStep(x, 30, 0xBF58476D1CE4E5B9ULL);
  x = mixStep(x, 27, 0x94D049BB133111EBULL);
  return mixStep(x, 31, std::nullopt);
}

/// The seed a random op draws with: its `seed` attribute's bits, or without one a hash of the
/// node's name (the same draw per artifact).
template <typename RandomOp> uint64_t seedOf(RandomOp op) {
  std::optional<llvm::APFloat> seed = op.getSeed();
  return seed ? llvm::bit_cast<uint32_t>(static_cast<float>(seed->convertToDouble()))
              : static_cast<uint64_t>(llvm::hash_value(onnxNodeNames(op, "random")));
}

/// A uniform f64 in [0, 1) from the top 53 bits of `bits`.
Value unitInterval(OpBuilder &b, Location loc, Value bits) {
  Value top = arith::ShRUIOp::create(b, loc, bits, arith::ConstantIntOp::create(b, loc, b.getI64Type(), 11));
  return arith::MulFOp::create(b, loc, arith::UIToFPOp::create(b, loc, b.getF64Type(), top),
                               scalarConstant(b, loc, b.getF64Type(), std::ldexp(1.0, -53)));
}

/// The row-major position of `at` in a tensor whose dims are `sizes` (index values), as i64.
Value linearPosition(OpBuilder &b, Location loc, ValueRange at, ArrayRef<Value> sizes) {
  Value position = arith::ConstantIndexOp::create(b, loc, 0);
  for (auto [index, size] : llvm::zip_equal(at, sizes))
    position = arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, position, size), index);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), position);
}

enum class Draw { Uniform, Normal, Bernoulli };

/// The attributes of the distribution: [low, high) of a uniform, mean and scale of a normal.
struct Distribution {
  double low = 0, high = 1, mean = 0, scale = 1;
};
template <typename UniformOp> Distribution uniformOf(UniformOp op) {
  return {op.getLow().convertToDouble(), op.getHigh().convertToDouble(), 0, 1};
}
template <typename NormalOp> Distribution normalOf(NormalOp op) {
  return {0, 1, op.getMean().convertToDouble(), op.getScale().convertToDouble()};
}
Distribution distributionOf(mlir::aicc::RandomUniformOp op) { return uniformOf(op); }
Distribution distributionOf(mlir::aicc::RandomUniformLikeOp op) { return uniformOf(op); }
Distribution distributionOf(mlir::aicc::RandomNormalOp op) { return normalOf(op); }
Distribution distributionOf(mlir::aicc::RandomNormalLikeOp op) { return normalOf(op); }
Distribution distributionOf(mlir::aicc::BernoulliOp) { return {}; }

/// The random ops: `draw` decides what each element is from two independent uniforms (and, for
/// Bernoulli, the input's probability).
template <typename RandomOp> struct RandomLowering : AiccLowering<RandomOp> {
  using typename AiccLowering<RandomOp>::OpAdaptor;
  RandomLowering(TypeConverter &converter, MLIRContext *context, Draw draw)
      : AiccLowering<RandomOp>(converter, context), draw(draw) {}
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(RandomOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = this->loweredType(op->getResult(0));
    Value like = op->getNumOperands() ? adaptor.getOperands()[0] : Value();
    SmallVector<Value> sizes, allSizes;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      Value size = type.isDynamicDim(d) ? tensor::DimOp::create(rewriter, loc, like, d).getResult()
                                        : arith::ConstantIndexOp::create(rewriter, loc, type.getDimSize(d)).getResult();
      if (type.isDynamicDim(d)) sizes.push_back(size);
      allSizes.push_back(size);
    }
    uint64_t seed = seedOf(op);
    auto [low, high, mean, scale] = distributionOf(op);
    bool toUnsigned = isUnsignedElement(op->getResult(0).getType());
    SmallVector<Value> inputs;
    if (draw == Draw::Bernoulli) inputs.push_back(like);
    Value result =
        generate(rewriter, loc, type, sizes, inputs, [&](OpBuilder &b, Location l, ValueRange at, ValueRange elements) {
      auto f64 = b.getF64Type();
      Value counter = linearPosition(b, l, at, allSizes);
      Value first = splitmix64(b, l, counter, seed);
      Value u = unitInterval(b, l, first);
      Value value;
      switch (draw) {
      case Draw::Uniform:
        value = arith::AddFOp::create(b, l, scalarConstant(b, l, f64, low),
                                      arith::MulFOp::create(b, l, u, scalarConstant(b, l, f64, high - low)));
        break;
      case Draw::Normal: {
        // Box-Muller with a second uniform drawn from the first's bits; 1 - u keeps log away from 0.
        Value v = unitInterval(b, l, splitmix64(b, l, first, seed));
        Value radius = math::SqrtOp::create(
            b, l,
            arith::MulFOp::create(
                b, l, scalarConstant(b, l, f64, -2),
                math::LogOp::create(b, l, arith::SubFOp::create(b, l, scalarConstant(b, l, f64, 1), u))));
        Value angle = arith::MulFOp::create(b, l, v, scalarConstant(b, l, f64, 2 * M_PI));
        Value normal = arith::MulFOp::create(b, l, radius, math::CosOp::create(b, l, angle));
        value = arith::AddFOp::create(b, l, scalarConstant(b, l, f64, mean),
                                      arith::MulFOp::create(b, l, normal, scalarConstant(b, l, f64, scale)));
        break;
      }
      case Draw::Bernoulli: {
        Value p = elements[0];
        if (!p.getType().isF64()) p = arith::ExtFOp::create(b, l, f64, p);
        Value hit = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, u, p);
        value = arith::SelectOp::create(b, l, hit, scalarConstant(b, l, f64, 1), scalarConstant(b, l, f64, 0));
        break;
      }
      }
      return fromDouble(b, l, value, type.getElementType(), toUnsigned);
    });
    rewriter.replaceOp(op, result);
    return success();
  }

  Draw draw;
};

/// ONNX Multinomial-7: sample s of batch row r is the first class whose running sum of
/// exp(x - max) exceeds u · Σ exp(x - max), with u drawn as RandomUniform draws element (r, s).
/// The row's max and sum are computed per sample: rows are short (class counts), samples few.
struct MultinomialLowering : AiccLowering<mlir::aicc::MultinomialOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::MultinomialOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    RankedTensorType type = loweredType(op.getOutput());
    if (inputType.getRank() != 2 || type.getRank() != 2 || type.isDynamicDim(1) ||
        type.getDimSize(1) != static_cast<int64_t>(op.getSampleSize()))
      return op.emitOpError("input must be [batch, classes] and the result [batch, sample_size], got ")
             << op.getInput().getType() << " and " << op.getOutput().getType();
    Value batch = tensor::DimOp::create(rewriter, loc, input, 0);
    Value classes = tensor::DimOp::create(rewriter, loc, input, 1);
    SmallVector<Value> sizes;
    if (type.isDynamicDim(0)) sizes.push_back(batch);
    SmallVector<Value> allSizes{batch, arith::ConstantIndexOp::create(rewriter, loc, type.getDimSize(1))};
    uint64_t seed = seedOf(op);
    Value result =
        generate(rewriter, loc, type, sizes, {}, [&](OpBuilder &b, Location l, ValueRange at, ValueRange) -> Value {
      auto f64 = b.getF64Type();
      Value zero = arith::ConstantIndexOp::create(b, l, 0), one = arith::ConstantIndexOp::create(b, l, 1);
      auto logit = [&](OpBuilder &nb, Location nl, Value c) -> Value {
        Value x = tensor::ExtractOp::create(nb, nl, input, ValueRange{at[0], c});
        return x.getType().isF64() ? x : arith::ExtFOp::create(nb, nl, f64, x).getResult();
      };
      // The row's max, so exp never overflows; then the sum of exp(x - max).
      Value lowest = scalarConstant(b, l, f64, -std::numeric_limits<double>::infinity());
      Value max = scf::ForOp::create(b, l, zero, classes, one, ValueRange{lowest},
                                     [&](OpBuilder &nb, Location nl, Value c, ValueRange acc) {
        Value x = logit(nb, nl, c);
        Value greater = arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OGT, x, acc[0]);
        scf::YieldOp::create(nb, nl, ValueRange{arith::SelectOp::create(nb, nl, greater, x, acc[0]).getResult()});
      }).getResult(0);
      auto weight = [&](OpBuilder &nb, Location nl, Value c) -> Value {
        return math::ExpOp::create(nb, nl, arith::SubFOp::create(nb, nl, logit(nb, nl, c), max));
      };
      Value total = scf::ForOp::create(b, l, zero, classes, one, ValueRange{scalarConstant(b, l, f64, 0)},
                                       [&](OpBuilder &nb, Location nl, Value c, ValueRange acc) {
        scf::YieldOp::create(nb, nl, ValueRange{arith::AddFOp::create(nb, nl, acc[0], weight(nb, nl, c)).getResult()});
      }).getResult(0);
      Value u = unitInterval(b, l, splitmix64(b, l, linearPosition(b, l, at, allSizes), seed));
      Value threshold = arith::MulFOp::create(b, l, u, total);
      // The class whose running sum first exceeds the threshold; the last class if rounding
      // leaves the sum short of it.
      Value last = arith::SubIOp::create(b, l, classes, one);
      auto picked = scf::ForOp::create(
          b, l, zero, classes, one,
          ValueRange{scalarConstant(b, l, f64, 0), last, arith::ConstantIntOp::create(b, l, b.getI1Type(), 0)},
          [&](OpBuilder &nb, Location nl, Value c, ValueRange acc) {
        Value sum = arith::AddFOp::create(nb, nl, acc[0], weight(nb, nl, c));
        Value past = arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OGT, sum, threshold);
        Value first = arith::AndIOp::create(
            nb, nl, past,
            arith::XOrIOp::create(nb, nl, acc[2], arith::ConstantIntOp::create(nb, nl, nb.getI1Type(), 1)));
        Value index = arith::SelectOp::create(nb, nl, first, c, acc[1]);
        Value found = arith::OrIOp::create(nb, nl, acc[2], past);
        scf::YieldOp::create(nb, nl, ValueRange{sum, index, found});
      });
      return arith::IndexCastOp::create(b, l, type.getElementType(), picked.getResult(1));
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX MelWeightMatrix-17: element (j, i) of the [dft_length / 2 + 1, num_mel_bins] matrix is mel
/// filter i's weight for frequency bin j. The filter edges are the points k = i, i + 1, i + 2 of
/// num_mel_bins + 2 spaced evenly on the mel scale (2595 log10(1 + f / 700)) over
/// [lower_edge_hertz, upper_edge_hertz), as frequency bins floor((dft_length + 1) f / sample_rate);
/// the weight rises linearly from the lower edge to the center and falls to the upper edge, in f64
/// as the operator's definition computes it.
struct MelWeightMatrixLowering : AiccLowering<mlir::aicc::MelWeightMatrixOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::MelWeightMatrixOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = loweredType(op.getOutput());
    if (type.getRank() != 2) return op.emitOpError("result must be 2-D, got ") << op.getOutput().getType();
    auto f64 = rewriter.getF64Type();
    auto scalar = [&](Value tensor) {
      return convertElement(rewriter, loc, scalarOf(rewriter, loc, tensor), f64, /*fromUnsigned=*/false,
                            /*toUnsigned=*/false);
    };
    for (Value v : adaptor.getOperands())
      if (cast<RankedTensorType>(v.getType()).getNumElements() != 1)
        return op.emitOpError("every input must be a scalar");
    Value melBins = scalar(adaptor.getNumMelBins()), dftLength = scalar(adaptor.getDftLength());
    Value sampleRate = scalar(adaptor.getSampleRate());
    Value lower = scalar(adaptor.getLowerEdgeHertz()), upper = scalar(adaptor.getUpperEdgeHertz());
    FloatMath m{rewriter, loc, f64};
    auto toMel = [&](Value hertz) {
      return m.mul(m.constant(2595),
                   math::Log10Op::create(rewriter, loc, m.add(m.constant(1), m.div(hertz, m.constant(700)))));
    };
    Value lowMel = toMel(lower);
    Value melStep = m.div(m.sub(toMel(upper), lowMel), m.add(melBins, m.constant(2)));
    auto asIndex = [&](Value v) {
      return arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                        arith::FPToSIOp::create(rewriter, loc, rewriter.getI64Type(), v))
          .getResult();
    };
    SmallVector<Value> sizes;
    if (type.isDynamicDim(0))
      sizes.push_back(
          asIndex(m.add(math::FloorOp::create(rewriter, loc, m.div(dftLength, m.constant(2))), m.constant(1))));
    if (type.isDynamicDim(1)) sizes.push_back(asIndex(melBins));
    bool toUnsigned = isUnsignedElement(op.getOutput().getType());
    Value result =
        generate(rewriter, loc, type, sizes, {}, [&](OpBuilder &b, Location l, ValueRange at, ValueRange) -> Value {
      FloatMath n{b, l, f64};
      // Frequency bin of edge point k: the mel point back in hertz, then floor((dft_length + 1) f / rate).
      auto edge = [&](Value k) {
        Value mel = n.add(n.mul(k, melStep), lowMel);
        Value hertz =
            n.mul(n.constant(700),
                  n.sub(math::PowFOp::create(b, l, n.constant(10), n.div(mel, n.constant(2595))), n.constant(1)));
        return math::FloorOp::create(b, l, n.div(n.mul(n.add(dftLength, n.constant(1)), hertz), sampleRate))
            .getResult();
      };
      Value j = n.fromIndex(at[0]), i = n.fromIndex(at[1]);
      Value low = edge(i), center = edge(n.add(i, n.constant(1))), high = edge(n.add(i, n.constant(2)));
      auto cmp = [&](arith::CmpFPredicate predicate, Value p, Value q) {
        return arith::CmpFOp::create(b, l, predicate, p, q).getResult();
      };
      auto both = [&](Value p, Value q) { return arith::AndIOp::create(b, l, p, q).getResult(); };
      // Rising from low to center (1 at the center, also when they coincide), then falling to high.
      Value rising = both(cmp(arith::CmpFPredicate::OLE, low, j), cmp(arith::CmpFPredicate::OLE, j, center));
      Value riseWeight = n.select(cmp(arith::CmpFPredicate::OEQ, center, low), n.constant(1),
                                  n.div(n.sub(j, low), n.sub(center, low)));
      Value falling = both(cmp(arith::CmpFPredicate::OLE, center, j), cmp(arith::CmpFPredicate::OLT, j, high));
      Value fallWeight = n.div(n.sub(high, j), n.sub(high, center));
      Value weight = n.select(falling, fallWeight, n.select(rising, riseWeight, n.constant(0)));
      return fromDouble(b, l, weight, type.getElementType(), toUnsigned);
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateGeneratorPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<EyeLikeLowering>(converter, context);
  patterns.add<WindowLowering<mlir::aicc::HannWindowOp>>(converter, context, SmallVector<double>{0.5, 0.5});
  patterns.add<WindowLowering<mlir::aicc::HammingWindowOp>>(converter, context,
                                                            SmallVector<double>{25.0 / 46.0, 21.0 / 46.0});
  patterns.add<WindowLowering<mlir::aicc::BlackmanWindowOp>>(converter, context, SmallVector<double>{0.42, 0.5, 0.08});
  patterns.add<RandomLowering<mlir::aicc::RandomUniformOp>>(converter, context, Draw::Uniform);
  patterns.add<RandomLowering<mlir::aicc::RandomUniformLikeOp>>(converter, context, Draw::Uniform);
  patterns.add<RandomLowering<mlir::aicc::RandomNormalOp>>(converter, context, Draw::Normal);
  patterns.add<RandomLowering<mlir::aicc::RandomNormalLikeOp>>(converter, context, Draw::Normal);
  patterns.add<RandomLowering<mlir::aicc::BernoulliOp>>(converter, context, Draw::Bernoulli);
  patterns.add<MultinomialLowering>(converter, context);
  patterns.add<MelWeightMatrixLowering>(converter, context);
}

} // namespace aicc::cpu
