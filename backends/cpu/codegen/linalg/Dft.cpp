// ONNX DFT-17 → a linalg.generic that reduces over the signal's samples: for each output frequency
// k, X[k] = Σ_t x[t] · e^(∓2πi·kt/n), real and imaginary parts as two results, with n = dft_length
// (the signal zero-padded or cut to it) and the phase kt taken modulo n in integers so that large
// products keep their precision; the inverse scales by 1/n, and onesided keeps the first n/2 + 1
// frequencies. A second generic interleaves the parts into the [..., 2] result. A direct O(n²)
// transform: the lengths audio front ends and models use are short.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"

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

} // namespace

void populateDftPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DftLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
