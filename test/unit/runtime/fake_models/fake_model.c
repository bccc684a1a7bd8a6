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
 *   FAKE_BAD_KERNEL          the matmul desc's params_size is 16 bytes short, so init fails
 *   FAKE_NULL_OPERAND        run passes a null A operand, so the kernel fails
 *   FAKE_SYMBOLIC            x and y are [rows, 3] with a symbolic "rows": the matmul's M is a run
 *                            value, the workspace grows with it (aicc_model_workspace_bytes_for)
 *   FAKE_ABI_VERSION=4       with info laid out as ABI 4 wrote it (no dim_names)
 *   FAKE_ABI_VERSION=5 or 6  an info without value kinds: the words where ABI 7 has them hold
 *                            pointers that crash if read
 *   FAKE_INPUT_KIND=k        x's aicc_value_kind is k (7: one the runtime does not know)
 *   FAKE_DATA_SHAPED         NonZero instead: x float32[6], outputs idx int64[idx.0] (the indices of
 *                            x's non-zero elements, placed with aicc_kernels_output) and count
 *                            int64[1]; a negative x[0] makes run misuse aicc_kernels_output
 *   FAKE_DATA_LENGTH_SYMBOLIC  with FAKE_DATA_SHAPED: x is [n], n symbolic
 *   FAKE_DATA_DIM_IN_INPUT   with FAKE_DATA_SHAPED: x's dim is AICC_DIM_DATA too (malformed)
 *   FAKE_SEQUENCE            sequences instead, through the runtime's lists: inputs seq (float32
 *                            elements [len]), x float32[2] and opt (an optional sequence of int64
 *                            elements of any rank); outputs longer (seq with x appended), count
 *                            int64[2] (seq's length, opt's or -1 for None) and opt_out (opt as it
 *                            is); a negative x[0] makes run insert x at position 99 */
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

#if FAKE_ABI_VERSION == 4
/* ABI 4's aicc_tensor_info: the fields before dim_names. */
typedef struct {
  const char *name;
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;
} tensor_info_v4;
static const int64_t kShape[] = {2, 3};
static const tensor_info_v4 kInputsV4[] = {{"x", AICC_DTYPE_FLOAT32, 2, kShape}};
static const tensor_info_v4 kOutputsV4[] = {{"y", AICC_DTYPE_FLOAT32, 2, kShape}};
#define kInputs ((const aicc_tensor_info *)kInputsV4)
#define kOutputs ((const aicc_tensor_info *)kOutputsV4)
#elif defined(FAKE_DATA_SHAPED)
#if defined(FAKE_DATA_DIM_IN_INPUT)
static const int64_t kXShape[] = {AICC_DIM_DATA};
static const char *const kXDimNames[] = {"x.0"};
#elif defined(FAKE_DATA_LENGTH_SYMBOLIC)
static const int64_t kXShape[] = {AICC_DIM_SYMBOLIC};
static const char *const kXDimNames[] = {"n"};
#else
static const int64_t kXShape[] = {6};
#define kXDimNames NULL
#endif
static const int64_t kIdxShape[] = {AICC_DIM_DATA};
static const char *const kIdxDimNames[] = {"idx.0"};
static const int64_t kCountShape[] = {1};
static const aicc_tensor_info kInputs[] = {{"x", AICC_DTYPE_FLOAT32, 1, kXShape, kXDimNames}};
static const aicc_tensor_info kOutputs[] = {{"idx", AICC_DTYPE_INT64, 1, kIdxShape, kIdxDimNames},
                                            {"count", AICC_DTYPE_INT64, 1, kCountShape, NULL}};
#define FAKE_NUM_OUTPUTS 2
#elif defined(FAKE_SEQUENCE)
/* "len" is each element's own size: it binds nothing, so the model has no symbols. */
static const int64_t kSeqShape[] = {AICC_DIM_SYMBOLIC};
static const char *const kSeqDimNames[] = {"len"};
static const int64_t kXShape[] = {2};
static const int64_t kCountShape[] = {2};
static const aicc_tensor_info kInputs[] = {{"seq", AICC_DTYPE_FLOAT32, 1, kSeqShape, kSeqDimNames},
                                           {"x", AICC_DTYPE_FLOAT32, 1, kXShape, NULL},
                                           {"opt", AICC_DTYPE_INT64, AICC_RANK_ANY, NULL, NULL}};
static const aicc_tensor_info kOutputs[] = {{"longer", AICC_DTYPE_FLOAT32, 1, kSeqShape, kSeqDimNames},
                                            {"count", AICC_DTYPE_INT64, 1, kCountShape, NULL},
                                            {"opt_out", AICC_DTYPE_INT64, AICC_RANK_ANY, NULL, NULL}};
