// ComputeInBf16: convolutions, deconvolutions, matmuls and LSTMs on f32 data compute in bf16 where
// that pays (aicc --precision=bf16). See Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/TensorReshape.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_COMPUTEINBF16
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

// bf16 halves the multiply-adds' time but adds a pass over each operand that arrives at run time
// (rounding it to bf16), and a short dot product gains little from the faster instructions.
// Measured on Zen 5 (2 threads, oneDNN 2.6): ResNet-50's convolutions of 128 or more multiply-adds
// per input element run in 0.46-0.85 of their f32 time, its 1x1 convs of 64 in 0.93-1.04;
// MobileNetV2's depthwise convs (9 per element) take 1.2-3.3 times as long, its 1x1 convs with
// 16-24 input channels 1.0-1.2 times, those of 32 or more channels and 192 or more multiply-adds
// per input element 0.7-0.85.
constexpr int64_t kMinMacsPerInputElement = 128;
constexpr int64_t kMinDotLength = 32; // multiply-adds per output element

// Product of `dims`, or none if one of them is dynamic.
std::optional<int64_t> product(llvm::ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t d : dims) {
    if (ShapedType::isDynamic(d)) return std::nullopt;
    result *= d;
  }
  return result;
}

llvm::ArrayRef<int64_t> shapeOf(Value v) { return cast<ShapedType>(v.getType()).getShape(); }

// Whether `ratio` (a count of multiply-adds per element, none where a dynamic dim hides it: a
// batch or a sequence, which are rarely small) reaches `least`.
bool reaches(std::optional<double> ratio, int64_t least) { return !ratio || *ratio >= least; }

// X [N, C, in...], W (conv [OC, C/g, k...], deconv [C, OC/g, k...]), Y [N, OC, out...]. A conv's
// output element takes C/g * k taps, and its input element feeds OC/g * k outputs at each of its
// positions (out / in per input position); a deconv's the other way round.
template <typename WindowOp> bool windowPays(WindowOp op, bool transposed) {
  llvm::ArrayRef<int64_t> x = shapeOf(op.getInput()), w = shapeOf(op.getWeights()), y = shapeOf(op.getInit());
  // Lowered weights are constants, of static dims; others are left alone.
  if (!product(w)) return false;
  const double kernel = double(*product(w.drop_front(2))), groups = double(op.getGroups());
  const double cPerGroup = transposed ? w[0] / groups : w[1], ocPerGroup = transposed ? w[1] : w[0] / groups;
  std::optional<int64_t> in = product(x.drop_front(2)), out = product(y.drop_front(2));
  std::optional<double> outPerIn;
  if (in && out) outPerIn = double(*out) / double(*in);
  std::optional<double> perIn = ocPerGroup * kernel, perOut = cPerGroup * kernel;
  if (transposed)
    perOut = outPerIn ? std::optional<double>(*perOut / *outPerIn) : std::nullopt;
  else
    perIn = outPerIn ? std::optional<double>(*perIn * *outPerIn) : std::nullopt;
  return reaches(perIn, kMinMacsPerInputElement) && reaches(perOut, kMinDotLength);
}

// op(A) [..., M, K] x op(B) [..., K, N] -> Y [..., M, N]: A is rounded on each run, and B where
// it is not a constant.
bool matmulPays(MatMulOp op) {
  auto logical = [](Value v, std::optional<llvm::ArrayRef<int64_t>> permutation, bool transposed) {
    llvm::SmallVector<int64_t> dims(shapeOf(v));
    if (permutation) dims = applyPermutation(dims, *permutation);
    if (transposed) std::swap(dims[dims.size() - 1], dims[dims.size() - 2]);
    return dims;
  };
  llvm::SmallVector<int64_t> a = logical(op.getA(), op.getAPermutation(), op.getTransA());
  llvm::SmallVector<int64_t> b = logical(op.getB(), op.getBPermutation(), op.getTransB());
  const int64_t rank = a.size(), m = a[rank - 2], k = a[rank - 1], n = b[rank - 1];
  auto known = [](int64_t d) { return ShapedType::isDynamic(d) ? std::nullopt : std::optional<double>(d); };
  // Each A element meets N columns of B, each B element M rows of A (batch broadcasting aside).
  if (!reaches(known(k), kMinDotLength) || !reaches(known(n), kMinMacsPerInputElement)) return false;
  return throughReshapes(op.getB()).getDefiningOp<mlir::aicc::ConstantOp>() ||
         reaches(known(m), kMinMacsPerInputElement);
}

// An LSTM's recurrence multiplies the state by R on every step, a dot product of hidden_size.
// The runtime computes in bf16 only an LSTM its fast kernels take (isPlainLstm) with constant W
// and R (rounded once, not on each run). GRUs and plain RNNs stay f32: oneDNN 2.6's bf16 GRU
// stopped with SIGFPE here.
bool lstmPays(RnnOp op) {
  auto constant = [](Value v) { return static_cast<bool>(throughReshapes(v).getDefiningOp<mlir::aicc::ConstantOp>()); };
  return op.isPlainLstm() && !op.getWScales() && op.getHiddenSize() >= kMinDotLength && constant(op.getW()) &&
         constant(op.getR());
}

bool pays(Operation *op) {
  if (auto conv = dyn_cast<ConvOp>(op)) return windowPays(conv, false);
  if (auto deconv = dyn_cast<DeconvOp>(op)) return windowPays(deconv, true);
  if (auto rnn = dyn_cast<RnnOp>(op)) return lstmPays(rnn);
  return matmulPays(cast<MatMulOp>(op));
}

bool allF32(Operation *op) {
  return llvm::all_of(op->getOperandTypes(), [](Type type) { return cast<ShapedType>(type).getElementType().isF32(); });
}

struct ComputeInBf16 : impl::ComputeInBf16Base<ComputeInBf16> {
  using ComputeInBf16Base::ComputeInBf16Base;

  void runOnOperation() override {
    llvm::StringSet<> kept;
    for (const std::string &name : keepFp32) kept.insert(name);
    int64_t kernels = 0, inBf16 = 0;
    getOperation().walk([&](Operation *op) {
      auto rnn = dyn_cast<RnnOp>(op);
      if (!isa<ConvOp, DeconvOp, MatMulOp>(op) && !(rnn && rnn.getCell() == RnnCell::lstm)) return;
      ++kernels;
      // An int8 matmul (b_scales) or LSTM (w_scales) stays int8.
      if (!allF32(op) || madeFrom(op, kept) || !pays(op)) return;
      op->setAttr("compute_type", DataTypeAttr::get(op->getContext(), DataType::bf16));
      ++inBf16;
    });
    // What aicc -v reports.
    if (kernels > 0)
      getOperation().emitRemark() << "bf16: " << inBf16 << " of " << kernels
                                  << " conv, deconv, matmul and LSTM kernels compute in bf16";
  }
};

} // namespace

} // namespace aicc::cpu
