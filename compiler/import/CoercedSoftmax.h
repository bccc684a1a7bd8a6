// Rewrites the opset < 13 form of Softmax, LogSoftmax and Hardmax into the opset 13 form before
// ONNX's version converter runs.
//
// Before opset 13 these ops coerce their input to 2-D at `axis` ([d0*..*d(axis-1), d(axis)*..*dn])
// and normalise each row; from 13 on they normalise along `axis` alone. ONNX 1.12's converter
// handles the change badly: for Softmax/LogSoftmax it needs the input's shape, which a PyTorch
// export does not record, and throws; for Hardmax it registers no adapter at all and keeps the old
// axis, silently changing the result. So aicc writes the old semantics out itself
// (onnx/docs/Changelog.md, Softmax-11 vs Softmax-13).
#ifndef AICC_COMPILER_IMPORT_COERCEDSOFTMAX_H
#define AICC_COMPILER_IMPORT_COERCEDSOFTMAX_H

#include "onnx/onnx_pb.h"

namespace aicc {

/// For a model whose default-domain opset is below 13: every Softmax, LogSoftmax and Hardmax (in
/// subgraphs too) whose axis is the input's last dimension gets axis = -1, which means the same at
/// every opset; any other becomes Flatten(axis) → op(axis = -1) → Reshape(Shape(input)). Either
/// form passes the version converter unchanged. No-op for opset 13 and later.
void rewriteCoercedSoftmax(onnx::ModelProto &model, int64_t opset);

} // namespace aicc

#endif // AICC_COMPILER_IMPORT_COERCEDSOFTMAX_H
