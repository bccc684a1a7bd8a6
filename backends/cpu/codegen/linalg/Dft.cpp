// ONNX DFT-17 → a linalg.generic that reduces over the signal's samples: for each output frequency
// k, X[k] = Σ_t x[t] · e^(∓2πi·kt/n), real and imaginary parts as two results, with n = dft_length
// (the signal zero-padded or cut to it) and the phase kt taken modulo n in integers so that large
// products keep their precision; the inverse scales by 1/n, and onesided keeps the first n/2 + 1
// frequencies. A second generic interleaves the parts into the [..., 2] result. A direct O(n²)
// transform: the lengths audio front ends and models use are short.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/dialect/CpuDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cmath>

namespace aicc::cpu {
namespace {

using namespace mlir;

struct DftLowering : AiccLowering<mlir::aicc::DFTOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::DFTOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    RankedTensorType resultType = loweredType(op.getOutput());
    if (rank < 3 || (type.getShape().back() != 1 && type.getShape().back() != 2))
      return op.emitOpError("input must be [batch, signal dims..., 1 or 2], got ") << op.getInput().getType();
    std::optional<int64_t> axis = normalizeAxis(op.getAxis(), rank);
    if (!axis || *axis == rank - 1 || *axis == 0)
      return op.emitOpError("axis ") << op.getAxis() << " must name a signal dim of rank " << rank;
    bool inverse = op.getInverse() != 0, onesided = op.getOnesided() != 0;
    if (inverse && onesided) return op.emitOpError("onesided applies to the forward transform only");
    int64_t samples = type.getDimSize(*axis), length = samples;
    if (!isa<NoneType>(adaptor.getDftLength().getType())) {
      std::optional<SmallVector<int64_t>> given = constantInts(op.getDftLength());
      if (!given || given->size() != 1) return op.emitOpError("dft_length must be a constant");
      length = (*given)[0];
    }
    if (length < 1) return op.emitOpError("dft_length must be positive, got ") << length;
    int64_t frequencies = onesided ? length / 2 + 1 : length;
    SmallVector<int64_t> partShape(type.getShape().drop_back());
    partShape[*axis] = frequencies;
    if (resultType.getRank() != rank || resultType.getShape().drop_back() != ArrayRef<int64_t>(partShape) ||
        resultType.getShape().back() != 2)
      return op.emitOpError("result must be ") << RankedTensorType::get(partShape, resultType.getElementType())
                                               << " with a last dim of 2, got " << resultType;
    Type element = type.getElementType();
    bool complexInput = type.getShape().back() == 2;

