// The small-batch LSTM's recurrence for AVX-512 (compiled with -mavx512f -mavx512dq -mavx512bw
// -mavx512vl -mfma).
#include "LstmSmallBatchSteps.inc"

void aicc::rt::lstmRecurrenceAvx512(const LstmRecurrence &r, int64_t thread, int64_t threads) {
  lstmRecurrence<16>(r, thread, threads);
}
