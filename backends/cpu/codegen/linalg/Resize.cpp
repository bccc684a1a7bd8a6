// ONNX Resize-13 → a linalg.generic over the result that reads the input with tensor.extract at
// per-dim taps (1 for nearest, 2 linear, 4 cubic) and sums weight * input over their product. The
// taps of each resized dim come from tables over that dim's output coordinates, one small
// linalg.generic per dim. Each tap's coordinate and weight are computed in f64 as ONNX's reference does
// (onnx/backend/test/case/node/resize.py: interpolate_1d_with_x), so roi and scales may also be
// runtime inputs; constant ones are checked here, and a dim they leave unchanged is a plain copy.
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringSwitch.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

enum class Mode { Nearest, Linear, Cubic };
enum class Transform { HalfPixel, PytorchHalfPixel, AlignCorners, Asymmetric, TfCropAndResize, TfHalfPixelForNN };
enum class Rounding { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };

/// The attributes of one Resize, parsed.
struct ResizeAttrs {
  Mode mode;
  Transform transform;
  Rounding rounding;
  double cubicA;
  bool excludeOutside;
  double extrapolationValue;
};

/// An optional input (roi, scales, sizes). ONNX exporters write an empty tensor for one they skip,
/// so an empty tensor is absent like none. `values` holds the elements when it is a constant.
struct OptionalInput {
  Value value; // the lowered tensor; null when absent
  int64_t length = 0;
  std::optional<llvm::SmallVector<double>> values;

  bool present() const { return static_cast<bool>(value); }
};

OptionalInput readOptionalInput(Value original, Value lowered) {
  OptionalInput input;
  auto type = dyn_cast<RankedTensorType>(original.getType());
  if (!type || type.getNumElements() == 0) return input;
  input.value = lowered;
  input.length = type.getNumElements();
  for (Value candidate : {lowered, original}) {
    DenseElementsAttr attr;
    if (!matchPattern(candidate, m_Constant(&attr))) continue;
    llvm::SmallVector<double> values;
    if (auto floats = dyn_cast<DenseFPElementsAttr>(attr)) {
      for (APFloat value : floats.getValues<APFloat>()) {
        bool losesInfo = false;
        value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &losesInfo);
        values.push_back(value.convertToDouble());
      }
    } else if (auto ints = dyn_cast<DenseIntElementsAttr>(attr)) {
      for (const APInt &value : ints) values.push_back(static_cast<double>(value.getSExtValue()));
    } else {
      continue;
    }
    input.values = std::move(values);
    break;
  }
  return input;
}

