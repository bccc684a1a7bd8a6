// ONNX ScatterND-16 and ScatterElements-16 → a sequential loop nest over the updates that carries
// the result, starting from `data` (one-shot bufferization writes in place when nothing else
// reads data, else copies it once). Each index from `indices` goes through aicc_cpu.check_index:
// negative ones count from the end, and one outside its axis fails the run with an error naming
// the node instead of writing outside the tensor. Duplicate indices apply in order, which ONNX
// leaves unspecified for reduction "none" and makes exact for the others.
#include "backends/cpu/dialect/CpuDialect.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

/// How an update combines with the element it lands on (the `reduction` attribute).
enum class Combine { None, Add, Mul, Max, Min };

std::optional<Combine> combineFor(StringRef reduction) {
  return llvm::StringSwitch<std::optional<Combine>>(reduction)
      .Case("none", Combine::None)
      .Case("add", Combine::Add)
      .Case("mul", Combine::Mul)
      .Case("max", Combine::Max)
      .Case("min", Combine::Min)
      .Default(std::nullopt);
}

Value combine(OpBuilder &b, Location loc, Combine kind, Value old, Value update, bool isUnsigned) {
  bool isFloat = isa<FloatType>(old.getType());
  switch (kind) {
  case Combine::None: return update;
  case Combine::Add:
    return isFloat ? arith::AddFOp::create(b, loc, old, update).getResult()
                   : arith::AddIOp::create(b, loc, old, update).getResult();
  case Combine::Mul:
    return isFloat ? arith::MulFOp::create(b, loc, old, update).getResult()
                   : arith::MulIOp::create(b, loc, old, update).getResult();
  case Combine::Max:
  case Combine::Min: return scalarExtremum(b, loc, old, update, kind == Combine::Max, isUnsigned);
  }
  llvm_unreachable("every combine is handled");
}

/// The checks every lowering makes first: the element type (numbers, booleans, the same in data
/// and updates), the reduction.
FailureOr<Combine> checkScatter(Operation *op, Value data, Value updates, StringRef reduction) {
  Type element = cast<RankedTensorType>(data.getType()).getElementType();
  if (!element.isIntOrFloat()) return op->emitOpError("data of ") << element << " is not supported";
  if (cast<RankedTensorType>(updates.getType()).getElementType() != element)
    return op->emitOpError("updates and data have different element types");
  std::optional<Combine> kind = combineFor(reduction);
  if (!kind) return op->emitOpError("reduction '") << reduction << "' is not one of none, add, mul, max, min";
  if (*kind != Combine::None && element.isInteger(1))
    return op->emitOpError("reduction '") << reduction << "' on booleans is not supported";
  return *kind;
}

/// Each dim of `value`, as an index.
SmallVector<Value> dimsOf(OpBuilder &b, Location loc, Value value) {
  return getValueOrCreateConstantIndexOp(b, loc, tensor::getMixedSizes(b, loc, value));
}

/// `ok` and whether `position` (an i64 index from the model, or a loop's index) lies within
/// `size`, through check_index: outside, the run fails naming `node` and `axis`.
Value andInRange(OpBuilder &b, Location loc, Value ok, Value position, Value size, int64_t axis, StringRef node) {
  if (position.getType().isIndex()) position = arith::IndexCastOp::create(b, loc, b.getI64Type(), position);
  return arith::AndIOp::create(b, loc, ok, CheckIndexOp::create(b, loc, position, size, axis, node).getInRange());
}

/// `write`'s result (a tensor) where `ok`, else `carried` unchanged: a checked index skips its
/// element.
Value writeIf(OpBuilder &b, Location loc, Value ok, Value carried,
              llvm::function_ref<Value(OpBuilder &, Location)> write) {
  auto branch = scf::IfOp::create(b, loc, ok, [&](OpBuilder &then, Location l) {
    scf::YieldOp::create(then, l, write(then, l));
  }, [&](OpBuilder &other, Location l) { scf::YieldOp::create(other, l, carried); });
  return branch.getResult(0);
}

/// `target` with `update` written at `to`, or combined with the element there.
Value scatterElement(OpBuilder &b, Location loc, Combine kind, bool isUnsigned, Value target, Value update,
                     ValueRange to) {
  Value value = kind == Combine::None
                    ? update
                    : combine(b, loc, kind, tensor::ExtractOp::create(b, loc, target, to), update, isUnsigned);
  return tensor::InsertOp::create(b, loc, value, target, to);
}

/// Fails where two static dims that must be equal (or `at most`) are not; dynamic ones the loops
/// check at run time.
LogicalResult checkDims(Operation *op, StringRef what, ArrayRef<int64_t> have, ArrayRef<int64_t> want, bool atMost) {
  for (auto [d, pair] : llvm::enumerate(llvm::zip(have, want))) {
    auto [h, w] = pair;
    if (ShapedType::isDynamic(h) || ShapedType::isDynamic(w)) continue;
    if (atMost ? h > w : h != w)
      return op->emitOpError(what) << " dim " << d << " is " << h << ", " << (atMost ? "more than " : "not ") << w;
  }
  return success();
}

