// ConvertAiccToLinalg: every aicc op the heavy-op lowering left becomes linalg, tensor, arith and math
// on statically shaped tensors with signless element types (see Passes.td). One dialect conversion
// with a type converter (uiN → iN, function signature included) and one pattern family per file
// under linalg/; an aicc op no pattern lowers fails the pass with an error at its ONNX node.
#include "backends/cpu/Passes.h"
#include "backends/cpu/codegen/linalg/LinalgBuilders.h"
#include "dialects/AiccDialect.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_CONVERTAICCTOLINALG
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

/// `op` on the signless forms of its operands' and results' types (the converted `operands`).
void cloneSignless(Operation *op, ArrayRef<Value> operands, ConversionPatternRewriter &rewriter,
                   llvm::ArrayRef<Type> results) {
  Operation *converted = rewriter.clone(*op);
  rewriter.modifyOpInPlace(converted, [&] {
    converted->setOperands(operands);
    for (auto [result, type] : llvm::zip(converted->getResults(), results)) result.setType(type);
  });
  rewriter.replaceOp(op, converted->getResults());
}

/// A kernel op selected on tensors of unsigned elements (an int8 kernel's u8 activations): the
/// same op on their signless forms. Its attributes keep the signedness (src_type, dst_type).
struct SignlessKernelOp : OpInterfaceConversionPattern<KernelOpInterface> {
  using OpInterfaceConversionPattern::OpInterfaceConversionPattern;
  LogicalResult matchAndRewrite(KernelOpInterface op, ArrayRef<Value> operands,
                                ConversionPatternRewriter &rewriter) const override {
    llvm::SmallVector<Type> results;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), results))) return failure();
    cloneSignless(op, operands, rewriter, results);
    return success();
  }
};

/// The tensors around such kernels: their destinations, a symbolic dim read for one's size, and
/// the buffer of a Concat they write in place (WriteConcatInPlace) with its slices.
struct SignlessTensorOp : ConversionPattern {
  SignlessTensorOp(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, context) {}
  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                                ConversionPatternRewriter &rewriter) const override {
    if (!isa<tensor::EmptyOp, tensor::DimOp, tensor::ExtractSliceOp, tensor::InsertSliceOp,
             bufferization::AllocTensorOp>(op))
      return failure();
    llvm::SmallVector<Type> results;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), results))) return failure();
    cloneSignless(op, operands, rewriter, results);
    return success();
  }
};

struct ConvertAiccToLinalgPass : impl::ConvertAiccToLinalgBase<ConvertAiccToLinalgPass> {
  void runOnOperation() override {
    MLIRContext &context = getContext();
    SignlessTypeConverter converter;

    ConversionTarget target(context);
    target.addIllegalDialect<::mlir::aicc::AiccDialect>();
    target.addLegalDialect<arith::ArithDialect, bufferization::BufferizationDialect, linalg::LinalgDialect,
                           LLVM::LLVMDialect, math::MathDialect, scf::SCFDialect, tensor::TensorDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) && converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp>([&](func::ReturnOp op) { return converter.isLegal(op); });
    target.addDynamicallyLegalDialect<AiccCpuDialect>(
        [&](Operation *op) { return !isa<KernelOpInterface>(op) || converter.isLegal(op); });
    target.addDynamicallyLegalOp<tensor::EmptyOp, tensor::DimOp, tensor::ExtractSliceOp, tensor::InsertSliceOp,
                                 bufferization::AllocTensorOp>([&](Operation *op) { return converter.isLegal(op); });

    RewritePatternSet patterns(&context);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    patterns.add<SignlessKernelOp>(converter, &context);
    patterns.add<SignlessTensorOp>(converter, &context);
    // The If and Loop lowerings yield the body's values as they are; a list among them (an
    // !aicc.seq until its producer is lowered) converts with the scf ops.
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns, target);
    populateElementwisePatterns(converter, patterns);
    populateBinaryPatterns(converter, patterns);
    populateCastPatterns(converter, patterns);
    populateReductionPatterns(converter, patterns);
    populateSoftmaxPatterns(converter, patterns);
    populateConstantPatterns(converter, patterns);
    populateShapePatterns(converter, patterns);
    populateSlicePatterns(converter, patterns);
    populateGatherPatterns(converter, patterns);
    populateDropoutPatterns(converter, patterns);
    populatePoolPatterns(converter, patterns);
    populateNormalizationPatterns(converter, patterns);
    populateResizePatterns(converter, patterns);
    populateSelectPatterns(converter, patterns);
    populateOneHotPatterns(converter, patterns);
    populateTriluPatterns(converter, patterns);
    populateCumSumPatterns(converter, patterns);
    populateTopKPatterns(converter, patterns);
    populateUniquePatterns(converter, patterns);
    populateQuantizePatterns(converter, patterns);
    populateGeneratorPatterns(converter, patterns);
    populateReverseSequencePatterns(converter, patterns);
    populateNonMaxSuppressionPatterns(converter, patterns);
    populateDetPatterns(converter, patterns);
    populateRoiPatterns(converter, patterns);
    populateGridSamplePatterns(converter, patterns);
    populateDftPatterns(converter, patterns);
    populateScatterPatterns(converter, patterns);
    populateIfPatterns(converter, patterns);
    populateLoopPatterns(converter, patterns);
    populateSequencePatterns(converter, patterns);

    // Ops without a pattern are reported by the conversion itself ("failed to legalize operation
    // 'aicc.X'") at the op's location, the ONNX node name.
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns)))) signalPassFailure();
  }
};

} // namespace
} // namespace aicc::cpu
