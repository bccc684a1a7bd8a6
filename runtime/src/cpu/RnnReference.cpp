// AICC_KERNEL_RNN where oneDNN's RNN primitives cannot express the op: activations other than the
// cells' defaults (and an RNN's tanh/relu/sigmoid), clip, LSTM's input_forget, and sequence_lens.
// The GEMMs are oneDNN's (dnnl_sgemm, on the session's threads); the cell math is a loop per step.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "Kernel.h"
#include "Rnn.h"

namespace aicc::rt {
namespace {

struct Activation {
  int64_t kind;
  float alpha, beta;

  float operator()(float x) const {
    switch (kind) {
    case AICC_RNN_ACT_SIGMOID: return 1.f / (1.f + std::exp(-x));
    case AICC_RNN_ACT_TANH: return std::tanh(x);
    case AICC_RNN_ACT_RELU: return std::max(x, 0.f);
    case AICC_RNN_ACT_AFFINE: return alpha * x + beta;
    case AICC_RNN_ACT_LEAKY_RELU: return x < 0 ? alpha * x : x;
    case AICC_RNN_ACT_THRESHOLDED_RELU: return x > alpha ? x : 0.f;
    case AICC_RNN_ACT_SCALED_TANH: return alpha * std::tanh(beta * x);
    case AICC_RNN_ACT_HARD_SIGMOID: return std::min(std::max(alpha * x + beta, 0.f), 1.f);
    case AICC_RNN_ACT_ELU: return x < 0 ? alpha * (std::exp(x) - 1.f) : x;
    case AICC_RNN_ACT_SOFTSIGN: return x / (1.f + std::fabs(x));
    default: return x > 20.f ? x : std::log1p(std::exp(x)); // softplus; checkedRnnGeometry saw the kind
    }
  }
};

// C = A x B^T, row-major: A [M, K], B [N, K].
void gemmTransposedB(int64_t M, int64_t N, int64_t K, const float *A, const float *B, float *C) {
  dnnl::error::wrap_c_api(dnnl_sgemm('N', 'T', M, N, K, 1.f, A, K, B, K, 0.f, C, N), "could not run sgemm");
}

} // namespace

void runRnnReference(const aicc_rnn_params &p, const RnnGeometry &g, const RnnOperands &a, RnnScratch &scratch) {
  const int64_t D = g.directions, G = g.gates, T = g.seqLength, N = g.batch, I = g.inputSize, H = g.hiddenSize;
  const int64_t GH = G * H;
  std::vector<int64_t> &lengths = scratch.lengths;
  lengths.assign(N, T);
  if (a.sequenceLens)
    for (int64_t b = 0; b < N; ++b) {
      lengths[b] = a.sequenceLens[b];
      if (lengths[b] < 0 || lengths[b] > T)
        throw KernelError("sequence_lens[" + std::to_string(b) + "] is " + std::to_string(lengths[b]) +
                          "; it must be 0.." + std::to_string(T));
    }

  std::fill(a.y, a.y + T * D * N * H, 0.f);

  const float clip = static_cast<float>(p.clip);
  auto clipped = [&](float x) { return clip > 0 ? std::min(std::max(x, -clip), clip) : x; };
  std::vector<float> &xw = scratch.xw, &hr = scratch.hr, &h = scratch.h, &c = scratch.c, &rh = scratch.rh,
                     &rhR = scratch.rhR;
  xw.resize(T * N * GH), hr.resize(N * GH), h.resize(N * H), c.resize(N * H), rh.resize(N * H), rhR.resize(N * H);

  for (int64_t d = 0; d < D; ++d) {
    const bool reverse = runsReversed(p, d);
    const float *W = a.w + d * GH * I, *R = a.r + d * GH * H;
    const float *Wb = a.b ? a.b + d * 2 * GH : nullptr, *Rb = Wb ? Wb + GH : nullptr;
    const float *P = a.p ? a.p + d * 3 * H : nullptr;
    const int64_t k0 = d * g.activationsPerDirection;
    auto activation = [&](int64_t k) {
      return Activation{p.activations[k0 + k], static_cast<float>(p.activation_alpha[k0 + k]),
                        static_cast<float>(p.activation_beta[k0 + k])};
    };
    const Activation f = activation(0);
    const Activation gAct = g.activationsPerDirection > 1 ? activation(1) : f;
    const Activation hAct = g.activationsPerDirection > 2 ? activation(2) : f;
    auto bias = [&](int64_t gate, int64_t j) { return Wb ? Wb[gate * H + j] + Rb[gate * H + j] : 0.f; };

    gemmTransposedB(T * N, GH, I, a.x, W, xw.data());
    for (int64_t b = 0; b < N; ++b)
      for (int64_t j = 0; j < H; ++j) {
        h[b * H + j] = a.initialH ? a.initialH[g.stateOffset(d, b) + j] : 0.f;
        c[b * H + j] = a.initialC ? a.initialC[g.stateOffset(d, b) + j] : 0.f;
      }

    for (int64_t step = 0; step < T; ++step) {
      gemmTransposedB(N, GH, H, h.data(), R, hr.data());
      auto timeOf = [&](int64_t b) { return reverse ? lengths[b] - 1 - step : step; };
      if (g.cell == AICC_RNN_CELL_GRU && !p.linear_before_reset) {
        // h~ takes (r ⊙ H_{t-1}) x Rh^T: r first, for every batch entry, then one more GEMM.
        for (int64_t b = 0; b < N; ++b)
          for (int64_t j = 0; j < H; ++j) {
            const float *gx = xw.data() + g.xRow(step < lengths[b] ? timeOf(b) : 0, b) * GH, *gh = hr.data() + b * GH;
            const float r = f(clipped(gx[H + j] + gh[H + j] + bias(1, j)));
            rh[b * H + j] = r * h[b * H + j];
          }
        gemmTransposedB(N, H, H, rh.data(), R + 2 * H * H, rhR.data());
      }
      for (int64_t b = 0; b < N; ++b) {
        if (step >= lengths[b]) continue;
        const int64_t t = timeOf(b);
        const float *gx = xw.data() + g.xRow(t, b) * GH, *gh = hr.data() + b * GH;
        float *hb = h.data() + b * H, *cb = c.data() + b * H;
        for (int64_t j = 0; j < H; ++j) {
          auto pre = [&](int64_t gate) { return gx[gate * H + j] + gh[gate * H + j] + bias(gate, j); };
          if (g.cell == AICC_RNN_CELL_LSTM) {
            // ONNX's gate order: i, o, f, c; P holds i, o, f.
            const float cPrev = cb[j];
            const float i = f(clipped(pre(0) + (P ? P[j] * cPrev : 0.f)));
            const float forget = p.input_forget ? 1.f - i : f(clipped(pre(2) + (P ? P[2 * H + j] * cPrev : 0.f)));
            const float candidate = gAct(clipped(pre(3)));
            cb[j] = forget * cPrev + i * candidate;
            const float o = f(clipped(pre(1) + (P ? P[H + j] * cb[j] : 0.f)));
            hb[j] = o * hAct(cb[j]);
          } else if (g.cell == AICC_RNN_CELL_GRU) {
            // z, r, h.
            const float z = f(clipped(pre(0)));
            float candidate;
            if (p.linear_before_reset) {
              const float r = f(clipped(pre(1)));
              const float recurrent = gh[2 * H + j] + (Rb ? Rb[2 * H + j] : 0.f);
              candidate = gAct(clipped(gx[2 * H + j] + (Wb ? Wb[2 * H + j] : 0.f) + r * recurrent));
            } else {
              candidate = gAct(clipped(gx[2 * H + j] + rhR[b * H + j] + bias(2, j)));
            }
            hb[j] = (1.f - z) * candidate + z * hb[j];
          } else {
            hb[j] = f(clipped(pre(0)));
          }
        }
        std::copy(hb, hb + H, a.y + g.yOffset(t, d, b));
      }
    }
    for (int64_t b = 0; b < N; ++b) {
      std::copy(h.begin() + b * H, h.begin() + (b + 1) * H, a.yH + g.stateOffset(d, b));
      if (a.yC) std::copy(c.begin() + b * H, c.begin() + (b + 1) * H, a.yC + g.stateOffset(d, b));
    }
  }
}

} // namespace aicc::rt
