// ONNX GridSample-16 → one linalg.generic over the result [N, C, H_out, W_out]: each element reads
// its (x, y) from grid[n, h, w] (normalized to [-1, 1]), maps it to pixel coordinates
// (align_corners: -1 and 1 are the corner pixels' centres; else their outer edges), and samples X
// there: nearest (round half to even), bilinear (4 taps) or bicubic (16 taps, A = -0.75). The
// padding mode says what a coordinate outside the image reads: zeros, the border (clamped) or the
// reflection; bicubic applies it to each tap, the others to the coordinate, as PyTorch's
// grid_sample (which ONNX's definition follows) does. Taps outside the image read 0 without
// reading outside X, NaN and infinite coordinates included.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <algorithm>

namespace aicc::cpu {
namespace {

using namespace mlir;

enum class Padding { Zeros, Border, Reflection };

struct Sampler {
  const FloatMath &m;
  Value x;    // the input [N, C, H, W]
  Value n, c; // the batch and channel read
  int64_t height, width;
  Padding padding;
  bool alignCorners;

  /// A normalized coordinate in [-1, 1] as a pixel coordinate along a dim of `size`.
  Value unnormalize(Value g, int64_t size) const {
    Value one = m.constant(1);
    if (alignCorners) return m.mul(m.div(m.add(g, one), m.constant(2)), m.constant(static_cast<double>(size - 1)));
    return m.div(m.sub(m.mul(m.add(g, one), m.constant(static_cast<double>(size))), one), m.constant(2));
  }

  Value clip(Value v, int64_t size) const {
    return m.min(m.max(v, m.constant(0)), m.constant(static_cast<double>(size - 1)));
  }

  /// v reflected into [low / 2, high / 2] (PyTorch's reflect_coordinates).
  Value reflect(Value v, double twiceLow, double twiceHigh) const {
    if (twiceLow == twiceHigh) return m.constant(0);
    Value low = m.constant(twiceLow / 2), span = m.constant((twiceHigh - twiceLow) / 2);
    Value from = math::AbsFOp::create(m.b, m.l, m.sub(v, low));
    Value extra = arith::RemFOp::create(m.b, m.l, from, span);
    Value flips = math::FloorOp::create(m.b, m.l, m.div(from, span));
    Value half = m.mul(flips, m.constant(0.5));
    Value even =
        arith::CmpFOp::create(m.b, m.l, arith::CmpFPredicate::OEQ, math::FloorOp::create(m.b, m.l, half), half);
    return m.select(even, m.add(extra, low), m.add(m.sub(span, extra), low));
  }

  /// The padding mode applied to a pixel coordinate along a dim of `size`.
  Value pad(Value v, int64_t size) const {
    switch (padding) {
    case Padding::Zeros: return v;
    case Padding::Border: return clip(v, size);
    case Padding::Reflection:
      v = alignCorners ? reflect(v, 0, 2.0 * static_cast<double>(size - 1))
                       : reflect(v, -1, 2.0 * static_cast<double>(size) - 1);
      return clip(v, size);
    }
    llvm_unreachable("every padding mode is handled");
  }

  /// X at the integer-valued pixel coordinates (yy, xx), 0 outside the image.
  Value tap(Value yy, Value xx) const {
    auto inside = [&](Value v, int64_t size) {
      Value atLeast = arith::CmpFOp::create(m.b, m.l, arith::CmpFPredicate::OGE, v, m.constant(0));
      Value atMost =
          arith::CmpFOp::create(m.b, m.l, arith::CmpFPredicate::OLE, v, m.constant(static_cast<double>(size - 1)));
      return arith::AndIOp::create(m.b, m.l, atLeast, atMost).getResult();
    };
    auto index = [&](Value v, int64_t size) {
      Value i = arith::FPToSIOp::create(m.b, m.l, m.b.getI64Type(),
                                        m.clampForIndex(v, 0, static_cast<double>(std::max<int64_t>(size - 1, 0))));
      return arith::IndexCastOp::create(m.b, m.l, m.b.getIndexType(), i).getResult();
    };
    Value value = tensor::ExtractOp::create(m.b, m.l, x, ValueRange{n, c, index(yy, height), index(xx, width)});
    Value valid = arith::AndIOp::create(m.b, m.l, inside(yy, height), inside(xx, width));
    return m.select(valid, value, m.constant(0));
  }

  Value nearest(Value yy, Value xx) const {
    return tap(math::RoundEvenOp::create(m.b, m.l, pad(yy, height)),
               math::RoundEvenOp::create(m.b, m.l, pad(xx, width)));
  }

