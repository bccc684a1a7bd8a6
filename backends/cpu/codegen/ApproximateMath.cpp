// ApproximateMath: exp, log, tanh, erf and their kin become MLIR's polynomial approximations (plain
// arith on scalars or vectors) instead of libm calls, which LLVM cannot vectorize. See Passes.td.
#include "backends/cpu/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_APPROXIMATEMATH
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// The functions approximated: those whose approximation MLIR keeps within a few ulp over the
/// whole f32 range. sin/cos/atan lose accuracy for large arguments and stay libm calls.
const llvm::StringSet<> kApproximated = {"math.exp",  "math.expm1", "math.log", "math.log1p",
                                         "math.log2", "math.tanh",  "math.erf"};

struct ApproximateMathPass : impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    auto approximated = [](StringRef name) { return kApproximated.contains(name); };
    populateMathF32ExpansionPatterns(patterns, approximated);
    populateMathPolynomialApproximationPatterns(patterns, approximated);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
