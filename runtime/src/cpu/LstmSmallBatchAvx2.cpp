// The small-batch LSTM's recurrence for AVX2 with FMA (compiled with -mavx2 -mfma).
#include "LstmSmallBatchSteps.inc"

void aicc::rt::lstmRecurrenceAvx2(const LstmRecurrence &r, int64_t thread, int64_t threads) {
  lstmRecurrence<8>(r, thread, threads);
}
