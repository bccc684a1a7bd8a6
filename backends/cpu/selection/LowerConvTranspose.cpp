// ONNX ConvTranspose (f32, 1-3 spatial dims) → one aicc_cpu.deconv (oneDNN deconvolution).
// output_shape, output_padding and auto_pad are resolved into explicit pads here (ONNX
// ConvTranspose spec): pads_begin follows the spec's rule and pads_end is whatever makes the
// declared output size, which is where output_padding goes (oneDNN takes a negative pads_end).
#include "backends/cpu/selection/KernelBuilder.h"
#include "dialects/AiccDialect.h"

namespace aicc::cpu {
namespace {

using namespace mlir;

struct ConvTransposeToKernel : OpRewritePattern<::mlir::aicc::ConvTransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(::mlir::aicc::ConvTransposeOp op, PatternRewriter &rewriter) const override {
    bool hasBias = !isa<NoneType>(op.getB().getType());
    if (!isConvolutionKernelShape(op.getX(), op.getW(), op.getB(), op.getY()))
      return rewriter.notifyMatchFailure(op, "the kernel takes static f32 tensors with 1 to 3 spatial dims");
    auto x = cast<RankedTensorType>(op.getX().getType());
    auto w = cast<RankedTensorType>(op.getW().getType());
    auto y = cast<RankedTensorType>(op.getY().getType());
    int64_t spatial = x.getRank() - 2;

    int64_t group = op.getGroup();
    if (group < 1 || x.getDimSize(1) != w.getDimSize(0) || w.getDimSize(0) % group ||
        y.getDimSize(1) != w.getDimSize(1) * group)
      return op.emitOpError("W of shape ")
             << w << " does not map X " << x << " to Y " << y << " in " << group << " groups";

    auto perDim = [&](std::optional<llvm::ArrayRef<int64_t>> values, int64_t fill) {
      return values ? llvm::SmallVector<int64_t>(*values) : llvm::SmallVector<int64_t>(spatial, fill);
    };
    llvm::SmallVector<int64_t> strides = perDim(op.getStrides(), 1), dilations = perDim(op.getDilations(), 1);
    llvm::SmallVector<int64_t> outputPadding = perDim(op.getOutputPadding(), 0);
    llvm::SmallVector<int64_t> kernel(w.getShape().drop_front(2));
    if (auto shape = op.getKernelShape(); shape && llvm::ArrayRef<int64_t>(*shape) != llvm::ArrayRef<int64_t>(kernel))
      return op.emitOpError("kernel_shape does not match the spatial dims of W");
    if ((int64_t)strides.size() != spatial || (int64_t)dilations.size() != spatial ||
        (int64_t)outputPadding.size() != spatial)
      return op.emitOpError("strides, dilations and output_padding need one value per spatial dim");

    llvm::StringRef autoPad = op.getAutoPad();
    auto pads = op.getPads();
    if (pads && (int64_t)pads->size() != 2 * spatial)
      return op.emitOpError("'pads' has ") << pads->size() << " values, expected " << 2 * spatial;
    llvm::SmallVector<int64_t> padsBegin(spatial), padsEnd(spatial);
    for (int64_t i = 0; i < spatial; ++i) {
      if (strides[i] < 1 || dilations[i] < 1) return op.emitOpError("strides and dilations must be positive");
      int64_t in = x.getDimSize(2 + i), out = y.getDimSize(2 + i);
      int64_t full = (in - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 + outputPadding[i];
      if (op.getOutputShape() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
        // The spec's total_padding/2 is Python's floor division (a negative total is output
        // beyond the input's reach, which pads_end absorbs).
        int64_t total = full - out;
        int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
        padsBegin[i] = autoPad == "SAME_UPPER" ? half : total - half;
      } else if (autoPad == "NOTSET" || autoPad == "VALID") {
        padsBegin[i] = autoPad == "NOTSET" && pads ? (*pads)[i] : 0;
      } else {
        return op.emitOpError("unknown auto_pad '") << autoPad << "'";
      }
      // What oneDNN's output size formula needs at the end to give the declared output; negative
      // where output_padding adds cells no input reaches (they get the bias only).
      padsEnd[i] = (in - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - padsBegin[i] - out;
      if (padsBegin[i] < 0)
        return op.emitOpError("spatial dim ") << i << ": output size " << out << " needs negative leading padding ("
                                              << padsBegin[i] << "), which the kernel does not support";
    }

    auto deconv = DeconvOp::create(rewriter, op.getLoc(), y, op.getX(), op.getW(), hasBias ? op.getB() : Value(),
                                   emptyLike(rewriter, op.getLoc(), y, {{op.getX(), 0}}), strides, dilations, padsBegin,
                                   padsEnd, group, rewriter.getArrayAttr({}), Layout::plain, Layout::plain);
    rewriter.replaceOp(op, deconv.getResult());
    return success();
  }
};

} // namespace

void populateConvTransposeKernelPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvTransposeToKernel>(patterns.getContext());
}

} // namespace aicc::cpu