static const int32_t kInputKinds[] = {AICC_VALUE_SEQUENCE, AICC_VALUE_TENSOR, AICC_VALUE_OPTIONAL_SEQUENCE};
static const int32_t kOutputKinds[] = {AICC_VALUE_SEQUENCE, AICC_VALUE_TENSOR, AICC_VALUE_OPTIONAL_SEQUENCE};
#define FAKE_NUM_INPUTS 3
#define FAKE_NUM_OUTPUTS 3
#elif defined(FAKE_SYMBOLIC)
static const int64_t kShape[] = {AICC_DIM_SYMBOLIC, 3};
static const char *const kDimNames[] = {"rows", NULL};
static const aicc_tensor_info kInputs[] = {{"x", AICC_DTYPE_FLOAT32, 2, kShape, kDimNames}};
static const aicc_tensor_info kOutputs[] = {{"y", AICC_DTYPE_FLOAT32, 2, kShape, kDimNames}};
#else
static const int64_t kShape[] = {2, 3};
static const aicc_tensor_info kInputs[] = {{"x", AICC_DTYPE_FLOAT32, 2, kShape, NULL}};
static const aicc_tensor_info kOutputs[] = {{"y", AICC_DTYPE_FLOAT32, 2, kShape, NULL}};
#endif
#ifndef FAKE_NUM_INPUTS
#define FAKE_NUM_INPUTS 1
#endif
#ifndef FAKE_NUM_OUTPUTS
#define FAKE_NUM_OUTPUTS 1
#endif

#if FAKE_ABI_VERSION < 7
/* Where an older artifact's info ends, other data follows: the runtime must not read it as kinds. */
#define kInputKinds ((const int32_t *)(uintptr_t)8)
#define kOutputKinds ((const int32_t *)(uintptr_t)8)
#elif !defined(FAKE_SEQUENCE)
#ifndef FAKE_INPUT_KIND
#define FAKE_INPUT_KIND AICC_VALUE_TENSOR
#endif
static const int32_t kInputKinds[] = {FAKE_INPUT_KIND};
static const int32_t kOutputKinds[] = {AICC_VALUE_TENSOR, AICC_VALUE_TENSOR};
#endif

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
    FAKE_NUM_INPUTS,
    FAKE_NUM_OUTPUTS,
    kInputs,
    kOutputs,
    kInputKinds,
    kOutputKinds,
};

const aicc_artifact_info *aicc_model_info(void) {
#ifdef FAKE_FEATURES_FROM_ENV
  if (!info.cpu_features) {
    const char *features = getenv("AICC_FAKE_CPU_FEATURES");
    info.cpu_features = features ? features : "";
  }
#endif
  return &info;
}

#if defined(FAKE_SEQUENCE)
int aicc_model_init(aicc_rt *rt, void **state) { return aicc_kernels_create(rt, NULL, 0, state); }

int aicc_model_run(void *state, const void *const *inputs, void *const *outputs, void *workspace) {
  (void)workspace;
  const aicc_list *seq = inputs[0], *opt = inputs[2];
  const float *x = inputs[1];
  const int64_t dims[1] = {2};
  /* As generated code does: a failed call still returns a list, and the status reports it. */
  *(aicc_list **)outputs[0] = aicc_kernels_list_insert(state, seq, x, AICC_DTYPE_FLOAT32, 1, dims, x[0] < 0, 99);
  int64_t *count = outputs[1];
  count[0] = aicc_kernels_list_length(state, seq);
  count[1] = opt ? aicc_kernels_list_length(state, opt) : -1;
  *(aicc_list **)outputs[2] = (aicc_list *)opt;
  return aicc_kernels_status(state);
}
#elif defined(FAKE_DATA_SHAPED)
int aicc_model_init(aicc_rt *rt, void **state) { return aicc_kernels_create(rt, NULL, 0, state); }

#ifdef FAKE_DATA_LENGTH_SYMBOLIC
uint64_t aicc_model_workspace_bytes_for(const int64_t *dims) {
  (void)dims;
  return 64;
}
#endif

/* The ways a negative x[0] makes run misuse aicc_kernels_output, for the runtime to refuse. */
enum { ASK_FOR_STATIC = -1, NEGATIVE_DIM = -2, OVERFLOWING_DIM = -3, ASK_TWICE = -4, NEVER_ASK = -5 };

