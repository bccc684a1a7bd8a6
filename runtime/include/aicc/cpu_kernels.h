/* Kernels that compiled CPU artifacts call into (implemented in libaiccrt on oneDNN).
 *
 * The compiler lowers each heavy op (Conv, Gemm/MatMul, pooling) to one entry of a kernel table. The
 * artifact's aicc_model_init hands the table to aicc_kernels_create, which creates every oneDNN
 * primitive once per session and reorders constant weights once; aicc_model_run then calls
 * aicc_kernel_run per op with raw pointers into inputs, outputs, weights and the workspace.
 *
 * All tensors are dense row-major (ONNX layout: NCHW activations, OIHW weights). All params are int64;
 * float-valued params (alpha, beta, ...) are IEEE doubles stored bit-for-bit in an int64 slot. */
#ifndef AICC_CPU_KERNELS_H
#define AICC_CPU_KERNELS_H

#include <stdint.h>

#include "aicc/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum aicc_kernel_kind {
  /* ONNX Conv, 1-3 spatial dims.
   * operands: X [N,C,in...], W [OC,C/group,k...], B [OC] (or null when has_bias == 0); result Y [N,OC,out...]
   * params: S, N, C, OC, group, in[S], out[S], kernel[S], strides[S], dilations[S], pads_begin[S],
   *         pads_end[S], has_bias, activation, act_alpha, act_beta */
  AICC_KERNEL_CONV = 1,

  /* Batched matrix product Y = alpha * op(A) x op(B) + bias, numpy broadcasting over batch dims.
   * All shapes are given at the same rank R (2..5, leading 1s added by the compiler).
   * operands: A, B, Bias (null when has_bias == 0); result Y
   * params: R, a_dims[R], b_dims[R], y_dims[R], trans_a, trans_b, has_bias, bias_dims[R], alpha,
   *         activation, act_alpha, act_beta
   * trans_a/trans_b: the stored A/B have their last two dims swapped relative to a_dims/b_dims,
   * which always describe op(A) [.., M, K] and op(B) [.., K, N]. bias_dims broadcast to y_dims. */
  AICC_KERNEL_MATMUL = 2,

  /* Max or average pooling, 1-3 spatial dims. Global pooling is kernel == in, no pads.
   * operands: X [N,C,in...]; result Y [N,C,out...]
   * params: S, N, C, algorithm, in[S], out[S], kernel[S], strides[S], dilations[S], pads_begin[S],
   *         pads_end[S]
   * algorithm: 0 max, 1 average counting padded cells, 2 average excluding padded cells.
   * pads_end already includes the extra padding ceil_mode needs. */
  AICC_KERNEL_POOL = 3
} aicc_kernel_kind;

/* Activations fused into a kernel's output (oneDNN eltwise post-op). */
typedef enum aicc_activation {
  AICC_ACT_NONE = 0,
  AICC_ACT_RELU = 1,       /* max(x, 0) */
  AICC_ACT_LEAKY_RELU = 2, /* x < 0 ? act_alpha * x : x */
  AICC_ACT_SIGMOID = 3,
  AICC_ACT_TANH = 4,
  AICC_ACT_CLIP = 5        /* min(max(x, act_alpha), act_beta) */
} aicc_activation;

/* One entry of an artifact's kernel table. */
typedef struct aicc_kernel_desc {
  int64_t kind;                   /* an aicc_kernel_kind */
  int64_t num_params;
  const int64_t *params;
  int64_t num_args;               /* operands then results, as aicc_kernel_run receives them */
  const void *const *constants;   /* num_args entries: the data where an operand is a compile-time
                                     constant (weights, bias), else null */
} aicc_kernel_desc;

/* Creates every kernel of one session. Returns 0 and sets *state, or non-zero with the reason in
 * aicc_kernel_last_error(). A state is used by one thread at a time. rt is the context the runtime
 * passed to aicc_model_init (its thread count applies while primitives are created); null means
 * the process defaults. */
int aicc_kernels_create(aicc_rt *rt, const aicc_kernel_desc *descs, int64_t count, void **state);
void aicc_kernels_destroy(void *state); /* null is ignored */

/* Executes kernel `index` on args (num_args pointers, operands then results; null for an absent
 * operand). The args of constant operands are not read: the kernel uses what it prepared from
 * desc.constants at create. Errors are recorded in the state and reported by aicc_kernels_status. */
void aicc_kernel_run(void *state, int64_t index, void *const *args);

/* 0 if every aicc_kernel_run since the last call succeeded; otherwise non-zero, with the first
 * error's message in aicc_kernel_last_error(). Clears the recorded error. */
int aicc_kernels_status(void *state);

/* The calling thread's last error message ("" if none). */
const char *aicc_kernel_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* AICC_CPU_KERNELS_H */
