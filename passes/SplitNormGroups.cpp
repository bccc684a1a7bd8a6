// SplitNormGroups: GroupNorm as exporters write it normalizes [N, G, C/G * D1 * ...] and reshapes
// back; with the channel dim kept in the normalized shape, [N, G, C/G, D1, ...], both reshapes are
// plain splits and merges of dims, so the per-channel affine after it fuses into the
// normalization's loop nest instead of reading its output again (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

namespace aicc {

#define GEN_PASS_DEF_SPLITNORMGROUPS
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// The shape [N, G, C/G, D1, ...] that splits the channel dim of `x` [N, C, D1, ...] into the
/// groups of `grouped` [N, G, C/G * D1 * ...], if `grouped` is that grouping of `x` (static shapes).
std::optional<SmallVector<int64_t>> splitShape(RankedTensorType x, RankedTensorType grouped) {
  if (!x.hasStaticShape() || !grouped.hasStaticShape() || x.getRank() < 3 || grouped.getRank() != 3)
    return std::nullopt;
  int64_t batch = x.getDimSize(0), channels = x.getDimSize(1), groups = grouped.getDimSize(1);
  if (grouped.getDimSize(0) != batch || groups < 1 || groups >= channels || channels % groups != 0) return std::nullopt;
  SmallVector<int64_t> split{batch, groups, channels / groups};
  llvm::append_range(split, x.getShape().drop_front(2));
  return split;
}

Value reshape(OpBuilder &b, Location loc, Value data, RankedTensorType type) {
  return mlir::aicc::ReshapeOp::create(b, loc, type, data, i64Constant(b, loc, type.getShape())).getResult();
}

struct SplitNormGroupsPass : impl::SplitNormGroupsBase<SplitNormGroupsPass> {
  void runOnOperation() override {
    SmallVector<mlir::aicc::InstanceNormalizationOp> norms;
    getOperation().walk([&](mlir::aicc::InstanceNormalizationOp norm) { norms.push_back(norm); });
    for (mlir::aicc::InstanceNormalizationOp norm : norms) {
      auto grouping = norm.getInput().getDefiningOp<mlir::aicc::ReshapeOp>();
      if (!grouping) continue;
      auto x = dyn_cast<RankedTensorType>(grouping.getData().getType());
      auto grouped = dyn_cast<RankedTensorType>(norm.getInput().getType());
      if (!x || !grouped) continue;
      std::optional<SmallVector<int64_t>> split = splitShape(x, grouped);
      if (!split) continue;

      OpBuilder b(norm);
      Location loc = norm.getLoc();
      Value input = reshape(b, loc, grouping.getData(), grouped.clone(*split));
      Value normalized = mlir::aicc::InstanceNormalizationOp::create(b, loc, input.getType(), input, norm.getScale(),
                                                                     norm.getB(), norm.getEpsilonAttr())
                             .getResult();
      // The reshape back to [N, C, D1, ...] (or any static shape) now reads the split form.
      for (Operation *user : llvm::make_early_inc_range(norm.getOutput().getUsers())) {
        auto back = dyn_cast<mlir::aicc::ReshapeOp>(user);
        auto type = back ? dyn_cast<RankedTensorType>(back.getReshaped().getType()) : RankedTensorType();
        if (!type || !type.hasStaticShape()) continue;
        b.setInsertionPoint(back);
        back.getReshaped().replaceAllUsesWith(reshape(b, back.getLoc(), normalized, type));
        back.erase();
      }
      if (norm.getOutput().use_empty()) {
        norm.erase();
        continue;
      }
      b.setInsertionPoint(norm);
      norm.getOutput().replaceAllUsesWith(reshape(b, loc, normalized, grouped));
      norm.erase();
    }
  }
};

} // namespace
} // namespace aicc
