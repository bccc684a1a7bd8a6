// The region ops of detection models: ONNX MaxUnpool-11 (a scatter of pooled maxima back to where
// MaxPool found them), RoiAlign-16 (bilinear samples averaged, or maxed, over each bin of each
// region of interest) and MaxRoiPool-1 (the max of each bin's pixels), as ONNX Runtime computes
// them. Indices that ONNX requires in range (MaxUnpool's
// positions, the ROI ops' batch indices) go through aicc_cpu.check_index: outside, the run fails
// naming the node rather than reading or writing outside a tensor.
#include "backends/cpu/Passes.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "backends/cpu/dialect/CpuDialect.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

namespace aicc::cpu {
namespace {

using namespace mlir;

//===----------------------------------------------------------------------===//
// MaxUnpool
//===----------------------------------------------------------------------===//

/// MaxUnpool: zeros but at each flat position I[i] of the unpooled shape ((in - 1) * stride - pads +
/// kernel), which gets X[i]; an output_shape larger than that pads it with zeros at the end of each
/// spatial dim (the positions keep their coordinates, as ONNX's own test expects).
struct MaxUnpoolLowering : AiccLowering<mlir::aicc::MaxUnpoolOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::MaxUnpoolOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), indices = adaptor.getI();
    auto type = cast<RankedTensorType>(x.getType());
    RankedTensorType resultType = loweredType(op.getOutput());
    int64_t rank = type.getRank(), spatial = rank - 2;
    if (rank < 3) return op.emitOpError("X must be [N, C, D1, ...], got ") << op.getX().getType();
    if (cast<RankedTensorType>(indices.getType()).getShape() != type.getShape())
      return op.emitOpError("indices must have the input's shape ") << op.getX().getType();
    ArrayRef<int64_t> kernel = op.getKernelShape();
    std::optional<ArrayRef<int64_t>> strides = op.getStrides(), pads = op.getPads();
    if (static_cast<int64_t>(kernel.size()) != spatial ||
        (strides && static_cast<int64_t>(strides->size()) != spatial) ||
        (pads && static_cast<int64_t>(pads->size()) != 2 * spatial))
      return op.emitOpError("kernel_shape, strides and pads must have one entry per spatial dim (pads two)");
    SmallVector<int64_t> unpooled(type.getShape().take_front(2));
    for (int64_t d = 0; d < spatial; ++d)
      unpooled.push_back((type.getDimSize(d + 2) - 1) * (strides ? (*strides)[d] : 1) + kernel[d] -
                         (pads ? (*pads)[d] + (*pads)[d + spatial] : 0));
    if (resultType.getRank() != rank || resultType.getShape().take_front(2) != type.getShape().take_front(2))
      return op.emitOpError("result ") << resultType << " must keep the input's batch and channels";
    for (int64_t d = 2; d < rank; ++d)
      if (unpooled[d] < 1 || resultType.getDimSize(d) < unpooled[d])
        return op.emitOpError("output shape ") << resultType << " is smaller than the unpooled shape";
    int64_t total = 1;
    for (int64_t size : unpooled) total *= size;
    Type element = resultType.getElementType();
    Value zero = scalarConstant(rewriter, loc, element, 0);
    Value flat = filledTensor(rewriter, loc, RankedTensorType::get({total}, element), zero);
    std::string node = onnxNodeNames(op, "MaxUnpool");
    Value lb = indexConstant(rewriter, loc, 0), one = indexConstant(rewriter, loc, 1);
    SmallVector<Value> lbs(rank, lb), steps(rank, one), ubs;
    for (int64_t size : type.getShape()) ubs.push_back(indexConstant(rewriter, loc, size));
    Value limit = indexConstant(rewriter, loc, total);
    scf::LoopNest nest =
        scf::buildLoopNest(rewriter, loc, lbs, ubs, steps, ValueRange{flat},
                           [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
      Value index = tensor::ExtractOp::create(b, l, indices, ivs);
      auto check = CheckIndexOp::create(b, l, index, limit, 0, node);
      Value value = tensor::ExtractOp::create(b, l, x, ivs);
      auto write = scf::IfOp::create(b, l, check.getInRange(), [&](OpBuilder &then, Location tl) {
        Value written = tensor::InsertOp::create(then, tl, value, carried[0], ValueRange{check.getPosition()});
        scf::YieldOp::create(then, tl, written);
      }, [&](OpBuilder &skip, Location sl) { scf::YieldOp::create(skip, sl, carried[0]); });
      return {write.getResult(0)};
    });
    Value result = reshapeTo(rewriter, loc, nest.results[0], resultType.clone(unpooled));
    if (unpooled != resultType.getShape()) {
      SmallVector<OpFoldResult> low(rank, rewriter.getIndexAttr(0)), high;
      for (int64_t d = 0; d < rank; ++d) high.push_back(rewriter.getIndexAttr(resultType.getDimSize(d) - unpooled[d]));
      result = tensor::PadOp::create(rewriter, loc, resultType, result, low, high, zero);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// RoiAlign
//===----------------------------------------------------------------------===//

/// RoiAlign over X [N, C, H, W], rois [R, 4] (x1, y1, x2, y2) and batch_indices [R]: result
/// [R, C, output_height, output_width]. Each bin averages (or takes the max of) a grid of bilinear
/// samples: sampling_ratio per side, or ceil(roi size / bins) when 0. half_pixel shifts the roi by
/// -0.5 pixel; output_half_pixel (the legacy form) does not, and makes the roi at least 1x1.
struct RoiAlignLowering : AiccLowering<mlir::aicc::RoiAlignOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::RoiAlignOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), rois = adaptor.getRois(), batchIndices = adaptor.getBatchIndices();
    auto type = cast<RankedTensorType>(x.getType());
    RankedTensorType resultType = loweredType(op.getY());
    if (type.getRank() != 4) return op.emitOpError("X must be [N, C, H, W], got ") << op.getX().getType();
    auto roisType = cast<RankedTensorType>(rois.getType());
    if (roisType.getRank() != 2 || roisType.getDimSize(1) != 4)
      return op.emitOpError("rois must be [num_rois, 4], got ") << op.getRois().getType();
    StringRef mode = op.getMode(), transform = op.getCoordinateTransformationMode();
    if (mode != "avg" && mode != "max") return op.emitOpError("mode must be avg or max, got ") << mode;
    if (transform != "half_pixel" && transform != "output_half_pixel")
      return op.emitOpError("coordinate_transformation_mode must be half_pixel or output_half_pixel, got ")
             << transform;
    bool average = mode == "avg", halfPixel = transform == "half_pixel";
    int64_t pooledH = op.getOutputHeight(), pooledW = op.getOutputWidth(), ratio = op.getSamplingRatio();
    if (pooledH < 1 || pooledW < 1 || ratio < 0)
      return op.emitOpError("output_height and output_width must be positive and sampling_ratio not negative");
    double scale = op.getSpatialScale().convertToDouble();
    Type element = type.getElementType();
    int64_t height = type.getDimSize(2), width = type.getDimSize(3);
    std::string node = onnxNodeNames(op, "RoiAlign");
    Value batches = indexConstant(rewriter, loc, type.getDimSize(0));

