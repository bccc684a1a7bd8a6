// BindRunDims: an entry function with symbolic dims reads them from the run. Each argument with
// dynamic dims becomes a bare rank-0 memref (a pointer, as the model ABI passes it) that a
// memref.reinterpret_cast gives back its shape, read from a trailing `memref<Kxi64>` argument: the
// dims of every input and then every output, in order (aicc_model_run in aicc/model_abi.h). Dims
// of reshaped buffers are then folded to their sources', so that every buffer's size is a
// function of those dims (what PlanWorkspace computes the workspace from).
#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_BINDRUNDIMS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// memref.dim of a reinterpret_cast (an argument's shape from the run's dims) or an expand_shape:
/// its size operand; of a collapse_shape: the product of the source's dims in the group.
struct FoldDimOfReshape : OpRewritePattern<memref::DimOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::DimOp dim, PatternRewriter &rewriter) const override {
    std::optional<int64_t> index = dim.getConstantIndex();
    if (!index || *index < 0 || *index >= cast<MemRefType>(dim.getSource().getType()).getRank()) return failure();
    Location loc = dim.getLoc();
    if (auto view = dim.getSource().getDefiningOp<memref::ReinterpretCastOp>()) {
      rewriter.replaceOp(dim, getValueOrCreateConstantIndexOp(rewriter, loc, view.getMixedSizes()[*index]));
      return success();
    }
    if (auto expand = dim.getSource().getDefiningOp<memref::ExpandShapeOp>()) {
      OpFoldResult size = expand.getMixedOutputShape()[*index];
      rewriter.replaceOp(dim, getValueOrCreateConstantIndexOp(rewriter, loc, size));
      return success();
    }
    if (auto collapse = dim.getSource().getDefiningOp<memref::CollapseShapeOp>()) {
      Value product = arith::ConstantIndexOp::create(rewriter, loc, 1);
      // The reassociation is a temporary: keep it alive while its element is iterated.
      SmallVector<ReassociationIndices> reassociation = collapse.getReassociationIndices();
      for (int64_t source : reassociation[*index]) {
        Value size = memref::DimOp::create(rewriter, loc, collapse.getSrc(), source);
        product = arith::MulIOp::create(rewriter, loc, product, size);
      }
      rewriter.replaceOp(dim, product);
      return success();
    }
    return failure();
  }
};

struct BindRunDimsPass : impl::BindRunDimsBase<BindRunDimsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.isPublic()) return;
    int64_t numDims = 0;
    bool symbolic = false;
    for (Type type : func.getArgumentTypes()) {
      // A sequence input's list has no run dims.
      if (isa<LLVM::LLVMPointerType>(type)) continue;
      auto memref = dyn_cast<MemRefType>(type);
      if (!memref) {
        func.emitError() << "entry argument of type " << type << " is not a buffer";
        return signalPassFailure();
      }
      numDims += memref.getRank();
      symbolic |= !memref.hasStaticShape();
    }
    if (!symbolic) return;

    OpBuilder b(func.getContext());
    Location loc = func.getLoc();
    unsigned numArgs = func.getNumArguments();
    if (failed(func.insertArgument(numArgs, MemRefType::get({numDims}, b.getI64Type()), {}, loc)))
      return signalPassFailure();
    Block &entry = func.getBody().front();
    Value dims = entry.getArgument(numArgs);
    b.setInsertionPointToStart(&entry);

    int64_t offset = 0;
    for (unsigned i = 0; i < numArgs; ++i) {
      BlockArgument arg = entry.getArgument(i);
      auto type = dyn_cast<MemRefType>(arg.getType());
      if (!type) continue;
      int64_t rank = type.getRank();
      if (type.hasStaticShape()) {
        offset += rank;
        continue;
      }
      if (!type.getLayout().isIdentity()) {
        func.emitError() << "entry argument #" << i << " of type " << type << " is not dense row-major";
        return signalPassFailure();
      }
      llvm::SmallVector<OpFoldResult> sizes;
      for (int64_t d = 0; d < rank; ++d) {
        if (!type.isDynamicDim(d)) {
          sizes.push_back(b.getIndexAttr(type.getDimSize(d)));
          continue;
        }
        Value position = arith::ConstantIndexOp::create(b, loc, offset + d);
        Value size = memref::LoadOp::create(b, loc, dims, position);
        sizes.push_back(arith::IndexCastOp::create(b, loc, b.getIndexType(), size).getResult());
      }
      // Dense row-major strides: the suffix products of the sizes.
      llvm::SmallVector<OpFoldResult> strides(rank);
      OpFoldResult stride = b.getIndexAttr(1);
      for (int64_t d = rank - 1; d >= 0; --d) {
        strides[d] = stride;
        if (d == 0) break;
        auto staticStride = getConstantIntValue(stride), staticSize = getConstantIntValue(sizes[d]);
        if (staticStride && staticSize) {
          stride = b.getIndexAttr(*staticStride * *staticSize);
          continue;
        }
        stride = arith::MulIOp::create(b, loc, getValueOrCreateConstantIndexOp(b, loc, stride),
                                       getValueOrCreateConstantIndexOp(b, loc, sizes[d]))
                     .getResult();
      }
      arg.setType(MemRefType::get({}, type.getElementType()));
      auto view = memref::ReinterpretCastOp::create(b, loc, type, arg, b.getIndexAttr(0), sizes, strides);
      arg.replaceAllUsesExcept(view.getResult(), view);
      b.setInsertionPointAfter(view);
      offset += rank;
    }
    func.setType(b.getFunctionType(entry.getArgumentTypes(), func.getResultTypes()));
    func->setAttr(kRunDimsAttr, b.getUnitAttr());

    RewritePatternSet patterns(func.getContext());
    patterns.add<FoldDimOfReshape>(func.getContext());
    memref::DimOp::getCanonicalizationPatterns(patterns, func.getContext());
    if (failed(applyPatternsGreedily(func, std::move(patterns)))) return signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