/// `value` as printf's %g writes it (diagnostics print doubles in exponent form).
std::string shortDouble(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

/// What the lowering knows about one dim at compile time.
struct DimPlan {
  int64_t in, out;
  /// The output coordinate is the input coordinate (scale 1 under a transform that is then the
  /// identity): one tap, no arithmetic.
  bool copy = false;
  /// out / in when the output size is given by 'sizes' (ONNX's reference: the scale in double).
  std::optional<double> sizesScale;
};

/// One tap of a dim inside the loop body: the (clamped) input index and its weight (null: 1).
struct Tap {
  Value index;
  Value weight;
};

/// One resized dim's taps at each of its output coordinates (tensors of that dim's output size).
struct DimTable {
  llvm::SmallVector<Value> indices, weights;
  Value outside;
};

/// Emits the arithmetic of a Resize: the taps of one dim at an output coordinate (built once per
/// coordinate, into that dim's table), and the weighted sum of an output element from its taps.
class ResizeBody {
public:
  ResizeBody(OpBuilder &b, Location loc, const ResizeAttrs &attrs, llvm::ArrayRef<DimPlan> dims, Value input,
             const OptionalInput &roi, const OptionalInput &scales, Type computeType)
      : b(b), loc(loc), attrs(attrs), dims(dims), input(input), roi(roi), scales(scales), computeType(computeType) {}

  /// The result element from each dim's taps; where `outside`, the extrapolation value. The
  /// flags say whether the input's and the result's integers are unsigned.
  Value combine(llvm::ArrayRef<llvm::SmallVector<Tap>> taps, Value outside, Type elementType, bool inputUnsigned,
                bool resultUnsigned) {
    llvm::SmallVector<Value> coords(dims.size());
    Value value = sum(taps, 0, coords, inputUnsigned);
    if (value.getType() != elementType) value = convertElement(b, loc, value, elementType, false, resultUnsigned);
    if (!outside) return value;
    Value extrapolated = scalarConstant(b, loc, elementType, attrs.extrapolationValue);
    return arith::SelectOp::create(b, loc, outside, extrapolated, value);
  }

private:
  Value cst(double value) { return scalarConstant(b, loc, b.getF64Type(), value); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value cmp(arith::CmpFPredicate predicate, Value x, Value y) { return arith::CmpFOp::create(b, loc, predicate, x, y); }
  Value select(Value condition, Value x, Value y) { return arith::SelectOp::create(b, loc, condition, x, y); }
  Value toF64(Value x) { return convertElement(b, loc, x, b.getF64Type(), false, false); }
  Value element(Value tensor, int64_t i) {
    return tensor::ExtractOp::create(b, loc, tensor, ValueRange{indexConstant(b, loc, i)});
  }

  /// The input index a tap at the f64 coordinate `position` reads: clamped into [0, in - 1] (the
  /// reference pads with edge values) before the conversion, so no coordinate reads out of bounds.
  Value clampedIndex(Value position, int64_t in) {
    Value clamped = arith::MinNumFOp::create(b, loc, arith::MaxNumFOp::create(b, loc, position, cst(0)),
                                             cst(static_cast<double>(in - 1)));
    Value integer = arith::FPToSIOp::create(b, loc, b.getI64Type(), clamped);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), integer);
  }

  /// x_original of output coordinate `loop` on dim `d` (interpolate_1d_with_x); `outside` is set
  /// where tf_crop_and_resize extrapolates.
  Value originalCoordinate(size_t d, Value loop, Value &outside) {
    const DimPlan &plan = dims[d];
    Value x = arith::SIToFPOp::create(b, loc, b.getF64Type(), arith::IndexCastOp::create(b, loc, b.getI64Type(), loop));
    Value scale = plan.sizesScale ? cst(*plan.sizesScale)
                  : scales.values ? cst((*scales.values)[d])
                                  : toF64(element(scales.value, d));
    // The reference's output_width is scale * input_width, not the integer output size; only
    // these three transforms read it.
    Value width, isOne;
    if (attrs.transform == Transform::PytorchHalfPixel || attrs.transform == Transform::AlignCorners ||
        attrs.transform == Transform::TfCropAndResize) {
      width = plan.sizesScale ? cst(*plan.sizesScale * static_cast<double>(plan.in))
                              : mul(scale, cst(static_cast<double>(plan.in)));
      isOne = cmp(arith::CmpFPredicate::OEQ, width, cst(1));
    }
    Value inMinus1 = cst(static_cast<double>(plan.in - 1));
    auto halfPixel = [&] { return sub(div(add(x, cst(0.5)), scale), cst(0.5)); };
    switch (attrs.transform) {
    case Transform::HalfPixel: return halfPixel();
    case Transform::PytorchHalfPixel: return select(isOne, cst(-0.5), halfPixel());
    case Transform::AlignCorners: return select(isOne, cst(0), div(mul(x, inMinus1), sub(width, cst(1))));
    case Transform::Asymmetric: return div(x, scale);
    case Transform::TfHalfPixelForNN: return div(add(x, cst(0.5)), scale);
    case Transform::TfCropAndResize: {
      int64_t rank = dims.size();
      Value start = element(roi.value, d), end = element(roi.value, rank + d);
      // roi[1] - roi[0] in roi's own type, as numpy subtracts the float32 elements.
      Value extent = toF64(arith::SubFOp::create(b, loc, end, start));
      Value single = div(mul(extent, inMinus1), cst(2));
      Value spread = div(mul(mul(x, extent), inMinus1), sub(width, cst(1)));
      Value coordinate = add(select(isOne, single, spread), mul(toF64(start), inMinus1));
      Value dimOutside = arith::OrIOp::create(b, loc, cmp(arith::CmpFPredicate::OLT, coordinate, cst(0)),
                                              cmp(arith::CmpFPredicate::OGT, coordinate, inMinus1));
      outside = dimOutside;
      return coordinate;
    }
    }
    llvm_unreachable("unknown coordinate transformation");
  }

public:
  /// The taps of dim `d` at output coordinate `loop`; `outside` is set where tf_crop_and_resize
  /// extrapolates. The attributes and inputs were checked before, so nothing here fails.
  llvm::SmallVector<Tap> dimTaps(size_t d, Value loop, Value &outside) {
    int64_t in = dims[d].in;
    Value coordinate = originalCoordinate(d, loop, outside);
    Value floor = math::FloorOp::create(b, loc, coordinate);

    if (attrs.mode == Mode::Nearest) {
      // nearest_coeffs: an integer coordinate reads itself; otherwise the rounding picks floor or
      // floor + 1 (fraction is 0 exactly when the coordinate is an integer).
      Value position;
      switch (attrs.rounding) {
      case Rounding::Floor: position = floor; break;
      case Rounding::Ceil: position = math::CeilOp::create(b, loc, coordinate); break;
      case Rounding::RoundPreferFloor:
        position = select(cmp(arith::CmpFPredicate::OLE, sub(coordinate, floor), cst(0.5)), floor, add(floor, cst(1)));
        break;
      case Rounding::RoundPreferCeil:
        position = select(cmp(arith::CmpFPredicate::OLT, sub(coordinate, floor), cst(0.5)), floor, add(floor, cst(1)));
        break;
      }
      return {Tap{clampedIndex(position, in), nullptr}};
    }

    // The reference takes the n input indices nearest the coordinate, preferring the lower ones:
    // with ratio in (0, 1] measured from the tap below it (an integer coordinate has ratio 1 and
    // so sits on the tap above), the taps are base - n/2 + 1 ... base + n/2.
    Value fraction = sub(coordinate, floor);
    Value isInteger = cmp(arith::CmpFPredicate::OEQ, fraction, cst(0));
    Value base = select(isInteger, sub(floor, cst(1)), floor);
    Value ratio = select(isInteger, cst(1), fraction);
    llvm::SmallVector<Value> weights;
    if (attrs.mode == Mode::Linear) {
      weights = {sub(cst(1), ratio), ratio};
    } else {
      // cubic_coeffs, with A = cubic_coeff_a: the Keys kernel at distances 1 + r, r, 1 - r, 2 - r.
      double a = attrs.cubicA;
      auto far = [&](Value s) { // |s| in [1, 2]
        return sub(mul(add(mul(sub(mul(cst(a), s), cst(5 * a)), s), cst(8 * a)), s), cst(4 * a));
      };
      auto near = [&](Value s) { // |s| in [0, 1]
        return add(mul(mul(sub(mul(cst(a + 2), s), cst(a + 3)), s), s), cst(1));
      };
      Value complement = sub(cst(1), ratio);
      weights = {far(add(ratio, cst(1))), near(ratio), near(complement), far(add(complement, cst(1)))};
    }
    int64_t n = weights.size();
    llvm::SmallVector<Value> positions;
    for (int64_t k = 0; k < n; ++k) positions.push_back(add(base, cst(static_cast<double>(k - n / 2 + 1))));

    if (attrs.excludeOutside) {
      // Taps outside the input get weight 0, and the rest are renormalised to sum to 1.
      Value total;
      for (int64_t k = 0; k < n; ++k) {
        Value inside = arith::AndIOp::create(b, loc, cmp(arith::CmpFPredicate::OGE, positions[k], cst(0)),
                                             cmp(arith::CmpFPredicate::OLE, positions[k], cst(in - 1)));
        weights[k] = select(inside, weights[k], cst(0));
        total = total ? add(total, weights[k]) : weights[k];
      }
      for (Value &weight : weights) weight = div(weight, total);
    }

    llvm::SmallVector<Tap> taps;
    for (int64_t k = 0; k < n; ++k) {
      Value weight = weights[k];
      if (weight.getType() != computeType) weight = convertElement(b, loc, weight, computeType, false, false);
      taps.push_back(Tap{clampedIndex(positions[k], in), weight});
    }
    return taps;
  }

private:
  /// Σ_k weight_k * (the sum over the dims after `d`), dim 0 outermost like the reference's
  /// recursion; at the innermost level, the input element at `coords`.
  Value sum(llvm::ArrayRef<llvm::SmallVector<Tap>> taps, size_t d, llvm::SmallVector<Value> &coords, bool isUnsigned) {
    if (d == taps.size()) {
      Value value = tensor::ExtractOp::create(b, loc, input, coords);
      if (attrs.mode == Mode::Nearest) return value;
      return convertElement(b, loc, value, computeType, isUnsigned, false);
    }
    Value total;
    for (const Tap &tap : taps[d]) {
      coords[d] = tap.index;
      Value term = sum(taps, d + 1, coords, isUnsigned);
      if (tap.weight) term = arith::MulFOp::create(b, loc, tap.weight, term);
      total = total ? arith::AddFOp::create(b, loc, total, term) : term;
    }
    return total;
  }

  OpBuilder &b;
  Location loc;
  const ResizeAttrs &attrs;
  llvm::ArrayRef<DimPlan> dims;
  Value input;
  const OptionalInput &roi, &scales;
  Type computeType;
};

