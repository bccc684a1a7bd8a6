// reshapeTo: how the CPU backend changes a tensor's shape without moving its data, for the kernel
// selection and fusion passes (a bias or an operand brought to a kernel's rank) and the linalg
// lowerings alike.
#ifndef AICC_BACKENDS_CPU_TENSORRESHAPE_H
#define AICC_BACKENDS_CPU_TENSORRESHAPE_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace aicc::cpu {

/// `value` with the same elements in row-major order and `type`'s shape: a cast where only static
/// and symbolic dims differ, one collapse_shape or expand_shape where the shapes allow, else
/// through a 1-D tensor; null where that would need a symbolic size.
mlir::Value reshapeTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value, mlir::RankedTensorType type);

/// The value `value` reshapes (through expand_shape and collapse_shape, which keep row-major
/// order): where a constant, or a scalar brought to a kernel's rank, comes from.
mlir::Value throughReshapes(mlir::Value value);

} // namespace aicc::cpu

#endif // AICC_BACKENDS_CPU_TENSORRESHAPE_H