/// ScatterND: for each index tuple indices[i..., :] (k values), the slice data[idx..., :] (the
/// last r - k dims) becomes updates[i..., :], or is combined with it.
struct ScatterNDLowering : AiccLowering<mlir::aicc::ScatterNDOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::ScatterNDOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    FailureOr<Combine> kind = checkScatter(op, data, updates, op.getReduction());
    if (failed(kind)) return failure();
    auto dataType = cast<RankedTensorType>(data.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    auto updatesType = cast<RankedTensorType>(updates.getType());
    int64_t rank = dataType.getRank(), q = indicesType.getRank();
    if (rank == 0 || q == 0) return op.emitOpError("data and indices must have at least one dim");
    int64_t k = indicesType.getShape().back();
    if (ShapedType::isDynamic(k)) return op.emitOpError("the last dim of indices must be static");
    if (k < 1 || k > rank) return op.emitOpError("indices' last dim ") << k << " is not in [1, " << rank << "]";
    // updates: indices' leading dims, then data's dims after the first k.
    SmallVector<int64_t> expected(indicesType.getShape().drop_back());
    llvm::append_range(expected, dataType.getShape().drop_front(k));
    if (updatesType.getRank() != static_cast<int64_t>(expected.size()))
      return op.emitOpError("updates have rank ") << updatesType.getRank() << ", not " << expected.size();
    if (failed(checkDims(op, "updates", updatesType.getShape(), expected, /*atMost=*/false))) return failure();

    std::string node = onnxNodeNames(op, "ScatterND");
    bool isUnsigned = isUnsignedElement(op.getData().getType());
    SmallVector<Value> dataDims = dimsOf(rewriter, loc, data), indicesDims = dimsOf(rewriter, loc, indices);
    SmallVector<Value> updatesDims = dimsOf(rewriter, loc, updates);
    Value zero = indexConstant(rewriter, loc, 0), one = indexConstant(rewriter, loc, 1);
    SmallVector<Value> lbs(q - 1, zero), ubs(indicesDims.begin(), indicesDims.end() - 1), steps(q - 1, one);
    // The slice's dims where data's or updates' is symbolic: each element read from updates is
    // checked against updates' dim there (a shorter one would be read past its end).
    SmallVector<std::pair<int64_t, Value>> symbolicSlice;
    for (int64_t t = 0; t < rank - k; ++t)
      if (dataType.isDynamicDim(k + t) || updatesType.isDynamicDim(q - 1 + t))
        symbolicSlice.push_back({t, updatesDims[q - 1 + t]});
    scf::LoopNest nest =
        scf::buildLoopNest(rewriter, loc, lbs, ubs, steps, ValueRange{data},
                           [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
      // A symbolic leading dim of updates shorter than indices' is checked like an index.
      Value ok = arith::ConstantIntOp::create(b, l, 1, 1);
      for (int64_t d = 0; d < q - 1; ++d)
        if (updatesType.isDynamicDim(d) || indicesType.isDynamicDim(d))
          ok = andInRange(b, l, ok, ivs[d], updatesDims[d], d, node);
      SmallVector<Value> at;
      for (int64_t j = 0; j < k; ++j) {
        SmallVector<Value> position(ivs);
        position.push_back(indexConstant(b, l, j));
        Value raw = tensor::ExtractOp::create(b, l, indices, position);
        auto check = CheckIndexOp::create(b, l, raw, dataDims[j], j, node);
        at.push_back(check.getPosition());
        ok = arith::AndIOp::create(b, l, ok, check.getInRange());
      }
      return {writeIf(b, l, ok, carried[0], [&](OpBuilder &then, Location tl) {
        return scatterSlice(then, tl, *kind, isUnsigned, carried[0], updates, ivs, at, dataDims, k, symbolicSlice,
                            node);
      })};
    });
    rewriter.replaceOp(op, nest.results[0]);
    return success();
  }

  /// `target` with its slice at `at` (the first k dims; all of the rest) replaced by, or combined
  /// with, the slice of `updates` at `ivs`: elementwise over the slice's dims. `symbolicSlice`
  /// lists the slice dims to check against updates' size (position in the slice, the size).
  static Value scatterSlice(OpBuilder &b, Location loc, Combine kind, bool isUnsigned, Value target, Value updates,
                            ValueRange ivs, ValueRange at, ArrayRef<Value> dataDims, int64_t k,
                            ArrayRef<std::pair<int64_t, Value>> symbolicSlice, StringRef node) {
    int64_t rank = static_cast<int64_t>(dataDims.size());
    Value zero = indexConstant(b, loc, 0), one = indexConstant(b, loc, 1);
    SmallVector<Value> lbs(rank - k, zero), ubs(dataDims.begin() + k, dataDims.end()), steps(rank - k, one);
    scf::LoopNest inner =
        scf::buildLoopNest(b, loc, lbs, ubs, steps, ValueRange{target},
                           [&](OpBuilder &ib, Location l, ValueRange js, ValueRange carried) -> scf::ValueVector {
      SmallVector<Value> from(ivs), to(at);
      llvm::append_range(from, js);
      llvm::append_range(to, js);
      auto write = [&](OpBuilder &wb, Location wl) {
        Value update = tensor::ExtractOp::create(wb, wl, updates, from);
        return scatterElement(wb, wl, kind, isUnsigned, carried[0], update, to);
      };
      if (symbolicSlice.empty()) return {write(ib, l)};
      Value ok = arith::ConstantIntOp::create(ib, l, 1, 1);
      int64_t firstSliceDim = static_cast<int64_t>(ivs.size());
      for (auto [t, size] : symbolicSlice) ok = andInRange(ib, l, ok, js[t], size, firstSliceDim + t, node);
      return {writeIf(ib, l, ok, carried[0], write)};
    });
    return inner.results[0];
  }
};

