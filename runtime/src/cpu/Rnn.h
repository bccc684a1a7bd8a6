// What the two implementations of AICC_KERNEL_RNN share (Rnn.cpp on oneDNN's RNN primitives,
// RnnReference.cpp for what they cannot express): the checked geometry and the operands of a run.
#ifndef AICC_RUNTIME_CPU_RNN_H
#define AICC_RUNTIME_CPU_RNN_H

#include <cstdint>
#include <vector>

#include "aicc/cpu_kernels.h"

namespace aicc::rt {

struct RnnGeometry {
  int64_t cell;       // an aicc_rnn_cell
  int64_t directions; // D: 1 or 2
  int64_t gates;      // G: 1 (RNN), 4 (LSTM), 3 (GRU)
  int64_t activationsPerDirection;
  int64_t seqLength, batch, inputSize, hiddenSize; // T, N, I, H
  bool batchMajor;                                 // ONNX layout 1

  // Where things are in ONNX's layouts: the row of X for step t and batch entry b (rows of
  // inputSize elements, [T, N] or [N, T] of them), and the element offsets of Y's row (t, d, b)
  // and of a state's row (d, b).
  int64_t xRow(int64_t t, int64_t b) const { return batchMajor ? b * seqLength + t : t * batch + b; }
  int64_t yOffset(int64_t t, int64_t d, int64_t b) const {
    return (batchMajor ? (b * seqLength + t) * directions + d : (t * directions + d) * batch + b) * hiddenSize;
  }
  int64_t stateOffset(int64_t d, int64_t b) const {
    return (batchMajor ? b * directions + d : d * batch + b) * hiddenSize;
  }
};

// The geometry of `p`, every field and activation checked; throws KernelError.
RnnGeometry checkedRnnGeometry(const aicc_rnn_params &p);

// Whether oneDNN's primitives compute `p` as ONNX defines it (Rnn.cpp): the cells' default
// activations, no clip, input_forget or sequence_lens.
bool primitiveExpresses(const aicc_rnn_params &p, const RnnGeometry &g);

// Whether direction d of `p` runs from the last step to the first.
inline bool runsReversed(const aicc_rnn_params &p, int64_t d) {
  return p.direction == AICC_RNN_REVERSE || (p.direction == AICC_RNN_BIDIRECTIONAL && d == 1);
}

// One run's data in ONNX's layouts (aicc_rnn_params); null where an operand is absent.
struct RnnOperands {
  const float *x, *w, *r, *b;
  const int32_t *sequenceLens;
  const float *initialH, *initialC, *p;
  float *y, *yH, *yC;
};

// The reference loop's working buffers, kept by its kernel: sized on the first run, reused after.
struct RnnScratch {
  std::vector<float> xw, hr, h, c, rh, rhR;
  std::vector<int64_t> lengths;
};

// The recurrence as ONNX defines it, every attribute included: one GEMM for the input projection
// of all steps, then per step a GEMM of the hidden state and the cell's elementwise math. A batch
// entry whose sequence_lens is L runs L steps (the reverse direction from step L-1), and its Y
// past L is 0. Throws KernelError for a sequence length outside 0..T.
void runRnnReference(const aicc_rnn_params &p, const RnnGeometry &g, const RnnOperands &operands, RnnScratch &scratch);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_RNN_H
