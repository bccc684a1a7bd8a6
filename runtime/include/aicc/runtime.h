/* libaiccrt: load an aicc-compiled model (model.so) and run it.
 *
 *   aicc_model *model;
 *   if (aicc_model_load("model.so", &model) != AICC_OK)
 *     fprintf(stderr, "%s\n", aicc_last_error());
 *   aicc_session *session;                    // one per thread that runs the model
 *   aicc_session_create(model, &session);
 *   aicc_session_run(session, inputs, 1, outputs, 1);
 *   aicc_session_free(session);
 *   aicc_model_free(model);
 *
 * Every function that can fail returns an aicc_status and leaves a one-line message for the calling
 * thread in aicc_last_error(). No function aborts or throws on bad input. */
#ifndef AICC_RUNTIME_H
#define AICC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "aicc/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum aicc_status {
  AICC_OK = 0,
  AICC_ERR_INVALID_ARGUMENT = 1, /* a null pointer, a count, dtype or shape that does not match */
  AICC_ERR_LOAD = 2,             /* the file is missing or is not a loadable shared object */
  AICC_ERR_ABI = 3,              /* not an aicc artifact, or one written for another ABI version */
  AICC_ERR_TARGET = 4,           /* the artifact is for another target (e.g. "cuda") */
  AICC_ERR_CPU = 5,              /* the artifact needs CPU features this machine lacks */
  AICC_ERR_INIT = 6,             /* the artifact's init failed (e.g. a kernel could not be created) */
  AICC_ERR_RUN = 7,              /* the artifact's run failed */
  AICC_ERR_OUT_OF_MEMORY = 8
} aicc_status;

/* A loaded artifact. Immutable after loading: it may be shared by any number of threads. */
typedef struct aicc_model aicc_model;

/* The per-thread part of running a model: the artifact's initialized state (oneDNN primitives,
 * reordered weights) and a 64-byte aligned workspace of aicc_model_workspace_bytes(). A session is
 * used by one thread at a time; create one session per thread that runs the model. */
typedef struct aicc_session aicc_session;

/* A caller-owned tensor: dense, row-major. dtype is an aicc_dtype; shape has rank entries. */
typedef struct aicc_tensor {
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;
  void *data;
} aicc_tensor;

/* The calling thread's message for its last failed call ("" if none); successful calls leave it
 * unchanged. Valid until the thread's next failing call. */
const char *aicc_last_error(void);

/* --- Models --- */

/* Loads the artifact at `path` and checks that this runtime and machine can run it: the entry
 * points of aicc/model_abi.h exist, its ABI version is AICC_MODEL_ABI_OLDEST_VERSION to
 * AICC_MODEL_ABI_VERSION, its target is "cpu"
 * and the host has every CPU feature it was compiled for. On success sets *out. */
int aicc_model_load(const char *path, aicc_model **out);

/* Loads a model linked into the program, as aicc_model_load loads a file, with the same checks
 * (ABI version, info, target, CPU features):
 *
 *   #include "mymodel.h"                        // written by aicc -o mymodel.o --name mymodel
 *   aicc_model_load_linked(mymodel_artifact(), &model);
 *
 * Sessions then work as for a loaded file. The model's code stays in the program: freeing the
 * model unloads nothing. */
int aicc_model_load_linked(const aicc_linked_artifact *artifact, aicc_model **out);

/* Releases the caller's reference. The artifact stays loaded until its last session is freed too.
 * Null is ignored. */
void aicc_model_free(aicc_model *model);

int32_t aicc_model_num_inputs(const aicc_model *model);
int32_t aicc_model_num_outputs(const aicc_model *model);

/* Name, dtype and shape of input/output `index`; null if index is out of range. The pointers stay
 * valid while the model is loaded. A symbolic dim (AICC_DIM_SYMBOLIC, with its name in dim_names)
 * takes its size from each run's inputs. An output dim of AICC_DIM_DATA (named in dim_names) has
 * the size the run computes (NonZero's count): such a data-shaped output is run with
 * aicc_session_run_outputs. */
const aicc_tensor_info *aicc_model_input(const aicc_model *model, int32_t index);
const aicc_tensor_info *aicc_model_output(const aicc_model *model, int32_t index);

/* What input/output `index` is (an aicc_value_kind): AICC_VALUE_TENSOR for every value of a model
 * without sequences or optionals, and -1 if index is out of range. A model with a sequence or
 * optional input or output runs with aicc_session_run_values only. */
