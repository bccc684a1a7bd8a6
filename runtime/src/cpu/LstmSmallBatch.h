// AICC_KERNEL_RNN for an LSTM of one or a few sequences (LstmSmallBatch.cpp). oneDNN's primitive
// spends most of a batch-1 step forking and joining threads around a matrix-vector product; here
// each thread owns a slice of the hidden units for the whole run, so its slice of the recurrent
// weights stays in its core's cache from step to step, and the threads meet once per step.
#ifndef AICC_RUNTIME_CPU_LSTMSMALLBATCH_H
#define AICC_RUNTIME_CPU_LSTMSMALLBATCH_H

#include <memory>

#include "Kernel.h"
#include "Rnn.h"

namespace aicc::rt {

// Whether the small-batch LSTM takes `p`, which oneDNN's primitive expresses (default activations,
// no clip, input_forget or sequence_lens; Rnn.cpp checks that first): an LSTM without peepholes,
// R a constant in ONNX's layout, few sequences, as measured against the primitive
// (LstmSmallBatch.cpp).
bool smallBatchLstmSuits(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g);

std::unique_ptr<Kernel> createSmallBatchLstm(const aicc_kernel_desc &desc, const aicc_rnn_params &p,
                                             const RnnGeometry &g);

// Whether the bf16 recurrence runs here, for an LSTM of compute_type bf16: AVX512_BF16, and
// ONEDNN_MAX_CPU_ISA not below it. Elsewhere such an LSTM computes in f32.
bool hasBf16SmallBatchLstm();

// Whether the int8 recurrence runs here: AVX-512 VNNI, and ONEDNN_MAX_CPU_ISA not below it.
bool hasInt8SmallBatchLstm();

// The small-batch LSTM of an AICC_KERNEL_QUANTIZED_RNN that smallBatchLstmSuits, on its s8 weights
// (hasInt8SmallBatchLstm must hold).
std::unique_ptr<Kernel> createQuantizedSmallBatchLstm(const aicc_kernel_desc &desc, const aicc_rnn_params &p,
                                                      const RnnGeometry &g);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_LSTMSMALLBATCH_H
