// Rewrites ONNX Runtime's quantized contrib operators (domain com.microsoft), which its QOperator
// quantizer writes beside QLinearConv and QLinearMatMul, into the ONNX operators that define them:
// Y = QuantizeLinear(op(DequantizeLinear(X)...)) at Y's scale and zero point, for
// - QLinearAdd and QLinearMul (A, A_scale, A_zero_point, B, B_scale, B_zero_point, C_scale,
//   C_zero_point);
// - QLinearSigmoid, QLinearLeakyRelu (alpha), QLinearAveragePool (AveragePool's attributes) and
//   QLinearGlobalAveragePool (X, X_scale, X_zero_point, Y_scale, Y_zero_point); a pool with
//   channels_last = 1 reads X transposed to channels first and writes Y transposed back;
// - QLinearConcat (axis; Y_scale, Y_zero_point, then X, X_scale, X_zero_point per input).
// aicc's QDQ lowerings then fold them as they fold a QDQ graph's (the elementwise ops into one
// loop from the 8-bit inputs to the 8-bit output). A zero point absent is 0; Y's then takes the type
// of X's (A's), which the contrib ops share.
#ifndef AICC_COMPILER_IMPORT_MICROSOFTQUANTIZEDOPS_H
#define AICC_COMPILER_IMPORT_MICROSOFTQUANTIZEDOPS_H

#include "onnx/onnx_pb.h"
#include "llvm/Support/Error.h"

namespace aicc {

/// Rewrites those nodes of `model` (subgraphs too); `opset` is the model's default-domain opset,
/// which must have QuantizeLinear (10). A node with the wrong number of inputs or outputs, an
/// absent input that is not a zero point, or a channels_last pool whose rank the model does not
/// declare, is an error naming it.
llvm::Error rewriteMicrosoftQuantizedOps(onnx::ModelProto &model, int64_t opset);

} // namespace aicc

#endif // AICC_COMPILER_IMPORT_MICROSOFTQUANTIZEDOPS_H
