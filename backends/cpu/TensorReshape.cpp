// See TensorReshape.h.
#include "backends/cpu/TensorReshape.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

namespace aicc::cpu {

using namespace mlir;

/// Groups of `longer`'s dims, one per dim of `shorter`, where the two differ only by unit dims
/// (Squeeze/Unsqueeze): each dim of `shorter` takes the equal dim of `longer` (symbolic matching
/// symbolic) and the unit dims before it; unit dims at the end join the last group.
static std::optional<llvm::SmallVector<ReassociationIndices>> unitDimGroups(llvm::ArrayRef<int64_t> longer,
                                                                            llvm::ArrayRef<int64_t> shorter) {
  llvm::SmallVector<ReassociationIndices> groups;
  size_t i = 0;
  for (int64_t size : shorter) {
    ReassociationIndices group;
    while (i < longer.size() && longer[i] != size && longer[i] == 1) group.push_back(i++);
    if (i == longer.size() || longer[i] != size) return std::nullopt;
    group.push_back(i++);
    groups.push_back(group);
  }
  for (; i < longer.size(); ++i) {
    if (longer[i] != 1 || groups.empty()) return std::nullopt;
    groups.back().push_back(i);
  }
  return groups;
}

Value reshapeTo(OpBuilder &b, Location loc, Value value, RankedTensorType type) {
  auto source = cast<RankedTensorType>(value.getType());
  if (source.getShape() == type.getShape()) return value;
  if (source.getRank() == type.getRank() && (!source.hasStaticShape() || !type.hasStaticShape()) &&
      tensor::CastOp::areCastCompatible(source, type))
    return tensor::CastOp::create(b, loc, type, value);
  if (type.hasStaticShape() && type.getNumElements() == 0)
    return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType()); // no data, no reassociation
  if (type.getRank() == 0 || source.getRank() == 0) {
    // Only unit dims on the other side: an empty reassociation.
    if (type.getRank() == 0)
      return tensor::CollapseShapeOp::create(b, loc, type, value, ArrayRef<ReassociationIndices>{});
    return tensor::ExpandShapeOp::create(b, loc, type, value, ArrayRef<ReassociationIndices>{});
  }
  // Symbolic dims kept in place around inserted or removed unit dims.
  if (!source.hasStaticShape() || !type.hasStaticShape()) {
    if (source.getRank() > type.getRank())
      if (auto groups = unitDimGroups(source.getShape(), type.getShape()))
        return tensor::CollapseShapeOp::create(b, loc, type, value, *groups);
    if (source.getRank() < type.getRank())
      if (auto groups = unitDimGroups(type.getShape(), source.getShape()))
        return tensor::ExpandShapeOp::create(b, loc, type, value, *groups);
  }
  if (source.getRank() > type.getRank())
    if (auto groups = getReassociationIndicesForCollapse(source.getShape(), type.getShape()))
      return tensor::CollapseShapeOp::create(b, loc, type, value, *groups);
  if (source.getRank() < type.getRank())
    if (auto groups = getReassociationIndicesForCollapse(type.getShape(), source.getShape()))
      return tensor::ExpandShapeOp::create(b, loc, type, value, *groups);
  // No dim-group correspondence (e.g. 2x3 → 3x2): through a 1-D tensor, which needs static sizes.
  if (!source.hasStaticShape() || !type.hasStaticShape()) return Value();
  auto flat = RankedTensorType::get({source.getNumElements()}, source.getElementType());
  return reshapeTo(b, loc, reshapeTo(b, loc, value, flat), type);
}

} // namespace aicc::cpu