    // Loop dims: the result's but the last, then the sample t (the first min(samples, length):
    // zero padding adds nothing).
    int64_t partRank = rank - 1, taps = std::min(samples, length);
    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineExpr> read, written;
    for (int64_t d = 0; d < partRank; ++d) {
      read.push_back(d == *axis ? rewriter.getAffineDimExpr(partRank) : rewriter.getAffineDimExpr(d));
      written.push_back(rewriter.getAffineDimExpr(d));
    }
    auto component = [&](int64_t part) {
      SmallVector<AffineExpr> exprs(read);
      exprs.push_back(rewriter.getAffineConstantExpr(part));
      return AffineMap::get(partRank + 1, 0, exprs, context);
    };
    SmallVector<AffineMap> maps{component(0)};
    if (complexInput) maps.push_back(component(1));
    AffineMap out = AffineMap::get(partRank + 1, 0, written, context);
    maps.append({out, out});
    SmallVector<utils::IteratorType> iterators(partRank, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    auto partType = RankedTensorType::get(partShape, element);
    Value zero = scalarConstant(rewriter, loc, element, 0);
    SmallVector<Value> inputs{x};
    if (complexInput) inputs.push_back(x);
    // The sample count of the reduction is min(samples, length): x is sliced when it is longer.
    if (taps < samples) {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0)), sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d = 0; d < rank; ++d) sizes.push_back(rewriter.getIndexAttr(d == *axis ? taps : type.getDimSize(d)));
      Value cut = tensor::ExtractSliceOp::create(rewriter, loc, x, offsets, sizes, strides);
      for (Value &input : inputs) input = cut;
    }
    double sign = inverse ? 1.0 : -1.0, scale = inverse ? 1.0 / static_cast<double>(length) : 1.0;
    auto transform = linalg::GenericOp::create(
        rewriter, loc, TypeRange{partType, partType}, inputs,
        ValueRange{filledTensor(rewriter, loc, partType, zero), filledTensor(rewriter, loc, partType, zero)}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
      FloatMath m{b, l, b.getF64Type()};
      auto i64 = b.getI64Type();
      Value k = arith::IndexCastOp::create(b, l, i64, linalg::IndexOp::create(b, l, *axis));
      Value t = arith::IndexCastOp::create(b, l, i64, linalg::IndexOp::create(b, l, partRank));
      Value phase = arith::RemUIOp::create(b, l, arith::MulIOp::create(b, l, k, t),
                                           arith::ConstantIntOp::create(b, l, i64, length));
      Value angle = m.mul(arith::UIToFPOp::create(b, l, b.getF64Type(), phase),
                          m.constant(2 * M_PI / static_cast<double>(length)));
      Value cosine = m.mul(math::CosOp::create(b, l, angle), m.constant(scale));
      Value sine = m.mul(math::SinOp::create(b, l, angle), m.constant(sign * scale));
      auto wide = [&](Value v) {
        return element.isF64() ? v : arith::ExtFOp::create(b, l, b.getF64Type(), v).getResult();
      };
      auto narrow = [&](Value v) {
        return element.isF64() ? v : arith::TruncFOp::create(b, l, element, v).getResult();
      };
      Value re = wide(args[0]), im = complexInput ? wide(args[1]) : m.constant(0);
      // (re + i·im)(cos + i·sin), added to the accumulators (in f64, stored in the element type).
      Value real = m.sub(m.mul(re, cosine), m.mul(im, sine));
      Value imaginary = m.add(m.mul(re, sine), m.mul(im, cosine));
      size_t acc = inputs.size();
      linalg::YieldOp::create(
          b, l, ValueRange{narrow(m.add(wide(args[acc]), real)), narrow(m.add(wide(args[acc + 1]), imaginary))});
    });
    // [..., 2]: the last dim picks the part.
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap dropLast = identity.dropResult(rank - 1);
    auto interleave =
        linalg::GenericOp::create(rewriter, loc, TypeRange{resultType}, transform.getResults(),
                                  ValueRange{emptyTensor(rewriter, loc, resultType)}, {dropLast, dropLast, identity},
                                  SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
                                  [&](OpBuilder &b, Location l, ValueRange args) {
      Value first = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, linalg::IndexOp::create(b, l, rank - 1),
                                          indexConstant(b, l, 0));
      linalg::YieldOp::create(b, l, ValueRange{arith::SelectOp::create(b, l, first, args[0], args[1])});
    });
    rewriter.replaceOp(op, interleave.getResult(0));
    return success();
  }
};