struct ResizeLowering : AiccLowering<mlir::aicc::ResizeOp> {
  using AiccLowering::AiccLowering;

  LogicalResult lower(mlir::aicc::ResizeOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    FailureOr<ResizeAttrs> attrs = parseAttrs(op);
    if (failed(attrs)) return failure();
    auto inputType = cast<RankedTensorType>(adaptor.getX().getType());
    RankedTensorType type = loweredType(op.getY());
    int64_t rank = inputType.getRank();
    if (type.getRank() != rank)
      return op.emitOpError("result rank ") << type.getRank() << " differs from the input rank " << rank;

    OptionalInput roi = readOptionalInput(op.getRoi(), adaptor.getRoi());
    OptionalInput scales = readOptionalInput(op.getScales(), adaptor.getScales());
    OptionalInput sizes = readOptionalInput(op.getSizes(), adaptor.getSizes());
    if (scales.present() == sizes.present())
      return op.emitOpError(scales.present() ? "takes 'scales' or 'sizes', not both"
                                             : "needs one of 'scales' and 'sizes' (non-empty)");
    const OptionalInput &given = scales.present() ? scales : sizes;
    const char *givenName = scales.present() ? "'scales'" : "'sizes'";
    if (given.length != rank)
      return op.emitOpError("input ") << givenName << " has " << given.length << " elements for an input of rank "
                                      << rank;
    if (attrs->transform == Transform::TfCropAndResize) {
      if (!roi.present())
        return op.emitOpError("coordinate_transformation_mode \"tf_crop_and_resize\" needs input 'roi'");
      if (roi.length != 2 * rank)
        return op.emitOpError("input 'roi' has ")
               << roi.length << " elements, tf_crop_and_resize needs 2 * rank = " << 2 * rank;
    }

    llvm::SmallVector<DimPlan> dims;
    for (int64_t d = 0; d < rank; ++d) {
      DimPlan plan{inputType.getDimSize(d), type.getDimSize(d), /*copy=*/false, /*sizesScale=*/std::nullopt};
      std::optional<double> scale;
      if (sizes.present()) {
        // The output size is the result type's; constant sizes must agree with it.
        if (sizes.values && (*sizes.values)[d] != static_cast<double>(plan.out))
          return op.emitOpError("result dim ")
                 << d << " is " << plan.out << " but 'sizes' gives " << static_cast<int64_t>((*sizes.values)[d]);
        if (plan.in > 0) plan.sizesScale = scale = static_cast<double>(plan.out) / static_cast<double>(plan.in);
      } else if (scales.values) {
        scale = (*scales.values)[d];
        if (!(*scale > 0) || !std::isfinite(*scale))
          return op.emitOpError("scales must be positive and finite, scales[") << d << "] is " << shortDouble(*scale);
        if (!matchesScale(plan.in, plan.out, *scale, attrs->transform, roi, d, rank))
          return op.emitOpError("result dim ")
                 << d << " is " << plan.out << " but floor(" << plan.in << " * " << shortDouble(*scale) << ") is "
                 << static_cast<int64_t>(std::floor(static_cast<double>(plan.in) * *scale));
      }
      if (plan.in == 0 && plan.out != 0) return op.emitOpError("cannot resize the empty dim ") << d;
      // Scale 1 makes every transform but the tf ones the identity: align_corners gives
      // x * (in - 1) / (in - 1), and pytorch_half_pixel's -0.5 for a single element reads it alone.
      // A single element kept single (N and C of NCHW, whatever a runtime scale is) is read by
      // every tap, with weights that sum to 1.
      bool identity = attrs->transform != Transform::TfCropAndResize && attrs->transform != Transform::TfHalfPixelForNN;
      plan.copy = identity && plan.in == plan.out && ((scale && *scale == 1.0) || plan.in == 1);
      dims.push_back(plan);
    }

    Location loc = op.getLoc();
    if (type.getNumElements() == 0) {
      rewriter.replaceOp(op, emptyTensor(rewriter, loc, type));
      return success();
    }
    if (llvm::all_of(dims, [](const DimPlan &plan) { return plan.copy; }) && inputType == type) {
      rewriter.replaceOp(op, adaptor.getX());
      return success();
    }

    // Weighted sums run in f32 for f32 and narrower floats, in f64 for f64 and integers.
    Type elementType = type.getElementType();
    Type computeType = elementType;
    if (attrs->mode != Mode::Nearest) {
      auto floatType = dyn_cast<FloatType>(elementType);
      computeType = floatType && floatType.getWidth() <= 32 ? rewriter.getF32Type() : rewriter.getF64Type();
    }
    bool isUnsigned = isUnsignedElement(op.getX().getType());
    ResizeAttrs parsed = *attrs;
    int64_t tapCount = attrs->mode == Mode::Nearest ? 1 : attrs->mode == Mode::Linear ? 2 : 4;
    bool weighted = attrs->mode != Mode::Nearest, cropped = attrs->transform == Transform::TfCropAndResize;

    // Each resized dim's taps are computed once per output coordinate of that dim, into tables
    // (per coordinate: tapCount input indices, their weights unless nearest, and whether
    // tf_crop_and_resize extrapolates there). The coordinate arithmetic (f64, with divisions) then
    // costs O(H + W), not O(N C H W).
    llvm::SmallVector<DimTable> tables(rank);
    for (auto [d, plan] : llvm::enumerate(dims)) {
      if (plan.copy) continue;
      llvm::SmallVector<Type> types(tapCount, RankedTensorType::get({plan.out}, rewriter.getI64Type()));
      if (weighted) types.append(tapCount, RankedTensorType::get({plan.out}, computeType));
      if (cropped) types.push_back(RankedTensorType::get({plan.out}, rewriter.getI8Type()));
      llvm::SmallVector<Value> inits;
      for (Type t : types) inits.push_back(emptyTensor(rewriter, loc, cast<RankedTensorType>(t)));
      auto table = linalg::GenericOp::create(
          rewriter, loc, types, ValueRange{}, inits,
          llvm::SmallVector<AffineMap>(types.size(), rewriter.getMultiDimIdentityMap(1)),
          {utils::IteratorType::parallel}, [&, d = d](OpBuilder &nested, Location nestedLoc, ValueRange) {
        ResizeBody body(nested, nestedLoc, parsed, dims, adaptor.getX(), roi, scales, computeType);
        Value outside;
        llvm::SmallVector<Tap> taps = body.dimTaps(d, linalg::IndexOp::create(nested, nestedLoc, 0), outside);
        llvm::SmallVector<Value> entries;
        for (const Tap &tap : taps)
          entries.push_back(arith::IndexCastOp::create(nested, nestedLoc, nested.getI64Type(), tap.index));
        if (weighted)
          for (const Tap &tap : taps) entries.push_back(tap.weight);
        if (cropped) entries.push_back(arith::ExtUIOp::create(nested, nestedLoc, nested.getI8Type(), outside));
        linalg::YieldOp::create(nested, nestedLoc, entries);
      });
      ValueRange results = table.getResults();
      tables[d].indices.assign(results.begin(), results.begin() + tapCount);
      if (weighted) tables[d].weights.assign(results.begin() + tapCount, results.begin() + 2 * tapCount);
      if (cropped) tables[d].outside = results.back();
    }

    // The element loops read the tables with tensor.extract at the loop index of their dim, which
    // the vectorizer sees is uniform across the innermost dim's vector: a tap on an outer dim
    // reads whole rows. Weighted modes resize one dim per loop nest, innermost first (the
    // reference's order of summation): only that first nest gathers, and over the input's rows;
    // every later one scales and adds rows. Nearest reads each element once, in one nest.
    llvm::SmallVector<int64_t> passes;
    for (int64_t d = rank - 1; d >= 0; --d)
      if (!dims[d].copy) passes.push_back(d);
    if (!weighted) passes.assign(1, -1);
    Value current = adaptor.getX();
    llvm::SmallVector<int64_t> shape(inputType.getShape());
    for (auto [i, pass] : llvm::enumerate(passes)) {
      bool last = i + 1 == passes.size();
      if (pass >= 0) shape[pass] = dims[pass].out;
      auto passType = last ? type : RankedTensorType::get(shape, computeType);
      Value input = current;
      auto generic = linalg::GenericOp::create(
          rewriter, loc, TypeRange{passType}, ValueRange{}, ValueRange{emptyTensor(rewriter, loc, passType)},
          {rewriter.getMultiDimIdentityMap(rank)},
          llvm::SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
          [&, pass = pass](OpBuilder &nested, Location nestedLoc, ValueRange) {
        llvm::SmallVector<Value> loops = loopIndices(nested, nestedLoc, rank);
        auto entry = [&](Value table, int64_t d) {
          return tensor::ExtractOp::create(nested, nestedLoc, table, ValueRange{loops[d]}).getResult();
        };
        llvm::SmallVector<llvm::SmallVector<Tap>> taps;
        for (int64_t d = 0; d < rank; ++d) {
          llvm::SmallVector<Tap> &dimTaps = taps.emplace_back();
          if (dims[d].copy || (pass >= 0 && d != pass)) {
            dimTaps.push_back(Tap{loops[d], nullptr});
            continue;
          }
          for (int64_t k = 0; k < tapCount; ++k)
            dimTaps.push_back(Tap{
                arith::IndexCastOp::create(nested, nestedLoc, nested.getIndexType(), entry(tables[d].indices[k], d)),
                weighted ? entry(tables[d].weights[k], d) : nullptr});
        }
        Value outside;
        for (int64_t d = 0; last && cropped && d < rank; ++d) {
          if (dims[d].copy) continue;
          Value zero = arith::ConstantIntOp::create(nested, nestedLoc, nested.getI8Type(), 0);
          Value here =
              arith::CmpIOp::create(nested, nestedLoc, arith::CmpIPredicate::ne, entry(tables[d].outside, d), zero);
          outside = outside ? arith::OrIOp::create(nested, nestedLoc, outside, here) : here;
        }
        ResizeBody body(nested, nestedLoc, parsed, dims, input, roi, scales, computeType);
        linalg::YieldOp::create(
            nested, nestedLoc,
            body.combine(taps, outside, passType.getElementType(), isUnsigned && i == 0, isUnsigned && last));
      });
      current = generic.getResult(0);
    }
    rewriter.replaceOp(op, current);
    return success();
  }

