// The small-batch LSTM's recurrence on bf16 weights, for AVX512_BF16 (compiled with -mavx512f
// -mavx512dq -mavx512bw -mavx512vl -mavx512bf16 -mfma).
#include "LstmSmallBatchSteps.inc"

void aicc::rt::lstmRecurrenceBf16Avx512(const LstmRecurrence &r, int64_t thread, int64_t threads) {
  lstmRecurrence<16, Weights::bf16>(r, thread, threads);
}
