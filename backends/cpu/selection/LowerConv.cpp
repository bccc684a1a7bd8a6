// ONNX Conv (f32, 1-3 spatial dims) → one aicc_cpu.conv. Geometry is resolved here, at compile
// time, so the runtime only checks it: auto_pad becomes explicit pads, kernel_shape comes from W.
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/OnnxSemantics.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

struct ConvToKernel : OpRewritePattern<::mlir::aicc::ConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(::mlir::aicc::ConvOp op, PatternRewriter &rewriter) const override {
    bool hasBias = !isa<NoneType>(op.getB().getType());
    if (!isConvolutionKernelShape(op.getX(), op.getW(), op.getB(), op.getY()))
      return rewriter.notifyMatchFailure(
          op, "the kernel takes f32 tensors with 1 to 3 spatial dims, static but for the batch");
    auto x = cast<RankedTensorType>(op.getX().getType());
    auto w = cast<RankedTensorType>(op.getW().getType());
    auto y = cast<RankedTensorType>(op.getY().getType());
    int64_t spatial = x.getRank() - 2;

    int64_t group = op.getGroup();
    int64_t channels = x.getDimSize(1), outChannels = w.getDimSize(0);
    if (group < 1 || channels % group || outChannels % group || w.getDimSize(1) * group != channels)
      return op.emitOpError("W has ") << w.getDimSize(1) << " input channels per group; X has " << channels
                                      << " channels in " << group << " groups";

    mlir::aicc::WindowGeometry g;
    g.in.assign(x.getShape().begin() + 2, x.getShape().end());
    g.out.assign(y.getShape().begin() + 2, y.getShape().end());
    g.kernel.assign(w.getShape().begin() + 2, w.getShape().end());
    if (auto shape = op.getKernelShape(); shape && llvm::ArrayRef<int64_t>(*shape) != llvm::ArrayRef<int64_t>(g.kernel))
      return op.emitOpError("kernel_shape does not match the spatial dims of W");
    g.strides = op.getStrides() ? llvm::SmallVector<int64_t>(*op.getStrides()) : llvm::SmallVector<int64_t>(spatial, 1);
    g.dilations =
        op.getDilations() ? llvm::SmallVector<int64_t>(*op.getDilations()) : llvm::SmallVector<int64_t>(spatial, 1);
    if ((int64_t)g.strides.size() != spatial || (int64_t)g.dilations.size() != spatial)
      return op.emitOpError("strides and dilations need one value per spatial dim");
    if (failed(mlir::aicc::resolvePadding(op, op.getAutoPad(), op.getPads(), g))) return failure();

    auto conv =
        ConvOp::create(rewriter, op.getLoc(), y, op.getX(), op.getW(), hasBias ? op.getB() : Value(), ValueRange{},
                       emptyLike(rewriter, op.getLoc(), y, {{op.getX(), 0}}), g.strides, g.dilations, g.padsBegin,
                       g.padsEnd, group, rewriter.getArrayAttr({}), Layout::plain, Layout::plain);
    rewriter.replaceOp(op, conv.getResult());
    return success();
  }
};

} // namespace

void populateConvKernelPatterns(RewritePatternSet &patterns) { patterns.add<ConvToKernel>(patterns.getContext()); }

} // namespace aicc::cpu
