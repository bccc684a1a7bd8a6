// QuantizeStatically: convolutions with a calibrated input range → int8 QDQ form (see Passes.td).
#include "passes/ConstantTensor.h"
#include "passes/Passes.h"
#include "passes/StaticQuantization.h"

#include "mlir/IR/Builders.h"

#include <algorithm>
#include <cmath>

namespace aicc {

#define GEN_PASS_DEF_QUANTIZESTATICALLY
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// u8 per tensor over [min, max] widened to hold 0, so that 0 (zero padding, ReLU's floor) is
/// exact.
struct ActivationQuantization {
  float scale;
  uint8_t zeroPoint;
};
ActivationQuantization activationQuantization(double min, double max) {
  min = std::min(min, 0.0);
  max = std::max(max, 0.0);
  const float scale = max - min >= std::numeric_limits<float>::min() * 255 ? float((max - min) / 255) : 1.f;
  const double zeroPoint = std::clamp(std::nearbyint(-min / scale), 0.0, 255.0);
  return {scale, static_cast<uint8_t>(zeroPoint)};
}

Value scalarConstant(OpBuilder &b, Location loc, Type elementType, Attribute value) {
  auto type = RankedTensorType::get({}, elementType);
  return mlir::aicc::ConstantOp::create(b, loc, DenseElementsAttr::get(type, value)).getResult();
}

/// x → QuantizeLinear → DequantizeLinear, placed after x's definition; returns the dequantized
/// value.
Value quantizeActivation(OpBuilder &b, Value x, ActivationQuantization q) {
  if (Operation *def = x.getDefiningOp())
    b.setInsertionPointAfter(def);
  else
    b.setInsertionPointToStart(cast<BlockArgument>(x).getOwner());
  Location loc = x.getLoc();
  auto u8 = IntegerType::get(b.getContext(), 8, IntegerType::Unsigned);
  Value scale = scalarConstant(b, loc, b.getF32Type(), b.getF32FloatAttr(q.scale));
  Value zeroPoint = scalarConstant(b, loc, u8, b.getIntegerAttr(u8, q.zeroPoint));
  auto type = cast<RankedTensorType>(x.getType());
  Value quantized = mlir::aicc::QuantizeLinearOp::create(b, loc, type.clone(u8), x, scale, zeroPoint, 1);
  return mlir::aicc::DequantizeLinearOp::create(b, loc, type, quantized, scale, zeroPoint, 1);
}

/// W [OC, ...] in s8, symmetric per output channel: the values and their scales, as constants.
struct QuantizedWeights {
  Value values, scales;
};
QuantizedWeights quantizeWeights(OpBuilder &b, Location loc, const ConstantTensor &w) {
  const int64_t channels = w.shape()[0], perChannel = w.size() / std::max<int64_t>(channels, 1);
  ConstantTensor values{RankedTensorType::get(w.shape(), b.getI8Type()), std::vector<int64_t>(w.size()), {}};
  llvm::SmallVector<float> scales;
  for (int64_t oc = 0; oc < channels; ++oc) {
    auto channel = llvm::ArrayRef(w.floats).slice(oc * perChannel, perChannel);
    double largest = 0;
    for (double v : channel) largest = std::max(largest, std::abs(v));
    const double exact = largest / 127;
    const float scale = exact >= std::numeric_limits<float>::min() ? float(exact) : 1.f;
    scales.push_back(scale);
    for (int64_t i = 0; i < perChannel; ++i)
      values.ints[oc * perChannel + i] = int64_t(std::clamp(std::nearbyint(channel[i] / scale), -127.0, 127.0));
  }
  auto scalesType = RankedTensorType::get({channels}, b.getF32Type());
  return {
      mlir::aicc::ConstantOp::create(b, loc, values.toAttr("quantized_weights")).getResult(),
      mlir::aicc::ConstantOp::create(b, loc, DenseElementsAttr::get(scalesType, llvm::ArrayRef(scales))).getResult()};
}

/// Where X is a MaxPool's or a Concat's result, the op reads its inputs quantized as X is, and so
/// on up through such ops whose result only the op above reads. Clamping and rounding are monotone
/// and elementwise, so the max of quantized values is the quantized max and the concatenation of
/// quantized values the quantized concatenation, exactly: the op can move u8 values
/// (FoldQuantizedDataMovement, the int8 pooling kernel), and the ops before it write them. X then
/// holds its dequantized values itself, so this is for an X whose every reader reads them (none
/// returned or kept in f32). None of an op's inputs is quantized where one is a convolution's X
/// (quantized as that one is) or already dequantized.
void quantizeSources(OpBuilder &b, Value x, ActivationQuantization q, llvm::ArrayRef<Value> convInputs) {
  Operation *op = x.getDefiningOp();
  if (!op || op->hasAttr(kKeepFp32Attr)) return;
  llvm::SmallVector<OpOperand *> sources;
  if (auto pool = dyn_cast<mlir::aicc::MaxPoolOp>(op)) {
    if (!isa<NoneType>(pool.getIndices().getType()) && !pool.getIndices().use_empty()) return;
    sources.push_back(&pool.getXMutable());
  } else if (isa<mlir::aicc::ConcatOp>(op)) {
    for (OpOperand &input : op->getOpOperands()) sources.push_back(&input);
  }
  if (llvm::any_of(sources, [&](OpOperand *source) {
    auto type = dyn_cast<RankedTensorType>(source->get().getType());
    return !type || !type.getElementType().isF32() || llvm::is_contained(convInputs, source->get()) ||
           source->get().getDefiningOp<mlir::aicc::DequantizeLinearOp>();
  }))
    return;
  for (OpOperand *source : sources) {
    Value value = source->get();
    if (value.hasOneUse()) quantizeSources(b, value, q, convInputs);
    source->set(quantizeActivation(b, value, q));
  }
}

/// Whether every reader of X will read its dequantized value: none returns it or is kept in f32.
bool allReadDequantized(Value x) {
  return llvm::none_of(x.getUsers(),
                       [](Operation *user) { return isa<func::ReturnOp>(user) || user->hasAttr(kKeepFp32Attr); });
}

struct QuantizeStatically : impl::QuantizeStaticallyBase<QuantizeStatically> {
  void runOnOperation() override {
    OpBuilder b(&getContext());
    llvm::DenseMap<Value, Value> dequantized; // X → what its users read instead
    llvm::DenseMap<Value, QuantizedWeights> quantizedWeights;
    llvm::SmallVector<mlir::aicc::ConvOp> convs = staticallyQuantizedConvs(getOperation());
    // Read before the rewrites, which make a later convolution read the dequantized X.
    llvm::SmallVector<Value> inputs =
        llvm::map_to_vector(convs, [](mlir::aicc::ConvOp c) -> Value { return c.getX(); });
    for (auto [conv, x] : llvm::zip(convs, inputs)) {
      Attribute attr = conv->getAttr(kInputRangeAttr);
      if (!attr) continue;
      conv->removeAttr(kInputRangeAttr);
      auto range = dyn_cast<DenseF64ArrayAttr>(attr);
      if (!range || range.size() != 2 || !std::isfinite(range[0]) || !std::isfinite(range[1]) || range[0] > range[1]) {
        conv.emitError() << kInputRangeAttr << " is not a range of two finite numbers: " << attr;
        return signalPassFailure();
      }
      std::optional<ConstantTensor> w = ConstantTensor::of(conv.getW());
      if (!w) continue;
      // One quantized copy of weights several convolutions share, one DequantizeLinear each (the
      // kernel takes a W only it reads).
      auto [weights, fresh] = quantizedWeights.try_emplace(conv.getW());
      b.setInsertionPoint(conv);
      if (fresh) weights->second = quantizeWeights(b, conv.getW().getLoc(), *w);
      Value none = mlir::aicc::NoneOp::create(b, conv.getLoc()).getResult();
      conv.getWMutable().assign(mlir::aicc::DequantizeLinearOp::create(
          b, conv.getLoc(), w->type, weights->second.values, weights->second.scales, none, 0));
      Value &readX = dequantized[x];
      if (!readX) {
        const ActivationQuantization q = activationQuantization(range[0], range[1]);
        if (allReadDequantized(x)) quantizeSources(b, x, q, inputs);
        readX = quantizeActivation(b, x, q);
        Operation *quantize = readX.getDefiningOp()->getOperand(0).getDefiningOp();
        x.replaceUsesWithIf(readX, [&](OpOperand &use) {
          Operation *user = use.getOwner();
          return user != quantize && !isa<func::ReturnOp>(user) && !user->hasAttr(kKeepFp32Attr);
        });
      }
    }
  }
};

} // namespace
} // namespace aicc
