//===- RecurrentShapes.h - ONNX's layouts of RNN/LSTM/GRU outputs -*- C++ -*-===//
//
// One rule shared by the recurrent ops' shape inference (ShapeInferenceNN.cpp), their CPU lowering
// and the aicc_cpu.rnn verifier. No dialect types, so that the CPU dialect can include it.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_DIALECTS_RECURRENTSHAPES_H
#define AICC_DIALECTS_RECURRENTSHAPES_H

#include <cstdint>

#include "llvm/ADT/SmallVector.h"

namespace aicc {

/// The shapes of a recurrent op's outputs (kDynamic where unknown): Y [T, D, B, H] and the states
/// Y_h, Y_c (and initial_h, initial_c) [D, B, H] in layout 0; [B, T, D, H] and [B, D, H] in
/// layout 1 (`batchMajor`).
struct RecurrentShapes {
  llvm::SmallVector<int64_t> y, state;
};

inline RecurrentShapes recurrentShapes(int64_t seqLength, int64_t batch, int64_t directions, int64_t hidden,
                                       bool batchMajor) {
  if (batchMajor) return {{batch, seqLength, directions, hidden}, {batch, directions, hidden}};
  return {{seqLength, directions, batch, hidden}, {directions, batch, hidden}};
}

} // namespace aicc

#endif // AICC_DIALECTS_RECURRENTSHAPES_H
