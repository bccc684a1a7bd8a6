// Small aicc-dialect builders the graph passes share: a chain link used once, i64 constants, Unsqueeze, a dim's size,
// moving a stack's leading dim, a subgraph moved into a Loop's body, and bringing a function's signature up to date
// after a rewrite.
#ifndef AICC_PASSES_GRAPHBUILDERS_H
#define AICC_PASSES_GRAPHBUILDERS_H

#include <optional>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace aicc {

/// The op of type OpTy that defines `value` and has no other user, or null: a link of a chain a
/// fusion replaces whole.
template <typename OpTy> OpTy soleProducer(mlir::Value value) {
  auto op = value.getDefiningOp<OpTy>();
  return op && value.hasOneUse() ? op : OpTy();
}

/// An aicc.Constant of i64 `values`: 1-D, or rank 0 when `scalar` (one value).
mlir::Value i64Constant(mlir::OpBuilder &b, mlir::Location loc, llvm::ArrayRef<int64_t> values, bool scalar = false);

/// The value of a constant integer scalar (aicc.Constant or arith.constant), if it is one.
std::optional<int64_t> constantInt(mlir::Value value);

/// `t` (ranked) with a unit dim inserted at `axis`.
mlir::Value unsqueezeAt(mlir::OpBuilder &b, mlir::Location loc, mlir::Value t, int64_t axis);

/// `stack` ([n, d...], ranked) with its leading dim moved to `axis` by a Transpose; `stack` itself
/// for axis 0.
mlir::Value moveLeadingDimTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value stack, int64_t axis);

/// Moves `body` (a subgraph ending in aicc.Yield) into `loopBody`, the empty body region of a new
/// aicc.Loop. The new block takes (iteration: i64, condition: i1, then one argument per `carried`
/// type); `bind`, called at its start, builds the value each of `body`'s arguments stands for; the
/// yield gets the condition in front of its values. Returns the yield.
mlir::Operation *moveIntoLoopBody(
    mlir::OpBuilder &b, mlir::Location loc, mlir::Region &loopBody, mlir::Block &body, mlir::TypeRange carried,
    llvm::function_ref<llvm::SmallVector<mlir::Value>(mlir::Value iteration, mlir::ValueRange carried)> bind);

/// Dim `dim` of `tensor` as a rank-0 i64 tensor (Shape of that dim, Gather of its element).
mlir::Value dimSize(mlir::OpBuilder &b, mlir::Location loc, mlir::Value tensor, int64_t dim);

/// Sets `func`'s result types to what it returns (after a rewrite that typed them more precisely).
void setResultTypesFromReturn(mlir::func::FuncOp func);

} // namespace aicc

#endif // AICC_PASSES_GRAPHBUILDERS_H
