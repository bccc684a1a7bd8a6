/* A hand-written stand-in for a compiled artifact (aicc/model_abi.h), so that the runtime is tested
 * without the compiler. It computes y = x * I + 1 over a [2,3] float32 input the way generated code
 * would: one real matmul kernel (identity weights and a ones bias as constants) created in init and
 * run through libaiccrt's kernel API on a copy of x in the workspace, made by a loop nest run
 * through aicc_parallel_for.
 *
 * Compile-time switches build the variants the runtime must refuse or report:
 *   FAKE_ABI_VERSION=n       info claims another ABI version
 *   FAKE_TARGET="cuda"       info names another target
 *   FAKE_FEATURES_FROM_ENV   cpu_features is $AICC_FAKE_CPU_FEATURES, read at the first info call
 *   FAKE_OMIT_RUN            no aicc_model_run symbol
 *   FAKE_BAD_KERNEL          the matmul desc's params_size is 8 bytes short, so init fails
 *   FAKE_NULL_OPERAND        run passes a null A operand, so the kernel fails */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aicc/cpu_kernels.h"
#include "aicc/model_abi.h"

#ifndef FAKE_ABI_VERSION
#define FAKE_ABI_VERSION AICC_MODEL_ABI_VERSION
#endif
#ifndef FAKE_TARGET
#define FAKE_TARGET "cpu"
#endif

static const int64_t kShape[] = {2, 3};
static const aicc_tensor_info kInputs[] = {{"x", AICC_DTYPE_FLOAT32, 2, kShape}};
static const aicc_tensor_info kOutputs[] = {{"y", AICC_DTYPE_FLOAT32, 2, kShape}};

static aicc_artifact_info info = {
    FAKE_ABI_VERSION,
    "aicc-fake 1",
    FAKE_TARGET,
    "x86-64",
#ifdef FAKE_FEATURES_FROM_ENV
    NULL,
#else
    "sse2", /* every x86-64 CPU has it: exercises the check without refusing */
#endif
    "0000000000000000000000000000000000000000000000000000000000000000",
    64, /* workspace: holds the 24-byte copy of x */
    1,
    1,
    kInputs,
    kOutputs};

const aicc_artifact_info *aicc_model_info(void) {
#ifdef FAKE_FEATURES_FROM_ENV
  if (!info.cpu_features) {
    const char *features = getenv("AICC_FAKE_CPU_FEATURES");
    info.cpu_features = features ? features : "";
  }
#endif
  return &info;
}

static const float kIdentity[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
static const float kOnes[3] = {1, 1, 1};

/* y[2,3] = x[2,3] * I[3,3] + ones[1,3]; no post-ops. */
static const aicc_matmul_params kMatMulParams = {
    .rank = 2,
    .a_dims = {2, 3},
    .b_dims = {3, 3},
    .y_dims = {2, 3},
    .has_bias = 1,
    .bias_dims = {1, 3},
    .alpha = 1.0,
};
static const void *const kMatMulConstants[] = {NULL, kIdentity, kOnes, NULL};

#ifdef FAKE_BAD_KERNEL
#define FAKE_PARAMS_SIZE ((int64_t)sizeof kMatMulParams - 8)
#else
#define FAKE_PARAMS_SIZE ((int64_t)sizeof kMatMulParams)
#endif

static const aicc_kernel_desc kKernels[] = {
    {AICC_KERNEL_MATMUL, FAKE_PARAMS_SIZE, &kMatMulParams, 4, kMatMulConstants, NULL, "/fc/MatMul"}};

int aicc_model_init(aicc_rt *rt, void **state) {
  return aicc_kernels_create(rt, kKernels, 1, state);
}

#ifndef FAKE_OMIT_RUN
struct copy_context {
  float *to;
  const float *from;
};

/* One iteration: the whole copy, as generated code runs a loop nest too small for threads. */
static void copy_all(void *ctx, int64_t begin, int64_t end) {
  struct copy_context *c = ctx;
  if (begin == 0 && end == 1)
    memcpy(c->to, c->from, 6 * sizeof(float));
}

int aicc_model_run(void *state, const void *const *inputs, void *const *outputs, void *workspace) {
  if ((uintptr_t)workspace % 64 != 0)
    return 3; /* the runtime promises a 64-byte aligned workspace */
  struct copy_context copy = {workspace, inputs[0]};
  aicc_parallel_for(state, 1, copy_all, &copy, "/Identity");
#ifdef FAKE_NULL_OPERAND
  workspace = NULL;
#endif
  void *args[4] = {workspace, (void *)kIdentity, (void *)kOnes, outputs[0]};
  aicc_kernel_run(state, 0, args);
  return aicc_kernels_status(state);
}
#endif

void aicc_model_fini(void *state) { aicc_kernels_destroy(state); }
