// AICC_KERNEL_RNN for an LSTM of one or a few sequences (LstmSmallBatch.cpp). oneDNN's primitive
// spends most of a batch-1 step forking and joining threads around a matrix-vector product; here
// each thread owns a slice of the hidden units for the whole run, so its slice of the recurrent
// weights stays in its core's cache from step to step, and the threads meet once per step.
#ifndef AICC_RUNTIME_CPU_LSTMSMALLBATCH_H
#define AICC_RUNTIME_CPU_LSTMSMALLBATCH_H

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include "Kernel.h"
#include "Rnn.h"

namespace aicc::cpu {

// Whether the small-batch LSTM computes `p` (default activations, no clip, input_forget, peepholes
// or sequence_lens; few sequences; R a constant in ONNX's layout) and is the faster choice.
bool smallBatchLstmSuits(const aicc_kernel_desc &desc, const aicc_rnn_params &p, const RnnGeometry &g);

std::unique_ptr<Kernel> createSmallBatchLstm(const aicc_kernel_desc &desc, const aicc_rnn_params &p,
                                             const RnnGeometry &g);

// The threads of one recurrence meet here after every step. oneDNN's OpenMP barrier sleeps on
// a futex after spinning; at a few microseconds a step a waiter spins (yielding now and then, for
// a host with fewer cores than threads), which costs a fraction of OpenMP's barrier here.
class SpinBarrier {
public:
  // Returns once `threads` threads have called it (the same count every time).
  void arrive(int64_t threads) {
    if (threads <= 1)
      return;
    const uint32_t generation = passed.load(std::memory_order_relaxed);
    if (arrived.fetch_add(1, std::memory_order_acq_rel) == threads - 1) {
      arrived.store(0, std::memory_order_relaxed);
      passed.store(generation + 1, std::memory_order_release);
      return;
    }
    for (uint32_t spins = 1; passed.load(std::memory_order_acquire) == generation; ++spins) {
      if (spins % 4096 == 0)
        std::this_thread::yield();
      else
        __builtin_ia32_pause();
    }
  }

private:
  alignas(64) std::atomic<int64_t> arrived{0};
  alignas(64) std::atomic<uint32_t> passed{0};
};

// One run of the recurrence, as the step code of each instruction set reads it. Hidden units are
// padded to `paddedHidden` (a multiple of `width`, the vector length) and taken in blocks of
// `width`; padded units have zero weights, inputs and bias, so their state stays 0.
struct LstmRecurrence {
  RnnGeometry geometry;
  int64_t width, paddedHidden, blocks;
  bool reverse[2];           // per direction
  const float *packedR;      // [D][blocks][H][4][width]: block b's weights for k, ONNX gates i, o, f, c
  const float *bias;         // [D][4][paddedHidden]: Wb + Rb
  const float *inputGates;   // [D][T*N rows, as geometry.xRow][4][paddedHidden]: X x W^T
  float *h;                  // [2][N][paddedHidden]: the state read and the state written by a step
  float *c;                  // [N][paddedHidden]
  const float *initialH, *initialC; // ONNX's layouts, or null for zeros
  float *y, *yH, *yC;
  SpinBarrier *barrier;
};

// The recurrence on thread `thread` of `threads` (inside one parallel region): the thread computes
// its own hidden-unit blocks and meets the others at a barrier after each step. Each variant is
// compiled for its instruction set; callers pick one the host has.
void lstmRecurrenceGeneric(const LstmRecurrence &r, int64_t thread, int64_t threads);
void lstmRecurrenceAvx2(const LstmRecurrence &r, int64_t thread, int64_t threads);
void lstmRecurrenceAvx512(const LstmRecurrence &r, int64_t thread, int64_t threads);

} // namespace aicc::cpu

#endif // AICC_RUNTIME_CPU_LSTMSMALLBATCH_H
