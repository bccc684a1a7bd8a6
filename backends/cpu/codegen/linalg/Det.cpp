// ONNX Det-11 → for each matrix of [*, M, M], Gaussian elimination with partial pivoting in f64
// (as LAPACK's getrf, which numpy's reference calls): the determinant is the product of the pivots,
// negated once per row swap. A zero pivot column makes it 0 without dividing by zero. Scalar scf
// loops over an [M, M] workspace: O(M³) per matrix, for the small matrices models hold.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// An scf.for from `lb` to `ub` carrying `init`; `body` returns the next values.
ValueRange forRange(OpBuilder &b, Location loc, Value lb, Value ub, ValueRange init,
                    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)> body) {
  auto loop = scf::ForOp::create(b, loc, lb, ub, indexConstant(b, loc, 1), init,
                                 [&](OpBuilder &nested, Location l, Value iv, ValueRange args) {
    scf::YieldOp::create(nested, l, body(nested, l, iv, args));
  });
  return loop.getResults();
}

struct DetLowering : AiccLowering<mlir::aicc::DetOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::DetOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    if (rank < 2) return op.emitOpError("input must have at least 2 dims, got ") << op.getX().getType();
    RankedTensorType resultType = loweredType(op.getY());
    if (resultType.getRank() != rank - 2) return op.emitOpError("result must have rank ") << rank - 2;
    Value m = tensor::DimOp::create(rewriter, loc, x, rank - 1);
    Type element = type.getElementType();
    auto f64 = rewriter.getF64Type();
    Value zero = indexConstant(rewriter, loc, 0), one = indexConstant(rewriter, loc, 1);
    SmallVector<Value> batchSizes, dynamicSizes;
    for (int64_t d = 0; d < rank - 2; ++d) {
      batchSizes.push_back(tensor::DimOp::create(rewriter, loc, x, d));
      if (resultType.isDynamicDim(d)) dynamicSizes.push_back(batchSizes.back());
    }
    Value workspace = emptyTensor(
        rewriter, loc, RankedTensorType::get({ShapedType::kDynamic, ShapedType::kDynamic}, f64), ValueRange{m, m});
    SmallVector<Value> lbs(rank - 2, zero), steps(rank - 2, one);
    scf::LoopNest nest =
        scf::buildLoopNest(rewriter, loc, lbs, batchSizes, steps,
                           ValueRange{emptyTensor(rewriter, loc, resultType, dynamicSizes), workspace},
                           [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
      auto elementAt = [&](OpBuilder &nb, Location nl, Value row, Value column) {
        SmallVector<Value> at(ivs);
        at.push_back(row);
        at.push_back(column);
        Value value = tensor::ExtractOp::create(nb, nl, x, at);
        return element == f64 ? value : arith::ExtFOp::create(nb, nl, f64, value).getResult();
      };
      auto get = [](OpBuilder &nb, Location nl, Value a, Value i, Value j) {
        return tensor::ExtractOp::create(nb, nl, a, ValueRange{i, j}).getResult();
      };
      auto put = [](OpBuilder &nb, Location nl, Value a, Value i, Value j, Value v) {
        return tensor::InsertOp::create(nb, nl, v, a, ValueRange{i, j}).getResult();
      };
      // The matrix, in f64.
      Value a = forRange(b, l, zero, m, carried[1], [&](OpBuilder &rb, Location rl, Value i, ValueRange rows) {
        return SmallVector<Value>{
            forRange(rb, rl, zero, m, rows, [&](OpBuilder &cb, Location cl, Value j, ValueRange in) {
          return SmallVector<Value>{put(cb, cl, in[0], i, j, elementAt(cb, cl, i, j))};
        })[0]};
      })[0];
      Value det = scalarConstant(b, l, f64, 1);
      ValueRange done =
          forRange(b, l, zero, m, ValueRange{a, det}, [&](OpBuilder &kb, Location kl, Value k, ValueRange state) {
        Value matrix = state[0], product = state[1];
        Value next = arith::AddIOp::create(kb, kl, k, one);
        // The pivot: the row from k down with the largest magnitude in column k (the first on ties).
        ValueRange pivot =
            forRange(kb, kl, next, m, ValueRange{k, math::AbsFOp::create(kb, kl, get(kb, kl, matrix, k, k))},
                     [&](OpBuilder &pb, Location pl, Value i, ValueRange best) {
          Value magnitude = math::AbsFOp::create(pb, pl, get(pb, pl, matrix, i, k));
          Value larger = arith::CmpFOp::create(pb, pl, arith::CmpFPredicate::OGT, magnitude, best[1]);
          return SmallVector<Value>{arith::SelectOp::create(pb, pl, larger, i, best[0]),
                                    arith::SelectOp::create(pb, pl, larger, magnitude, best[1])};
        });
        Value row = pivot[0];
        Value swapped = arith::CmpIOp::create(kb, kl, arith::CmpIPredicate::ne, row, k);
        matrix = forRange(kb, kl, zero, m, matrix, [&](OpBuilder &sb, Location sl, Value j, ValueRange in) {
          Value top = get(sb, sl, in[0], k, j), bottom = get(sb, sl, in[0], row, j);
          Value out = put(sb, sl, put(sb, sl, in[0], k, j, bottom), row, j, top);
          return SmallVector<Value>{out};
        })[0];
        Value diagonal = get(kb, kl, matrix, k, k);
        Value sign =
            arith::SelectOp::create(kb, kl, swapped, scalarConstant(kb, kl, f64, -1), scalarConstant(kb, kl, f64, 1));
        product = arith::MulFOp::create(kb, kl, product, arith::MulFOp::create(kb, kl, sign, diagonal));
        Value singular =
            arith::CmpFOp::create(kb, kl, arith::CmpFPredicate::OEQ, diagonal, scalarConstant(kb, kl, f64, 0));
        // Eliminate column k below the pivot (nothing to do for a zero pivot: the product is 0).
        matrix = forRange(kb, kl, next, m, matrix, [&](OpBuilder &eb, Location el, Value i, ValueRange in) {
          Value ratio = arith::DivFOp::create(eb, el, get(eb, el, in[0], i, k), diagonal);
          ratio = arith::SelectOp::create(eb, el, singular, scalarConstant(eb, el, f64, 0), ratio);
          return SmallVector<Value>{
              forRange(eb, el, next, m, in, [&](OpBuilder &jb, Location jl, Value j, ValueRange r) {
            Value updated = arith::SubFOp::create(jb, jl, get(jb, jl, r[0], i, j),
                                                  arith::MulFOp::create(jb, jl, ratio, get(jb, jl, r[0], k, j)));
            return SmallVector<Value>{put(jb, jl, r[0], i, j, updated)};
          })[0]};
        })[0];
        return SmallVector<Value>{matrix, product};
      });
      Value result = done[1];
      if (element != f64) result = arith::TruncFOp::create(b, l, element, result);
      return {tensor::InsertOp::create(b, l, result, carried[0], ivs).getResult(), done[0]};
    });
    rewriter.replaceOp(op, nest.results[0]);
    return success();
  }
};

} // namespace

void populateDetPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DetLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
