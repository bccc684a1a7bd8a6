// Rewrites Scan-8, Scan's batch-major form, before ONNX's version converter runs.
//
// At opset 8, Scan's states and scan inputs carry the batch as their first dim and an optional
// first input gives each batch element its sequence length; from opset 9 on there is no batch.
// ONNX 1.12's Scan 8 -> 9 adapter only drops the first dim from the recorded shapes (the graph's
// input shapes included) and the sequence_lens input, so the converted model computes something
// else. aicc writes the opset 8 meaning out with opset 8 ops the converter keeps:
//
//   Loop over the batch b:               (Gather(Shape(first scan input), 0) iterations)
//     states_b = Gather(state, b), x_b = Gather(scan input, b)
//     Loop over the steps t of x_b:      (states carried; the body's per-step outputs stacked)
//       x_b[t] (x_b[T-1-t] for direction 1) feeds Scan's body, inlined
//   the final states and the per-step outputs, stacked over the batch
//
// (onnx/docs/Changelog.md, Scan-8.) A Loop carries at least one value at opset 8; a Loop with
// nothing to carry carries an unused scalar.
#ifndef AICC_COMPILER_IMPORT_BATCHMAJORSCAN_H
#define AICC_COMPILER_IMPORT_BATCHMAJORSCAN_H

#include "llvm/Support/Error.h"
#include "onnx/onnx_pb.h"

namespace aicc {

/// For a model at opset 8: every Scan (in subgraphs too) becomes the two Loops above. A Scan with
/// a sequence_lens input is an error naming the node (each batch element would stop at its own
/// length). No-op at other opsets.
llvm::Error rewriteBatchMajorScan(onnx::ModelProto &model, int64_t opset);

} // namespace aicc

#endif // AICC_COMPILER_IMPORT_BATCHMAJORSCAN_H