int aicc_model_run(void *state, const void *const *inputs, void *const *outputs, void *workspace) {
  (void)workspace;
#ifdef FAKE_DATA_LENGTH_SYMBOLIC
  const int64_t *runDims = aicc_kernels_run_dims(state); /* x's, then count's: idx is data-shaped */
  if (!runDims || runDims[1] != 1) return 4;
  const int64_t n = runDims[0];
#else
  const int64_t n = 6;
#endif
  if (outputs[0]) return 5; /* the runtime passes null for a data-shaped output */
  const float *x = inputs[0];
  int64_t count = 0;
  for (int64_t i = 0; i < n; ++i) count += x[i] != 0;
  const int misuse = n > 0 && x[0] < 0 ? (int)x[0] : 0;
  int64_t dims[1] = {count};
  if (misuse == NEGATIVE_DIM) dims[0] = -1;
  if (misuse == OVERFLOWING_DIM) dims[0] = INT64_C(1) << 61; /* 2^64 bytes of int64 */
  if (misuse == ASK_TWICE) aicc_kernels_output(state, 0, dims);
  if (misuse != NEVER_ASK) {
    int64_t *idx = aicc_kernels_output(state, misuse == ASK_FOR_STATIC ? 1 : 0, dims);
    if (!idx) return aicc_kernels_status(state);
    for (int64_t i = 0, k = 0; i < n; ++i)
      if (x[i] != 0) idx[k++] = i;
  }
  *(int64_t *)outputs[1] = count;
  return aicc_kernels_status(state);
}
#else
static const float kIdentity[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
static const float kOnes[3] = {1, 1, 1};

/* y[2,3] = x[2,3] * I[3,3] + ones[1,3]; no post-ops. With FAKE_SYMBOLIC, 2 is run value 0. */
#ifdef FAKE_SYMBOLIC
#define FAKE_ROWS AICC_RUN_VALUE(0)
#else
#define FAKE_ROWS 2
#endif
static const aicc_matmul_params kMatMulParams = {
    .rank = 2,
    .a_dims = {FAKE_ROWS, 3},
    .b_dims = {3, 3},
    .y_dims = {FAKE_ROWS, 3},
    .has_bias = 1,
    .bias_dims = {1, 3},
    .alpha = 1.0,
};
static const void *const kMatMulConstants[AICC_MATMUL_NUM_ARGS] = {[AICC_MATMUL_ARG_B] = kIdentity,
                                                                   [AICC_MATMUL_ARG_BIAS] = kOnes};

#ifdef FAKE_BAD_KERNEL
#define FAKE_PARAMS_SIZE ((int64_t)sizeof kMatMulParams - 16)
#else
#define FAKE_PARAMS_SIZE ((int64_t)sizeof kMatMulParams)
#endif

static const aicc_kernel_desc kKernels[] = {
    {AICC_KERNEL_MATMUL, FAKE_PARAMS_SIZE, &kMatMulParams, AICC_MATMUL_NUM_ARGS, kMatMulConstants, NULL, "/fc/MatMul"}};

int aicc_model_init(aicc_rt *rt, void **state) { return aicc_kernels_create(rt, kKernels, 1, state); }

#ifndef FAKE_OMIT_RUN
struct copy_context {
  float *to;
  const float *from;
  int64_t rows;
};

/* One iteration: the whole copy, as generated code runs a loop nest too small for threads. */
static void copy_all(void *ctx, int64_t begin, int64_t end) {
  struct copy_context *c = ctx;
  if (begin == 0 && end == 1) memcpy(c->to, c->from, (size_t)c->rows * 3 * sizeof(float));
}

#ifdef FAKE_SYMBOLIC
/* The workspace holds the copy of x: rows * 3 floats, rounded up to 64 bytes. */
uint64_t aicc_model_workspace_bytes_for(const int64_t *dims) {
  return ((uint64_t)dims[0] * 3 * sizeof(float) + 63) / 64 * 64;
}
#endif

int aicc_model_run(void *state, const void *const *inputs, void *const *outputs, void *workspace) {
  if ((uintptr_t)workspace % 64 != 0) return 3; /* the runtime promises a 64-byte aligned workspace */
#ifdef FAKE_SYMBOLIC
  const int64_t *dims = aicc_kernels_run_dims(state); /* x's, then y's */
  if (!dims || dims[0] != dims[2]) return 4;
  int64_t rows = dims[0];
#else
  int64_t rows = 2;
#endif
  struct copy_context copy = {workspace, inputs[0], rows};
  aicc_parallel_for(state, 1, copy_all, &copy, "/Identity");
#ifdef FAKE_NULL_OPERAND
  workspace = NULL;
#endif
  void *args[AICC_MATMUL_NUM_ARGS + 1] = {[AICC_MATMUL_ARG_A] = workspace,
                                          [AICC_MATMUL_ARG_B] = (void *)kIdentity,
                                          [AICC_MATMUL_ARG_BIAS] = (void *)kOnes,
                                          [AICC_MATMUL_ARG_Y] = outputs[0],
                                          [AICC_MATMUL_NUM_ARGS + 0] = (void *)(intptr_t)rows}; /* run value 0 */
  aicc_kernel_run(state, 0, args);
  return aicc_kernels_status(state);
}
#endif
#endif /* FAKE_SEQUENCE, FAKE_DATA_SHAPED */

void aicc_model_fini(void *state) { aicc_kernels_destroy(state); }
