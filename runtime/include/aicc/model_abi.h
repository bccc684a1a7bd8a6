/* The contract between a compiled aicc artifact and the runtime that loads it.
 *
 * An artifact (model.so) exports the four functions below, and a fifth,
 * aicc_model_workspace_bytes_for, when it has symbolic dims. The runtime dlopen()s it, checks that
 * aicc_model_info()->abi_version is one it reads (AICC_MODEL_ABI_OLDEST_VERSION to
 * AICC_MODEL_ABI_VERSION), then calls init once per session, run any number of times, fini once.
 * A model linked into the program (aicc -o NAME.o or libNAME.a) keeps the same functions private
 * and exports one, NAME_artifact(), which returns them in an aicc_linked_artifact.
 * Serving code never calls these directly: it uses aicc/runtime.h.
 *
 * Bump AICC_MODEL_ABI_VERSION on any change to the structs or signatures here. */
#ifndef AICC_MODEL_ABI_H
#define AICC_MODEL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AICC_MODEL_ABI_VERSION 8
/* The oldest ABI the runtime still loads: version 4 had no dim_names in aicc_tensor_info and no
 * symbolic dims; version 5 had no AICC_DIM_DATA; version 6 had no input_kinds/output_kinds in
 * aicc_artifact_info (every value a tensor); version 7 had no aicc_linked_artifact. Versions 5 to
 * 7 have this layout up to those fields and load as they are. */
#define AICC_MODEL_ABI_OLDEST_VERSION 4

/* Element types, numbered as ONNX's TensorProto.DataType so that tools can map them 1:1. */
typedef enum aicc_dtype {
  AICC_DTYPE_UNDEFINED = 0,
  AICC_DTYPE_FLOAT32 = 1,
  AICC_DTYPE_UINT8 = 2,
  AICC_DTYPE_INT8 = 3,
  AICC_DTYPE_UINT16 = 4,
  AICC_DTYPE_INT16 = 5,
  AICC_DTYPE_INT32 = 6,
  AICC_DTYPE_INT64 = 7,
  AICC_DTYPE_BOOL = 9,
  AICC_DTYPE_FLOAT16 = 10,
  AICC_DTYPE_FLOAT64 = 11,
  AICC_DTYPE_UINT32 = 12,
  AICC_DTYPE_UINT64 = 13,
  AICC_DTYPE_BFLOAT16 = 16
} aicc_dtype;

/* A symbolic dim in aicc_tensor_info.shape: its size is the run's, named by dim_names. */
#define AICC_DIM_SYMBOLIC (-1)
/* An output dim whose size the run computes from the data (NonZero's count, Compress's), named by
 * dim_names (e.g. "idx.0"). Only outputs have them (since ABI 6); an output with one is
 * data-shaped. */
#define AICC_DIM_DATA (-2)

/* What a model input or output is (aicc_artifact_info.input_kinds/output_kinds, since ABI 7). */
typedef enum aicc_value_kind {
  AICC_VALUE_TENSOR = 0,
  /* An ONNX sequence: a list of tensors, any number of them, each of the info's dtype and, where
   * its rank is not AICC_RANK_ANY, of its rank and static dims. A symbolic dim of the info is
   * each element's own size (elements may differ); it binds nothing across the run. */
  AICC_VALUE_SEQUENCE = 1,
  /* An ONNX optional sequence: a sequence, or nothing (None). */
  AICC_VALUE_OPTIONAL_SEQUENCE = 2,
  /* An ONNX optional tensor: a tensor of the info's dtype, rank and static dims (a symbolic dim
   * binds nothing), or nothing. It crosses the artifact boundary as a sequence of that one
   * tensor, or null for nothing. */
  AICC_VALUE_OPTIONAL_TENSOR = 3
} aicc_value_kind;

/* aicc_tensor_info.rank of a sequence whose elements may have any rank (shape is then null). */
#define AICC_RANK_ANY (-1)

/* A model input or output: dense, row-major. A symbolic dim (an ONNX dim_param) takes its size
 * from the inputs of each run: dims of the same name are one size, and an output's symbolic dim
 * has the size of the input dim of its name. A data-shaped output's size is known only once the
 * run has computed it: see aicc_model_run. */
