// See TensorReshape.h.
#include "backends/cpu/TensorReshape.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

#include <numeric>

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

/// The length of the prefix that `source` and `target` share when it holds their only symbolic
/// dim (one each, at the same place) and the static dims after it regroup: same product, not 0.
/// Then the symbolic dims are equal (the element counts are), and only the suffix is reshaped:
/// [S, 2, 64] → [S, 8, 16] in nn.MultiheadAttention with a symbolic sequence.
static std::optional<size_t> sharedSymbolicPrefix(llvm::ArrayRef<int64_t> source, llvm::ArrayRef<int64_t> target) {
  auto dynamic = [](llvm::ArrayRef<int64_t> shape) { return llvm::count_if(shape, ShapedType::isDynamic); };
  if (dynamic(source) != 1 || dynamic(target) != 1) return std::nullopt;
  size_t prefix = llvm::find_if(source, ShapedType::isDynamic) - source.begin() + 1;
  if (prefix >= source.size() || prefix >= target.size() || source.take_front(prefix) != target.take_front(prefix))
    return std::nullopt;
  auto product = [](llvm::ArrayRef<int64_t> dims) {
    return std::accumulate(dims.begin(), dims.end(), int64_t{1}, std::multiplies<int64_t>());
  };
  int64_t rest = product(source.drop_front(prefix));
  if (rest == 0 || rest != product(target.drop_front(prefix))) return std::nullopt;
  return prefix;
}

/// Groups {0}, ..., {prefix - 1}, then the rest of `rank` dims as one group.
static llvm::SmallVector<ReassociationIndices> prefixThenRest(size_t prefix, size_t rank) {
  llvm::SmallVector<ReassociationIndices> groups;
  for (size_t d = 0; d < prefix; ++d) groups.push_back({static_cast<int64_t>(d)});
  ReassociationIndices rest;
  for (size_t d = prefix; d < rank; ++d) rest.push_back(static_cast<int64_t>(d));
  groups.push_back(rest);
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
  // A symbolic leading part kept, static dims after it regrouped: collapse the static suffix into
  // one dim, then expand it into the target's.
  if (auto prefix = sharedSymbolicPrefix(source.getShape(), type.getShape())) {
    llvm::SmallVector<int64_t> middle(source.getShape().take_front(*prefix));
    middle.push_back(1);
    for (int64_t size : source.getShape().drop_front(*prefix)) middle.back() *= size;
    auto middleType = RankedTensorType::get(middle, source.getElementType());
    Value collapsed = value;
    if (source.getRank() > static_cast<int64_t>(middle.size()))
      collapsed = tensor::CollapseShapeOp::create(b, loc, middleType, value, prefixThenRest(*prefix, source.getRank()));
    if (type.getRank() == static_cast<int64_t>(middle.size())) return collapsed;
    return tensor::ExpandShapeOp::create(b, loc, type, collapsed, prefixThenRest(*prefix, type.getRank()));
  }
  // No dim-group correspondence (e.g. 2x3 → 3x2): through a 1-D tensor. Its size is symbolic when
  // each side has one symbolic dim (merged with static ones, as [S, 8, 16] → [2·S, 64]): the
  // target's is then the element count over its static dims.
  if (!source.hasStaticShape() || !type.hasStaticShape()) {
    auto staticProduct = [](RankedTensorType t) {
      int64_t product = 1;
      for (int64_t size : t.getShape())
        if (!ShapedType::isDynamic(size)) product *= size;
      return product;
    };
    if (source.getNumDynamicDims() != 1 || type.getNumDynamicDims() != 1 || staticProduct(source) == 0 ||
        staticProduct(type) == 0)
      return Value();
    auto flat = RankedTensorType::get({ShapedType::kDynamic}, source.getElementType());
    ReassociationIndices all;
    for (int64_t d = 0; d < source.getRank(); ++d) all.push_back(d);
    Value collapsed = source.getRank() == 1 ? value : tensor::CollapseShapeOp::create(b, loc, flat, value, {all});
    if (type.getRank() == 1) return collapsed;
    ReassociationIndices allTarget;
    for (int64_t d = 0; d < type.getRank(); ++d) allTarget.push_back(d);
    return tensor::ExpandShapeOp::create(b, loc, type, collapsed, {allTarget});
  }
  auto flat = RankedTensorType::get({source.getNumElements()}, source.getElementType());
  return reshapeTo(b, loc, reshapeTo(b, loc, value, flat), type);
}

mlir::Value throughReshapes(mlir::Value value) {
  while (mlir::Operation *op = value.getDefiningOp()) {
    if (!mlir::isa<mlir::tensor::ExpandShapeOp, mlir::tensor::CollapseShapeOp>(op)) break;
    value = op->getOperand(0);
  }
  return value;
}

} // namespace aicc::cpu