    Value pooled =
        generate(rewriter, loc, resultType, {}, {}, [&](OpBuilder &b, Location l, ValueRange at, ValueRange) {
      Value r = at[0], c = at[1], ph = at[2], pw = at[3];
      FloatMath m{b, l, element};
      auto coordinate = [&](int64_t i) {
        Value v = tensor::ExtractOp::create(b, l, rois, ValueRange{r, indexConstant(b, l, i)});
        return m.sub(m.mul(v, m.constant(scale)), m.constant(halfPixel ? 0.5 : 0.0));
      };
      Value startW = coordinate(0), startH = coordinate(1), endW = coordinate(2), endH = coordinate(3);
      Value roiW = m.sub(endW, startW), roiH = m.sub(endH, startH);
      if (!halfPixel) {
        roiW = m.max(roiW, m.constant(1));
        roiH = m.max(roiH, m.constant(1));
      }
      Value binH = m.div(roiH, m.constant(static_cast<double>(pooledH)));
      Value binW = m.div(roiW, m.constant(static_cast<double>(pooledW)));
      // Samples per bin side: sampling_ratio, or ceil(roi size / bins) (at least 1 sample counted).
      auto gridSide = [&](Value roiSize, int64_t bins) -> Value {
        if (ratio > 0) return indexConstant(b, l, ratio);
        Value side = math::CeilOp::create(b, l, m.div(roiSize, m.constant(static_cast<double>(bins))));
        side = m.clampForIndex(side, 0, static_cast<double>(std::numeric_limits<int32_t>::max()));
        return arith::IndexCastOp::create(b, l, b.getIndexType(), arith::FPToSIOp::create(b, l, b.getI64Type(), side));
      };
      Value gridH = gridSide(roiH, pooledH), gridW = gridSide(roiW, pooledW);
      Value raw = tensor::ExtractOp::create(b, l, batchIndices, ValueRange{r});
      auto check = CheckIndexOp::create(b, l, raw, batches, 0, node);
      Value n = check.getPosition();
      Value binStartH = m.add(startH, m.mul(m.fromIndex(ph), binH));
      Value binStartW = m.add(startW, m.mul(m.fromIndex(pw), binW));
      Value stepH = m.div(binH, m.fromIndex(gridH)), stepW = m.div(binW, m.fromIndex(gridW));
      Value zeroIndex = indexConstant(b, l, 0), oneIndex = indexConstant(b, l, 1);
      Value init = m.constant(average ? 0 : -std::numeric_limits<double>::infinity());
      auto rows = scf::ForOp::create(b, l, zeroIndex, gridH, oneIndex, ValueRange{init},
                                     [&](OpBuilder &rb, Location rl, Value iy, ValueRange rowAcc) {
        auto columns = scf::ForOp::create(rb, rl, zeroIndex, gridW, oneIndex, rowAcc,
                                          [&](OpBuilder &cb, Location cl, Value ix, ValueRange acc) {
          FloatMath in{cb, cl, element};
          Value y = in.add(binStartH, in.mul(in.add(in.fromIndex(iy), in.constant(0.5)), stepH));
          Value xs = in.add(binStartW, in.mul(in.add(in.fromIndex(ix), in.constant(0.5)), stepW));
          // Bilinear weights and corners as ONNX Runtime clamps them; outside [-1, size] the sample is 0.
          auto outside = [&](Value v, int64_t size) {
            Value below = arith::CmpFOp::create(cb, cl, arith::CmpFPredicate::OLT, v, in.constant(-1));
            Value above =
                arith::CmpFOp::create(cb, cl, arith::CmpFPredicate::OGT, v, in.constant(static_cast<double>(size)));
            return arith::OrIOp::create(cb, cl, below, above).getResult();
          };
          Value empty = arith::OrIOp::create(cb, cl, outside(y, height), outside(xs, width));
          struct Axis {
            Value low, high, frac;
          };
          auto axis = [&](Value v, int64_t size) {
            auto i64 = cb.getI64Type();
            // Clamped into the image (NaN to 0) before it becomes an index: the corner reads stay
            // inside X whatever the roi holds; `empty` zeroes the samples outside [-1, size].
            v = in.clampForIndex(v, 0, static_cast<double>(size - 1));
            Value low = arith::FPToSIOp::create(cb, cl, i64, v);
            Value last = arith::ConstantIntOp::create(cb, cl, i64, size - 1);
            Value atEdge = arith::CmpIOp::create(cb, cl, arith::CmpIPredicate::sge, low, last);
            low = arith::SelectOp::create(cb, cl, atEdge, last, low);
            Value high = arith::SelectOp::create(
                cb, cl, atEdge, last, arith::AddIOp::create(cb, cl, low, arith::ConstantIntOp::create(cb, cl, i64, 1)));
            Value lowFloat = arith::SIToFPOp::create(cb, cl, element, low);
            v = arith::SelectOp::create(cb, cl, atEdge, lowFloat, v);
            auto asIndex = [&](Value i) {
              return arith::IndexCastOp::create(cb, cl, cb.getIndexType(), i).getResult();
            };
            return Axis{asIndex(low), asIndex(high), in.sub(v, lowFloat)};
          };
          Axis ay = axis(y, height), ax = axis(xs, width);
          Value hy = in.sub(in.constant(1), ay.frac), hx = in.sub(in.constant(1), ax.frac);
          auto pixel = [&](Value yy, Value xx) {
            return tensor::ExtractOp::create(cb, cl, x, ValueRange{n, c, yy, xx}).getResult();
          };
          Value terms[] = {in.mul(in.mul(hy, hx), pixel(ay.low, ax.low)),
                           in.mul(in.mul(hy, ax.frac), pixel(ay.low, ax.high)),
                           in.mul(in.mul(ay.frac, hx), pixel(ay.high, ax.low)),
                           in.mul(in.mul(ay.frac, ax.frac), pixel(ay.high, ax.high))};
          // ONNX Runtime's max mode takes the largest weighted corner of each sample.
          Value sample = average ? in.add(in.add(terms[0], terms[1]), in.add(terms[2], terms[3]))
                                 : in.max(in.max(terms[0], terms[1]), in.max(terms[2], terms[3]));
          sample = arith::SelectOp::create(cb, cl, empty, in.constant(0), sample);
          Value next = average ? in.add(acc[0], sample) : in.max(acc[0], sample);
          scf::YieldOp::create(cb, cl, next);
        });
        scf::YieldOp::create(rb, rl, columns.getResults());
      });
      Value result = rows.getResult(0);
      if (average) {
        Value count = arith::MaxUIOp::create(b, l, arith::MulIOp::create(b, l, gridH, gridW), oneIndex);
        result = m.div(result, m.fromIndex(count));
      }
      // A region without samples (a max over none) is 0, as the average over none is.
      Value none =
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, arith::MulIOp::create(b, l, gridH, gridW), zeroIndex);
      return arith::SelectOp::create(b, l, none, m.constant(0), result).getResult();
    });
    rewriter.replaceOp(op, pooled);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// MaxRoiPool