/// ONNX STFT-17: frame f of batch b is signal[b, f·step + n] for n < frame_length, times
/// window[n]; output [b, f, k] is its DFT at frequency k (the first frame_length / 2 + 1 when
/// onesided), real and imaginary parts in the last dim. frame_step and frame_length may be run-time
/// values, so each output element sums over its frame in a loop, in f64, with the phase kn taken
/// modulo frame_length in integers as DFT does; a frame reaching past the signal (a result shape
/// that contradicts the run's step) fails the run naming the node.
struct StftLowering : AiccLowering<mlir::aicc::STFTOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::STFTOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value signal = adaptor.getSignal();
    auto type = cast<RankedTensorType>(signal.getType());
    RankedTensorType resultType = loweredType(op.getOutput());
    if (type.getRank() != 3 || (type.getDimSize(2) != 1 && type.getDimSize(2) != 2))
      return op.emitOpError("signal must be [batch, length, 1 or 2], got ") << op.getSignal().getType();
    if (resultType.getRank() != 4 || resultType.getDimSize(3) != 2)
      return op.emitOpError("result must be [batch, frames, bins, 2], got ") << op.getOutput().getType();
    bool complexInput = type.getDimSize(2) == 2, onesided = op.getOnesided() != 0;
    if (complexInput && onesided) return op.emitOpError("onesided applies to a real signal only");
    Value window = adaptor.getWindow();
    bool windowed = !isa<NoneType>(window.getType());
    if (!windowed && isa<NoneType>(adaptor.getFrameLength().getType()))
      return op.emitOpError("needs a window or a frame_length");
    auto scalar = [&](Value tensor) {
      return convertElement(rewriter, loc, scalarOf(rewriter, loc, tensor), rewriter.getI64Type(),
                            /*fromUnsigned=*/false, /*toUnsigned=*/false);
    };
    auto asIndex = [&](Value v) {
      return arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), v).getResult();
    };
    Value step = asIndex(scalar(adaptor.getFrameStep()));
    Value length = windowed ? tensor::DimOp::create(rewriter, loc, window, 0).getResult()
                            : asIndex(scalar(adaptor.getFrameLength()));
    Value samples = tensor::DimOp::create(rewriter, loc, signal, 1);
    SmallVector<Value> sizes;
    if (resultType.isDynamicDim(0)) sizes.push_back(tensor::DimOp::create(rewriter, loc, signal, 0));
    if (resultType.isDynamicDim(1)) {
      Value one = indexConstant(rewriter, loc, 1);
      sizes.push_back(arith::AddIOp::create(
          rewriter, loc,
          arith::DivSIOp::create(rewriter, loc, arith::SubIOp::create(rewriter, loc, samples, length), step), one));
    }
    if (resultType.isDynamicDim(2))
      sizes.push_back(onesided ? arith::AddIOp::create(
                                     rewriter, loc,
                                     arith::DivSIOp::create(rewriter, loc, length, indexConstant(rewriter, loc, 2)),
                                     indexConstant(rewriter, loc, 1))
                                     .getResult()
                               : length);
    Type element = type.getElementType();
    std::string node = onnxNodeNames(op, "STFT");
    Value result =
        generate(rewriter, loc, resultType, sizes, {}, [&](OpBuilder &b, Location l, ValueRange at, ValueRange) {
      Value batch = at[0], frame = at[1], k = at[2];
      FloatMath m{b, l, b.getF64Type()};
      auto wide = [&](Value v) {
        return v.getType().isF64() ? v : arith::ExtFOp::create(b, l, b.getF64Type(), v).getResult();
      };
      Value zero = indexConstant(b, l, 0), one = indexConstant(b, l, 1);
      Value start = arith::MulIOp::create(b, l, frame, step);
      Value lengthF = m.fromIndex(length);
      auto sum = scf::ForOp::create(b, l, zero, length, one, ValueRange{m.constant(0), m.constant(0)},
                                    [&](OpBuilder &nb, Location nl, Value n, ValueRange acc) {
        FloatMath f{nb, nl, nb.getF64Type()};
        Value t = arith::AddIOp::create(nb, nl, start, n);
        Value raw = arith::IndexCastOp::create(nb, nl, nb.getI64Type(), t);
        Value at = CheckIndexOp::create(nb, nl, raw, samples, 1, node).getPosition();
        Value re = wide(tensor::ExtractOp::create(nb, nl, signal, ValueRange{batch, at, indexConstant(nb, nl, 0)}));
        Value im =
            complexInput
                ? wide(tensor::ExtractOp::create(nb, nl, signal, ValueRange{batch, at, indexConstant(nb, nl, 1)}))
                : f.constant(0);
        if (windowed) {
          Value w = wide(tensor::ExtractOp::create(nb, nl, window, ValueRange{n}));
          re = f.mul(re, w);
          im = f.mul(im, w);
        }
        Value phase = arith::RemUIOp::create(nb, nl, arith::MulIOp::create(nb, nl, k, n), length);
        Value angle = f.div(f.mul(f.constant(-2 * M_PI), f.fromIndex(phase)), lengthF);
        Value cosine = math::CosOp::create(nb, nl, angle), sine = math::SinOp::create(nb, nl, angle);
        Value real = f.sub(f.mul(re, cosine), f.mul(im, sine));
        Value imaginary = f.add(f.mul(re, sine), f.mul(im, cosine));
        scf::YieldOp::create(nb, nl, ValueRange{f.add(acc[0], real), f.add(acc[1], imaginary)});
      });
      Value first = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, at[3], zero);
      Value part = m.select(first, sum.getResult(0), sum.getResult(1));
      return element.isF64() ? part : arith::TruncFOp::create(b, l, element, part).getResult();
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateDftPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DftLowering, StftLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