int32_t aicc_model_input_kind(const aicc_model *model, int32_t index);
int32_t aicc_model_output_kind(const aicc_model *model, int32_t index);

/* What the artifact says about itself (see aicc_artifact_info); never null for a loaded model. */
const char *aicc_model_producer(const aicc_model *model);
const char *aicc_model_target(const aicc_model *model);
const char *aicc_model_cpu(const aicc_model *model);
const char *aicc_model_cpu_features(const aicc_model *model);
const char *aicc_model_source_hash(const aicc_model *model);
uint64_t aicc_model_workspace_bytes(const aicc_model *model);

/* The shape output `index` has when the model runs on `inputs` (their dtypes and shapes are
 * checked as aicc_session_run checks them; data is not read, nor a sequence input's entry): writes
 * rank entries to `shape`. For allocating the outputs of a model with symbolic dims. Fails with
 * AICC_ERR_INVALID_ARGUMENT for a data-shaped output, whose shape only the run tells, and for a
 * sequence output. */
int aicc_model_output_shape(const aicc_model *model, const aicc_tensor *inputs, int32_t num_inputs, int32_t index,
                            int64_t *shape);

/* --- Sessions --- */

/* Runs the artifact's init (creates its oneDNN primitives, reorders its weights) and allocates the
 * workspace. The session holds a reference to the model. */
int aicc_session_create(aicc_model *model, aicc_session **out);

/* Runs the artifact's fini and frees the workspace. Null is ignored. */
void aicc_session_free(aicc_session *session);

/* Sets the number of threads each run uses (OpenMP), or 0 for the OpenMP default of the thread that
 * calls run. oneDNN fixes its work split when a primitive is created, so a change rebuilds the
 * session's state (and frees the sequences the last aicc_session_run_values returned): call it
 * once, before running. The calling thread's own OpenMP setting is restored after each run. */
int aicc_session_set_num_threads(aicc_session *session, int32_t num_threads);

/* With enabled non-zero, kernels choose no algorithm by the batch size (dim 0), so that a row's
 * outputs do not depend on the rows run with it: what a server that joins requests into batches
 * needs. Otherwise a 3x3 convolution over enough pixels, batch included, runs as Winograd, which
 * rounds unlike the direct one it keeps at small batches; this keeps direct, at some speed on
 * large batches. Rebuilds the session's state as aicc_session_set_num_threads does: call it once,
 * before running. With AVX-512 a batched row is then bit for bit the row run alone. Not covered:
 * oneDNN's f32 GEMM without AVX-512 (jit sgemm) rounds a row by its place in its blocks of rows
 * (differences of about 1e-6 relative), and recurrent kernels (RNN, LSTM, GRU) choose their code
 * by the number of sequences. */
int aicc_session_set_batch_invariant(aicc_session *session, int enabled);

/* The thread count runs use: the count set, else the calling thread's OpenMP default. */
int32_t aicc_session_num_threads(const aicc_session *session);

/* Runs the model. inputs/outputs are in the artifact's order; the caller provides the output
 * buffers, which must not overlap the inputs or each other (outputs are written while inputs are
 * still read). Counts, dtypes, ranks, every dimension and that separation are checked first; the
 * error names the input or output and says what was expected. Inputs are never written.
 *
 * A symbolic dim may have any size, and dims of one name must agree; the outputs must have the
 * shapes aicc_model_output_shape gives. The first run at a new shape creates that shape's oneDNN
 * primitives (the session keeps those of its last 8 shapes per kernel) and may grow the
 * session's workspace, which never shrinks: a run at a shape seen before allocates nothing.
 *
 * A model with a data-shaped output (AICC_DIM_DATA) fails with AICC_ERR_INVALID_ARGUMENT: run it
 * with aicc_session_run_outputs; one with a sequence input or output, with aicc_session_run_values. */
int aicc_session_run(aicc_session *session, const aicc_tensor *inputs, int32_t num_inputs, const aicc_tensor *outputs,
                     int32_t num_outputs);

/* One output of aicc_session_run_outputs: where the run put it and the shape it has. */
typedef struct aicc_output {
  void *data;            /* in: a caller buffer, or null; out: where the output is */
  size_t capacity;       /* in: the bytes at data (0 with null) */
  int64_t *shape;        /* in: room for the output's rank entries (aicc_model_output(...)->rank);
                            out: its shape in this run */
  int32_t session_owned; /* out: 1 if data is the session's own buffer, 0 if it is the caller's */
} aicc_output;