typedef struct aicc_tensor_info {
  const char *name; /* the ONNX graph input/output name */
  int32_t dtype;    /* an aicc_dtype */
  int32_t rank;
  const int64_t *shape;         /* rank entries, each >= 0, AICC_DIM_SYMBOLIC or (outputs) AICC_DIM_DATA */
  const char *const *dim_names; /* rank entries, the name of each symbolic or data dim and null for
                                   a static one; null if every dim is static (since ABI 5) */
} aicc_tensor_info;

typedef struct aicc_artifact_info {
  uint32_t abi_version;     /* AICC_MODEL_ABI_VERSION of the compiler that wrote it */
  const char *producer;     /* e.g. "aicc 0.1.0" */
  const char *target;       /* "cpu" (later "cuda") */
  const char *cpu;          /* LLVM CPU name the code was generated for, e.g. "znver5" */
  const char *cpu_features; /* comma-separated x86 features the code may use, e.g. "avx2,fma" */
  const char *source_hash;  /* hex SHA-256 of the source .onnx file */
  uint64_t workspace_bytes; /* size of the scratch buffer run() needs; 64-byte aligned */
  int32_t num_inputs;
  int32_t num_outputs;
  const aicc_tensor_info *inputs;
  const aicc_tensor_info *outputs;
  /* Since ABI 7: num_inputs and num_outputs aicc_value_kind entries; a sequence's aicc_tensor_info
   * describes its elements. Older artifacts have only tensors. */
  const int32_t *input_kinds;
  const int32_t *output_kinds;
} aicc_artifact_info;

/* Process-wide runtime context handed to init (thread count, engines). Opaque to the artifact. */
typedef struct aicc_rt aicc_rt;

/* Exported by every artifact. init/run return 0 on success; on failure a non-zero code, with the
 * message available from aicc_kernel_last_error() (aicc/cpu_kernels.h).
 *
 * With symbolic dims, run reads the shapes of the run's tensors from the aicc_rt it was initialised
 * with (aicc_kernels_run_dims, aicc/cpu_kernels.h): every input's dims, then the dims of every
 * output that is not data-shaped, in order. The workspace then holds
 * aicc_model_workspace_bytes_for(those dims) bytes, which is at least workspace_bytes. A model
 * whose only non-static dims are data dims has no run dims and no aicc_model_workspace_bytes_for.
 *
 * A data-shaped output's entry in `outputs` is null: once run knows the output's dims it calls
 * aicc_kernels_output (aicc/cpu_kernels.h), once per run, which says where to write it.
 *
 * A sequence input's entry in `inputs` is an aicc_list (aicc/cpu_kernels.h) that the runtime made
 * in the session's state for this run; an optional sequence's is null when it holds nothing, and
 * an optional tensor's is a list of that tensor alone (null when it holds nothing). A
 * sequence output's entry in `outputs` points to one aicc_list pointer, which run sets (null for
 * an optional holding nothing). Sequences contribute no run dims. */
const aicc_artifact_info *aicc_model_info(void);
int aicc_model_init(aicc_rt *rt, void **state);
int aicc_model_run(void *state, const void *const *inputs, void *const *outputs, void *workspace);
void aicc_model_fini(void *state);
uint64_t aicc_model_workspace_bytes_for(const int64_t *dims);

/* The first ABI with linked models: aicc_model_load_linked reads versions from it to
 * AICC_MODEL_ABI_VERSION. */
#define AICC_MODEL_ABI_OLDEST_LINKED_VERSION 8

/* A model linked into the program (since ABI 8): the functions above, private to its object, and
 * its name. `const aicc_linked_artifact *NAME_artifact(void)`, declared in the NAME.h that aicc
 * writes beside the object, returns it; aicc_model_load_linked (aicc/runtime.h) loads it. */
typedef struct aicc_linked_artifact {
  uint32_t abi_version; /* AICC_MODEL_ABI_VERSION of the compiler that wrote it: first in every version */
  const char *name;     /* NAME, as given to aicc --name */
  const aicc_artifact_info *(*info)(void);
  int (*init)(aicc_rt *rt, void **state);
  int (*run)(void *state, const void *const *inputs, void *const *outputs, void *workspace);
  void (*fini)(void *state);
  uint64_t (*workspace_bytes_for)(const int64_t *dims); /* null when the model has no symbolic dims */
} aicc_linked_artifact;

#ifdef __cplusplus
}
#endif

#endif /* AICC_MODEL_ABI_H */
