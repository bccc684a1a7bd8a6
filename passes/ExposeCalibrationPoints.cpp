// ExposeCalibrationPoints: the instrumented model calibration runs returns each int8
// convolution's input after its outputs (see Passes.td).
#include "compiler/ModuleConventions.h"
#include "passes/Passes.h"
#include "passes/StaticQuantization.h"

namespace aicc {

#define GEN_PASS_DEF_EXPOSECALIBRATIONPOINTS
#include "passes/Passes.h.inc"

namespace {

using namespace mlir;

struct ExposeCalibrationPoints : impl::ExposeCalibrationPointsBase<ExposeCalibrationPoints> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto names = func->getAttrOfType<ArrayAttr>(attrs::kOutputNames);
    if (!names) return;
    llvm::SmallVector<Value> points = calibrationPoints(staticallyQuantizedConvs(func));
    if (points.empty()) return;
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    llvm::SmallVector<Attribute> allNames(names.begin(), names.end());
    Builder b(func.getContext());
    for (auto [k, point] : llvm::enumerate(points)) {
      ret.getOperandsMutable().append(point);
      allNames.push_back(b.getStringAttr("aicc.calibration." + std::to_string(k)));
    }
    func->setAttr(attrs::kOutputNames, b.getArrayAttr(allNames));
    func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(), ret.getOperandTypes()));
  }
};

} // namespace
} // namespace aicc