/// ScatterElements: data[i with i[axis] = indices[i]] becomes updates[i] (or is combined with it),
/// for every position i of indices and updates.
struct ScatterElementsLowering : AiccLowering<mlir::aicc::ScatterElementsOp> {
  using AiccLowering::AiccLowering;
  bool takesSymbolicDims() const override { return true; }
  LogicalResult lower(mlir::aicc::ScatterElementsOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    FailureOr<Combine> kind = checkScatter(op, data, updates, op.getReduction());
    if (failed(kind)) return failure();
    auto dataType = cast<RankedTensorType>(data.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    auto updatesType = cast<RankedTensorType>(updates.getType());
    int64_t rank = dataType.getRank();
    if (rank == 0) return op.emitOpError("data must have at least one dim");
    if (indicesType.getRank() != rank || updatesType.getRank() != rank)
      return op.emitOpError("data, indices and updates must have the same rank");
    if (failed(checkDims(op, "updates", updatesType.getShape(), indicesType.getShape(), /*atMost=*/false)))
      return failure();
    std::optional<int64_t> axis = normalizeAxis(op.getAxis(), rank);
    if (!axis) return op.emitOpError("axis ") << op.getAxis() << " is out of range for rank " << rank;
    SmallVector<int64_t> others(indicesType.getShape()), dataOthers(dataType.getShape());
    others[*axis] = dataOthers[*axis] = ShapedType::kDynamic; // the axis is indexed, not walked
    if (failed(checkDims(op, "indices", others, dataOthers, /*atMost=*/true))) return failure();

    std::string node = onnxNodeNames(op, "ScatterElements");
    bool isUnsigned = isUnsignedElement(op.getData().getType());
    SmallVector<Value> dataDims = dimsOf(rewriter, loc, data), indicesDims = dimsOf(rewriter, loc, indices);
    SmallVector<Value> updatesDims = dimsOf(rewriter, loc, updates);
    Value zero = indexConstant(rewriter, loc, 0), one = indexConstant(rewriter, loc, 1);
    SmallVector<Value> lbs(rank, zero), steps(rank, one);
    scf::LoopNest nest =
        scf::buildLoopNest(rewriter, loc, lbs, indicesDims, steps, ValueRange{data},
                           [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
      Value raw = tensor::ExtractOp::create(b, l, indices, ivs);
      auto check = CheckIndexOp::create(b, l, raw, dataDims[*axis], *axis, node);
      Value ok = check.getInRange();
      // Symbolic dims: indices must not walk past data's other dims, nor past updates'.
      for (int64_t d = 0; d < rank; ++d) {
        if (!indicesType.isDynamicDim(d) && !updatesType.isDynamicDim(d) && (d == *axis || !dataType.isDynamicDim(d)))
          continue;
        ok = andInRange(b, l, ok, ivs[d], updatesDims[d], d, node);
        if (d != *axis) ok = andInRange(b, l, ok, ivs[d], dataDims[d], d, node);
      }
      return {writeIf(b, l, ok, carried[0], [&](OpBuilder &then, Location tl) {
        SmallVector<Value> to(ivs);
        to[*axis] = check.getPosition();
        Value update = tensor::ExtractOp::create(then, tl, updates, ivs);
        return scatterElement(then, tl, *kind, isUnsigned, carried[0], update, to);
      })};
    });
    rewriter.replaceOp(op, nest.results[0]);
    return success();
  }
};

} // namespace

void populateScatterPatterns(TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ScatterNDLowering, ScatterElementsLowering>(converter, patterns.getContext());
}

} // namespace aicc::cpu
