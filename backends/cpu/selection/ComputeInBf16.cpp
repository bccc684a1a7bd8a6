// ComputeInBf16: convolutions, deconvolutions and matmuls on f32 data compute in bf16 (aicc
// --precision=bf16). See Passes.td.
#include "backends/cpu/Passes.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_COMPUTEINBF16
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

bool allF32(Operation *op) {
  return llvm::all_of(op->getOperandTypes(), [](Type type) { return cast<ShapedType>(type).getElementType().isF32(); });
}

struct ComputeInBf16 : impl::ComputeInBf16Base<ComputeInBf16> {
  using ComputeInBf16Base::ComputeInBf16Base;

  void runOnOperation() override {
    llvm::StringSet<> kept;
    for (const std::string &name : keepFp32) kept.insert(name);
    int64_t kernels = 0, inBf16 = 0;
    getOperation().walk([&](Operation *op) {
      if (!isa<ConvOp, DeconvOp, MatMulOp>(op)) return;
      ++kernels;
      // An int8 matmul (b_scales) stays int8.
      if (!allF32(op) || madeFrom(op, kept)) return;
      op->setAttr("compute_type", DataTypeAttr::get(op->getContext(), DataType::bf16));
      ++inBf16;
    });
    // What aicc -v reports.
    if (kernels > 0)
      getOperation().emitRemark() << "bf16: " << inBf16 << " of " << kernels
                                  << " conv, deconv and matmul kernels compute in bf16";
  }
};

} // namespace

} // namespace aicc::cpu
