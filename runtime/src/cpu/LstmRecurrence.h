// What the small-batch LSTM's step code (LstmSmallBatchSteps.inc) sees: plain data and functions
// declared here, nothing inline. That code is compiled once per instruction set (with -mavx2,
// -mavx512f, ...), and an inline function or template those files shared with others would be
// emitted by each, with the linker keeping any one copy: perhaps an AVX-512 one, for every caller.
#ifndef AICC_RUNTIME_CPU_LSTMRECURRENCE_H
#define AICC_RUNTIME_CPU_LSTMRECURRENCE_H

#include <cstdint>

namespace aicc::rt {

// Where the threads of one recurrence meet after every step (LstmSmallBatch.cpp).
struct LstmBarrier;
// Returns once `threads` threads have arrived (the same count every time).
void lstmBarrierArrive(LstmBarrier *barrier, int64_t threads);

// One run of the recurrence. Offsets in ONNX's layouts are affine in the step t, the direction d
// and the sequence b (RnnGeometry's, as strides): X's row t * xStep + b * xSequence, Y's element
// offset t * yStep + d * yDirection + b * ySequence, a state's d * stateDirection + b * stateSequence.
// Hidden units are padded to `paddedHidden` (a multiple of `width`, the vector length) and taken in
// blocks of `width`; padded units have zero weights, inputs and bias, so their state stays 0.
// Each thread's scales in LstmRecurrence::hScales: a cache line's worth, at least the sequences.
constexpr int64_t kScalesPerThread = 16;

struct LstmRecurrence {
  int64_t steps, sequences, hidden, directions;
  int64_t xStep, xSequence, yStep, yDirection, ySequence, stateDirection, stateSequence;
  int64_t width, paddedHidden, blocks;
  bool reverse[2];      // per direction
  const float *packedR; // [D][blocks][H][4][width]: block b's weights for k, ONNX gates i, o, f, c
  // The int8 recurrence's (lstmRecurrenceInt8Avx512Vnni; null in the f32 one): R as s8, k in
  // fours (what one VNNI product sums), dequantized per unit by rScales; the state is quantized
  // to u8 around 128 on each step, per sequence, into each thread's own hq, and rCompensation
  // takes that 128 back out.
  const int8_t *packedRq;       // [D][blocks][paddedHidden / 4][4][width][4]
  const float *rScales;         // [D][4][paddedHidden]
  const int32_t *rCompensation; // [D][4][paddedHidden]: 128 * sum over k of R_q
  uint8_t *hq;                  // [threads][hqStride]: [N][paddedHidden] each
  int64_t hqStride;             // a multiple of 64: threads write their own cache lines
  float *hScales;               // [threads][kScalesPerThread]: N each
  // The bf16 recurrence's (lstmRecurrenceBf16Avx512): R rounded to bf16, k in pairs (what one
  // vdpbf16ps sums); the state is rounded to bf16 on each step into each thread's own hb.
  const uint16_t *packedRb;         // [D][blocks][paddedHidden / 2][4][width][2]
  uint16_t *hb;                     // [threads][hbStride]: [N][paddedHidden] each
  int64_t hbStride;                 // a multiple of 32: threads write their own cache lines
  const float *bias;                // [D][4][paddedHidden]: Wb + Rb
  const float *inputGates;          // [D][rows of X][4][paddedHidden]: X x W^T
  float *h;                         // [2][N][paddedHidden]: the state read and the state written by a step
  float *c;                         // [N][paddedHidden]
  const float *initialH, *initialC; // ONNX's layouts, or null for zeros
  float *y, *yH, *yC;
  LstmBarrier *barrier;
};

// The recurrence on thread `thread` of `threads` (inside one parallel region): the thread computes
// its own hidden-unit blocks and meets the others at the barrier after each step. Each variant is
// compiled for its instruction set; callers pick one the host has.
void lstmRecurrenceGeneric(const LstmRecurrence &r, int64_t thread, int64_t threads);
void lstmRecurrenceAvx2(const LstmRecurrence &r, int64_t thread, int64_t threads);
void lstmRecurrenceAvx512(const LstmRecurrence &r, int64_t thread, int64_t threads);
void lstmRecurrenceInt8Avx512Vnni(const LstmRecurrence &r, int64_t thread, int64_t threads);
void lstmRecurrenceBf16Avx512(const LstmRecurrence &r, int64_t thread, int64_t threads);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CPU_LSTMRECURRENCE_H
