// ONNX Dropout-13. Outside training (training_mode absent or a constant false), or with a constant
// ratio of 0, it is the identity and its optional mask is all true. Otherwise each element is kept
// when u >= ratio, u in [0, 1) drawn from a counter-based generator (splitmix64 of seed + flat
// index), and scaled by 1 / (1 - ratio). ONNX only asks for a random mask; this one is the same on
// every run for a given seed attribute, which keeps compiled models reproducible.
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/IR/Matchers.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

Value i64Constant(OpBuilder &b, Location loc, uint64_t value) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(static_cast<int64_t>(value)));
}

/// splitmix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators", 2014).
Value splitmix64(OpBuilder &b, Location loc, Value x) {
  auto mixStep = [&](Value z, int64_t shift, uint64_t multiplier) -> Value {
    Value shifted = arith::ShRUIOp::create(b, loc, z, i64Constant(b, loc, shift));
    return arith::MulIOp::create(b, loc, arith::XOrIOp::create(b, loc, z, shifted), i64Constant(b, loc, multiplier));
  };
  Value z = arith::AddIOp::create(b, loc, x, i64Constant(b, loc, 0x9E3779B97F4A7C15ull));
  z = mixStep(z, 30, 0xBF58476D1CE4E5B9ull);
  z = mixStep(z, 27, 0x94D049BB133111EBull);
  return arith::XOrIOp::create(b, loc, z, arith::ShRUIOp::create(b, loc, z, i64Constant(b, loc, 31)));
}

/// Whether the current element of a linalg.generic over `shape` is kept: u >= ratio (f64), with u
/// the top 53 bits of splitmix64(seed + flat index) scaled into [0, 1).
Value keepElement(OpBuilder &b, Location loc, llvm::ArrayRef<int64_t> shape, int64_t seed, Value ratio) {
  Value flat = i64Constant(b, loc, 0);
  for (auto [d, size] : llvm::enumerate(shape)) {
    Value i = arith::IndexCastOp::create(b, loc, b.getI64Type(), linalg::IndexOp::create(b, loc, d));
    flat = arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, flat, i64Constant(b, loc, size)), i);
  }
  Value bits = splitmix64(b, loc, arith::AddIOp::create(b, loc, flat, i64Constant(b, loc, seed)));
  Value top =
      arith::UIToFPOp::create(b, loc, b.getF64Type(), arith::ShRUIOp::create(b, loc, bits, i64Constant(b, loc, 11)));
  Value u = arith::MulFOp::create(b, loc, top, scalarConstant(b, loc, b.getF64Type(), 0x1.0p-53));
  Value wideRatio = convertElement(b, loc, ratio, b.getF64Type(), false, false);
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, u, wideRatio);
}

struct DropoutLowering : AiccLowering<mlir::aicc::DropoutOp> {
  using AiccLowering::AiccLowering;
  LogicalResult lower(mlir::aicc::DropoutOp op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = loweredType(op.getOutput());
    bool hasMask = !isa<NoneType>(op.getMask().getType());
    if (isIdentity(op, adaptor)) {
      Value mask;
      if (hasMask)
        mask = filledTensor(rewriter, loc, loweredType(op.getMask()),
                            scalarConstant(rewriter, loc, rewriter.getI1Type(), 1));
      rewriter.replaceOp(op, {adaptor.getData(), mask});
      return success();
    }

    // The ratio (default 0.5) and training flag as rank-0 operands of the generics.
    Value ratio = adaptor.getRatio();
    if (isa<NoneType>(op.getRatio().getType())) {
      auto ratioType = RankedTensorType::get({}, type.getElementType());
      ratio = filledTensor(rewriter, loc, ratioType, scalarConstant(rewriter, loc, ratioType.getElementType(), 0.5));
    }
    int64_t seed = op.getSeed() ? static_cast<int64_t>(*op.getSeed()) : 0;
    llvm::ArrayRef<int64_t> shape = type.getShape();
    // The mask element from (ratio, training): kept outside training, else drawn.
    auto keep = [&](OpBuilder &b, Location l, ValueRange ratioAndTraining) -> Value {
      Value notTraining = arith::XOrIOp::create(b, l, ratioAndTraining[1], scalarConstant(b, l, b.getI1Type(), 1));
      return arith::OrIOp::create(b, l, notTraining, keepElement(b, l, shape, seed, ratioAndTraining[0]));
    };
    auto output = buildElementwise(rewriter, loc, type, {adaptor.getData(), ratio, adaptor.getTrainingMode()},
                                   [&](OpBuilder &b, Location l, ValueRange args) {
      return outputElement(b, l, args[0], args[1], args[2], keep(b, l, args.drop_front()));
    });
    if (failed(output)) return op.emitOpError("ratio and training_mode must be scalars");
    Value mask;
    if (hasMask)
      mask = *buildElementwise(rewriter, loc, loweredType(op.getMask()), {ratio, adaptor.getTrainingMode()}, keep);
    rewriter.replaceOp(op, {*output, mask});
    return success();
  }

  /// x / (1 - ratio) where kept in training, x outside training, 0 where dropped.
  static Value outputElement(OpBuilder &b, Location l, Value x, Value ratio, Value training, Value kept) {
    Value one = scalarConstant(b, l, x.getType(), 1);
    Value scale = arith::DivFOp::create(
        b, l, one, arith::SubFOp::create(b, l, one, convertElement(b, l, ratio, x.getType(), false, false)));
    scale = arith::SelectOp::create(b, l, training, scale, one);
    return arith::SelectOp::create(b, l, kept, arith::MulFOp::create(b, l, x, scale),
                                   scalarConstant(b, l, x.getType(), 0));
  }

  /// training_mode absent or a constant false, or ratio a constant 0.
  static bool isIdentity(mlir::aicc::DropoutOp op, OpAdaptor adaptor) {
    if (isa<NoneType>(op.getTrainingMode().getType())) return true;
    auto training = constantInts(adaptor.getTrainingMode());
    if (training && (*training)[0] == 0) return true;
    Attribute ratio;
    if (isa<NoneType>(op.getRatio().getType()) || !matchPattern(adaptor.getRatio(), m_Constant(&ratio))) return false;
    auto values = dyn_cast<DenseFPElementsAttr>(ratio);
    return values && values.getNumElements() == 1 && (*values.value_begin<llvm::APFloat>()).isZero();
  }
};

} // namespace

void populateDropoutPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DropoutLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