  static FailureOr<ResizeAttrs> parseAttrs(mlir::aicc::ResizeOp op) {
    ResizeAttrs attrs;
    auto mode = llvm::StringSwitch<std::optional<Mode>>(op.getMode())
                    .Case("nearest", Mode::Nearest)
                    .Case("linear", Mode::Linear)
                    .Case("cubic", Mode::Cubic)
                    .Default(std::nullopt);
    if (!mode) return op.emitOpError("unknown mode \"") << op.getMode() << "\" (nearest, linear or cubic)";
    // tf_half_pixel_for_nn is Resize-11's; the version converter keeps it in opset-11 models.
    auto transform = llvm::StringSwitch<std::optional<Transform>>(op.getCoordinateTransformationMode())
                         .Case("half_pixel", Transform::HalfPixel)
                         .Case("pytorch_half_pixel", Transform::PytorchHalfPixel)
                         .Case("align_corners", Transform::AlignCorners)
                         .Case("asymmetric", Transform::Asymmetric)
                         .Case("tf_crop_and_resize", Transform::TfCropAndResize)
                         .Case("tf_half_pixel_for_nn", Transform::TfHalfPixelForNN)
                         .Default(std::nullopt);
    if (!transform)
      return op.emitOpError("unknown coordinate_transformation_mode \"")
             << op.getCoordinateTransformationMode() << "\"";
    auto rounding = llvm::StringSwitch<std::optional<Rounding>>(op.getNearestMode())
                        .Case("round_prefer_floor", Rounding::RoundPreferFloor)
                        .Case("round_prefer_ceil", Rounding::RoundPreferCeil)
                        .Case("floor", Rounding::Floor)
                        .Case("ceil", Rounding::Ceil)
                        .Default(std::nullopt);
    if (!rounding) return op.emitOpError("unknown nearest_mode \"") << op.getNearestMode() << "\"";
    int64_t exclude = op.getExcludeOutside();
    if (exclude != 0 && exclude != 1) return op.emitOpError("exclude_outside must be 0 or 1, got ") << exclude;
    attrs.mode = *mode;
    attrs.transform = *transform;
    attrs.rounding = *rounding;
    attrs.cubicA = op.getCubicCoeffA().convertToDouble();
    attrs.excludeOutside = exclude == 1;
    attrs.extrapolationValue = op.getExtrapolationValue().convertToDouble();
    return attrs;
  }

  /// Whether `out` is what a constant `scale` gives for `in`: floor(in * scale) as ONNX's reference
  /// (double) or its shape inference (float) computes it, or for tf_crop_and_resize with a
  /// constant roi the spec's floor(in * (end - start) * scale).
  static bool matchesScale(int64_t in, int64_t out, double scale, Transform transform, const OptionalInput &roi,
                           int64_t d, int64_t rank) {
    if (out == static_cast<int64_t>(std::floor(static_cast<double>(in) * scale))) return true;
    if (out == static_cast<int64_t>(std::floor(static_cast<float>(in) * static_cast<float>(scale)))) return true;
    if (transform == Transform::TfCropAndResize && roi.values) {
      double extent = (*roi.values)[rank + d] - (*roi.values)[d];
      return out == static_cast<int64_t>(std::floor(static_cast<double>(in) * extent * scale));
    }
    return false;
  }
};

} // namespace

void populateResizePatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
