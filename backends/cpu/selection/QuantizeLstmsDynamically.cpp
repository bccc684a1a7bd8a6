// QuantizeLstmsDynamically: an LSTM kernel with constant f32 weights becomes a dynamically
// quantized one (AICC_KERNEL_QUANTIZED_RNN): W and R s8 with a scale per row here, X and the
// hidden state quantized on each run. See Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/selection/QuantizedKernels.h"
#include "dialects/AiccDialect.h"
#include "passes/ConstantTensor.h"

#include "llvm/ADT/StringSet.h"

#include <cmath>

namespace aicc::cpu {

#define GEN_PASS_DEF_QUANTIZELSTMSDYNAMICALLY
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct QuantizeLstmsDynamically : impl::QuantizeLstmsDynamicallyBase<QuantizeLstmsDynamically> {
  using QuantizeLstmsDynamicallyBase::QuantizeLstmsDynamicallyBase;

  void runOnOperation() override {
    llvm::StringSet<> kept;
    for (const std::string &name : keepFp32) kept.insert(name);
    int64_t lstms = 0, quantized = 0;
    getOperation().walk([&](RnnOp rnn) {
      if (rnn.getCell() != RnnCell::lstm) return;
      ++lstms;
      quantized += (rnn.getWScales() || !madeFrom(rnn, kept)) && quantize(rnn) ? 1 : 0;
    });
    // What aicc -v reports.
    if (lstms > 0)
      getOperation().emitRemark() << "dynamic quantization: " << quantized << " of " << lstms
                                  << " LSTM kernels with int8 weights";
  }

  /// Whether `rnn` has int8 weights now.
  static bool quantize(RnnOp rnn) {
    if (rnn.getWScales()) return true;
    // Anything else would run in f32 on the weights dequantized: their precision lost for nothing.
    if (!rnn.isPlainLstm()) return false;
    std::optional<ConstantTensor> w = ConstantTensor::of(rnn.getW()), r = ConstantTensor::of(rnn.getR());
    auto finite = [](const std::optional<ConstantTensor> &t) {
      return t && t->isFloat() && llvm::all_of(t->floats, [](double v) { return std::isfinite(v); });
    };
    if (!finite(w) || !finite(r)) return false;

    OpBuilder builder(rnn);
    // Each row of W [D, G*H, I] and R [D, G*H, H] is one output unit of one gate: a column of
    // op(B) for B = W viewed as [D*G*H, I], transposed.
    auto quantizeRows = [&](Value weights, ConstantTensor &constant, llvm::StringRef name) {
      auto type = cast<ShapedType>(weights.getType());
      const int64_t rows = type.getDimSize(0) * type.getDimSize(1), columns = type.getDimSize(2);
      QuantizedWeights q = quantizePerColumn(constant.floats, columns, rows, /*transB=*/true);
      ConstantTensor values{RankedTensorType::get(type.getShape(), builder.getIntegerType(8)), std::move(q.values), {}};
      Value quantized = mlir::aicc::ConstantOp::create(builder, rnn.getLoc(), values.toAttr(name));
      auto scalesType = RankedTensorType::get(type.getShape().take_front(2), builder.getF32Type());
      Value scales = mlir::aicc::ConstantOp::create(builder, rnn.getLoc(),
                                                    DenseElementsAttr::get(scalesType, llvm::ArrayRef(q.scales)));
      return std::make_pair(quantized, scales);
    };
    auto [wq, wScales] = quantizeRows(rnn.getW(), *w, "quantized_w");
    auto [rq, rScales] = quantizeRows(rnn.getR(), *r, "quantized_r");
    rnn.getWMutable().assign(wq);
    rnn.getRMutable().assign(rq);
    rnn.getWScalesMutable().assign(wScales);
    rnn.getRScalesMutable().assign(rScales);
    return true;
  }
};

} // namespace

} // namespace aicc::cpu