  Value bilinear(Value yy, Value xx) const {
    yy = pad(yy, height);
    xx = pad(xx, width);
    Value one = m.constant(1);
    Value y0 = math::FloorOp::create(m.b, m.l, yy), x0 = math::FloorOp::create(m.b, m.l, xx);
    Value y1 = m.add(y0, one), x1 = m.add(x0, one);
    Value wy1 = m.sub(yy, y0), wx1 = m.sub(xx, x0);
    Value wy0 = m.sub(one, wy1), wx0 = m.sub(one, wx1);
    return m.add(m.add(m.mul(m.mul(wy0, wx0), tap(y0, x0)), m.mul(m.mul(wy0, wx1), tap(y0, x1))),
                 m.add(m.mul(m.mul(wy1, wx0), tap(y1, x0)), m.mul(m.mul(wy1, wx1), tap(y1, x1))));
  }

  /// The 4 cubic convolution weights of the taps at offsets -1, 0, 1, 2 from floor, for the
  /// fraction t (Keys' kernel with A = -0.75, as PyTorch).
  SmallVector<Value> cubicWeights(Value t) const {
    const double a = -0.75;
    auto near = [&](Value d) { // |d| <= 1
      return m.add(m.mul(m.mul(m.sub(m.mul(m.constant(a + 2), d), m.constant(a + 3)), d), d), m.constant(1));
    };
    auto far = [&](Value d) { // 1 < |d| < 2
      return m.sub(m.mul(m.add(m.mul(m.sub(m.mul(m.constant(a), d), m.constant(5 * a)), d), m.constant(8 * a)), d),
                   m.constant(4 * a));
    };
    Value one = m.constant(1);
    return {far(m.add(t, one)), near(t), near(m.sub(one, t)), far(m.sub(m.constant(2), t))};
  }

  Value bicubic(Value yy, Value xx) const {
    Value y0 = math::FloorOp::create(m.b, m.l, yy), x0 = math::FloorOp::create(m.b, m.l, xx);
    SmallVector<Value> wy = cubicWeights(m.sub(yy, y0)), wx = cubicWeights(m.sub(xx, x0));
    Value sum = m.constant(0);
    for (int64_t i = 0; i < 4; ++i) {
      Value row = m.add(y0, m.constant(static_cast<double>(i - 1)));
      Value across = m.constant(0);
      for (int64_t j = 0; j < 4; ++j) {
        Value column = m.add(x0, m.constant(static_cast<double>(j - 1)));
        across = m.add(across, m.mul(wx[j], tap(pad(row, height), pad(column, width))));
      }
      sum = m.add(sum, m.mul(wy[i], across));
    }
    return sum;
  }
};

struct GridSampleLowering : AiccLowering<mlir::aicc::GridSampleOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::GridSampleOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), grid = adaptor.getGrid();
    auto type = cast<RankedTensorType>(x.getType()), gridType = cast<RankedTensorType>(grid.getType());
    RankedTensorType resultType = loweredType(op.getY());
    if (type.getRank() != 4 || !isa<FloatType>(type.getElementType()))
      return op.emitOpError("X must be a float [N, C, H, W], got ") << op.getX().getType();
    if (gridType.getRank() != 4 || gridType.getDimSize(3) != 2 || gridType.getElementType() != type.getElementType())
      return op.emitOpError("grid must be [N, H_out, W_out, 2] of X's type, got ") << op.getGrid().getType();
    StringRef mode = op.getMode(), paddingMode = op.getPaddingMode();
    if (mode != "bilinear" && mode != "nearest" && mode != "bicubic")
      return op.emitOpError("mode must be bilinear, nearest or bicubic, got ") << mode;
    std::optional<Padding> padding = llvm::StringSwitch<std::optional<Padding>>(paddingMode)
                                         .Case("zeros", Padding::Zeros)
                                         .Case("border", Padding::Border)
                                         .Case("reflection", Padding::Reflection)
                                         .Default(std::nullopt);
    if (!padding) return op.emitOpError("padding_mode must be zeros, border or reflection, got ") << paddingMode;
    int64_t height = type.getDimSize(2), width = type.getDimSize(3);
    AffineMap identity = rewriter.getMultiDimIdentityMap(4);
    auto generic = linalg::GenericOp::create(rewriter, loc, TypeRange{resultType}, ValueRange{},
                                             ValueRange{emptyTensor(rewriter, loc, resultType)}, {identity},
                                             SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
                                             [&](OpBuilder &b, Location l, ValueRange) {
      SmallVector<Value> at = loopIndices(b, l, 4);
      FloatMath m{b, l, type.getElementType()};
      Sampler sampler{m, x, at[0], at[1], height, width, *padding, op.getAlignCorners() != 0};
      auto coordinate = [&](int64_t i) {
        return tensor::ExtractOp::create(b, l, grid, ValueRange{at[0], at[2], at[3], indexConstant(b, l, i)})
            .getResult();
      };
      Value xx = sampler.unnormalize(coordinate(0), width), yy = sampler.unnormalize(coordinate(1), height);
      Value value = mode == "nearest"    ? sampler.nearest(yy, xx)
                    : mode == "bilinear" ? sampler.bilinear(yy, xx)
                                         : sampler.bicubic(yy, xx);
      linalg::YieldOp::create(b, l, value);
    });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateGridSamplePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<GridSampleLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
