// LowerIndexChecks: aicc_cpu.check_index → the position arithmetic, and a call to
// aicc_kernels_index_error when the index points outside its axis; see Passes.td.
#include "backends/cpu/Passes.h"
#include "backends/cpu/abi/RuntimeAddresses.h"

namespace aicc::cpu {

#define GEN_PASS_DEF_LOWERINDEXCHECKS
#include "backends/cpu/Passes.h.inc"

namespace {

using namespace mlir;

struct LowerIndexChecksPass : impl::LowerIndexChecksBase<LowerIndexChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    OpBuilder b(context);
    auto ptrType = LLVM::LLVMPointerType::get(context);
    auto i64 = b.getI64Type();
    bool used = false;
    llvm::StringMap<std::string> nodeGlobals; // one string per node name

    for (auto func : module.getOps<func::FuncOp>()) {
      SmallVector<CheckIndexOp> checks;
      func.walk([&](CheckIndexOp op) { checks.push_back(op); });
      if (checks.empty()) continue;
      if (func.getNumArguments() == 0 || func.getArgument(0).getType() != ptrType) {
        func.emitError("index checks need the runtime state as the first argument (aicc-cpu-lower-kernel-calls)");
        return signalPassFailure();
      }
      Value state = func.getArgument(0);
      used = true;
      for (CheckIndexOp check : checks) {
        Location loc = check.getLoc();
        b.setInsertionPoint(check);
        Value index = check.getIndex();
        if (index.getType() != i64) index = arith::ExtSIOp::create(b, loc, i64, index);
        Value size = arith::IndexCastOp::create(b, loc, i64, check.getSize());
        Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
        Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
        Value wrapped = arith::AddIOp::create(b, loc, index, size);
        Value position = arith::SelectOp::create(b, loc, negative, wrapped, index);
        // Unsigned: a position still negative is as far out as one past the end.
        Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, position, size);
        Value safe = arith::SelectOp::create(b, loc, inRange, position, zero);

        Value outOfRange = arith::XOrIOp::create(b, loc, inRange, arith::ConstantIntOp::create(b, loc, 1, 1));
        auto report = scf::IfOp::create(b, loc, outOfRange, /*withElseRegion=*/false);
        b.setInsertionPointToStart(report.thenBlock());
        std::string &global = nodeGlobals[check.getNode()];
        if (global.empty()) global = "aicc_index_node_" + std::to_string(nodeGlobals.size() - 1);
        Value node = cString(b, module, loc, global, check.getNode());
        Value axis = arith::ConstantIntOp::create(b, loc, i64, check.getAxis());
        func::CallOp::create(b, loc, kIndexErrorFunction, TypeRange{}, ValueRange{state, node, index, axis, size});

        b.setInsertionPoint(check);
        check.getPosition().replaceAllUsesWith(arith::IndexCastOp::create(b, loc, b.getIndexType(), safe).getResult());
        check.getInRange().replaceAllUsesWith(inRange);
        check.erase();
      }
    }

    if (used && !module.lookupSymbol(kIndexErrorFunction)) {
      b.setInsertionPointToEnd(module.getBody());
      auto decl = func::FuncOp::create(b, module.getLoc(), kIndexErrorFunction,
                                       b.getFunctionType({ptrType, ptrType, i64, i64, i64}, {}));
      decl.setPrivate();
    }
  }
};

} // namespace
} // namespace aicc::cpu
