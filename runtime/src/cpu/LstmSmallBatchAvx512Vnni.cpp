// The small-batch LSTM's recurrence on int8 weights, for AVX-512 VNNI (compiled with -mavx512f
// -mavx512dq -mavx512bw -mavx512vl -mavx512vnni -mfma).
#include "LstmSmallBatchSteps.inc"

void aicc::rt::lstmRecurrenceInt8Avx512Vnni(const LstmRecurrence &r, int64_t thread, int64_t threads) {
  lstmRecurrence<16, Weights::int8>(r, thread, threads);
}
