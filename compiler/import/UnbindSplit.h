// Reads SplitToSequence(x, split = scalar 1, keepdims = 0) as ONNX Runtime does: rows of x with
// the axis dropped.
//
// This is how PyTorch exports a scripted `x.unbind(dim)` (torch.onnx symbolic_opset11). ONNX's
// definition ignores keepdims when a split is given, which would keep the axis (rows of shape
// [1, ...]); ONNX Runtime applies keepdims to a scalar split (onnxruntime's SplitToSequence:
// use_keep_dims = split_sizes.empty()), so the exported model means what PyTorch computed. Without
// its split input the node means that by ONNX's definition too, and ONNX's shape inference types it
// so.
#ifndef AICC_COMPILER_IMPORT_UNBINDSPLIT_H
#define AICC_COMPILER_IMPORT_UNBINDSPLIT_H

#include "onnx/onnx_pb.h"

namespace aicc {

/// Drops the split input of every SplitToSequence (in subgraphs too) with keepdims = 0 whose split
/// is a constant scalar 1 (a Constant node or an initializer). Where one was dropped, the shapes the
/// exporter recorded under ONNX's reading (PyTorch records the rows as [1, ...] downstream, up to the
/// model's outputs) are cleared from value infos and graph outputs, for shape inference to type them
/// anew; element types and the model's inputs are kept. Returns whether anything changed.
bool rewriteUnbindSplits(onnx::ModelProto &model);

} // namespace aicc

#endif // AICC_COMPILER_IMPORT_UNBINDSPLIT_H