/* Runs the model as aicc_session_run does (the same checks of the inputs, the same errors), for
 * any model, including one whose outputs' shapes only the run tells (data-shaped outputs,
 * AICC_DIM_DATA). outputs has one entry per output, in the artifact's order.
 *
 * Each output is written to the caller's buffer when it holds the output's bytes (data non-null
 * and capacity at least the bytes); otherwise to a 64-byte aligned buffer that the session owns,
 * one per output, which grows when a larger output comes and never shrinks: a run at sizes seen
 * before allocates nothing. A session buffer stays valid until the session's next
 * aicc_session_run_outputs or its free; the caller never frees it, and an input must not point
 * into one (copy it first). A data pointer into a session buffer, as a previous run left it,
 * counts as null, so one outputs array serves every run. Caller buffers must not overlap the
 * inputs or each other (as far as their capacities reach).
 *
 * On success every entry's data, shape and session_owned say where the output is and its shape in
 * this run; on failure the entries are left as they were. */
int aicc_session_run_outputs(aicc_session *session, const aicc_tensor *inputs, int32_t num_inputs, aicc_output *outputs,
                             int32_t num_outputs);

/* An input or output of aicc_session_run_values, of the kind its model says (aicc_model_input_kind):
 * a tensor, or a sequence of tensors. */
typedef struct aicc_value {
  int32_t present;             /* 0: an optional holding nothing (None); otherwise 1 */
  aicc_tensor tensor;          /* a tensor, or an optional tensor that is present */
  int64_t length;              /* a sequence: its number of elements */
  const aicc_tensor *elements; /* a sequence: `length` tensors, each checked as an input is */
} aicc_value;

/* Runs any model, including one with sequence inputs or outputs. inputs and outputs have one entry
 * per value, in the artifact's order. Inputs are checked as aicc_session_run checks them: a
 * sequence's elements against its element dtype, rank and static dims (a symbolic dim of a
 * sequence is each element's own); an input that is not optional must be present. Every output
 * is written to memory the session owns (data, shapes and element arrays), valid until the
 * session's next run of any kind or its free: on success each output entry says what the run
 * produced, and on failure the entries are left as they were (after AICC_ERR_RUN, which fails
 * a run that has started, they point to memory that run reused: do not read them). An input (data
 * or shape, of a tensor or an element) must not point into that memory, and is refused if it
 * does: copy it first. */
int aicc_session_run_values(aicc_session *session, const aicc_value *inputs, int32_t num_inputs, aicc_value *outputs,
                            int32_t num_outputs);

/* --- Profiling --- */

/* One kernel or generated loop nest of the artifact, with the calls and time recorded for it. */
typedef struct aicc_profile_entry {
  const char *name; /* the ONNX nodes it computes, as the artifact names them */
  const char *kind; /* a kernel's kind ("matmul", "conv", "pool", "deconv", "reorder"), or "loop nest" */
  int32_t ranges;   /* loop nests: the ranges one call splits into (1: sequential); kernels: 0 */
  int64_t calls;    /* how often it ran */
  double seconds;   /* wall time of all its calls */
} aicc_profile_entry;

typedef struct aicc_profile {
  int64_t runs;       /* aicc_session_run(_outputs, _values) calls recorded */
  double run_seconds; /* their wall time inside the artifact (after the checks on the arguments) */
  int32_t num_entries;
  const aicc_profile_entry *entries; /* in the order they first ran */
} aicc_profile;

/* Starts (enabled != 0, clearing what was recorded) or stops recording, on each run, the time of
 * every kernel call and generated loop nest. Recording costs two clock reads per call; off, nothing. */
int aicc_session_set_profiling(aicc_session *session, int enabled);

/* What was recorded since profiling was last started. The entries stay valid until the session's
 * next run, set_profiling, get_profile or free. */
int aicc_session_get_profile(aicc_session *session, aicc_profile *out);

/* --- Helpers --- */

/* 1 if this machine has the named CPU feature (a name from aicc/cpu_features.def) and the OS
 * enables it, else 0 (also for names not in that list). */
int aicc_host_has_cpu_feature(const char *name);

/* Bytes per element of an aicc_dtype, 0 for an unknown one. */
size_t aicc_dtype_size(int32_t dtype);

/* "float32", "int64", ...; "unknown" for an unknown dtype. */
const char *aicc_dtype_name(int32_t dtype);

#ifdef __cplusplus
}
#endif

#endif /* AICC_RUNTIME_H */
