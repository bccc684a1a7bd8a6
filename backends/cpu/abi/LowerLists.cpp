// LowerLists: aicc_cpu.list_* on buffers → the runtime's lists (aicc_kernels_list_*, aicc/cpu_kernels.h);
// see Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/abi/RuntimeAddresses.h"

#include "aicc/model_abi.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_LOWERLISTS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

constexpr const char kListEmpty[] = "aicc_kernels_list_empty";
constexpr const char kListInsert[] = "aicc_kernels_list_insert";
constexpr const char kListErase[] = "aicc_kernels_list_erase";
constexpr const char kListLength[] = "aicc_kernels_list_length";
constexpr const char kListAt[] = "aicc_kernels_list_at";
constexpr const char kListConcat[] = "aicc_kernels_list_concat";

/// The aicc_dtype of a lowered (signless) element type: an unsigned tensor's elements are stored as
/// the signed type of their width, which has their bytes; the model's declared dtype is what a
/// caller sees.
int64_t dtypeOf(Type type) {
  if (type.isF32()) return AICC_DTYPE_FLOAT32;
  if (type.isF64()) return AICC_DTYPE_FLOAT64;
  if (type.isF16()) return AICC_DTYPE_FLOAT16;
  if (type.isBF16()) return AICC_DTYPE_BFLOAT16;
  switch (type.getIntOrFloatBitWidth()) {
  case 1: return AICC_DTYPE_BOOL;
  case 8: return AICC_DTYPE_INT8;
  case 16: return AICC_DTYPE_INT16;
  case 32: return AICC_DTYPE_INT32;
  default: return AICC_DTYPE_INT64;
  }
}

/// (has_position, position) of an optional position operand.
std::pair<Value, Value> positionArgs(OpBuilder &b, Location loc, Value position) {
  if (!position) return {i64Constant(b, loc, 0), i64Constant(b, loc, 0)};
  return {i64Constant(b, loc, 1), position};
}

struct LowerListsPass : impl::LowerListsBase<LowerListsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    OpBuilder b(context);
    DataLayout layout(module);
    auto ptrType = LLVM::LLVMPointerType::get(context);
    auto i64Type = b.getI64Type();
    auto addressType = MemRefType::get({}, b.getI8Type());
    bool used = false;

    for (auto func : module.getOps<func::FuncOp>()) {
      SmallVector<Operation *> ops;
      func.walk([&](Operation *op) {
        if (isa<ListEmptyOp, ListInsertOp, ListEraseOp, ListLengthOp, ListAtOp, ListConcatOp>(op)) ops.push_back(op);
      });
      if (ops.empty()) continue;
      FailureOr<Value> state = runtimeState(func, "lists");
      if (failed(state)) return signalPassFailure();
      used = true;
      // One dims array for all: each call reads (or writes) it during the call only.
      int64_t maxRank = 1;
      for (Operation *op : ops) {
        if (auto insert = dyn_cast<ListInsertOp>(op))
          maxRank = std::max(maxRank, cast<MemRefType>(insert.getElement().getType()).getRank());
        if (isa<ListAtOp, ListConcatOp>(op))
          maxRank = std::max(maxRank, cast<MemRefType>(op->getResult(0).getType()).getRank());
      }
      b.setInsertionPointToStart(&func.getBody().front());
      Value dims = dimsArray(b, func.getLoc(), maxRank);
      auto call = [&](Location loc, StringRef callee, Type result, ValueRange args) {
        return func::CallOp::create(b, loc, callee, TypeRange{result}, args).getResult(0);
      };

      for (Operation *op : ops) {
        Location loc = op->getLoc();
        b.setInsertionPoint(op);
        Value lowered;
        if (isa<ListEmptyOp>(op)) {
          lowered = call(loc, kListEmpty, ptrType, {*state});
        } else if (auto insert = dyn_cast<ListInsertOp>(op)) {
          auto type = cast<MemRefType>(insert.getElement().getType());
          storeDims(b, loc, sizesOf(b, loc, insert.getElement()), dims);
          auto [has, position] = positionArgs(b, loc, insert.getPosition());
          lowered = call(loc, kListInsert, ptrType,
                         {*state, insert.getList(), pointerTo(b, loc, insert.getElement()),
                          i64Constant(b, loc, dtypeOf(type.getElementType())), i64Constant(b, loc, type.getRank()),
                          pointerTo(b, loc, dims), has, position});
        } else if (auto erase = dyn_cast<ListEraseOp>(op)) {
          auto [has, position] = positionArgs(b, loc, erase.getPosition());
          lowered = call(loc, kListErase, ptrType, {*state, erase.getList(), has, position});
        } else if (auto length = dyn_cast<ListLengthOp>(op)) {
          lowered = call(loc, kListLength, i64Type, {*state, length.getList()});
        } else {
          auto type = cast<MemRefType>(op->getResult(0).getType());
          // In: what the type knows (-1 for a dynamic dim); out: the element's (the result's) dims.
          for (int64_t d = 0; d < type.getRank(); ++d)
            memref::StoreOp::create(b, loc, i64Constant(b, loc, type.isDynamicDim(d) ? -1 : type.getDimSize(d)), dims,
                                    ValueRange{arith::ConstantIndexOp::create(b, loc, d)});
          Value address;
          if (auto at = dyn_cast<ListAtOp>(op)) {
            address = call(
                loc, kListAt, addressType,
                {*state, at.getList(), at.getPosition(), i64Constant(b, loc, type.getRank()), pointerTo(b, loc, dims)});
          } else {
            auto concat = cast<ListConcatOp>(op);
            address = call(loc, kListConcat, addressType,
                           {*state, concat.getList(), i64Constant(b, loc, concat.getAxis()),
                            i64Constant(b, loc, concat.getNewAxis() ? 1 : 0), i64Constant(b, loc, type.getRank()),
                            pointerTo(b, loc, dims)});
          }
          lowered = viewOfWrittenDims(b, loc, address, type, {}, dims, layout);
        }
        op->getResult(0).replaceAllUsesWith(lowered);
        op->erase();
      }
    }

    if (!used) return;
    declareRuntimeFunction(b, module, kListEmpty, {ptrType}, ptrType);
    declareRuntimeFunction(b, module, kListInsert,
                           {ptrType, ptrType, ptrType, i64Type, i64Type, ptrType, i64Type, i64Type}, ptrType);
    declareRuntimeFunction(b, module, kListErase, {ptrType, ptrType, i64Type, i64Type}, ptrType);
    declareRuntimeFunction(b, module, kListLength, {ptrType, ptrType}, i64Type);
    declareRuntimeFunction(b, module, kListAt, {ptrType, ptrType, i64Type, i64Type, ptrType}, addressType);
    declareRuntimeFunction(b, module, kListConcat, {ptrType, ptrType, i64Type, i64Type, i64Type, ptrType}, addressType);
  }
};

} // namespace
} // namespace aicc::cpu
