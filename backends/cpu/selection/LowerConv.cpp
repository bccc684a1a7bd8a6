// ONNX Conv (f32, 1-3 spatial dims) → one aicc_cpu.conv. Geometry is resolved here, at compile
// time, so the runtime only checks it: auto_pad becomes explicit pads, kernel_shape comes from W.
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/AiccDialect.h"
#include "dialects/OnnxSemantics.h"

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
    auto y = cast<RankedTensorType>(op.getY().getType());
    FailureOr<mlir::aicc::WindowGeometry> g = mlir::aicc::convGeometry(op, cast<RankedTensorType>(op.getX().getType()),
                                                                       cast<RankedTensorType>(op.getW().getType()), y);
    if (failed(g)) return failure();
    auto conv =
        ConvOp::create(rewriter, op.getLoc(), y, op.getX(), op.getW(), hasBias ? op.getB() : Value(), ValueRange{},
                       emptyLike(rewriter, op.getLoc(), y, {{op.getX(), 0}}), g->strides, g->dilations, g->padsBegin,
                       g->padsEnd, op.getGroup(), rewriter.getArrayAttr({}), Layout::plain, Layout::plain);
    rewriter.replaceOp(op, conv.getResult());
    return success();
  }
};

} // namespace

void populateConvKernelPatterns(RewritePatternSet &patterns) { patterns.add<ConvToKernel>(patterns.getContext()); }

} // namespace aicc::cpu
