// DecomposeEinsum: an Einsum of one or two operands becomes ReduceSum, Transpose, Reshape and one
// batched MatMul, the forms the backends already compile well (see Passes.td).
#include "dialects/AiccDialect.h"
#include "passes/GraphBuilders.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Utils/IndexingUtils.h"

namespace aicc {

#define GEN_PASS_DEF_DECOMPOSEEINSUM
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

/// A subscript label: a letter (0-51), or a dim of the ellipsis (52 + its position in the widest
/// ellipsis, right-aligned as operands broadcast).
using Label = int64_t;
constexpr Label kEllipsisBase = 52;

struct Equation {
  SmallVector<SmallVector<Label>> inputs;
  SmallVector<Label> output;
};

/// Parses an Einsum-12 equation for operands of `ranks` (spaces ignored). Without "->" the output
/// is the ellipsis dims, then the letters used once, in alphabetical order.
std::optional<Equation> parseEquation(StringRef text, ArrayRef<int64_t> ranks) {
  std::string compact;
  for (char c : text)
    if (c != ' ') compact.push_back(c);
  StringRef equation(compact);
  auto [lhs, rhs] = equation.split("->");
  bool explicitOutput = equation.contains("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != ranks.size()) return std::nullopt;

  auto letter = [](char c) -> std::optional<Label> {
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= 'A' && c <= 'Z') return 26 + (c - 'A');
    return std::nullopt;
  };
  // The ellipsis covers what the letters leave of each operand's rank.
  int64_t ellipsisRank = 0;
  SmallVector<int64_t> ellipsisRanks;
  for (auto [term, rank] : llvm::zip(terms, ranks)) {
    size_t letters = llvm::count_if(term, [&](char c) { return letter(c).has_value(); });
    bool hasEllipsis = term.contains("...");
    int64_t covered = hasEllipsis ? rank - static_cast<int64_t>(letters) : 0;
    if (covered < 0 || (!hasEllipsis && static_cast<int64_t>(letters) != rank)) return std::nullopt;
    ellipsisRanks.push_back(covered);
    ellipsisRank = std::max(ellipsisRank, covered);
  }
  auto parseTerm = [&](StringRef term, int64_t covered) -> std::optional<SmallVector<Label>> {
    SmallVector<Label> labels;
    for (size_t i = 0; i < term.size(); ++i) {
      if (term.substr(i).starts_with("...")) {
        for (int64_t k = ellipsisRank - covered; k < ellipsisRank; ++k) labels.push_back(kEllipsisBase + k);
        i += 2;
        continue;
      }
      std::optional<Label> label = letter(term[i]);
      if (!label) return std::nullopt;
      labels.push_back(*label);
    }
    return labels;
  };
  Equation parsed;
  for (auto [term, covered] : llvm::zip(terms, ellipsisRanks)) {
    std::optional<SmallVector<Label>> labels = parseTerm(term, covered);
    if (!labels) return std::nullopt;
    parsed.inputs.push_back(*labels);
  }
  if (explicitOutput) {
    std::optional<SmallVector<Label>> labels = parseTerm(rhs, ellipsisRank);
    if (!labels) return std::nullopt;
    parsed.output = *labels;
  } else {
    for (int64_t k = 0; k < ellipsisRank; ++k) parsed.output.push_back(kEllipsisBase + k);
    std::map<Label, int> uses;
    for (const auto &labels : parsed.inputs)
      for (Label label : labels)
        if (label < kEllipsisBase) ++uses[label];
    for (auto [label, count] : uses)
      if (count == 1) parsed.output.push_back(label);
  }
  return parsed;
}

/// Builds the decomposition before `op`, tracking each value's labels and static shape.
struct Builder {
  OpBuilder &b;
  Location loc;
  Type element;

  RankedTensorType typeOf(ArrayRef<int64_t> shape) const { return RankedTensorType::get(shape, element); }

  Value reduceSum(Value v, SmallVector<Label> &labels, ArrayRef<int64_t> dims) {
    if (dims.empty()) return v;
    ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
    SmallVector<int64_t> kept;
    SmallVector<Label> keptLabels;
    for (auto [d, size] : llvm::enumerate(shape))
      if (!llvm::is_contained(dims, static_cast<int64_t>(d))) {
        kept.push_back(size);
        keptLabels.push_back(labels[d]);
      }
    labels = keptLabels;
    return mlir::aicc::ReduceSumOp::create(b, loc, typeOf(kept), v, i64Constant(b, loc, dims), /*keepdims=*/0)
        .getResult();
  }

  Value transpose(Value v, SmallVector<Label> &labels, ArrayRef<Label> order) {
    SmallVector<int64_t> perm;
    for (Label label : order) perm.push_back(llvm::find(labels, label) - labels.begin());
    labels.assign(order.begin(), order.end());
    if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size()))) return v;
    ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
    SmallVector<int64_t> permuted;
    for (int64_t d : perm) permuted.push_back(shape[d]);
    return mlir::aicc::TransposeOp::create(b, loc, typeOf(permuted), v, b.getDenseI64ArrayAttr(perm)).getResult();
  }

  Value reshape(Value v, ArrayRef<int64_t> shape) {
    if (cast<RankedTensorType>(v.getType()).getShape() == shape) return v;
    return mlir::aicc::ReshapeOp::create(b, loc, typeOf(shape), v, i64Constant(b, loc, shape)).getResult();
  }
};

/// The labels of `labels` that satisfy `keep`, in their order there.
SmallVector<Label> select(ArrayRef<Label> labels, llvm::function_ref<bool(Label)> keep) {
  SmallVector<Label> kept;
  for (Label label : labels)
    if (keep(label)) kept.push_back(label);
  return kept;
}

