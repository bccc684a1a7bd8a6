// LowerOutputBuffers: aicc_cpu.output_buffer → aicc_kernels_output(state, index, dims), the
// runtime's buffer for an output whose dims only the run knows. A refused request returns at
// once: the generated code never writes through a null buffer, and the runtime reports why.
#include "backends/cpu/Passes.h"
#include "backends/cpu/RuntimeAddresses.h"

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
      if (func.getNumArguments() == 0 || func.getArgument(0).getType() != ptrType || !func.getResultTypes().empty()) {
        func.emitError("output buffers need the runtime state as the first argument and no results "
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
        int64_t rank = type.getRank();
        Value dims = memref::AllocaOp::create(b, loc, MemRefType::get({std::max<int64_t>(rank, 1)}, b.getI64Type()));
        Value elements = arith::ConstantIndexOp::create(b, loc, 1);
        unsigned next = 0;
        for (int64_t d = 0; d < rank; ++d) {
          Value size = type.isDynamicDim(d) ? request.getDynamicSizes()[next++]
                                            : arith::ConstantIndexOp::create(b, loc, type.getDimSize(d)).getResult();
          elements = arith::MulIOp::create(b, loc, elements, size);
          Value word = arith::IndexCastOp::create(b, loc, b.getI64Type(), size);
          memref::StoreOp::create(b, loc, word, dims, ValueRange{arith::ConstantIndexOp::create(b, loc, d)});
        }
        Value dimsPtr = pointerTo(b, loc, dims);
        Value index = arith::ConstantIntOp::create(b, loc, b.getI64Type(), request.getIndex());
        Value address =
            func::CallOp::create(b, loc, kOutputFunction, TypeRange{addressType}, ValueRange{state, index, dimsPtr})
                .getResult(0);

        // Null: return now. The rest of the function writes the output.
        Value isNull = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                             memref::ExtractAlignedPointerAsIndexOp::create(b, loc, address),
                                             arith::ConstantIndexOp::create(b, loc, 0));
        Block *before = request->getBlock();
        Block *rest = before->splitBlock(request);
        Block *refused = b.createBlock(rest);
        func::ReturnOp::create(b, loc);
        b.setInsertionPointToEnd(before);
        cf::CondBranchOp::create(b, loc, isNull, refused, rest);

        b.setInsertionPoint(request);
        request.replaceAllUsesWith(viewOfAddress(b, loc, address, type, elements, request.getDynamicSizes(), layout));
        request.erase();
      }
    }

    if (used && !module.lookupSymbol(kOutputFunction)) {
      b.setInsertionPointToEnd(module.getBody());
      auto decl = func::FuncOp::create(b, module.getLoc(), kOutputFunction,
                                       b.getFunctionType({ptrType, b.getI64Type(), ptrType}, {addressType}));
      decl.setPrivate();
    }
  }
};

} // namespace
} // namespace aicc::cpu
