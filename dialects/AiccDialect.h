//===- AiccDialect.h - the aicc graph dialect ------------------*- C++ -*-===//
//
// The one header for users of the aicc dialect: the dialect, its types, the ONNX ops and the
// shape-inference interface they implement.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_DIALECTS_AICCDIALECT_H
#define AICC_DIALECTS_AICCDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/AiccDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "dialects/AiccTypes.h.inc"

#include "dialects/ShapeInferenceInterface.h.inc"

#define GET_OP_CLASSES
#include "dialects/AiccOps.h.inc"

namespace mlir::aicc {

/// The tensor type both `a` and `b` conform to, for values that meet at control flow (If branches,
/// a Loop's initial and carried values): equal static dims kept, others dynamic; unranked (of
/// a's element type) if the ranks differ or either is unranked.
TensorType joinTensorTypes(TensorType a, TensorType b);

} // namespace mlir::aicc

#endif // AICC_DIALECTS_AICCDIALECT_H
