//===- ConstantEvaluation.h - computing constant subgraphs with a target --*- C++ -*-===//
//
// EvaluateConstantSubgraphs computes ops whose inputs are all constants at compile time. It does
// not compute them itself: a target attaches this interface to the aicc dialect (the CPU backend
// in its registerDialects) and computes them by compiling and running them, so the target's
// lowering of each op stays the one definition of what the op computes.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_PASSES_CONSTANTEVALUATION_H
#define AICC_PASSES_CONSTANTEVALUATION_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectInterface.h"
#include "mlir/IR/Operation.h"

namespace aicc {

class ConstantEvaluationInterface : public mlir::DialectInterface::Base<ConstantEvaluationInterface> {
public:
  explicit ConstantEvaluationInterface(mlir::Dialect *dialect) : Base(dialect) {}

  /// The values of `results`, computed by `ops`: aicc ops without regions, in an order where each
  /// operand is an aicc.Constant, an aicc.none or a result of an earlier op. One attribute per
  /// result, with the shape the run gave it; failure (and no diagnostic) when the target cannot
  /// compile or run them.
  virtual mlir::FailureOr<llvm::SmallVector<mlir::ElementsAttr>> evaluate(llvm::ArrayRef<mlir::Operation *> ops,
                                                                          mlir::ValueRange results) const = 0;
};

} // namespace aicc

#endif // AICC_PASSES_CONSTANTEVALUATION_H