LogicalResult decompose(mlir::aicc::EinsumOp op) {
  SmallVector<RankedTensorType> types;
  SmallVector<int64_t> ranks;
  for (Value input : op.getInputs()) {
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type || !type.hasStaticShape()) return op.emitOpError("needs operands of static shapes");
    types.push_back(type);
    ranks.push_back(type.getRank());
  }
  if (types.empty() || types.size() > 2)
    return op.emitOpError("of ") << types.size() << " operands: 1 or 2 are supported";
  std::optional<Equation> equation = parseEquation(op.getEquation(), ranks);
  if (!equation)
    return op.emitOpError("equation '") << op.getEquation() << "' does not fit operands of ranks " << ranks;

  // Each label's size; diagonals and broadcasting between operands are not supported.
  std::map<Label, int64_t> sizes;
  for (auto [labels, type] : llvm::zip(equation->inputs, types)) {
    for (auto [d, label] : llvm::enumerate(labels)) {
      if (llvm::count(labels, label) != 1)
        return op.emitOpError("equation '") << op.getEquation() << "': a label repeated within one operand (a "
                                            << "diagonal) is not supported";
      auto [it, inserted] = sizes.try_emplace(label, type.getDimSize(d));
      if (!inserted && it->second != type.getDimSize(d))
        return op.emitOpError("equation '") << op.getEquation() << "': a label has sizes " << it->second << " and "
                                            << type.getDimSize(d) << " (broadcasting is not supported)";
    }
  }
  for (Label label : equation->output)
    if (!sizes.count(label) || llvm::count(equation->output, label) != 1)
      return op.emitOpError("equation '") << op.getEquation() << "': each output label must appear once, "
                                          << "and in an operand";

  OpBuilder b(op);
  Builder build{b, op.getLoc(), types[0].getElementType()};
  auto inOutput = [&](Label l) { return llvm::is_contained(equation->output, l); };
  auto sizesOf = [&](ArrayRef<Label> labels) {
    SmallVector<int64_t> shape;
    for (Label label : labels) shape.push_back(sizes[label]);
    return shape;
  };

  // Labels that appear in one operand only and not in the output are summed there first.
  SmallVector<Value> values(op.getInputs());
  SmallVector<SmallVector<Label>> labels(equation->inputs);
  for (size_t i = 0; i < values.size(); ++i) {
    SmallVector<int64_t> summed;
    for (auto [d, label] : llvm::enumerate(labels[i])) {
      bool elsewhere = values.size() == 2 && llvm::is_contained(labels[1 - i], label);
      if (!inOutput(label) && !elsewhere) summed.push_back(d);
    }
    values[i] = build.reduceSum(values[i], labels[i], summed);
  }

  Value result;
  SmallVector<Label> resultLabels;
  if (values.size() == 1) {
    result = values[0];
    resultLabels = labels[0];
  } else {
    ArrayRef<Label> a = labels[0], bLabels = labels[1];
    SmallVector<Label> batch =
        select(equation->output, [&](Label l) { return llvm::is_contained(a, l) && llvm::is_contained(bLabels, l); });
    SmallVector<Label> contracted = select(a, [&](Label l) { return llvm::is_contained(bLabels, l) && !inOutput(l); });
    SmallVector<Label> freeA = select(a, [&](Label l) { return !llvm::is_contained(bLabels, l); });
    SmallVector<Label> freeB = select(bLabels, [&](Label l) { return !llvm::is_contained(a, l); });
    auto product = [&](ArrayRef<Label> ls) { return computeProduct(sizesOf(ls)); };
    int64_t batchSize = product(batch), m = product(freeA), k = product(contracted), n = product(freeB);

    Value lhs = build.transpose(values[0], labels[0], llvm::to_vector(llvm::concat<Label>(batch, freeA, contracted)));
    lhs = build.reshape(lhs, {batchSize, m, k});
    Value rhs = build.transpose(values[1], labels[1], llvm::to_vector(llvm::concat<Label>(batch, contracted, freeB)));
    rhs = build.reshape(rhs, {batchSize, k, n});
    result = mlir::aicc::MatMulOp::create(b, op.getLoc(), build.typeOf({batchSize, m, n}), lhs, rhs).getResult();
    resultLabels = llvm::to_vector(llvm::concat<Label>(batch, freeA, freeB));
    result = build.reshape(result, sizesOf(resultLabels));
  }
  // The result's shape follows from the labels (ONNX's inference may have left it unknown).
  op.getOutput().replaceAllUsesWith(build.transpose(result, resultLabels, equation->output));
  op.erase();
  return success();
}

struct DecomposeEinsumPass : impl::DecomposeEinsumBase<DecomposeEinsumPass> {
  void runOnOperation() override {
    SmallVector<mlir::aicc::EinsumOp> einsums;
    getOperation().walk([&](mlir::aicc::EinsumOp op) { einsums.push_back(op); });
    for (mlir::aicc::EinsumOp op : einsums) {
      // An Einsum reading an earlier one's result sees its shape once the ops between are refined.
      bool operandsStatic = llvm::all_of(op.getInputs().getTypes(), [](Type t) {
        auto ranked = dyn_cast<RankedTensorType>(t);
        return ranked && ranked.hasStaticShape();
      });
      if (!operandsStatic && failed(inferShapes(getOperation()))) return signalPassFailure();
      if (failed(decompose(op))) return signalPassFailure();
      setResultTypesFromReturn(getOperation());
    }
  }
};

} // namespace
} // namespace aicc