//===----------------------------------------------------------------------===//

/// MaxRoiPool-1 over X [N, C, H, W] and rois [R, 5] (batch index, x1, y1, x2, y2): result
/// [R, C, pooled_h, pooled_w], each bin the max of its pixels, as Caffe, torchvision's roi_pool and
/// ONNX Runtime compute it: the roi's corners rounded to pixels (size at least 1), bin p covering
/// [floor(p * size / bins), ceil((p + 1) * size / bins)) from the roi's start, clipped to the
/// image; an empty bin is 0.
struct MaxRoiPoolLowering : AiccLowering<mlir::aicc::MaxRoiPoolOp> {
  using AiccLowering::AiccLowering;
  // The roi count may be a run-time value (the proposals of a two-stage detector).
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::MaxRoiPoolOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), rois = adaptor.getRois();
    auto type = cast<RankedTensorType>(x.getType());
    RankedTensorType resultType = loweredType(op.getY());
    if (type.getRank() != 4 || !type.hasStaticShape())
      return op.emitOpError("X must be a static [N, C, H, W], got ") << op.getX().getType();
    if (resultType.getRank() != 4 ||
        !llvm::all_of(resultType.getShape().drop_front(), [](int64_t d) { return d >= 0; }))
      return op.emitOpError("result must be [num_rois, C, pooled_h, pooled_w], got ") << op.getY().getType();
    auto roisType = cast<RankedTensorType>(rois.getType());
    if (roisType.getRank() != 2 || roisType.getDimSize(1) != 5)
      return op.emitOpError("rois must be [num_rois, 5], got ") << op.getRois().getType();
    ArrayRef<int64_t> pooled = op.getPooledShape();
    if (pooled.size() != 2 || pooled[0] < 1 || pooled[1] < 1)
      return op.emitOpError("pooled_shape must be two positive sizes");
    double scale = op.getSpatialScale().convertToDouble();
    Type element = type.getElementType();
    int64_t height = type.getDimSize(2), width = type.getDimSize(3);
    std::string node = onnxNodeNames(op, "MaxRoiPool");
    Value batches = indexConstant(rewriter, loc, type.getDimSize(0));
    SmallVector<Value> roiCount;
    if (resultType.isDynamicDim(0)) roiCount.push_back(tensor::DimOp::create(rewriter, loc, rois, 0));

    Value result =
        generate(rewriter, loc, resultType, roiCount, {}, [&](OpBuilder &b, Location l, ValueRange at, ValueRange) {
      Value r = at[0], c = at[1];
      FloatMath m{b, l, element};
      auto i64 = b.getI64Type();
      auto roi = [&](int64_t i) {
        return tensor::ExtractOp::create(b, l, rois, ValueRange{r, indexConstant(b, l, i)});
      };
      // A pixel coordinate from a float, clamped first so that NaN and infinities stay in i64.
      auto toInt = [&](Value v) {
        return arith::FPToSIOp::create(b, l, i64, m.clampForIndex(v, -(1 << 30), 1 << 30)).getResult();
      };
      auto corner = [&](int64_t i) { return toInt(math::RoundOp::create(b, l, m.mul(roi(i), m.constant(scale)))); };
      Value startW = corner(1), startH = corner(2), endW = corner(3), endH = corner(4);
      Value one = arith::ConstantIntOp::create(b, l, i64, 1), zero = arith::ConstantIntOp::create(b, l, i64, 0);
      auto extent = [&](Value start, Value end) {
        return arith::MaxSIOp::create(b, l, arith::AddIOp::create(b, l, arith::SubIOp::create(b, l, end, start), one),
                                      one)
            .getResult();
      };
      auto span = [&](Value p, int64_t bins, Value start, Value size, int64_t limit) {
        Value binSize = m.div(arith::SIToFPOp::create(b, l, element, size), m.constant(static_cast<double>(bins)));
        Value pf = m.fromIndex(p);
        Value low = toInt(math::FloorOp::create(b, l, m.mul(pf, binSize)));
        Value high = toInt(math::CeilOp::create(b, l, m.mul(m.add(pf, m.constant(1)), binSize)));
        Value last = arith::ConstantIntOp::create(b, l, i64, limit);
        auto clip = [&](Value v) {
          return arith::MinSIOp::create(b, l, arith::MaxSIOp::create(b, l, arith::AddIOp::create(b, l, v, start), zero),
                                        last)
              .getResult();
        };
        auto asIndex = [&](Value v) { return arith::IndexCastOp::create(b, l, b.getIndexType(), v).getResult(); };
        return std::pair{asIndex(clip(low)), asIndex(clip(high))};
      };
      auto [h0, h1] = span(at[2], pooled[0], startH, extent(startH, endH), height);
      auto [w0, w1] = span(at[3], pooled[1], startW, extent(startW, endW), width);
      auto check = CheckIndexOp::create(b, l, arith::FPToSIOp::create(b, l, i64, m.clampForIndex(roi(0), -1, 1 << 30)),
                                        batches, 0, node);
      Value n = check.getPosition();
      Value oneIndex = indexConstant(b, l, 1);
      Value lowest = m.constant(-std::numeric_limits<double>::infinity());
      auto rows = scf::ForOp::create(b, l, h0, h1, oneIndex, ValueRange{lowest},
                                     [&](OpBuilder &rb, Location rl, Value h, ValueRange rowAcc) {
        auto columns = scf::ForOp::create(rb, rl, w0, w1, oneIndex, rowAcc,
                                          [&](OpBuilder &cb, Location cl, Value w, ValueRange acc) {
          Value pixel = tensor::ExtractOp::create(cb, cl, x, ValueRange{n, c, h, w});
          Value greater = arith::CmpFOp::create(cb, cl, arith::CmpFPredicate::OGT, pixel, acc[0]);
          scf::YieldOp::create(cb, cl, ValueRange{arith::SelectOp::create(cb, cl, greater, pixel, acc[0]).getResult()});
        });
        scf::YieldOp::create(rb, rl, columns.getResults());
      });
      Value empty = arith::OrIOp::create(b, l, arith::CmpIOp::create(b, l, arith::CmpIPredicate::sle, h1, h0),
                                         arith::CmpIOp::create(b, l, arith::CmpIPredicate::sle, w1, w0));
      return m.select(empty, m.constant(0), rows.getResult(0));
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateRoiPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MaxRoiPoolLowering, MaxUnpoolLowering, RoiAlignLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
