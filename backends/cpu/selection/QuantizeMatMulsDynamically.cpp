// QuantizeMatMulsDynamically: a matmul kernel with constant f32 weights becomes a dynamically
// quantized one (AICC_KERNEL_QUANTIZED_MATMUL): s8 weights with a scale per column here, A
// quantized to u8 on each run. See Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/TensorReshape.h"
#include "backends/cpu/selection/QuantizedKernels.h"
#include "dialects/AiccDialect.h"
#include "passes/ConstantTensor.h"

#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aicc::cpu {

#define GEN_PASS_DEF_QUANTIZEMATMULSDYNAMICALLY
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct QuantizeMatMulsDynamically : impl::QuantizeMatMulsDynamicallyBase<QuantizeMatMulsDynamically> {
  using QuantizeMatMulsDynamicallyBase::QuantizeMatMulsDynamicallyBase;

  void runOnOperation() override {
    llvm::StringSet<> kept;
    for (const std::string &name : keepFp32) kept.insert(name);
    int64_t matmuls = 0, quantized = 0;
    getOperation().walk([&](MatMulOp matmul) {
      ++matmuls;
      quantized += (matmul.getBScales() || !madeFrom(matmul, kept)) && quantize(matmul) ? 1 : 0;
    });
    // What aicc -v reports.
    if (matmuls > 0)
      getOperation().emitRemark() << "dynamic quantization: " << quantized << " of " << matmuls
                                  << " matmul kernels in int8";
  }

  /// Whether `matmul` is int8 now.
  static bool quantize(MatMulOp matmul) {
    if (matmul.getBScales()) return true;
    if (matmul.getAPermutation() || matmul.getBPermutation() || matmul.getTransA()) return false;
    auto aType = cast<ShapedType>(matmul.getA().getType());
    auto bType = cast<ShapedType>(matmul.getB().getType());
    if (!aType.getElementType().isF32() || !bType.getElementType().isF32() || !bType.hasStaticShape()) return false;
    const int64_t rank = bType.getRank();
    if (llvm::any_of(bType.getShape().drop_back(2), [](int64_t d) { return d != 1; })) return false;
    if (ConstantTensor::of(matmul.getA())) return false; // a product of constants is evaluated, not run
    std::optional<ConstantTensor> b = ConstantTensor::of(throughReshapes(matmul.getB()));
    if (!b || !b->isFloat() || !llvm::all_of(b->floats, [](double v) { return std::isfinite(v); })) return false;

    const bool transB = matmul.getTransB();
    const int64_t k = bType.getDimSize(transB ? rank - 1 : rank - 2),
                  n = bType.getDimSize(transB ? rank - 2 : rank - 1);
    QuantizedWeights weights = quantizePerColumn(b->floats, k, n, transB);
    OpBuilder builder(matmul);
    Location loc = matmul.getLoc();
    ConstantTensor values{
        RankedTensorType::get(bType.getShape(), builder.getIntegerType(8)), std::move(weights.values), {}};
    Value quantized = mlir::aicc::ConstantOp::create(builder, loc, values.toAttr("quantized_weights"));
    auto scalesType = RankedTensorType::get({n}, builder.getF32Type());
    Value scales = mlir::aicc::ConstantOp::create(builder, loc,
                                                  DenseElementsAttr::get(scalesType, llvm::ArrayRef(weights.scales)));
    matmul.getBMutable().assign(quantized);
    matmul.getBScalesMutable().assign(scales);
    return true;
  }
};

} // namespace

QuantizedWeights quantizePerColumn(const std::vector<double> &b, int64_t k, int64_t n, bool transB) {
  auto at = [&](int64_t row, int64_t column) { return transB ? column * k + row : row * n + column; };
  QuantizedWeights result{std::vector<int64_t>(b.size()), {}};
  for (int64_t column = 0; column < n; ++column) {
    double largest = 0;
    for (int64_t row = 0; row < k; ++row) largest = std::max(largest, std::abs(b[at(row, column)]));
    // A column of zeros (or of values whose scale would not be a normal float): any scale; 1 keeps
    // it finite and positive, and the column quantizes to zeros.
    const double exact = largest / 127;
    const float scale = exact >= std::numeric_limits<float>::min() ? static_cast<float>(exact) : 1.f;
    result.scales.push_back(scale);
    for (int64_t row = 0; row < k; ++row)
      result.values[at(row, column)] =
          static_cast<int64_t>(std::clamp(std::nearbyint(b[at(row, column)] / scale), -127.0, 127.0));
  }
  return result;
}

} // namespace aicc::cpu
