#include "backends/cpu/codegen/LoopBounds.h"

#include "mlir/Interfaces/ValueBoundsOpInterface.h"

namespace aicc::cpu {

using namespace mlir;

SmallVector<int64_t> loopBounds(linalg::LinalgOp op) {
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<ShapedType>(operand.get().getType())) continue;
    for (auto [dim, expr] : llvm::enumerate(op.getMatchingIndexingMap(&operand).getResults())) {
      auto loop = dyn_cast<AffineDimExpr>(expr);
      if (!loop || !ShapedType::isDynamic(bounds[loop.getPosition()])) continue;
      FailureOr<int64_t> bound = ValueBoundsConstraintSet::computeConstantBound(
          presburger::BoundType::UB, {operand.get(), static_cast<int64_t>(dim)}, nullptr, /*closedUB=*/true);
      if (succeeded(bound)) bounds[loop.getPosition()] = *bound;
    }
  }
  return bounds;
}

} // namespace aicc::cpu
