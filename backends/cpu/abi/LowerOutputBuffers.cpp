// LowerOutputBuffers: aicc_cpu.output_buffer → aicc_kernels_output(state, index, dims), the
// runtime's buffer for an output whose dims only the run knows. A refused request returns at
// once: the generated code never writes through a null buffer, and the runtime reports why.
#include "backends/cpu/Passes.h"
#include "backends/cpu/abi/RuntimeAddresses.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_LOWEROUTPUTBUFFERS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct LowerOutputBuffersPass : impl::LowerOutputBuffersBase<LowerOutputBuffersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    OpBuilder b(context);
    DataLayout layout(module);
    auto ptrType = LLVM::LLVMPointerType::get(context);
    // Under the bare-pointer calling convention a rank-0 memref result is the returned address.
    auto addressType = MemRefType::get({}, b.getI8Type());
    bool used = false;

    for (auto func : module.getOps<func::FuncOp>()) {
      llvm::SmallVector<OutputBufferOp> requests;
      func.walk([&](OutputBufferOp op) { requests.push_back(op); });
      if (requests.empty()) continue;
      Block &entry = func.getBody().front();
      // The only results left are lists (sequence outputs).
      if (func.getNumArguments() == 0 || func.getArgument(0).getType() != ptrType ||
          llvm::any_of(func.getResultTypes(), [&](Type type) { return type != ptrType; })) {
        func.emitError("output buffers need the runtime state as the first argument and no buffer results "
                       "(aicc-cpu-lower-kernel-calls, buffer-results-to-out-params)");
        return signalPassFailure();
      }
      for (OutputBufferOp request : requests)
        if (request->getBlock() != &entry) {
          request.emitOpError("must be in the entry block of its function");
          return signalPassFailure();
        }
      Value state = func.getArgument(0);
      used = true;

      // Each request splits the block it is in; the later ones are in the part after it.
      for (OutputBufferOp request : requests) {
        Location loc = request.getLoc();
        auto type = cast<MemRefType>(request.getType());
        b.setInsertionPoint(request);

        // The output's dims, static ones included, as the runtime reads them.
        Value dims = dimsArray(b, loc, type.getRank());
        SmallVector<Value> sizes;
        unsigned next = 0;
        for (int64_t d = 0; d < type.getRank(); ++d)
          sizes.push_back(type.isDynamicDim(d)
                              ? request.getDynamicSizes()[next++]
                              : arith::ConstantIndexOp::create(b, loc, type.getDimSize(d)).getResult());
        Value elements = storeDims(b, loc, sizes, dims);
        Value address =
            func::CallOp::create(b, loc, kOutputFunction, TypeRange{addressType},
                                 ValueRange{state, i64Constant(b, loc, request.getIndex()), pointerTo(b, loc, dims)})
                .getResult(0);

        // Null: return now. The rest of the function writes the output.
        Value isNull = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                             memref::ExtractAlignedPointerAsIndexOp::create(b, loc, address),
                                             arith::ConstantIndexOp::create(b, loc, 0));
        Block *before = request->getBlock();
        Block *rest = before->splitBlock(request);
        Block *refused = b.createBlock(rest);
        // No lists either: the run has failed.
        SmallVector<Value> noLists;
        for (Type type : func.getResultTypes()) noLists.push_back(LLVM::ZeroOp::create(b, loc, type));
        func::ReturnOp::create(b, loc, noLists);
        b.setInsertionPointToEnd(before);
        cf::CondBranchOp::create(b, loc, isNull, refused, rest);

        b.setInsertionPoint(request);
        request.replaceAllUsesWith(viewOfAddress(b, loc, address, type, elements, request.getDynamicSizes(), layout));
        request.erase();
      }
    }

    if (used) declareRuntimeFunction(b, module, kOutputFunction, {ptrType, b.getI64Type(), ptrType}, addressType);
  }
};

} // namespace
} // namespace aicc::cpu
