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

  /// Whether the target's kernels read `op`'s operands themselves, so that `op` must stay though
  /// it reads only constants: a DequantizeLinear of the int8 weights an int8 convolution reads.
  virtual bool keepsUncomputed(mlir::Operation *op) const { return false; }

  /// Whether `op` is to be computed whatever the size of its operands and results: a
  /// QuantizeLinear of f32 weights into the int8 ones such a kernel reads (quantization-aware
  /// training exports quantize their weights in the graph).
  virtual bool computesWhateverSize(mlir::Operation *op) const { return false; }
};

} // namespace aicc

#endif // AICC_PASSES_CONSTANTEVALUATION_H
