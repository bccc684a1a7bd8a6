// AICC_KERNEL_QUANTIZED_RNN: an RNN kernel whose W and R are s8 constants with a scale per row
// (aicc --quantize=dynamic).
//
// - An LSTM that the small-batch kernel takes runs there in int8 where the host has AVX-512 VNNI:
//   X quantized per run for the input projection, the state per step for the recurrence.
// - Everything else (other cells, many sequences, peepholes, other activations, hosts without
//   VNNI) runs the f32 kernel (Rnn.cpp) on the weights dequantized at create: the values the s8
//   weights stand for, computed in f32.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "Kernel.h"
#include "LstmSmallBatch.h"
#include "Rnn.h"

namespace aicc::rt {
namespace {

// The s8 rows of `count` rows of `length` times their scales.
std::shared_ptr<std::vector<float>> dequantizedRows(const int8_t *values, const float *scales, int64_t count,
                                                    int64_t length) {
  auto result = std::make_shared<std::vector<float>>(count * length);
  for (int64_t row = 0; row < count; ++row)
    for (int64_t k = 0; k < length; ++k) (*result)[row * length + k] = values[row * length + k] * scales[row];
  return result;
}

} // namespace

std::unique_ptr<Kernel> createQuantizedRnn(const aicc_kernel_desc &desc, dnnl::stream &stream) {
  const auto p = paramsWithComputeType<aicc_rnn_params>(desc);
  expectArgCount(desc, AICC_QUANTIZED_RNN_NUM_ARGS);
  if (checkedComputeType(p.compute_type) != dnnl::memory::data_type::f32)
    throw KernelError("a quantized RNN's compute_type is f32");
  const RnnGeometry g = checkedRnnGeometry(p);
  const int64_t D = g.directions, GH = g.gates * g.hiddenSize;
  struct Constant {
    int index;
    const char *name;
  };
  for (Constant c :
       {Constant{AICC_RNN_ARG_W, "W"}, Constant{AICC_RNN_ARG_R, "R"},
        Constant{AICC_QUANTIZED_RNN_ARG_W_SCALES, "W_scales"}, Constant{AICC_QUANTIZED_RNN_ARG_R_SCALES, "R_scales"}}) {
    if (!constantArg(desc, c.index))
      throw KernelError(std::string("a quantized RNN's ") + c.name + " must be a compile-time constant");
    if (desc.formats && desc.formats[c.index])
      throw KernelError(std::string("a quantized RNN reads its ") + c.name + " as stored: it cannot be prepacked");
  }
  const auto *wScales = static_cast<const float *>(constantArg(desc, AICC_QUANTIZED_RNN_ARG_W_SCALES));
  const auto *rScales = static_cast<const float *>(constantArg(desc, AICC_QUANTIZED_RNN_ARG_R_SCALES));
  for (int64_t i = 0; i < D * GH; ++i)
    if (!(std::isfinite(wScales[i]) && wScales[i] > 0 && std::isfinite(rScales[i]) && rScales[i] > 0))
      throw KernelError("a quantized RNN's weight scales must be finite and positive; row " + std::to_string(i) +
                        " has " + std::to_string(wScales[i]) + " and " + std::to_string(rScales[i]));

  if (hasInt8SmallBatchLstm() && primitiveExpresses(p, g) && smallBatchLstmSuits(desc, p, g))
    return createQuantizedSmallBatchLstm(desc, p, g);

  auto w =
      dequantizedRows(static_cast<const int8_t *>(constantArg(desc, AICC_RNN_ARG_W)), wScales, D * GH, g.inputSize);
  auto r =
      dequantizedRows(static_cast<const int8_t *>(constantArg(desc, AICC_RNN_ARG_R)), rScales, D * GH, g.hiddenSize);
  std::vector<const void *> constants(desc.constants, desc.constants + AICC_RNN_NUM_ARGS);
  constants[AICC_RNN_ARG_W] = w->data();
  constants[AICC_RNN_ARG_R] = r->data();
  std::vector<const aicc_packed_format *> formats;
  if (desc.formats) formats.assign(desc.formats, desc.formats + AICC_RNN_NUM_ARGS);
  aicc_kernel_desc f32 = desc;
  f32.kind = AICC_KERNEL_RNN;
  f32.num_args = AICC_RNN_NUM_ARGS;
  f32.constants = constants.data();
  f32.formats = desc.formats ? formats.data() : nullptr;
  std::unique_ptr<Kernel> kernel = createRnn(f32, stream);
  kernel->keepAlive(w);
  kernel->keepAlive(r);
  // The artifact keeps the s8 weights; what the f32 kernel reordered from its own copies is not
  // the artifact's to replace.
  kernel->forgetPackedConstants();
  return kernel;
}

} // namespace aicc::rt
